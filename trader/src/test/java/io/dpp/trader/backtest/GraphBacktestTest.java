package io.dpp.trader.backtest;

import io.dpp.trading.venue.FeeSchedule;
import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.model.Side;
import io.dpp.trader.examples.SmaCrossover;
import io.dpp.trader.graph.Graph;
import io.dpp.trader.graph.GraphStrategy;
import io.dpp.trading.order.Order;
import io.dpp.trading.order.OrderType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The example node graphs run by the same engine as Java strategies. */
class GraphBacktestTest {

    private static final long S = 1_000_000;

    private static BacktestSettings settings(Map<String, String> params) {
        return new BacktestSettings(Duration.ofMillis(1), FeeSchedule.flat(new BigDecimal("0.0002"), new BigDecimal("0.001")),
                Map.of("USDT", new BigDecimal("100000")), Duration.ofSeconds(1), params);
    }

    private static GraphStrategy example(String name) {
        return new GraphStrategy(Graph.parse(BacktestRun.builtInGraph(name)));
    }

    /** A random walk: a trade every 50-350 ms and the book around it, 0.5 wide, after each. */
    private static Scenario walk(long seed, int steps) {
        Random random = new Random(seed);
        Scenario sc = new Scenario();
        long t = S;
        int cents = 10_000_00;
        for (int i = 0; i < steps; i++) {
            t += (50 + random.nextInt(300)) * 1_000L;
            cents += random.nextInt(41) - 20;
            String p = BigDecimal.valueOf(cents, 2).toPlainString();
            sc.trade(t, p, "0.5", random.nextBoolean() ? Side.BUY : Side.SELL);
            sc.book(t + 1, BigDecimal.valueOf(cents - 25, 2) + ":5 " + BigDecimal.valueOf(cents - 50, 2) + ":20",
                    BigDecimal.valueOf(cents + 25, 2) + ":5 " + BigDecimal.valueOf(cents + 50, 2) + ":20");
        }
        return sc;
    }

    @Test
    void theSmaCrossoverGraphTradesExactlyLikeTheJavaStrategy() throws Exception {
        Backtest.Result java = new Backtest(new SmaCrossover(), settings(Map.of("fast", "3", "slow", "8", "bar", "1s", "size", "0.2")))
                .run(walk(7, 4000));
        Backtest.Result graph = new Backtest(example("sma-crossover"), settings(Map.of("fast", "3", "slow", "8", "interval", "1s",
                "size", "0.2"))).run(walk(7, 4000));
        assertThat(java.fills()).hasSizeGreaterThan(20);
        assertThat(graph.orders()).extracting(GraphBacktestTest::describe).containsExactlyElementsOf(
                java.orders().stream().map(GraphBacktestTest::describe).toList());
        assertThat(graph.fills()).isEqualTo(java.fills());
        assertThat(graph.portfolio().equity()).isEqualByComparingTo(java.portfolio().equity());
        // Naming the instrument changes nothing.
        Backtest.Result named = new Backtest(example("sma-crossover"), settings(Map.of("fast", "3", "slow", "8", "interval", "1s",
                "size", "0.2", "symbol", "BTCUSDT"))).run(walk(7, 4000));
        assertThat(named.fills()).isEqualTo(java.fills());
    }

    private static String describe(Order o) {
        return o.createdTime() + " " + o.request().side() + " " + o.request().quantity().toPlainString() + " "
                + o.request().tag() + " " + o.status();
    }

    /** One trade a second, half-way through each one-second bar, against a book at 99 / 101. */
    private static Scenario bars(double... closes) {
        Scenario sc = new Scenario().book(0, "99:100", "101:100");
        for (int i = 0; i < closes.length; i++) {
            sc.trade((i + 1) * S + 500_000, BigDecimal.valueOf(closes[i]).toPlainString(), "1", Side.SELL);
        }
        return sc;
    }

