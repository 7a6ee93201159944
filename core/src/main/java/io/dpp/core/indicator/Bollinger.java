package io.dpp.core.indicator;

import java.util.List;

/**
 * Bollinger bands: the middle band is the simple average of the last n values, the upper and
 * lower bands lie k population standard deviations (divided by n, as Bollinger defines them)
 * above and below it. The deviation is kept with a sliding-window Welford update, which does not
 * cancel catastrophically at high prices the way sum-of-squares does, and re-summed every n values.
 */
public final class Bollinger extends SeriesIndicator {

    private static final List<String> LINES = List.of("middle", "upper", "lower");

    private final int period;
    private final double k;
    private final Ring window;
    private int count;
    private double mean;
    private double m2;

    public Bollinger(int period, double k) {
        this.period = checkPeriod("period", period);
        if (!(k > 0) || Double.isInfinite(k)) {
            throw new IllegalArgumentException("k (standard deviations) must be a positive number, got " + k);
        }
        this.k = k;
        this.window = new Ring(period);
    }

    @Override
    public void update(double x) {
        boolean filling = !window.full();
        double old = window.push(x);
        if (filling) {
            count++;
            double delta = x - mean;
            mean += delta / count;
            m2 += delta * (x - mean);
            return;
        }
        if (window.resumDue()) {
            double m = window.sum() / period;
            double q = 0;
            for (int i = 0; i < period; i++) {
                double v = window.get(i);
                q += (v - m) * (v - m);
            }
            mean = m;
            m2 = q;
            return;
        }
        double previousMean = mean;
        mean += (x - old) / period;
        m2 += (x - old) * (x - mean + old - previousMean);
        if (m2 < 0) {
            m2 = 0;
        }
    }

    /** The population standard deviation of the window; NaN until full. */
    public double deviation() {
        return count == period ? Math.sqrt(Math.max(0, m2) / period) : Double.NaN;
    }

    @Override
    public boolean ready() {
        return count == period;
    }

    @Override
    public List<String> lines() {
        return LINES;
    }

    @Override
    public double value(int line) {
        if (count < period) {
            return Double.NaN;
        }
        return switch (line) {
            case 0 -> mean;
            case 1 -> mean + k * deviation();
            default -> mean - k * deviation();
        };
    }

    @Override
    public int warmUp() {
        return period;
    }

    @Override
    public String describe() {
        return "bollinger(" + period + "," + k + ")";
    }
}
