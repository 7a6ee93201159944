package io.dpp.core.indicator;

/**
 * Relative strength index with Wilder's smoothing: the first average gain and loss are the plain
 * means of the first n changes, then {@code avg = (avg * (n - 1) + current) / n};
 * {@code RSI = 100 - 100 / (1 + avgGain / avgLoss)}. With no loss it is 100, and 50 when the
 * price did not move at all. First value after n + 1 values.
 */
public final class Rsi extends SeriesIndicator {

    private final int period;
    private double previous = Double.NaN;
    private int changes;
    private double gain;
    private double loss;

    public Rsi(int period) {
        this.period = checkPeriod("period", period);
    }

    @Override
    public void update(double x) {
        if (Double.isNaN(previous)) {
            previous = x;
            return;
        }
        double change = x - previous;
        previous = x;
        double up = change > 0 ? change : 0;
        double down = change < 0 ? -change : 0;
        if (changes < period) {
            gain += up;
            loss += down;
            if (++changes == period) {
                gain /= period;
                loss /= period;
            }
            return;
        }
        gain = (gain * (period - 1) + up) / period;
        loss = (loss * (period - 1) + down) / period;
    }

    @Override
    public boolean ready() {
        return changes == period;
    }

    @Override
    public double value(int line) {
        if (changes < period) {
            return Double.NaN;
        }
        if (loss == 0) {
            return gain == 0 ? 50 : 100;
        }
        return 100 - 100 / (1 + gain / loss);
    }

    @Override
    public int warmUp() {
        return period + 1;
    }

    @Override
    public String describe() {
        return "rsi(" + period + ")";
    }
}
