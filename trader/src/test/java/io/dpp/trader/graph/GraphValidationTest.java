package io.dpp.trader.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dpp.trader.backtest.BacktestRun;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A graph is checked on load; every problem is named by node and field. */
class GraphValidationTest {

    /** A small valid graph with {@code extra} nodes appended (JSON objects, comma-led). */
    private static String graph(String nodes) {
        return """
                {"name": "t", "params": {"fast": 2, "slow": 5},
                 "nodes": [
                  {"id": "bars", "type": "candles", "interval": "1s"},
                  {"id": "fast", "type": "sma", "input": "bars.close", "period": "$fast"},
                  {"id": "slow", "type": "sma", "input": "bars.close", "period": "$slow"},
                  {"id": "up", "type": "crossover", "a": "fast", "b": "slow"},
                  {"id": "buy", "type": "order", "when": "up", "side": "buy", "quantity": 1}
                  %s
                 ]}""".formatted(nodes);
    }

    private static String problem(String text) {
        try {
            Graph.parse(text);
        } catch (GraphException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + text);
    }

    @Test
    void theExampleGraphsAreValid() {
        for (String name : BacktestRun.GRAPHS) {
            Graph g = Graph.parse(BacktestRun.builtInGraph(name));
            assertThat(g.name()).isEqualTo(name);
            assertThat(g.description()).isNotBlank();
            assertThat(g.parameters()).containsKeys("symbol", "interval", "size");
            assertThat(g.sha256()).hasSize(64);
            g.check(Map.of("interval", "5s", "size", "0.5"));
        }
    }

    @Test
    void theSameGraphHasTheSameCanonicalTextWhateverItsLayout() {
        Graph a = Graph.parse(graph(""));
        Graph b = Graph.parse(graph("").replace("\n", " ").replace("  ", " "));
        assertThat(b.canonical()).isEqualTo(a.canonical());
        assertThat(b.sha256()).isEqualTo(a.sha256());
    }

    @Test
    void problemsNameTheNodeAndTheField() {
        assertThat(problem(graph(",{\"id\": \"x\", \"type\": \"smaa\"}"))).contains("node \"x\" (smaa): unknown type \"smaa\"; types: candles,");
        assertThat(problem(graph("").replace("\"input\": \"bars.close\", \"period\": \"$fast\"", "\"input\": \"barz\", \"period\": \"$fast\"")))
                .contains("node \"fast\" (sma): field \"input\": no node \"barz\"; nodes: bars, fast, slow, up, buy");
        assertThat(problem(graph("").replace("\"bars.close\", \"period\": \"$slow\"", "\"bars.closing\", \"period\": \"$slow\"")))
                .contains("node \"slow\" (sma): field \"input\": node \"bars\" (candles) has no port \"closing\"; its ports: close, open, high, low,");
        assertThat(problem(graph("").replace("\"when\": \"up\"", "\"when\": \"fast\"")))
                .contains("node \"buy\" (order): field \"when\" must be a condition (true/false), but fast.value is a number");
        assertThat(problem(graph("").replace("\"period\": \"$fast\"", "\"perod\": \"$fast\"")))
                .contains("node \"fast\" (sma): unknown field \"perod\"; sma takes input, period");
        assertThat(problem(graph("").replace("\"period\": \"$fast\"", "\"period\": \"$fats\"")))
                .contains("node \"fast\" (sma): \"$fats\" names no parameter; parameters: fast, slow");
        assertThat(problem(graph("").replace("\"side\": \"buy\"", "\"side\": \"long\"")))
                .contains("node \"buy\" (order): field \"side\" must be one of buy, sell, got \"long\"");
        assertThat(problem(graph("").replace("\"period\": \"$fast\"", "\"period\": 0")))
                .contains("node \"fast\" (sma): ");
        assertThat(problem(graph(",{\"id\": \"fast\", \"type\": \"ema\", \"input\": \"bars\"}")))
                .contains("node #6: id \"fast\" is used by an earlier node");
        assertThat(problem(graph(",{\"id\": \"a\", \"type\": \"math\", \"op\": \"add\", \"a\": \"b\", \"b\": 1},"
                + "{\"id\": \"b\", \"type\": \"math\", \"op\": \"mul\", \"a\": \"a\", \"b\": \"bars.close\"}")))
                .contains("the nodes form a cycle: \"a\" -> \"b\" -> \"a\"");
        assertThat(problem(graph(",{\"id\": \"r\", \"type\": \"atr\", \"input\": \"bars.close\"}")))
                .contains("node \"r\" (atr): field \"input\" must name a candles node (atr needs high, low, close of bars)");
        assertThat(problem(graph(",{\"id\": \"h\", \"type\": \"assets\"}, {\"id\": \"flat\", \"type\": \"compare\", \"a\": \"h\", \"op\": \"<=\", \"b\": 0},"
                + "{\"id\": \"s\", \"type\": \"order\", \"when\": \"flat\", \"side\": \"sell\", \"quantity\": 1}")))
                .contains("node \"s\" (order): field \"when\": flat depends on no stream, so it never fires");
        assertThat(problem(graph(",{\"id\": \"l\", \"type\": \"order\", \"when\": \"up\", \"side\": \"buy\", \"quantity\": 1, \"kind\": \"limit\"}")))
                .contains("node \"l\" (order): field \"price\" is required (a number)");
        assertThat(problem(graph("").replace(",\n  {\"id\": \"buy\"", ",\n  {\"id\": \"nobuy\"").replace("\"type\": \"order\", \"when\": \"up\", \"side\": \"buy\", \"quantity\": 1", "\"type\": \"not\", \"input\": \"up\"")))
                .contains("the graph places no orders: add an order node");
        assertThat(problem("{\"name\": \"t\", \"nodes\": [")).contains("not JSON: ").contains("line 1");
        assertThat(problem("{\"name\": \"t\", \"nodes\": [], \"colour\": 1}")).contains("unknown field \"colour\"")
                .contains("field \"nodes\" must be a non-empty array of nodes");
    }

    @Test
    void everyProblemIsListedAtOnce() {
        String text = graph("").replace("\"period\": \"$fast\"", "\"perod\": \"$fast\"").replace("\"side\": \"buy\"", "\"side\": \"long\"");
        assertThatThrownBy(() -> Graph.parse(text)).isInstanceOfSatisfying(GraphException.class,
                e -> assertThat(e.problems()).hasSize(2));
    }

    @Test
    void runParametersAreCheckedToo() {
        Graph g = Graph.parse(graph(""));
        assertThatThrownBy(() -> g.check(Map.of("fats", "3"))).hasMessageContaining(
                "parameter \"fats\" is not one of the graph's (did you mean \"fast\"?): fast, slow");
        assertThatThrownBy(() -> g.check(Map.of("fast", "three"))).hasMessageContaining("node \"fast\" (sma): ");
    }
}
