package io.dpp.trader.backtest;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.model.DerivativeTicker;
import io.dpp.core.time.Timestamps;
import io.dpp.trading.portfolio.Portfolio;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Funding of perpetual positions from the recorded derivative tickers. A ticker carries the
 * funding rate that applies at the next funding time; when the run's clock reaches that time,
 * each position pays {@code quantity x mark x rate} (longs pay a positive rate, shorts receive it),
 * with the last rate and mark price seen before then, booked to the portfolio in the quote asset.
 * Venues that publish no funding time (continuous funding) are not charged.
 */
final class Funding {

    private static final class State {
        long time = Timestamps.UNKNOWN;
        BigDecimal rate;
        BigDecimal mark;
        long settled = Timestamps.UNKNOWN;
    }

    private final Map<Instrument, State> states = new LinkedHashMap<>();
    private long payments;

    /** Takes in a ticker's mark price, rate and funding time. */
    void onTicker(DerivativeTicker d) {
        State s = states.computeIfAbsent(d.instrument(), k -> new State());
        if (Decimal64.isNumber(d.markPrice())) {
            s.mark = Decimal64.toBigDecimal(d.markPrice());
        }
        if (d.fundingTime() != Timestamps.UNKNOWN && Decimal64.isNumber(d.fundingRate())) {
            s.time = d.fundingTime();
            s.rate = Decimal64.toBigDecimal(d.fundingRate());
        }
    }

    /** Books every funding due by {@code t} that was not booked yet. */
    void settle(long t, Portfolio portfolio) {
        if (states.isEmpty()) {
            return;
        }
        for (Map.Entry<Instrument, State> e : states.entrySet()) {
            State s = e.getValue();
            if (s.time == Timestamps.UNKNOWN || s.time > t || s.time == s.settled || s.rate == null || s.mark == null) {
                continue;
            }
            s.settled = s.time;
            BigDecimal qty = portfolio.position(e.getKey()).quantity();
            if (qty.signum() != 0) {
                portfolio.funding(e.getKey(), qty.multiply(s.mark).multiply(s.rate).negate());
                payments++;
            }
        }
    }

    /** Funding payments booked. */
    long payments() {
        return payments;
    }
}
