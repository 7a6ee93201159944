package io.dpp.core.indicator;

/** Simple moving average: the mean of the last n values. */
public final class Sma extends SeriesIndicator {

    private final int period;
    private final double[] window;
    private int count;
    private int next;
    private double sum;
    private int sinceResum;

    public Sma(int period) {
        this.period = checkPeriod("period", period);
        this.window = new double[period];
    }

    @Override
    public void update(double x) {
        double old = window[next];
        window[next] = x;
        next = next + 1 == period ? 0 : next + 1;
        if (count < period) {
            count++;
            sum += x;
        } else if (++sinceResum >= period) {
            // Adding and subtracting drifts; summing the window afresh every n values keeps it exact
            // to the last bit of a plain sum, at O(1) amortized.
            sinceResum = 0;
            double s = 0;
            for (double v : window) {
                s += v;
            }
            sum = s;
        } else {
            sum += x - old;
        }
    }

    @Override
    public boolean ready() {
        return count == period;
    }

    @Override
    public double value(int line) {
        return count == period ? sum / period : Double.NaN;
    }

    @Override
    public int warmUp() {
        return period;
    }

    @Override
    public String describe() {
        return "sma(" + period + ")";
    }
}
