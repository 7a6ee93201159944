package io.dpp.trader.backtest;

import io.dpp.trading.venue.FeeSchedule;
import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.MarketEvent;
import io.dpp.core.model.Side;
import io.dpp.core.model.Trade;
import io.dpp.trading.order.Fill;
import io.dpp.trading.order.Liquidity;
import io.dpp.trading.order.Order;
import io.dpp.trading.order.OrderRequest;
import io.dpp.trading.order.OrderStatus;
import io.dpp.trader.strategy.Strategy;
import io.dpp.trader.strategy.StrategyContext;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * The backtest engine and its simulated venue on scripted books and trades, with every fill worked
 * out by hand: latency, walking the book, queue position, partial fills, trade-throughs, stops,
 * post-only, IOC, FOK, reduce-only, cancel and replace, fees and the portfolio; and no look-ahead.
 */
class BacktestEngineTest {

    private static final long S = 1_000_000; // one second in microseconds

    private static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    /** Runs a strategy that acts through {@code onEvent(context, event)} over a scenario. */
    private static Backtest.Result run(Scenario s, Duration latency, BiConsumer<StrategyContext, MarketEvent> onEvent,
                                       List<String> log) throws Exception {
        Strategy strategy = new Strategy() {
            StrategyContext ctx;

            @Override
            public void onStart(StrategyContext context) {
                ctx = context;
            }

            @Override
            public void onTrade(Trade trade) {
                log.add("trade " + Decimal64.toString(trade.price()) + " at " + ctx.now() / S);
                onEvent.accept(ctx, trade);
            }

            @Override
            public void onBookChange(BookChange change) {
                log.add("book at " + ctx.now() / S);
                onEvent.accept(ctx, change);
            }

            @Override
            public void onFill(Fill f) {
                log.add("fill " + f.side() + " " + f.quantity().stripTrailingZeros().toPlainString() + " @ "
                        + f.price().stripTrailingZeros().toPlainString() + " " + f.liquidity() + " at " + f.time() / S);
            }

            @Override
            public void onOrder(Order o) {
                if (o.status().isFinal() && o.status() != OrderStatus.FILLED) {
                    log.add("order " + o.id() + " " + o.status() + ": " + o.reason());
                }
            }
        };
        BacktestSettings settings = new BacktestSettings(latency, FeeSchedule.flat(d("0.0002"), d("0.001")),
                Map.of("USDT", d("100000")), Duration.ofSeconds(1), Map.of());
        return new Backtest(strategy, settings).run(s);
    }

    @Test
    void aMarketOrderWalksTheBookAsItStandsWhenItArrivesAfterTheLatency() throws Exception {
        Scenario s = new Scenario()
                .book(1 * S, "100:1", "101:0.5 102:1 103:5")
                .change(2 * S, "", "101:0.2")        // the best ask shrinks before the order arrives
                .trade(3 * S, "101", "0.1", Side.BUY);
        List<String> log = new ArrayList<>();
        Backtest.Result r = run(s, Duration.ofMillis(1500), (ctx, e) -> {
            if (ctx.now() == 1 * S) {
                ctx.orders().submit(OrderRequest.market(Scenario.BTC, Side.BUY, d("1")));
            }
        }, log);
        // Sent at 1 s, arrives at 2.5 s: after the change at 2 s, so 0.2 at 101 then 0.8 at 102.
        assertThat(log).as(String.join("\n", log)).containsSubsequence("book at 1", "book at 2", "fill BUY 0.2 @ 101 TAKER at 2", "fill BUY 0.8 @ 102 TAKER at 2");
        assertThat(r.fills()).extracting(f -> f.time()).containsOnly(2_500_000L);
        var p = r.portfolio().position(Scenario.BTC);
        assertThat(p.quantity()).isEqualByComparingTo("1");
        assertThat(p.averagePrice()).isEqualByComparingTo("101.8");
        // Cash: 100000 - (20.2 + 81.6) - taker fees 0.1% of 101.8.
        assertThat(r.portfolio().cash("USDT")).isEqualByComparingTo("99898.0982");
        assertThat(r.portfolio().feesPaid()).isEqualByComparingTo("0.1018");
    }

