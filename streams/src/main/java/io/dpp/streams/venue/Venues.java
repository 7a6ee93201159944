package io.dpp.streams.venue;

import io.dpp.streams.venue.binance.BinanceDeliveryVenue;
import io.dpp.streams.venue.binance.BinanceFuturesVenue;
import io.dpp.streams.venue.binance.BinanceUsVenue;
import io.dpp.streams.venue.binance.BinanceVenue;
import io.dpp.streams.venue.bitfinex.BitfinexVenue;
import io.dpp.streams.venue.bitmex.BitmexVenue;
import io.dpp.streams.venue.bitstamp.BitstampVenue;
import io.dpp.streams.venue.bybit.BybitVenue;
import io.dpp.streams.venue.coinbase.CoinbaseVenue;
import io.dpp.streams.venue.deribit.DeribitVenue;
import io.dpp.streams.venue.gateio.GateioVenue;
import io.dpp.streams.venue.gemini.GeminiVenue;
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
                new DeribitVenue(), new BitmexVenue(), new BinanceUsVenue(), new BinanceDeliveryVenue(),
                OkxVenue.okcoin(), new GateioVenue(), new GeminiVenue())) {
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

    /**
     * The venue a URL belongs to (a capture's connection, say): the venue whose WebSocket or REST
     * host it is, else the one venue whose domain it is under (ws-feed.pro.coinbase.com is
     * Coinbase's, though Coinbase has moved its feed since); empty when none or several match (the
     * simulator's URLs, kraken.com of Kraken and Kraken Futures).
     */
    public static java.util.Optional<String> ofUrl(String url) {
        String host = host(url);
        if (host == null) {
            return java.util.Optional.empty();
        }
        List<String> byDomain = new java.util.ArrayList<>();
        for (Venue v : BY_ID.values()) {
            String ws = host(v.protocol().defaultWsUrl());
            String rest = host(v.protocol().defaultRestUrl());
            if (host.equals(ws) || host.equals(rest)) {
                return java.util.Optional.of(v.id());
            }
            String domain = domain(host);
            if (domain != null && (domain.equals(domain(ws)) || domain.equals(domain(rest))) && !byDomain.contains(v.id())) {
                byDomain.add(v.id());
            }
        }
        return byDomain.size() == 1 ? java.util.Optional.of(byDomain.get(0)) : java.util.Optional.empty();
    }

    private static String host(String url) {
        try {
            String h = url == null ? null : java.net.URI.create(url.strip()).getHost();
            return h == null ? null : h.toLowerCase(java.util.Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The last two labels of a host name ("coinbase.com"), or null. */
    private static String domain(String host) {
        if (host == null) {
            return null;
        }
        int last = host.lastIndexOf('.');
        int before = last <= 0 ? -1 : host.lastIndexOf('.', last - 1);
        return last <= 0 ? null : host.substring(before + 1);
    }

    /** Every venue id. */
    public static List<String> ids() {
        return List.copyOf(BY_ID.keySet());
    }
}
