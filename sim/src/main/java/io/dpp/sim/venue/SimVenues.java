package io.dpp.sim.venue;

import io.dpp.sim.SimVenue;
import java.util.Map;

/** The simulator's knowledge of each venue, by venue id. */
public final class SimVenues {

    private static final Map<String, SimVenue> BY_ID = Map.ofEntries(
            Map.entry("binance", new BinanceSim(false)),
            Map.entry("binance-futures", new BinanceSim(true)),
            Map.entry("kraken", new KrakenSim()),
            Map.entry("okx", new OkxSim()),
            Map.entry("bitfinex", new BitfinexSim()),
            Map.entry("coinbase", new CoinbaseSim()),
            Map.entry("bitstamp", new BitstampSim()),
            Map.entry("bybit", new BybitSim()),
            Map.entry("kraken-futures", new KrakenFuturesSim()),
            Map.entry("deribit", new DeribitSim()),
            Map.entry("bitmex", new BitmexSim()));

    private SimVenues() {
    }

    /** The venue's simulator knowledge; every venue DPP supports has one. */
    public static SimVenue get(String venueId) {
        SimVenue v = BY_ID.get(venueId);
        if (v == null) {
            throw new IllegalArgumentException("the simulator does not know venue " + venueId);
        }
        return v;
    }
}
