package io.dpp.core.indicator;

/** Simple moving average: the mean of the last n values. */
public final class Sma extends SeriesIndicator {

    private final int period;
    private final Ring window;
    private double sum;

    public Sma(int period) {
        this.period = checkPeriod("period", period);
        this.window = new Ring(period);
    }

    @Override
    public void update(double x) {
        boolean filling = !window.full();
        double old = window.push(x);
        if (filling) {
            sum += x;
        } else if (window.resumDue()) {
            sum = window.sum();
        } else {
            sum += x - old;
        }
    }

    @Override
    public boolean ready() {
        return window.full();
    }

    @Override
    public double value(int line) {
        return window.full() ? sum / period : Double.NaN;
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
