package io.dpp.core.indicator;

import java.util.List;

/**
 * Average true range with Wilder's smoothing. The true range is the largest of high - low,
 * |high - previous close| and |low - previous close| (high - low on the first bar); the first
 * ATR is the plain mean of the first n true ranges, then {@code atr = (atr * (n - 1) + tr) / n}.
 */
public final class Atr implements Indicator {

    private static final List<String> VALUE = List.of("value");

    private final int period;
    private double previousClose = Double.NaN;
    private int count;
    private double atr;

    public Atr(int period) {
        this.period = SeriesIndicator.checkPeriod("period", period);
    }

    @Override
    public void update(long time, double open, double high, double low, double close, double volume) {
        double tr = high - low;
        if (!Double.isNaN(previousClose)) {
            tr = Math.max(tr, Math.max(Math.abs(high - previousClose), Math.abs(low - previousClose)));
        }
        previousClose = close;
        if (count < period) {
            atr += tr;
            if (++count == period) {
                atr /= period;
            }
            return;
        }
        atr = (atr * (period - 1) + tr) / period;
    }

    @Override
    public boolean ready() {
        return count == period;
    }

    @Override
    public List<String> lines() {
        return VALUE;
    }

    @Override
    public double value(int line) {
        return count == period ? atr : Double.NaN;
    }

    @Override
    public int warmUp() {
        return period;
    }

    @Override
    public String describe() {
        return "atr(" + period + ")";
    }
}
