package io.dpp.trader.backtest;

import io.dpp.trading.venue.FeeSchedule;
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
 * @param slippage    on candles, the fraction by which market and stop fills are worse than the bar's
 *                    open (0.0005: 5 basis points); null on L2 data, where orders meet the book itself
 */
public record BacktestSettings(Duration latency, FeeSchedule fees, Map<String, BigDecimal> initialCash, Duration equityEvery,
                               Map<String, String> params, BigDecimal slippage) {

    /** Settings of a run on L2 data. */
    public BacktestSettings(Duration latency, FeeSchedule fees, Map<String, BigDecimal> initialCash, Duration equityEvery,
                            Map<String, String> params) {
        this(latency, fees, initialCash, equityEvery, params, null);
    }

    public BacktestSettings {
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative");
        }
        if (equityEvery.isNegative() || equityEvery.isZero()) {
            throw new IllegalArgumentException("equity sampling interval must be positive");
        }
        if (slippage != null && (slippage.signum() < 0 || slippage.compareTo(BigDecimal.ONE) >= 0)) {
            throw new IllegalArgumentException("slippage must be a fraction from 0 to below 1, got " + slippage.toPlainString());
        }
        initialCash = new java.util.TreeMap<>(initialCash);
        params = new java.util.TreeMap<>(params);
    }
}
