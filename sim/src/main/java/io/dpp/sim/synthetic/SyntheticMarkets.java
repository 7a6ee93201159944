package io.dpp.sim.synthetic;

import io.dpp.sim.synthetic.venue.KrakenMarket;
import java.util.LinkedHashMap;
import java.util.Map;

/** The venues the synthetic market speaks, by venue id. */
public final class SyntheticMarkets {

    private static final Map<String, SyntheticVenue> VENUES = new LinkedHashMap<>();

    static {
        for (SyntheticVenue v : new SyntheticVenue[] {new io.dpp.sim.synthetic.venue.BinanceMarket(false),
            new io.dpp.sim.synthetic.venue.BinanceMarket(true), new KrakenMarket(), new io.dpp.sim.synthetic.venue.OkxMarket(),
            new io.dpp.sim.synthetic.venue.CoinbaseMarket(), new io.dpp.sim.synthetic.venue.BitstampMarket(),
            new io.dpp.sim.synthetic.venue.BybitMarket(), new io.dpp.sim.synthetic.venue.BitfinexMarket(),
            new io.dpp.sim.synthetic.venue.KrakenFuturesMarket(), new io.dpp.sim.synthetic.venue.DeribitMarket(),
            new io.dpp.sim.synthetic.venue.BitmexMarket()}) {
            VENUES.put(v.id(), v);
        }
    }

    private SyntheticMarkets() {
    }

    /** Every venue with a synthetic market, by id, in a fixed order. */
    public static Map<String, SyntheticVenue> all() {
        return java.util.Collections.unmodifiableMap(VENUES);
    }

    /** The synthetic market of {@code venue}, or null. */
    public static SyntheticVenue get(String venue) {
        return VENUES.get(venue);
    }
}
