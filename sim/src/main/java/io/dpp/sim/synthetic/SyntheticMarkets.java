package io.dpp.sim.synthetic;

import io.dpp.streams.venue.Venues;
import io.dpp.streams.venue.simulation.SyntheticVenue;
import java.util.LinkedHashMap;
import java.util.Map;

/** The venues the synthetic market speaks, by venue id: every venue's own part (its {@code *Market}). */
public final class SyntheticMarkets {

    private static final Map<String, SyntheticVenue> VENUES = new LinkedHashMap<>();

    static {
        for (String id : Venues.ids()) {
            VENUES.put(id, Venues.get(id).simulation().synthetic());
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
