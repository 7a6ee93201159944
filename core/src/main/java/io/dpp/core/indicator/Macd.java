package io.dpp.core.indicator;

import java.util.List;

/**
 * Moving average convergence/divergence: {@code macd = EMA(fast) - EMA(slow)}, {@code signal} the
 * EMA(signal) of the MACD line (seeded with the simple average of its first values, as every EMA
 * here), {@code histogram = macd - signal}. The usual parameters are 12, 26, 9.
 */
public final class Macd extends SeriesIndicator {

    private static final List<String> LINES = List.of("macd", "signal", "histogram");

    private final int fastPeriod;
    private final int slowPeriod;
    private final Ema fast;
    private final Ema slow;
    private final Ema signal;
    private double macd = Double.NaN;

    public Macd(int fast, int slow, int signal) {
        checkPeriod("fast", fast);
        checkPeriod("slow", slow);
        checkPeriod("signal", signal);
        if (fast >= slow) {
            throw new IllegalArgumentException("fast must be shorter than slow, got fast " + fast + " and slow " + slow);
        }
        this.fastPeriod = fast;
        this.slowPeriod = slow;
        this.fast = new Ema(fast);
        this.slow = new Ema(slow);
        this.signal = new Ema(signal);
    }

    @Override
    public void update(double x) {
        fast.update(x);
        slow.update(x);
        if (slow.ready()) {
            macd = fast.value() - slow.value();
            signal.update(macd);
        }
    }

    @Override
    public boolean ready() {
        return signal.ready();
    }

    @Override
    public List<String> lines() {
        return LINES;
    }

    @Override
    public double value(int line) {
        return switch (line) {
            case 0 -> macd;
            case 1 -> signal.value();
            default -> macd - signal.value();
        };
    }

    @Override
    public int warmUp() {
        return slowPeriod + signal.warmUp() - 1;
    }

    @Override
    public String describe() {
        return "macd(" + fastPeriod + "," + slowPeriod + "," + signal.warmUp() + ")";
    }
}
