package io.dpp.trader.backtest;

import io.dpp.trading.venue.FeeSchedule;
import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.model.Side;
import io.dpp.trader.graph.Graph;
import io.dpp.trader.graph.GraphStrategy;
import io.dpp.trading.order.Order;
import io.dpp.trading.order.OrderStatus;
import io.dpp.trading.order.OrderType;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Node types that the example graphs do not reach, each run by the backtest engine on scripted
 * events: the book node's imbalance over its top {@code depth} levels, the decision node picking
 * a number by a condition, and stop-limit orders (no fill before the trigger, a limit after it).
 */
class GraphNodesTest {

    private static final long S = 1_000_000;

    private static Backtest.Result run(String nodes, Scenario sc) throws Exception {
        String json = "{\"name\":\"t\",\"nodes\":[" + nodes + "]}";
        BacktestSettings settings = new BacktestSettings(Duration.ofMillis(1),
                FeeSchedule.flat(new BigDecimal("0.0002"), new BigDecimal("0.001")),
                Map.of("USDT", new BigDecimal("100000")), Duration.ofSeconds(1), Map.of());
        return new Backtest(new GraphStrategy(Graph.parse(json)), settings).run(sc);
    }

    @Test
    void theBookImbalanceCountsTheTopDepthLevelsAndADecisionPicksThePrice() throws Exception {
        // A bid at the best bid while the bids outweigh the asks (imbalance >= 0.5 over the top two
        // levels), else at the best ask; the tag says which branch fired.
        String nodes = """
                {"id": "b", "type": "book", "depth": 2},
                {"id": "tilt", "type": "compare", "a": "b.imbalance", "op": ">=", "b": 0.5},
                {"id": "flat", "type": "not", "input": "tilt"},
                {"id": "px", "type": "decision", "if": "tilt", "then": "b.bid", "else": "b.ask"},
                {"id": "on_tilt", "type": "order", "when": "tilt", "side": "buy", "kind": "limit", "quantity": 0.001, "price": "px"},
                {"id": "on_flat", "type": "order", "when": "flat", "side": "buy", "kind": "limit", "quantity": 0.001, "price": "px"}
                """;
        Scenario sc = new Scenario()
                .book(S, "99:1 98:1", "101:1 102:1") // (2 - 2) / 4 = 0: flat, the ask
                .change(2 * S, "99:7", "") // (8 - 2) / 10 = 0.6: tilted, the bid
                .change(3 * S, "", "103:20") // a third ask level, beyond depth 2: still 0.6
                .change(4 * S, "", "101:3"); // (8 - 4) / 12 = 0.33: flat again
        Backtest.Result r = run(nodes, sc);
        assertThat(r.orders()).extracting(o -> o.request().tag() + " " + o.request().limitPrice().toPlainString())
                .containsExactly("on_flat 101", "on_tilt 99", "on_tilt 99", "on_flat 101");
    }

    @Test
    void aStopLimitOrderWaitsForItsTriggerThenRestsAsALimit() throws Exception {
        // Once, while flat with no order open: a buy stop-limit 2 above the trade, limit 3 above it.
        String nodes = """
                {"id": "t", "type": "trades"},
                {"id": "open", "type": "open_orders"},
                {"id": "mine", "type": "assets"},
                {"id": "none", "type": "compare", "a": "open.count", "op": "==", "b": 0},
                {"id": "flat", "type": "compare", "a": "mine.position", "op": "==", "b": 0},
                {"id": "traded", "type": "compare", "a": "t.price", "op": ">", "b": 0},
                {"id": "go", "type": "and", "inputs": ["none", "flat", "traded"]},
                {"id": "stop", "type": "math", "a": "t.price", "op": "add", "b": 2},
                {"id": "limit", "type": "math", "a": "t.price", "op": "add", "b": 3},
                {"id": "entry", "type": "order", "when": "go", "side": "buy", "kind": "stop_limit", "quantity": 1,
                 "stop": "stop", "price": "limit"}
                """;
        Scenario sc = new Scenario()
                .book(0, "99:100", "101:100") // the limit (103) would take this ask at once: it must not
                .trade(S, "100", "1", Side.SELL) // places the order: stop 102, limit 103
                .trade(2 * S, "101", "1", Side.BUY) // below the stop: nothing
                .book(2 * S + 500_000, "101:100", "102.5:100")
                .trade(3 * S, "102", "1", Side.BUY); // the trigger
        Backtest.Result r = run(nodes, sc);
        assertThat(r.orders()).hasSize(1);
        Order o = r.orders().get(0);
        assertThat(o.request().type()).isEqualTo(OrderType.STOP_LIMIT);
        assertThat(o.request().stopPrice()).isEqualByComparingTo("102");
        assertThat(o.request().limitPrice()).isEqualByComparingTo("103");
        assertThat(o.createdTime()).isEqualTo(S);
        assertThat(o.status()).isEqualTo(OrderStatus.FILLED);
        assertThat(r.fills()).hasSize(1);
        assertThat(r.fills().get(0).time()).as("not before the trigger").isGreaterThanOrEqualTo(3 * S);
        assertThat(r.fills().get(0).price()).as("the ask it takes, within its limit").isEqualByComparingTo("102.5");
    }
}
