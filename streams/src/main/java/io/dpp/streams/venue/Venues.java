package io.dpp.streams.venue;

import io.dpp.streams.venue.binance.BinanceFuturesVenue;
import io.dpp.streams.venue.binance.BinanceVenue;
import io.dpp.streams.venue.bitfinex.BitfinexVenue;
import io.dpp.streams.venue.bitmex.BitmexVenue;
import io.dpp.streams.venue.bitstamp.BitstampVenue;
import io.dpp.streams.venue.bybit.BybitVenue;
import io.dpp.streams.venue.coinbase.CoinbaseVenue;
import io.dpp.streams.venue.deribit.DeribitVenue;
import io.dpp.streams.venue.kraken.KrakenVenue;
import io.dpp.streams.venue.krakenfutures.KrakenFuturesVenue;
import io.dpp.streams.venue.okx.OkxVenue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every venue DPP supports, by id. */
public final class Venues {

    private static final Map<String, Venue> BY_ID = new LinkedHashMap<>();

    static {
        for (Venue v : List.<Venue>of(new BinanceVenue(), new BinanceFuturesVenue(), new KrakenVenue(), new OkxVenue(),
                new BitfinexVenue(), new CoinbaseVenue(), new BitstampVenue(), new BybitVenue(), new KrakenFuturesVenue(),
                new DeribitVenue(), new BitmexVenue())) {
            BY_ID.put(v.id(), v);
        }
    }

    private Venues() {
    }

    /**
     * The venue with this id.
     *
     * @throws IllegalArgumentException listing the known ids
     */
    public static Venue get(String id) {
        Venue v = BY_ID.get(id);
        if (v == null) {
            throw new IllegalArgumentException("unknown venue '" + id + "'; venues: " + String.join(", ", ids()));
        }
        return v;
    }

    /** Every venue id. */
    public static List<String> ids() {
        return List.copyOf(BY_ID.keySet());
    }
}