    @Test
    void aRestingLimitOrderWaitsForTheQueueAheadAndFillsPartiallyAtItsPriceOnly() throws Exception {
        Scenario s = new Scenario()
                .book(1 * S, "100:2 99:5", "101:1")
                .trade(3 * S, "100", "1.5", Side.SELL)   // 1.5 of the 2 ahead
                .change(4 * S, "100:2.3", "")             // others join behind: the queue ahead stays 0.5
                .trade(5 * S, "100", "0.8", Side.SELL)   // 0.5 ahead, then 0.3 for us
                .trade(6 * S, "100", "5", Side.BUY)      // a buyer at 100 does not fill a bid
                .trade(7 * S, "99.5", "0.1", Side.SELL)  // traded through 100: the rest fills, at 100
                .trade(8 * S, "99", "1", Side.SELL);
        List<String> log = new ArrayList<>();
        Backtest.Result r = run(s, Duration.ofMillis(10), (ctx, e) -> {
            if (ctx.now() == 1 * S) {
                ctx.orders().submit(OrderRequest.limit(Scenario.BTC, Side.BUY, d("1"), d("100")));
            }
        }, log);
        // The venue acts on each trade before the strategy sees it.
        assertThat(log).as(String.join("\n", log)).containsSubsequence("trade 100 at 3", "fill BUY 0.3 @ 100 MAKER at 5",
                "trade 100 at 5", "trade 100 at 6", "fill BUY 0.7 @ 100 MAKER at 7", "trade 99.5 at 7");
        assertThat(r.fills()).hasSize(2);
        for (Fill f : r.fills()) {
            assertThat(f.liquidity()).isEqualTo(Liquidity.MAKER);
            assertThat(f.price()).isEqualByComparingTo("100");
            // Maker fee 0.02%.
            assertThat(f.fee()).isEqualByComparingTo(f.notional().multiply(d("0.0002")));
        }
    }

    @Test
    void theStrategyNeverSeesAnEventBeforeTheVenueAndItsOrdersActOnlyOnLaterEvents() throws Exception {
        // A strategy that buys at market on seeing the 101 ask: with zero latency it still arrives
        // after the event it saw, and the trade it saw does not fill it.
        Scenario s = new Scenario()
                .book(1 * S, "100:1", "101:1")
                .trade(2 * S, "101", "1", Side.BUY)
                .change(2 * S, "", "101:0 105:1")
                .change(3 * S, "", "104:1");
        List<String> log = new ArrayList<>();
        List<Long> seen = new ArrayList<>();
        Backtest.Result r = run(s, Duration.ZERO, (ctx, e) -> {
            seen.add(e.receiveTime());
            assertThat(e.receiveTime()).as("now is the event's receive time").isEqualTo(ctx.now());
            if (e instanceof Trade) {
                ctx.orders().submit(OrderRequest.market(Scenario.BTC, Side.BUY, d("1")));
            }
        }, log);
        assertThat(seen).containsExactly(1 * S, 2 * S, 2 * S, 3 * S);
        // Sent on the trade at 2 s, it reaches the venue before the next event (the change at 2 s
        // that the strategy had not seen): the book then still shows 101 at 1.
        assertThat(r.fills()).singleElement().satisfies(f -> {
            assertThat(f.price()).isEqualByComparingTo("101");
            assertThat(f.time()).isEqualTo(2 * S);
        });
        assertThat(log.indexOf("fill BUY 1 @ 101 TAKER at 2")).isGreaterThan(log.indexOf("trade 101 at 2"));
    }

    @Test
    void aLimitOrderNeverFillsBetterThanTheBookOrTheTradesOffered() throws Exception {
        // Buy limit 102 against asks at 101 (1) and 103: takes 101 as taker (at 101, not 102), rests
        // the rest at 102; a later trade at 101.5 (through it) fills it at 102, its own price.
        Scenario s = new Scenario()
                .book(1 * S, "100:1", "101:1 103:1")
                .change(2 * S, "", "101:0")
                .trade(3 * S, "101.5", "0.2", Side.SELL);
        List<String> log = new ArrayList<>();
        Backtest.Result r = run(s, Duration.ofMillis(100), (ctx, e) -> {
            if (ctx.now() == 1 * S) {
                ctx.orders().submit(OrderRequest.limit(Scenario.BTC, Side.BUY, d("2"), d("102")));
            }
        }, log);
        assertThat(r.fills()).extracting(f -> f.price().stripTrailingZeros().toPlainString() + " " + f.liquidity())
                .containsExactly("101 TAKER", "102 MAKER");
        for (Fill f : r.fills()) {
            assertThat(f.price()).isLessThanOrEqualTo(d("102"));
        }
    }

