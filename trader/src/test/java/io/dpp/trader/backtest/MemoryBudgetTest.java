package io.dpp.trader.backtest;

import io.dpp.trading.venue.FeeSchedule;
import io.dpp.book.LadderBook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dpp.core.model.Side;
import io.dpp.trading.order.OrderRequest;
import io.dpp.trader.strategy.Strategy;
import io.dpp.trader.strategy.StrategyContext;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A run stops, with its reason, before what it keeps for its report passes its memory budget. */
class MemoryBudgetTest {

    private static final long S = 1_000_000L;

    /** Places a limit order far from the market on every event: each is kept for the report. */
    private static final class Spammer implements Strategy {
        private StrategyContext ctx;

        @Override
        public void onStart(StrategyContext context) {
            ctx = context;
        }

        @Override
        public void onTrade(io.dpp.core.model.Trade trade) {
            ctx.orders().submit(OrderRequest.limit(Scenario.BTC, Side.BUY, BigDecimal.ONE, new BigDecimal("1")));
        }
    }

    private static Scenario trades(int n) {
        Scenario s = new Scenario().book(1, "100:1", "101:1");
        for (int i = 0; i < n; i++) {
            s.trade((i + 2) * S, "100.5", "0.1", Side.BUY);
        }
        return s;
    }

    private static BacktestSettings settings() {
        return new BacktestSettings(Duration.ofMillis(1), FeeSchedule.flat(BigDecimal.ZERO, BigDecimal.ZERO),
                Map.of("USDT", new BigDecimal("1000000000")), Duration.ofHours(1), Map.of());
    }

    @Test
    void aRunThatWouldKeepTooManyOrdersStopsWithItsReason() {
        // 1000 orders of about 480 bytes each do not fit in 100 000 bytes: the run stops at about 200.
        MemoryBudget budget = new MemoryBudget(100_000);
        assertThatThrownBy(() -> new Backtest(new Spammer(), settings()).budget(budget).run(trades(1000)))
                .isInstanceOf(MemoryBudget.Exceeded.class)
                .hasMessageMatching("the backtest stopped: it would keep more than \\d+ MB in memory \\(trader\\.backtest\\.max-memory-mb\\)"
                        + " with 20\\d orders; .*")
                .isInstanceOf(io.dpp.runtime.http.PublicMessage.class);
        assertThat(budget.used()).isLessThanOrEqualTo(budget.limit());
    }

    @Test
    void theSameRunWithinItsBudgetKeepsEverything() throws Exception {
        MemoryBudget budget = new MemoryBudget(10_000_000);
        Backtest.Result r = new Backtest(new Spammer(), settings()).budget(budget).run(trades(1000));
        assertThat(r.orders()).hasSize(1000);
        assertThat(budget.used()).isGreaterThanOrEqualTo(1000 * MemoryBudget.ORDER_BYTES);
    }

    @Test
    void whatARunKeepsFromTheStartIsCountedFirst() {
        MemoryBudget budget = new MemoryBudget(4L << 20);
        assertThatThrownBy(() -> budget.take(LadderBook.MAX_BYTES, "the simulated books of 1 instruments"))
                .hasMessage("the backtest cannot start: the simulated books of 1 instruments would take more than the 4 MB a run may"
                        + " keep in memory (trader.backtest.max-memory-mb)");
    }
}
