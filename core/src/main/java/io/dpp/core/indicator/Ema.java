package io.dpp.core.indicator;

/**
 * Exponential moving average with multiplier 2/(n+1), seeded with the simple average of the
 * first n values (the definition StockCharts and TA-Lib use; ta4j seeds with the first value,
 * which differs on early bars).
 */
public final class Ema extends SeriesIndicator {

    private final int period;
    private final double k;
    private int count;
    private double seedSum;
    private double ema = Double.NaN;

    public Ema(int period) {
        this.period = checkPeriod("period", period);
        this.k = 2.0 / (period + 1);
    }

    @Override
    public void update(double x) {
        if (count < period) {
            seedSum += x;
            if (++count == period) {
                ema = seedSum / period;
            }
            return;
        }
        ema += (x - ema) * k;
    }

    @Override
    public boolean ready() {
        return count == period;
    }

    @Override
    public double value(int line) {
        return ema;
    }

    @Override
    public int warmUp() {
        return period;
    }

    @Override
    public String describe() {
        return "ema(" + period + ")";
    }
}
