package io.dpp.core.indicator;

import java.util.List;

/**
 * A technical indicator, updated one bar at a time in O(1) (amortized where a window is
 * re-summed to shed rounding drift) with no allocation. One implementation serves strategies,
 * node graphs, {@code GET /api/v1/indicators/{name}} and SDK users alike. Values are binary
 * doubles: indicators are statistics of prices, never keyed, compared for equality, checksummed
 * or sent as an order (decision 013). Not thread-safe: one instance per series.
 */
public interface Indicator {

    /**
     * Feeds one bar.
     *
     * @param time   the bar's start, epoch microseconds UTC (VWAP starts a new session each UTC day)
     * @param open   first price
     * @param high   highest price
     * @param low    lowest price
     * @param close  last price; single-series indicators (SMA, EMA, RSI, ...) use only this
     * @param volume traded amount
     */
    void update(long time, double open, double high, double low, double close, double volume);

    /** True once every line has a value. */
    boolean ready();

    /** The names of the output lines: {@code ["value"]}, or e.g. {@code ["macd", "signal", "histogram"]}. */
    List<String> lines();

    /** The current value of line {@code line}; NaN until it has one. */
    double value(int line);

    /** The current value of the first line; NaN until it has one. */
    default double value() {
        return value(0);
    }

    /** How many bars it takes until {@link #ready()}. */
    int warmUp();

    /** The name and parameters, e.g. {@code ema(10)}. */
    String describe();
}