    @Test
    void stopsPostOnlyIocFokReduceOnlyCancelAndReplace() throws Exception {
        Scenario s = new Scenario()
                .book(1 * S, "100:1 99:2", "101:1 102:2")
                .trade(2 * S, "101", "0.1", Side.BUY)
                .trade(3 * S, "102", "0.1", Side.BUY)    // triggers the buy stop at 102
                .change(4 * S, "", "102:0 103:5")
                .trade(5 * S, "103", "0.1", Side.BUY)
                .change(6 * S, "100:0", "")
                .trade(7 * S, "99", "3", Side.SELL)
                .trade(8 * S, "101", "1", Side.BUY);     // through the replaced sell at 100.5
        List<String> log = new ArrayList<>();
        long[] ids = new long[8];
        Backtest.Result r = run(s, Duration.ofMillis(1), (ctx, e) -> {
            long t = ctx.now();
            if (t == 1 * S && e instanceof BookChange) {
                ids[0] = ctx.orders().submit(OrderRequest.stop(Scenario.BTC, Side.BUY, d("1"), d("102"))).id();
                ids[1] = ctx.orders().submit(OrderRequest.limit(Scenario.BTC, Side.BUY, d("1"), d("101")).withPostOnly()).id();
                ids[2] = ctx.orders().submit(OrderRequest.limit(Scenario.BTC, Side.SELL, d("5"), d("99")).withFok()).id();
                ids[3] = ctx.orders().submit(OrderRequest.limit(Scenario.BTC, Side.SELL, d("1"), d("100")).withReduceOnly()).id();
                ids[4] = ctx.orders().submit(OrderRequest.limit(Scenario.BTC, Side.BUY, d("3"), d("101.5")).withIoc()).id();
                ids[5] = ctx.orders().submit(OrderRequest.limit(Scenario.BTC, Side.BUY, d("1"), d("98"))).id();
            }
            if (t == 5 * S) {
                ctx.orders().cancel(ids[5]);
                ids[6] = ctx.orders().submit(OrderRequest.limit(Scenario.BTC, Side.SELL, d("0.5"), d("110"))).id();
                ctx.orders().replace(ids[6], d("0.5"), d("100.5"));
            }
        }, log);
        assertThat(log).as(String.join("\n", log)).contains(
                "order " + ids[1] + " REJECTED: post-only order would take liquidity",
                "order " + ids[2] + " CANCELED: fill-or-kill: not enough at once within the limit",
                "order " + ids[3] + " REJECTED: reduce-only with no position to reduce",
                "order " + ids[4] + " CANCELED: immediate-or-cancel: the rest is canceled",
                "order " + ids[5] + " CANCELED: canceled");
        // The IOC took 101 (1) and not 102 (beyond its limit) at 1.001 s; the stop triggered on the
        // trade at 102 and bought 1 there; the sell, replaced to 100.5, rested and filled at its
        // price when 101 traded through it.
        assertThat(r.fills()).extracting(f -> f.side() + " " + f.quantity().stripTrailingZeros().toPlainString() + " @ "
                + f.price().stripTrailingZeros().toPlainString() + " " + f.liquidity() + " " + f.time() / 1000)
                .containsExactly("BUY 1 @ 101 TAKER 1001", "BUY 1 @ 102 TAKER 3000", "SELL 0.5 @ 100.5 MAKER 8000");
        var p = r.portfolio().position(Scenario.BTC);
        assertThat(p.quantity()).isEqualByComparingTo("1.5");
        assertThat(p.averagePrice()).isEqualByComparingTo("101.5");
        // 0.5 sold at 100.5 against an average of 101.5: realised -0.5.
        assertThat(p.realized()).isEqualByComparingTo("-0.5");
        assertThat(r.closedTrades()).singleElement().satisfies(x -> assertThat(x).isEqualByComparingTo(
                d("-0.5").subtract(d("100.5").multiply(d("0.5")).multiply(d("0.0002")))));
    }

    @Test
    void theSameInputsGiveTheSameFills() throws Exception {
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        for (List<String> log : List.of(first, second)) {
            Scenario s = new Scenario().book(1 * S, "100:1 99:2", "101:1 102:2").trade(2 * S, "100", "0.5", Side.SELL)
                    .trade(3 * S, "99", "2", Side.SELL).change(4 * S, "98:1", "100.5:1");
            run(s, Duration.ofMillis(5), (ctx, e) -> {
                if (e instanceof Trade) {
                    ctx.orders().submit(OrderRequest.limit(Scenario.BTC, Side.BUY, d("0.4"), d("99.5")));
                }
            }, log);
        }
        assertThat(first).isNotEmpty().isEqualTo(second);
    }
}
