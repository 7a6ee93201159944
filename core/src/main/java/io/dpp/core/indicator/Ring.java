package io.dpp.core.indicator;

/** The last n values of a series, for the windowed indicators (SMA, WMA, Bollinger). */
final class Ring {

    private final double[] values;
    private int next;
    private int count;
    private int sinceResum;

    Ring(int n) {
        values = new double[n];
    }

    /** Adds {@code x}; returns the value it pushed out of a full window (NaN before the window is full). */
    double push(double x) {
        double old = count == values.length ? values[next] : Double.NaN;
        values[next] = x;
        next = next + 1 == values.length ? 0 : next + 1;
        if (count < values.length) {
            count++;
        }
        return old;
    }

    boolean full() {
        return count == values.length;
    }

    /** The {@code i}-th oldest value of a full window. */
    double get(int i) {
        return values[(next + i) % values.length];
    }

    /**
     * True once every n pushes of a full window: running sums updated by adding and subtracting
     * drift, so the indicators sum the window afresh then (O(1) amortized).
     */
    boolean resumDue() {
        if (++sinceResum >= values.length) {
            sinceResum = 0;
            return true;
        }
        return false;
    }

    double sum() {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }
}
