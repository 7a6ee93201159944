package io.dpp.trader.backtest;

import io.dpp.trading.venue.FeeSchedule;
import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.model.Side;
import io.dpp.core.model.Trade;
import io.dpp.core.time.Timestamps;
import io.dpp.trading.order.OrderRequest;
import io.dpp.trader.strategy.Strategy;
import io.dpp.trader.strategy.StrategyContext;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Perpetual positions pay or receive funding at each funding time, at the last rate and mark announced for it. */
class FundingTest {

    private static final long S = 1_000_000;

    /** Buys (or sells) 2 at market on the first trade, then holds. */
    private static Strategy holding(Side side) {
        return new Strategy() {
            private StrategyContext ctx;

            @Override
            public void onStart(StrategyContext context) {
                ctx = context;
            }

            @Override
            public void onTrade(Trade trade) {
                if (ctx.orders().get(1) == null) {
                    ctx.orders().submit(OrderRequest.market(trade.instrument(), side, new BigDecimal("2")));
                }
            }
        };
    }

    private static Backtest.Result run(Side side, Scenario sc) throws Exception {
        BacktestSettings settings = new BacktestSettings(Duration.ofMillis(1), FeeSchedule.flat(BigDecimal.ZERO, BigDecimal.ZERO),
                Map.of("USDT", new BigDecimal("1000")), Duration.ofSeconds(1), Map.of());
        return new Backtest(holding(side), settings).run(sc);
    }

    private static Scenario market() {
        return new Scenario().on(Scenario.PERP).book(0, "99:100", "101:100")
                .trade(S / 2, "100", "1", Side.BUY)
                .ticker(1 * S, "100", "0.0001", 10 * S)
                .ticker(5 * S, "102", "0.0002", 10 * S)   // the estimate for 10 s moves: this one applies
                .trade(11 * S, "102", "1", Side.BUY)      // the clock passes 10 s: 2 x 102 x 0.0002 = 0.0408
                .ticker(12 * S, "103", "-0.0001", 20 * S)
                .trade(21 * S, "103", "1", Side.SELL);    // 20 s: 2 x 103 x -0.0001 = -0.0206
    }

    @Test
    void longsPayAPositiveRateAndReceiveANegativeOne() throws Exception {
        Backtest.Result r = run(Side.BUY, market());
        assertThat(r.portfolio().position(Scenario.PERP).quantity()).isEqualByComparingTo("2");
        assertThat(r.portfolio().position(Scenario.PERP).funding()).isEqualByComparingTo("-0.0202");
        // 1000 - 2 x 101 (the ask) - 0.0408 + 0.0206
        assertThat(r.portfolio().cash("USDT")).isEqualByComparingTo("797.9798");
    }

    @Test
    void shortsReceiveAPositiveRate() throws Exception {
        Backtest.Result r = run(Side.SELL, market());
        assertThat(r.portfolio().position(Scenario.PERP).funding()).isEqualByComparingTo("0.0202");
    }

    @Test
    void noFundingTimeNoCharge() throws Exception {
        Scenario sc = new Scenario().on(Scenario.PERP).book(0, "99:100", "101:100")
                .trade(S / 2, "100", "1", Side.BUY)
                .ticker(1 * S, "100", "0.0001", Timestamps.UNKNOWN)
                .trade(30 * S, "100", "1", Side.BUY);
        assertThat(run(Side.BUY, sc).portfolio().position(Scenario.PERP).funding()).isEqualByComparingTo("0");
    }

    @Test
    void theReportShowsFunding() throws Exception {
        Backtest.Result r = run(Side.BUY, market());
        Map<String, Object> report = Report.build(r, Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> metrics = (Map<String, Object>) report.get("metrics");
        assertThat(metrics.get("funding")).isEqualTo("-0.0202");
    }
}
