package io.dpp.trader.backtest;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

/**
 * How a backtest runs.
 *
 * @param latency     from sending an order (or cancel) to its arrival at the simulated venue
 * @param fees        maker and taker rates per venue
 * @param initialCash starting balance per asset (e.g. USDT 10000)
 * @param equityEvery how often the equity curve is sampled (run time, not wall time)
 * @param params      the strategy's parameters
 */
public record BacktestSettings(Duration latency, FeeSchedule fees, Map<String, BigDecimal> initialCash, Duration equityEvery,
                               Map<String, String> params) {

    public BacktestSettings {
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative");
        }
        if (equityEvery.isNegative() || equityEvery.isZero()) {
            throw new IllegalArgumentException("equity sampling interval must be positive");
        }
        initialCash = new java.util.TreeMap<>(initialCash);
        params = new java.util.TreeMap<>(params);
    }
}
