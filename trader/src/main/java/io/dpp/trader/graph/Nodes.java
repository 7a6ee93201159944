package io.dpp.trader.graph;

import java.util.List;

/**
 * The node types of a graph (docs/graphs.md) and the factory that makes them from their JSON. Each
 * family lives in its own file: {@link StreamNodes}, {@link SeriesNodes}, {@link LogicNodes},
 * {@link StateNodes}, {@link ActionNodes}; {@link ValueNodes} holds the bases of one-port nodes.
 * Every choice a node's JSON makes (operators, order kinds, sides) is resolved here, when the
 * graph loads, never per event.
 */
final class Nodes {

    /** Longest window of a history node, values. */
    static final int MAX_PERIOD = 100_000;
    /** Most levels per side a book node reports. */
    static final int MAX_DEPTH = 1_000;
    /** Shortest and longest bar of a candles node, microseconds. */
    static final long MIN_BAR_MICROS = 1_000;
    static final long MAX_BAR_MICROS = 86_400_000_000L;

    /** Node types by name, for the error that names an unknown one. */
    static final List<String> TYPES = List.of("candles", "trades", "quotes", "book", "fills", "history",
            "sma", "ema", "wma", "rsi", "macd", "bollinger", "atr", "stochastic", "vwap", "obv",
            "math", "compare", "and", "or", "not", "crossover", "decision", "assets", "open_orders", "order", "cancel");

    private Nodes() {
    }

    /** A node's {@code symbol}; null (the run's first instrument) when absent or blank. */
    static String symbol(Graph.NodeSpec s) {
        String v = s.text("symbol", null);
        return v == null || v.isBlank() ? null : v.trim();
    }

    static Node create(Graph.NodeSpec s) {
        return switch (s.type) {
            case "candles" -> new StreamNodes.Candles(s);
            case "trades" -> new StreamNodes.Trades(s);
            case "quotes" -> new StreamNodes.Quotes(s);
            case "book" -> new StreamNodes.Book(s);
            case "fills" -> new StreamNodes.Fills(s);
            case "history" -> new SeriesNodes.History(s);
            case "sma", "ema", "wma", "rsi", "macd", "bollinger", "atr", "stochastic", "vwap", "obv" -> new SeriesNodes.IndicatorNode(s);
            case "math" -> new LogicNodes.MathNode(s);
            case "compare" -> new LogicNodes.Compare(s);
            case "and", "or" -> new LogicNodes.AnyAll(s);
            case "not" -> new LogicNodes.Not(s);
            case "crossover" -> new LogicNodes.Crossover(s);
            case "decision" -> new LogicNodes.Decision(s);
            case "assets" -> new StateNodes.Assets(s);
            case "open_orders" -> new StateNodes.OpenOrders(s);
            case "order" -> new ActionNodes.OrderNode(s);
            case "cancel" -> new ActionNodes.CancelNode(s);
            default -> throw new Graph.NodeSpec.Problem((s.type.isEmpty() ? "field \"type\" is required" : "unknown type \"" + s.type + "\"")
                    + "; types: " + String.join(", ", TYPES));
        };
    }
}
