package io.dpp.trading.venue;

import java.math.BigDecimal;
import java.util.Map;

/**
 * Maker and taker fee rates (fractions of the notional: 0.001 is 0.1%, a negative maker rate is a
 * rebate) per venue, with a default for venues not listed.
 */
public record FeeSchedule(BigDecimal defaultMaker, BigDecimal defaultTaker, Map<String, BigDecimal[]> byVenue) {

    public FeeSchedule {
        byVenue = Map.copyOf(byVenue);
    }

    /** One maker and one taker rate for every venue. */
    public static FeeSchedule flat(BigDecimal maker, BigDecimal taker) {
        return new FeeSchedule(maker, taker, Map.of());
    }

    public BigDecimal maker(String venue) {
        BigDecimal[] r = byVenue.get(venue);
        return r == null ? defaultMaker : r[0];
    }

    public BigDecimal taker(String venue) {
        BigDecimal[] r = byVenue.get(venue);
        return r == null ? defaultTaker : r[1];
    }
}
