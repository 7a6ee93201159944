package io.dpp.trader.backtest;

import io.dpp.trading.venue.FeeSchedule;
import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.model.Side;
import io.dpp.trader.examples.SmaCrossover;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example crossover buys when the fast average crosses above the slow one and sells when it crosses below. */
class SmaCrossoverTest {

    @Test
    void buysOnTheCrossUpAndSellsOnTheCrossDown() throws Exception {
        long s = 1_000_000;
        Scenario sc = new Scenario().book(0, "99:100", "101:100");
        // Falling for 10 s, rising for 10 s, falling again: one bar a second.
        double[] prices = new double[30];
        for (int i = 0; i < 30; i++) {
            prices[i] = i < 10 ? 100 - i : i < 20 ? 90 + (i - 10) * 2 : 110 - (i - 20) * 3;
        }
        for (int i = 0; i < 30; i++) {
            sc.trade((i + 1) * s, BigDecimal.valueOf(prices[i]).toPlainString(), "1", Side.BUY);
        }
        sc.trade(32 * s, "80", "1", Side.SELL);
        BacktestSettings settings = new BacktestSettings(Duration.ofMillis(1), FeeSchedule.flat(BigDecimal.ZERO, BigDecimal.ZERO),
                Map.of("USDT", new BigDecimal("10000")), Duration.ofSeconds(1),
                Map.of("fast", "2", "slow", "4", "bar", "1s", "size", "1"));
        Backtest.Result r = new Backtest(new SmaCrossover(), settings).run(sc);
        assertThat(r.orders()).extracting(o -> o.request().side() + " " + o.request().tag())
                .containsExactly("BUY cross-up", "SELL cross-down");
        assertThat(r.fills()).extracting(f -> f.side() + " " + f.price().toPlainString())
                .containsExactly("BUY 101", "SELL 99");
        assertThat(r.portfolio().position(Scenario.BTC).quantity()).isEqualByComparingTo("0");
    }
}
