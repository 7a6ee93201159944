package io.dpp.trader.strategy;

import io.dpp.trading.portfolio.Portfolio;
import java.util.Map;

/** What a strategy works with: the clock, orders, the portfolio, timers and its parameters. */
public interface StrategyContext {

    /**
     * The run's clock, epoch microseconds UTC: the receive time of the event being handled (a
     * backtest never shows a strategy anything received later).
     */
    long now();

    Orders orders();

    Portfolio portfolio();

    /** Calls {@link Strategy#onTimer} at {@code time} (epoch microseconds), before any event received after it. */
    void timerAt(long time);

    /** The strategy's parameters ({@code --param k=v}). */
    Map<String, String> params();

    /** A parameter, or {@code absent} when not given. */
    default String param(String name, String absent) {
        return params().getOrDefault(name, absent);
    }

    /** An integer parameter, or {@code absent}; a clear error names a malformed one. */
    default int intParam(String name, int absent) {
        String v = params().get(name);
        if (v == null) {
            return absent;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter " + name + " must be a whole number, got \"" + v + "\"");
        }
    }
}
