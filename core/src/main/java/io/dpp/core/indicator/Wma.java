package io.dpp.core.indicator;

/** Linearly weighted moving average: weights n for the newest value down to 1 for the oldest, over n(n+1)/2. */
public final class Wma extends SeriesIndicator {

    private final int period;
    private final Ring window;
    private final double divisor;
    private int count;
    private double total;
    private double weighted;

    public Wma(int period) {
        this.period = checkPeriod("period", period);
        this.window = new Ring(period);
        this.divisor = period * (period + 1) / 2.0;
    }

    @Override
    public void update(double x) {
        boolean filling = !window.full();
        double old = window.push(x);
        if (filling) {
            count++;
            weighted += count * x;
            total += x;
            return;
        }
        // Every value loses one weight step and the oldest leaves: W' = W - T + n*x, T' = T - old + x.
        weighted += period * x - total;
        total += x - old;
        if (window.resumDue()) {
            double w = 0;
            double t = 0;
            for (int i = 0; i < period; i++) {
                double v = window.get(i);
                w += (i + 1) * v;
                t += v;
            }
            weighted = w;
            total = t;
        }
    }

    @Override
    public boolean ready() {
        return window.full();
    }

    @Override
    public double value(int line) {
        return window.full() ? weighted / divisor : Double.NaN;
    }

    @Override
    public int warmUp() {
        return period;
    }

    @Override
    public String describe() {
        return "wma(" + period + ")";
    }
}
