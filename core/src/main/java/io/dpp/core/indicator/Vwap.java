package io.dpp.core.indicator;

import java.util.List;

/**
 * Volume-weighted average price of the session so far: the sum of typical price
 * ((high + low + close) / 3) times volume over the sum of volume, with a new session at each UTC
 * midnight (crypto venues trade around the clock, so the UTC day is the session). NaN while the
 * session has no volume.
 */
public final class Vwap implements Indicator {

    private static final List<String> VALUE = List.of("value");
    private static final long DAY_MICROS = 86_400_000_000L;

    private long day = Long.MIN_VALUE;
    private double notional;
    private double volume;

    @Override
    public void update(long time, double open, double high, double low, double close, double volume) {
        long d = Math.floorDiv(time, DAY_MICROS);
        if (d != day) {
            day = d;
            notional = 0;
            this.volume = 0;
        }
        notional += (high + low + close) / 3 * volume;
        this.volume += volume;
    }

    @Override
    public boolean ready() {
        return volume > 0;
    }

    @Override
    public List<String> lines() {
        return VALUE;
    }

    @Override
    public double value(int line) {
        return volume > 0 ? notional / volume : Double.NaN;
    }

    @Override
    public int warmUp() {
        return 1;
    }

    @Override
    public String describe() {
        return "vwap";
    }
}
