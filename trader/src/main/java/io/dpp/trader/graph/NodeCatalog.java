package io.dpp.trader.graph;

import io.dpp.core.indicator.Indicators;
import io.dpp.trading.order.OrderType;
import io.dpp.trading.order.TimeInForce;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the engine knows about each node type, published for editors (the console's strategy
 * creator reads it from {@code GET /api/v1/graphs/nodes}, so that it never hard-codes a type, a
 * port, a field or a bound): the family, what the node does and when it fires, its output ports
 * with their kinds, and its fields: inputs (wired from another node's port, or a constant) with
 * the kind they take, and settings with their defaults, bounds and choices. Choices and bounds
 * come from the enums and constants the node classes use; {@code NodeCatalogTest} builds a node
 * of every type from this description and checks it against the engine (fields read, ports and
 * their kinds, choices and bounds accepted and refused).
 */
public final class NodeCatalog {

    /** An output port: its name and kind ({@code number} or {@code condition}). */
    public record Port(String name, String kind) {
    }

    /**
     * A field. {@code kind}: {@code input} (wired from a port or a constant of {@code takes}),
     * {@code inputs} (a list of such), {@code text}, {@code choice}, {@code integer}, {@code number},
     * {@code duration}, {@code flag} or {@code symbol}. {@code appliesWhen}: null, or
     * {@code {"field": [values]}} naming the choice that makes the field apply.
     */
    public record Field(String name, String kind, String takes, boolean required, String defaultValue, Double min,
                        Double max, List<String> choices, String doc, Map<String, List<String>> appliesWhen) {
    }

    /** A node type. */
    public record NodeType(String type, String family, String doc, String fires, List<Port> ports, List<Field> fields) {
    }

    private static final List<NodeType> TYPES = build();

    private NodeCatalog() {
    }

    /** Every node type, in the order of the docs (streams, series, logic, state, actions). */
    public static List<NodeType> types() {
        return TYPES;
    }

    private static Field symbol() {
        return new Field("symbol", "symbol", null, false, null, null, null, null,
                "Native or normalized instrument; empty: the run's first instrument", null);
    }

    private static Field input(String name, String takes, boolean required, String doc) {
        return new Field(name, "input", takes, required, null, null, null, null, doc, null);
    }

    private static Field choice(String name, String defaultValue, List<String> choices, String doc) {
        return new Field(name, "choice", null, defaultValue == null, defaultValue, null, null, choices, doc, null);
    }

    private static <E extends Enum<E>> List<String> names(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
    }

    private static List<Port> numbers(String... names) {
        return Arrays.stream(names).map(n -> new Port(n, "number")).toList();
    }

    private static List<NodeType> build() {
        List<NodeType> t = new ArrayList<>();
        t.add(new NodeType("candles", "streams", "Bars of the instrument's trades (on candle runs, the run's candles gathered"
                + " into bars of the interval)", "when a bar closes", numbers("close", "open", "high", "low", "volume", "trades", "time"),
                List.of(symbol(), new Field("interval", "duration", null, false, "1m", Nodes.MIN_BAR_MICROS / 1e6,
                        Nodes.MAX_BAR_MICROS / 1e6, null, "Bar length, e.g. 1m, 5s, 250ms (1ms to 1d)", null))));
        t.add(new NodeType("trades", "streams", "Each trade of the instrument; side is +1 for a buying aggressor, -1 selling",
                "on each trade", numbers("price", "amount", "side"), List.of(symbol())));
        t.add(new NodeType("quotes", "streams", "The best bid and ask as the venue quotes them", "on each quote",
                numbers("mid", "bid", "ask", "bid_size", "ask_size", "spread"), List.of(symbol())));
        t.add(new NodeType("book", "streams", "The order book's top; imbalance is (bid size - ask size) / (bid size + ask size)"
                + " over depth levels", "on each book change", numbers("mid", "bid", "ask", "bid_size", "ask_size", "spread", "imbalance"),
                List.of(symbol(), new Field("depth", "integer", null, false, "5", 1.0, (double) Nodes.MAX_DEPTH, null,
                        "Levels per side for the sizes and imbalance", null))));
        t.add(new NodeType("fills", "streams", "The strategy's own fills; side is +1 bought, -1 sold", "on each of its fills",
                numbers("price", "quantity", "side"), List.of(symbol())));
        t.add(new NodeType("history", "series", "A number's past: the value period updates ago, the change since, or the highest,"
                + " lowest, sum or mean of the last period values (NaN until the window is full)", "when its input fires",
                numbers("value"), List.of(input("input", "number", true, "The number to keep"),
                choice("op", null, names(SeriesNodes.HistoryOp.class), "What to take from the window"),
                new Field("period", "integer", null, false, "1", 1.0, (double) Nodes.MAX_PERIOD, null, "Window length, in updates", null))));
        for (String name : Indicators.names()) {
            boolean barsOnly = List.of("atr", "stochastic", "vwap", "obv").contains(name);
            List<Field> fields = new ArrayList<>();
            fields.add(new Field("input", "input", barsOnly ? "candles" : "number", true, null, null, null, null,
                    barsOnly ? "A candles node (it needs high, low, close" + (name.equals("vwap") || name.equals("obv") ? " and volume" : "")
                            + ")" : "A candles node (its closes) or any number", null));
            for (Map.Entry<String, String> p : Indicators.defaults(name).entrySet()) {
                boolean k = p.getKey().equals("k");
                fields.add(new Field(p.getKey(), k ? "number" : "integer", null, false, p.getValue(), k ? 0.0 : 1.0, k ? 100.0 : 10_000.0,
                        null, k ? "Standard deviations (above 0)" : "Length, in values", null));
            }
            t.add(new NodeType(name, "series", "The " + name + " indicator (docs/indicators.md)", "when its input fires",
                    numbers(Indicators.create(name, Map.of()).lines().toArray(String[]::new)), fields));
        }
        List<String> binary = new ArrayList<>();
        for (LogicNodes.MathOp op : LogicNodes.MathOp.values()) {
            if (!op.unary()) {
                binary.add(op.name().toLowerCase(Locale.ROOT));
            }
        }
        t.add(new NodeType("math", "logic", "Arithmetic on numbers; division by 0 is NaN", "when an input fires", numbers("value"),
                List.of(choice("op", null, names(LogicNodes.MathOp.class), "The operation"), input("a", "number", true, "First operand"),
                        new Field("b", "input", "number", true, null, null, null, null, "Second operand", Map.of("op", binary)))));
        t.add(new NodeType("compare", "logic", "Compares two numbers (false when either is NaN)", "when an input fires",
                List.of(new Port("value", "condition")), List.of(input("a", "number", true, "Left"),
                choice("op", null, Arrays.stream(LogicNodes.CompareOp.values()).map(o -> o.symbol).toList(), "The comparison"),
                input("b", "number", true, "Right"))));
        for (String any : List.of("and", "or")) {
            t.add(new NodeType(any, "logic", any.equals("and") ? "True when every input is true" : "True when any input is true",
                    "when an input fires", List.of(new Port("value", "condition")),
                    List.of(new Field("inputs", "inputs", "condition", true, null, null, null, null, "Conditions", null))));
        }
        t.add(new NodeType("not", "logic", "The opposite of a condition", "when its input fires", List.of(new Port("value", "condition")),
                List.of(input("input", "condition", true, "A condition"))));
        t.add(new NodeType("crossover", "logic", "True in the step where a crosses b (a was at or below b at the previous"
                + " evaluation with numbers, above now; or the reverse for below); never on the first", "when an input fires",
                List.of(new Port("value", "condition")), List.of(input("a", "number", true, "The line that crosses"),
                input("b", "number", true, "The line crossed"), choice("direction", "above", List.of("above", "below"), "Which way"))));
        t.add(new NodeType("decision", "logic", "then when the condition is true, else otherwise", "when an input fires",
                numbers("value"), List.of(input("if", "condition", true, "The condition"), input("then", "number", true, "When true"),
                input("else", "number", true, "When false"))));
        t.add(new NodeType("assets", "state", "The strategy's holding of the instrument and its account; read as it is, never fires",
                "never (read live)", numbers("position", "average_price", "unrealized", "realized", "cash", "equity"), List.of(symbol())));
        t.add(new NodeType("open_orders", "state", "The strategy's open orders; read as they are, never fires", "never (read live)",
                numbers("count", "buys", "sells"), List.of(new Field("symbol", "symbol", null, false, null, null, null, null,
                "Native or normalized instrument; empty: every instrument", null))));
        List<String> limitKinds = List.of("limit", "stop_limit");
        List<String> stopKinds = List.of("stop", "stop_limit");
        t.add(new NodeType("order", "actions", "Sends an order when its condition fired in this step and is true", "when it acted",
                List.of(new Port("done", "condition")), List.of(input("when", "condition", true, "When to send"), symbol(),
                choice("side", null, List.of("buy", "sell"), "Buy or sell"), choice("kind", "market", names(OrderType.class), "Order kind"),
                input("quantity", "number", true, "Quantity (its absolute value), cut down to the lot size"),
                new Field("price", "input", "number", true, null, null, null, null, "Limit price, rounded to the tick away from the market",
                        Map.of("kind", limitKinds)),
                new Field("stop", "input", "number", true, null, null, null, null, "Stop price", Map.of("kind", stopKinds)),
                choice("tif", "gtc", names(TimeInForce.class), "Time in force"),
                new Field("post_only", "flag", null, false, "false", null, null, null, "Only rest in the book, never take", null),
                new Field("reduce_only", "flag", null, false, "false", null, null, null, "Only reduce the position", null),
                new Field("tag", "text", null, false, null, null, null, null, "Tag on the orders (default: the node's id)", null))));
        t.add(new NodeType("cancel", "actions", "Cancels the strategy's open orders of the instrument when its condition fired and"
                + " is true", "when it acted", List.of(new Port("done", "condition")), List.of(input("when", "condition", true,
                "When to cancel"), symbol(), choice("side", "any", List.of("any", "buy", "sell"), "Which orders"))));
        List<String> missing = new ArrayList<>(Nodes.TYPES);
        missing.removeAll(t.stream().map(NodeType::type).toList());
        if (!missing.isEmpty()) {
            throw new IllegalStateException("node types without a catalogue entry: " + missing);
        }
        return List.copyOf(t);
    }

    /** The catalogue as plain maps and lists, for JSON. */
    public static List<Map<String, Object>> json() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (NodeType n : TYPES) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", n.type());
            m.put("family", n.family());
            m.put("doc", n.doc());
            m.put("fires", n.fires());
            m.put("ports", n.ports().stream().map(p -> Map.of("name", p.name(), "kind", p.kind())).toList());
            List<Map<String, Object>> fields = new ArrayList<>();
            for (Field f : n.fields()) {
                Map<String, Object> fm = new LinkedHashMap<>();
                fm.put("name", f.name());
                fm.put("kind", f.kind());
                if (f.takes() != null) {
                    fm.put("takes", f.takes());
                }
                fm.put("required", f.required());
                if (f.defaultValue() != null) {
                    fm.put("default", f.defaultValue());
                }
                if (f.min() != null) {
                    fm.put("min", f.min());
                    fm.put("max", f.max());
                }
                if (f.choices() != null) {
                    fm.put("choices", f.choices());
                }
                fm.put("doc", f.doc());
                if (f.appliesWhen() != null) {
                    fm.put("applies_when", f.appliesWhen());
                }
                fields.add(fm);
            }
            m.put("fields", fields);
            out.add(m);
        }
        return out;
    }
}
