package io.dpp.trader.backtest;

import io.dpp.trading.venue.FeeSchedule;
import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.model.Candle;
import io.dpp.core.model.Side;
import io.dpp.trading.order.Fill;
import io.dpp.trading.order.Order;
import io.dpp.trading.order.OrderRequest;
import io.dpp.trader.strategy.Strategy;
import io.dpp.trader.strategy.StrategyContext;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fills on candles, worked out by hand: orders sent on a bar's close fill on the next bar, market
 * orders at its open plus slippage, limits at the open when better (capped at the limit) or at the
 * limit when the range reaches it, stops at the worse of open and stop plus slippage; IOC limits
 * that the next bar does not reach are canceled; post-only limits marketable at the open refused.
 */
class CandleFillTest {

    private static final long M = 60_000_000L;

    @Test
    void ordersFillOnTheNextBarAtItsOpenOrTheirLimit() throws Exception {
        Scenario s = new Scenario()
                .candle(0, M, "100", "101", "99", "100")
                .candle(M, M, "102", "104", "101", "103")      // market buy: 102 * 1.001; limit buy 101.5: at 101.5 (maker)
                .candle(2 * M, M, "103", "106", "100", "105")  // buy stop 105: at max(103, 105) * 1.001; IOC sell 106: open 103, canceled
                .candle(3 * M, M, "98", "99", "97", "98");      // sell limit 100: neither the open nor the range reaches it
        List<String> seen = new ArrayList<>();
        List<Order> orders = new ArrayList<>();
        Strategy strategy = new Strategy() {
            StrategyContext ctx;

            @Override
            public void onStart(StrategyContext context) {
                ctx = context;
            }

            @Override
            public void onCandle(Candle c) {
                seen.add("candle at " + ctx.now() / M);
                if (ctx.now() == M) {
                    orders.add(ctx.orders().submit(OrderRequest.market(Scenario.BTC, Side.BUY, new BigDecimal("1"))));
                    orders.add(ctx.orders().submit(OrderRequest.limit(Scenario.BTC, Side.BUY, new BigDecimal("1"), new BigDecimal("101.5"))));
                    orders.add(ctx.orders().submit(OrderRequest.limit(Scenario.BTC, Side.BUY, new BigDecimal("1"), new BigDecimal("101"))
                            .withPostOnly()));
                }
                if (ctx.now() == 2 * M) {
                    orders.add(ctx.orders().submit(OrderRequest.stop(Scenario.BTC, Side.BUY, new BigDecimal("1"), new BigDecimal("105"))));
                    orders.add(ctx.orders().submit(OrderRequest.limit(Scenario.BTC, Side.SELL, new BigDecimal("1"), new BigDecimal("106"))
                            .withIoc()));
                    orders.add(ctx.orders().submit(OrderRequest.limit(Scenario.BTC, Side.BUY, new BigDecimal("1"), new BigDecimal("103"))
                            .withPostOnly()));
                }
                if (ctx.now() == 3 * M) {
                    orders.add(ctx.orders().submit(OrderRequest.limit(Scenario.BTC, Side.SELL, new BigDecimal("1"), new BigDecimal("100"))));
                }
            }
        };
        BacktestSettings settings = new BacktestSettings(Duration.ofMillis(5), FeeSchedule.flat(BigDecimal.ZERO, new BigDecimal("0.001")),
                Map.of("USDT", new BigDecimal("100000")), Duration.ofMinutes(1), Map.of(), new BigDecimal("0.001"));
        Backtest.Result r = new Backtest(strategy, settings).run(s);
        assertThat(seen).containsExactly("candle at 1", "candle at 2", "candle at 3", "candle at 4");
        assertThat(r.fills()).extracting(f -> f.side() + " " + f.price().toPlainString() + " " + f.liquidity() + " at " + f.time() / M)
                .containsExactly(
                        "BUY 102.102 TAKER at 2",    // market: next bar's open 102 plus 0.1%
                        "BUY 101.5 MAKER at 2",      // limit 101.5: the bar's low 101 reached it
                        "BUY 101 MAKER at 2",        // post-only 101 below the open: rests, and the low 101 reaches it
                        "BUY 105.105 TAKER at 3");   // stop 105 reached by the high 106: max(open 103, 105) plus 0.1%
        assertThat(orders.get(4).reason()).isEqualTo("immediate-or-cancel: the bar's open was beyond the limit");
        assertThat(orders.get(5).reason()).isEqualTo("post-only order would take liquidity at the bar's open");
        assertThat(orders.get(6).reason()).isEqualTo("the run ended");
        for (Fill f : r.fills()) {
            assertThat(f.fee()).isEqualByComparingTo(f.liquidity().name().equals("TAKER") ? f.notional().multiply(new BigDecimal("0.001"))
                    : BigDecimal.ZERO);
        }
    }
}
