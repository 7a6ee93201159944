package io.dpp.core.indicator;

import java.util.List;

/** An indicator of one series of values (the bars' closes, or any other series fed to {@link #update(double)}). */
public abstract class SeriesIndicator implements Indicator {

    private static final List<String> VALUE = List.of("value");

    /** Feeds the next value of the series. */
    public abstract void update(double x);

    @Override
    public final void update(long time, double open, double high, double low, double close, double volume) {
        update(close);
    }

    @Override
    public List<String> lines() {
        return VALUE;
    }

    static int checkPeriod(String name, int period) {
        if (period < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + period);
        }
        return period;
    }
}
