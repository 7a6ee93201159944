package io.dpp.core.indicator;

import java.util.List;

/**
 * On-balance volume: starts at 0 on the first bar, then adds the bar's volume when the close
 * rose, subtracts it when the close fell, and keeps it when the close did not change.
 */
public final class Obv implements Indicator {

    private static final List<String> VALUE = List.of("value");

    private double previousClose = Double.NaN;
    private double obv = Double.NaN;

    @Override
    public void update(long time, double open, double high, double low, double close, double volume) {
        if (Double.isNaN(previousClose)) {
            obv = 0;
        } else if (close > previousClose) {
            obv += volume;
        } else if (close < previousClose) {
            obv -= volume;
        }
        previousClose = close;
    }

    @Override
    public boolean ready() {
        return !Double.isNaN(obv);
    }

    @Override
    public List<String> lines() {
        return VALUE;
    }

    @Override
    public double value(int line) {
        return obv;
    }

    @Override
    public int warmUp() {
        return 1;
    }

    @Override
    public String describe() {
        return "obv";
    }
}
