package io.dpp.core.indicator;

import java.util.List;

/**
 * Stochastic oscillator: raw {@code %K = 100 * (close - lowest low) / (highest high - lowest low)}
 * over n bars (50 when the range is empty), {@code %K} its simple average over kSmoothing bars
 * (1: the fast stochastic, 3: the slow one), {@code %D} the simple average of %K over dPeriod bars.
 * The window's highest high and lowest low come from monotonic queues: O(1) amortized.
 */
public final class Stochastic implements Indicator {

    private static final List<String> LINES = List.of("k", "d");

    private final int period;
    private final int kSmoothing;
    private final Sma k;
    private final Sma d;
    private final double[] highs;
    private final double[] lows;
    private final long[] maxIdx;
    private final long[] minIdx;
    private int maxHead;
    private int maxSize;
    private int minHead;
    private int minSize;
    private long n;
    private double kValue = Double.NaN;

    public Stochastic(int period, int kSmoothing, int dPeriod) {
        this.period = SeriesIndicator.checkPeriod("period", period);
        this.kSmoothing = SeriesIndicator.checkPeriod("smoothing", kSmoothing);
        this.k = new Sma(kSmoothing);
        this.d = new Sma(SeriesIndicator.checkPeriod("d", dPeriod));
        this.highs = new double[period];
        this.lows = new double[period];
        this.maxIdx = new long[period];
        this.minIdx = new long[period];
    }

    @Override
    public void update(long time, double open, double high, double low, double close, double volume) {
        long i = n++;
        highs[(int) (i % period)] = high;
        lows[(int) (i % period)] = low;
        // Drop indices that left the window, then those dominated by the new bar.
        while (maxSize > 0 && maxIdx[maxHead] <= i - period) {
            maxHead = (maxHead + 1) % period;
            maxSize--;
        }
        while (maxSize > 0 && highs[(int) (maxIdx[(maxHead + maxSize - 1) % period] % period)] <= high) {
            maxSize--;
        }
        maxIdx[(maxHead + maxSize++) % period] = i;
        while (minSize > 0 && minIdx[minHead] <= i - period) {
            minHead = (minHead + 1) % period;
            minSize--;
        }
        while (minSize > 0 && lows[(int) (minIdx[(minHead + minSize - 1) % period] % period)] >= low) {
            minSize--;
        }
        minIdx[(minHead + minSize++) % period] = i;
        if (n < period) {
            return;
        }
        double hh = highs[(int) (maxIdx[maxHead] % period)];
        double ll = lows[(int) (minIdx[minHead] % period)];
        double raw = hh > ll ? 100 * (close - ll) / (hh - ll) : 50;
        k.update(raw);
        if (k.ready()) {
            kValue = k.value();
            d.update(kValue);
        }
    }

    @Override
    public boolean ready() {
        return d.ready();
    }

    @Override
    public List<String> lines() {
        return LINES;
    }

    @Override
    public double value(int line) {
        return line == 0 ? kValue : d.value();
    }

    @Override
    public int warmUp() {
        return period + kSmoothing + d.warmUp() - 2;
    }

    @Override
    public String describe() {
        return "stochastic(" + period + "," + kSmoothing + "," + d.warmUp() + ")";
    }
}