    @Test
    void theRsiGraphBidsBelowTheCloseWhenOversoldAndSellsOnTheRecovery() throws Exception {
        // RSI(3), Wilder: 100 after three rises, 66.7, 33.3, then 19.0 at the close of 98 (a cross below 30);
        // the trade at 97 fills the bid; at 99 RSI is 50.5 (a cross above 50): sell.
        Backtest.Result r = new Backtest(example("rsi-mean-reversion"), settings(Map.of("interval", "1s", "period", "3",
                "oversold", "30", "exit", "50", "discount", "0.001", "size", "2")))
                .run(bars(100, 101, 102, 103, 102, 100, 98, 97, 99, 101, 103));
        assertThat(r.orders()).hasSize(2);
        Order entry = r.orders().get(0);
        assertThat(entry.request().type()).isEqualTo(OrderType.LIMIT);
        assertThat(entry.request().side()).isEqualTo(Side.BUY);
        assertThat(entry.createdTime()).as("at the close of the bar of 98").isEqualTo(8 * S);
        assertThat(entry.request().limitPrice()).isEqualByComparingTo(limitBelow(98 * (1 - 0.001)));
        assertThat(entry.filled()).isEqualByComparingTo("2");
        assertThat(r.fills().get(0).price()).as("at its own price, never better").isEqualByComparingTo(entry.request().limitPrice());
        Order exit = r.orders().get(1);
        assertThat(exit.createdTime()).as("at the close of the bar of 99").isEqualTo(10 * S);
        assertThat(exit.request().side()).isEqualTo(Side.SELL);
        assertThat(exit.request().reduceOnly()).isTrue();
        assertThat(exit.request().tag()).isEqualTo("recovered");
        assertThat(r.fills().get(1).price()).isEqualByComparingTo("99");
        assertThat(r.portfolio().position(Scenario.BTC).quantity()).isEqualByComparingTo("0");
    }

    private static BigDecimal limitBelow(double price) {
        return BigDecimal.valueOf(price).setScale(8, RoundingMode.FLOOR).stripTrailingZeros();
    }

    @Test
    void anUnfilledRsiEntryIsCanceledAtTheNextBar() throws Exception {
        Backtest.Result r = new Backtest(example("rsi-mean-reversion"), settings(Map.of("interval", "1s", "period", "3",
                "discount", "0.01", "size", "2"))).run(bars(100, 101, 102, 103, 102, 100, 98, 98.5, 99));
        assertThat(r.orders()).isNotEmpty();
        assertThat(r.orders().get(0).status().name()).isEqualTo("CANCELED");
        assertThat(r.orders().get(0).reason()).isEqualTo("canceled");
        assertThat(r.orders().get(0).updatedTime()).isEqualTo(9 * S + 1_000);
        assertThat(r.fills()).isEmpty();
    }

    @Test
    void theBreakoutGraphBuysTheBreakAndProtectsTheFillWithAStop() throws Exception {
        Scenario sc = new Scenario().book(0, "99:100", "101:100");
        // Ten quiet bars between 99 and 101, then a close at 105, then a slide that hits the stop.
        double[] closes = {100, 101, 99, 100, 101, 99, 100, 101, 99, 100, 105, 104, 103, 90};
        for (int i = 0; i < closes.length; i++) {
            long t = (i + 1) * S;
            if (i == 11) {
                sc.book(t, "104:100", "106:100");
            }
            sc.trade(t + 500_000, BigDecimal.valueOf(closes[i]).toPlainString(), "1", Side.BUY);
        }
        Backtest.Result r = new Backtest(example("breakout"), settings(Map.of("interval", "1s", "entry", "5", "exit", "5",
                "atr", "3", "stop_atr", "1", "size", "1"))).run(sc);
        assertThat(r.orders()).extracting(o -> o.request().tag()).startsWith("breakout", "stop");
        Order buy = r.orders().get(0);
        Order stop = r.orders().get(1);
        assertThat(buy.request().type()).isEqualTo(OrderType.MARKET);
        assertThat(buy.filled()).isEqualByComparingTo("1");
        assertThat(stop.request().type()).isEqualTo(OrderType.STOP);
        assertThat(stop.request().reduceOnly()).isTrue();
        // placed after the buy filled, below its price
        assertThat(stop.createdTime()).isGreaterThanOrEqualTo(r.fills().get(0).time());
        assertThat(stop.request().stopPrice()).isLessThan(r.fills().get(0).price());
        assertThat(stop.filled()).as("the slide to 90 triggers the stop").isEqualByComparingTo("1");
        assertThat(r.portfolio().position(Scenario.BTC).quantity()).isEqualByComparingTo("0");
    }
}
