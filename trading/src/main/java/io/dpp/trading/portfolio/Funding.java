package io.dpp.trading.portfolio;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.model.DerivativeTicker;
import io.dpp.core.time.Timestamps;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Funding of perpetual positions from the recorded derivative tickers. A ticker carries the
 * funding rate that applies at the next funding time; when the run's clock reaches that time,
 * each position pays {@code quantity x mark x rate} (longs pay a positive rate, shorts receive it),
 * with the last rate and mark price seen before then, booked to the portfolio in the quote asset.
 * Venues that publish no funding time (continuous funding) are not charged. The backtester books
 * it to its portfolio; the EMS's paper venue to every paper account holding the perpetual.
 */
public final class Funding {

    /** A funding time reached: {@code instrument}'s positions pay {@link #payment} at this mark and rate. */
    public interface Due {
        void pay(Instrument instrument, BigDecimal mark, BigDecimal rate);
    }

    private static final class State {
        long time = Timestamps.UNKNOWN;
        BigDecimal rate;
        BigDecimal mark;
        long settled = Timestamps.UNKNOWN;
    }

    private final Map<Instrument, State> states = new LinkedHashMap<>();
    private long payments;

    /** Takes in a ticker's mark price, rate and funding time. */
    public void onTicker(DerivativeTicker d) {
        State s = states.computeIfAbsent(d.instrument(), k -> new State());
        if (Decimal64.isNumber(d.markPrice())) {
            s.mark = Decimal64.toBigDecimal(d.markPrice());
        }
        if (d.fundingTime() != Timestamps.UNKNOWN && Decimal64.isNumber(d.fundingRate())) {
            s.time = d.fundingTime();
            s.rate = Decimal64.toBigDecimal(d.fundingRate());
        }
    }

    /** Books every funding due by {@code t} that was not booked yet to {@code portfolio}. */
    public void settle(long t, Portfolio portfolio) {
        settle(t, (instrument, mark, rate) -> {
            BigDecimal qty = portfolio.position(instrument).quantity();
            if (qty.signum() != 0) {
                portfolio.funding(instrument, payment(instrument, qty, mark, rate));
                payments++;
            }
        });
    }

    /** Tells {@code due} of every funding time reached by {@code t} that was not settled yet. */
    public void settle(long t, Due due) {
        if (states.isEmpty()) {
            return;
        }
        for (Map.Entry<Instrument, State> e : states.entrySet()) {
            State s = e.getValue();
            if (s.time == Timestamps.UNKNOWN || s.time > t || s.time == s.settled || s.rate == null || s.mark == null) {
                continue;
            }
            s.settled = s.time;
            due.pay(e.getKey(), s.mark, s.rate);
        }
    }

    /**
     * What a position of signed {@code quantity} receives (negative: pays) at a funding, in its
     * settlement asset: its value at the mark times the rate ({@link Contracts#value}: quantity x mark,
     * or quantity / mark coins for an inverse contract); longs pay a positive rate.
     */
    public static BigDecimal payment(io.dpp.core.instrument.Instrument instrument, BigDecimal quantity, BigDecimal mark, BigDecimal rate) {
        BigDecimal v = Contracts.value(instrument, quantity.abs(), mark).multiply(rate);
        return quantity.signum() > 0 ? v.negate() : v;
    }

    /** Funding payments booked by {@link #settle(long, Portfolio)}. */
    public long payments() {
        return payments;
    }
}
