package io.dpp.trader.graph;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.indicator.Indicator;
import io.dpp.core.indicator.Indicators;
import io.dpp.core.indicator.SeriesIndicator;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.Candle;
import io.dpp.core.model.Quote;
import io.dpp.core.model.Side;
import io.dpp.core.model.Trade;
import io.dpp.runtime.config.DurationConverter;
import io.dpp.book.LadderBook;
import io.dpp.trader.order.Fill;
import io.dpp.trader.order.Order;
import io.dpp.trader.order.OrderRequest;
import io.dpp.trader.portfolio.Position;
import io.dpp.trader.strategy.StrategyContext;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The node types of a graph (docs/graphs.md) and the factory that makes them from their JSON. */
final class Nodes {

    /** Node types by name, for the error that names an unknown one. */
    /** Longest window of a history node, values. */
    static final int MAX_PERIOD = 100_000;
    /** Most levels per side a book node reports. */
    static final int MAX_DEPTH = 1_000;
    /** Shortest and longest bar of a candles node, microseconds. */
    static final long MIN_BAR_MICROS = 1_000;
    static final long MAX_BAR_MICROS = 86_400_000_000L;

    static final List<String> TYPES = List.of("candles", "trades", "quotes", "book", "fills", "history",
            "sma", "ema", "wma", "rsi", "macd", "bollinger", "atr", "stochastic", "vwap", "obv",
            "math", "compare", "and", "or", "not", "crossover", "decision", "assets", "open_orders", "order", "cancel");

    private Nodes() {
    }

    /** A node's {@code symbol}; null (the run's first instrument) when absent or blank. */
    private static String symbol(Graph.NodeSpec s) {
        String v = s.text("symbol", null);
        return v == null || v.isBlank() ? null : v.trim();
    }

    static Node create(Graph.NodeSpec s) {
        return switch (s.type) {
            case "candles" -> new Candles(s);
            case "trades" -> new Trades(s);
            case "quotes" -> new Quotes(s);
            case "book" -> new Book(s);
            case "fills" -> new Fills(s);
            case "history" -> new History(s);
            case "sma", "ema", "wma", "rsi", "macd", "bollinger", "atr", "stochastic", "vwap", "obv" -> new IndicatorNode(s);
            case "math" -> new MathNode(s);
            case "compare" -> new Compare(s);
            case "and", "or" -> new AnyAll(s);
            case "not" -> new Not(s);
            case "crossover" -> new Crossover(s);
            case "decision" -> new Decision(s);
            case "assets" -> new Assets(s);
            case "open_orders" -> new OpenOrders(s);
            case "order" -> new OrderNode(s);
            case "cancel" -> new CancelNode(s);
            default -> throw new Graph.NodeSpec.Problem((s.type.isEmpty() ? "field \"type\" is required" : "unknown type \"" + s.type + "\"")
                    + "; types: " + String.join(", ", TYPES));
        };
    }

    // ---------------------------------------------------------------- streams

    /** A node fed by market events of one instrument (its {@code symbol}, or the run's first instrument). */
    abstract static class Stream extends Node {
        final String symbol;
        private Instrument bound;

        Stream(Graph.NodeSpec s) {
            super(s.id, s.type);
            symbol = symbol(s);
        }

        /** True when events of {@code i} feed this node. */
        final boolean follows(Instrument i, GraphRuntime rt) {
            if (bound == null) {
                Instrument named = rt.instrument(symbol);
                if (named == null || !named.equals(i)) {
                    return false;
                }
                bound = named;
            }
            return bound.equals(i);
        }

        void onTrade(Trade t, GraphRuntime rt) {
        }

        void onCandle(Candle c, GraphRuntime rt) {
        }

        void onQuote(Quote q, GraphRuntime rt) {
        }

        void onBookChange(BookChange b, GraphRuntime rt) {
        }

        void onFill(Fill f, GraphRuntime rt) {
        }

        /** A timer is due at {@code time}. */
        void onTimer(long time, GraphRuntime rt) {
        }

        final void fire(GraphRuntime rt) {
            fired = rt.step();
        }
    }

    /** A stream whose ports are numbers held in an array, NaN until the first event. */
    abstract static class ValueStream extends Stream {
        private final List<String> ports;
        final double[] v;

        ValueStream(Graph.NodeSpec s, String... ports) {
            super(s);
            this.ports = List.of(ports);
            this.v = new double[ports.length];
            java.util.Arrays.fill(v, Double.NaN);
        }

        @Override
        final List<String> ports() {
            return ports;
        }

        @Override
        final double number(int port) {
            return v[port];
        }
    }

    /**
     * Bars of {@code interval} (default 1m): from trades, cut by the run's clock (receive time) and
     * closed by a timer at their end; from candles (a run on candles), the candles gathered into
     * bars of the interval, a whole multiple of theirs. A bar without trades is skipped. Fires at
     * each close.
     */
    static final class Candles extends Stream {
        private static final List<String> PORTS = List.of("close", "open", "high", "low", "volume", "trades", "time");
        final long interval;
        private double open = Double.NaN;
        private double high;
        private double low;
        private double close = Double.NaN;
        private double volume;
        private long trades;
        private long start;
        // the bar being built
        private boolean building;
        private long barStart;
        private long barEnd;
        private double bOpen;
        private double bHigh;
        private double bLow;
        private double bClose;
        private double bVolume;
        private long bTrades;

        Candles(Graph.NodeSpec s) {
            super(s);
            String text = s.text("interval", "1m");
            Duration d;
            try {
                d = new DurationConverter().convert(text);
            } catch (RuntimeException e) {
                throw new Graph.NodeSpec.Problem("field \"interval\" must be a duration such as 1m, 5s or 250ms, got \"" + text + "\"");
            }
            interval = d.toNanos() / 1_000;
            if (interval < MIN_BAR_MICROS || interval > MAX_BAR_MICROS) {
                throw new Graph.NodeSpec.Problem("field \"interval\" must be from 1ms to 1d, got \"" + text + "\"");
            }
        }

        @Override
        List<String> ports() {
            return PORTS;
        }

        @Override
        double number(int port) {
            return switch (port) {
                case 0 -> close;
                case 1 -> open;
                case 2 -> high;
                case 3 -> low;
                case 4 -> volume;
                case 5 -> trades;
                default -> start;
            };
        }

        @Override
        void onTrade(Trade t, GraphRuntime rt) {
            long now = rt.context().now();
            if (building && now >= barEnd) {
                close(rt); // the timer is due at the same time, after this event; never expected
            }
            double p = Decimal64.toDouble(t.price());
            double a = Decimal64.toDouble(t.amount());
            if (!building) {
                barStart = now - Math.floorMod(now, interval);
                barEnd = barStart + interval;
                rt.context().timerAt(barEnd);
                begin(p, p, p, p, a, 1);
            } else {
                add(p, p, p, a, 1);
            }
        }

        @Override
        void onTimer(long time, GraphRuntime rt) {
            if (building && time >= barEnd) {
                close(rt);
            }
        }

        @Override
        void onCandle(Candle c, GraphRuntime rt) {
            if (interval % c.intervalMicros() != 0) {
                throw new IllegalStateException(this + ": bars of " + Duration.ofNanos(interval * 1_000)
                        + " cannot be made of the run's candles of " + Duration.ofNanos(c.intervalMicros() * 1_000)
                        + "; use a whole multiple of them");
            }
            long bucket = c.openTime() - Math.floorMod(c.openTime(), interval);
            if (building && bucket != barStart) {
                close(rt);
            }
            double o = Decimal64.toDouble(c.open());
            double h = Decimal64.toDouble(c.high());
            double l = Decimal64.toDouble(c.low());
            double cl = Decimal64.toDouble(c.close());
            double v = Decimal64.toDouble(c.volume());
            if (!building) {
                barStart = bucket;
                barEnd = bucket + interval;
                begin(o, h, l, cl, v, c.tradeCount());
            } else {
                add(h, l, cl, v, c.tradeCount());
            }
            if (c.openTime() + c.intervalMicros() >= barEnd) {
                close(rt);
            }
        }

        private void begin(double o, double h, double l, double c, double v, long n) {
            building = true;
            bOpen = o;
            bHigh = h;
            bLow = l;
            bClose = c;
            bVolume = v;
            bTrades = n;
        }

        private void add(double h, double l, double c, double v, long n) {
            bHigh = Math.max(bHigh, h);
            bLow = Math.min(bLow, l);
            bClose = c;
            bVolume += v;
            bTrades += n;
        }

        private void close(GraphRuntime rt) {
            building = false;
            open = bOpen;
            high = bHigh;
            low = bLow;
            close = bClose;
            volume = bVolume;
            trades = bTrades;
            start = barStart;
            fire(rt);
        }
    }

    /** Each trade: price, amount, side (+1 buy, -1 sell aggressor). */
    static final class Trades extends ValueStream {

        Trades(Graph.NodeSpec s) {
            super(s, "price", "amount", "side");
        }

        @Override
        void onTrade(Trade t, GraphRuntime rt) {
            v[0] = Decimal64.toDouble(t.price());
            v[1] = Decimal64.toDouble(t.amount());
            v[2] = t.side() == Side.BUY ? 1 : t.side() == Side.SELL ? -1 : 0;
            fire(rt);
        }
    }

    /** The strategy's own fills: price, quantity, side (+1 bought, -1 sold). */
    static final class Fills extends ValueStream {

        Fills(Graph.NodeSpec s) {
            super(s, "price", "quantity", "side");
        }

        @Override
        void onFill(Fill f, GraphRuntime rt) {
            v[0] = f.price().doubleValue();
            v[1] = f.quantity().doubleValue();
            v[2] = f.side() == Side.BUY ? 1 : -1;
            fire(rt);
        }
    }

    /** Best bid and ask from quote events. */
    static final class Quotes extends ValueStream {

        Quotes(Graph.NodeSpec s) {
            super(s, "mid", "bid", "ask", "bid_size", "ask_size", "spread");
        }

        @Override
        void onQuote(Quote q, GraphRuntime rt) {
            set(v, d(q.bidPrice()), d(q.askPrice()), d(q.bidSize()), d(q.askSize()));
            fire(rt);
        }

        static void set(double[] v, double bid, double ask, double bidSize, double askSize) {
            v[0] = (bid + ask) / 2;
            v[1] = bid;
            v[2] = ask;
            v[3] = bidSize;
            v[4] = askSize;
            v[5] = ask - bid;
        }

        private static double d(long decimal) {
            return Decimal64.isNumber(decimal) ? Decimal64.toDouble(decimal) : Double.NaN;
        }
    }

    /**
     * The L2 book rebuilt from book changes: best bid and ask, their sizes, mid, spread and the
     * imbalance of the sizes on the top {@code depth} levels (default 5), (bids - asks) / (bids + asks).
     */
    static final class Book extends ValueStream {
        private final int depth;
        private LadderBook book;

        Book(Graph.NodeSpec s) {
            super(s, "mid", "bid", "ask", "bid_size", "ask_size", "spread", "imbalance");
            depth = s.integer("depth", 5, 1, MAX_DEPTH);
        }

        @Override
        long stateBytes() {
            return LadderBook.MAX_BYTES;
        }

        @Override
        void onBookChange(BookChange b, GraphRuntime rt) {
            if (book == null) {
                book = new LadderBook(b.instrument().tickSize());
            }
            book.apply(b);
            if (book.depth(true) == 0 || book.depth(false) == 0) {
                java.util.Arrays.fill(v, Double.NaN);
            } else {
                Quotes.set(v, book.priceValue(book.keyAt(true, 0)), book.priceValue(book.keyAt(false, 0)),
                        Decimal64.toDouble(book.size(true, 0)), Decimal64.toDouble(book.size(false, 0)));
                double bids = 0;
                double asks = 0;
                for (int i = 0; i < depth && i < book.depth(true); i++) {
                    bids += Decimal64.toDouble(book.size(true, i));
                }
                for (int i = 0; i < depth && i < book.depth(false); i++) {
                    asks += Decimal64.toDouble(book.size(false, i));
                }
                v[6] = (bids - asks) / (bids + asks);
            }
            fire(rt);
        }
    }

    // ---------------------------------------------------------------- nodes of one value

    /** A node with one condition port, {@code value}. */
    abstract static class ConditionNode extends Node {
        private static final List<String> PORTS = List.of("value");
        boolean value;

        ConditionNode(Graph.NodeSpec s) {
            super(s.id, s.type);
        }

        @Override
        final List<String> ports() {
            return PORTS;
        }

        @Override
        final Kind kind(int port) {
            return Kind.CONDITION;
        }

        @Override
        final boolean condition(int port) {
            return value;
        }
    }

    /** A node with one number port, {@code value} (NaN until it has one). */
    abstract static class NumberNode extends Node {
        private static final List<String> PORTS = List.of("value");
        double value = Double.NaN;

        NumberNode(Graph.NodeSpec s) {
            super(s.id, s.type);
        }

        @Override
        final List<String> ports() {
            return PORTS;
        }

        @Override
        final double number(int port) {
            return value;
        }
    }

    // ---------------------------------------------------------------- history and indicators

    /**
     * Historical data of a series: over its last {@code period} values, the value {@code period}
     * updates ago ({@code ago}), the change since then ({@code change}), or the {@code highest},
     * {@code lowest}, {@code sum} or {@code mean}. Values that are not numbers yet (an indicator
     * warming up) are left out. NaN until the window is full.
     */
    static final class History extends NumberNode {
        private final String op;
        private final int period;
        private final double[] ring;
        private int next;
        private int count;
        private Ref input;

        History(Graph.NodeSpec s) {
            super(s);
            op = s.choice("op", null, "ago", "change", "highest", "lowest", "sum", "mean");
            period = s.integer("period", 1, 1, MAX_PERIOD);
            ring = new double[op.equals("ago") || op.equals("change") ? period + 1 : period];
        }

        @Override
        long stateBytes() {
            return 256 + 8L * ring.length;
        }

        @Override
        void link(Graph.Linker l) {
            input = l.input("input", Kind.NUMBER);
        }

        @Override
        void evaluate(GraphRuntime rt) {
            double x = input.number();
            if (Double.isNaN(x)) {
                return;
            }
            ring[next] = x;
            next = (next + 1) % ring.length;
            count = Math.min(count + 1, ring.length);
            if (count < ring.length) {
                value = Double.NaN;
                return;
            }
            double oldest = ring[next]; // the slot written next holds the oldest value
            value = switch (op) {
                case "ago" -> oldest;
                case "change" -> x - oldest;
                default -> {
                    double acc = op.equals("highest") ? Double.NEGATIVE_INFINITY : op.equals("lowest") ? Double.POSITIVE_INFINITY : 0;
                    for (double r : ring) {
                        acc = op.equals("highest") ? Math.max(acc, r) : op.equals("lowest") ? Math.min(acc, r) : acc + r;
                    }
                    yield op.equals("mean") ? acc / period : acc;
                }
            };
        }
    }

    /**
     * A technical indicator of {@code io.dpp.core.indicator} by its name, with its parameters as
     * fields. Its {@code input} is a candles node (bars: ATR, Stochastic, VWAP and OBV need one) or,
     * for the single-series ones, any number. Its ports are the indicator's lines.
     */
    static final class IndicatorNode extends Node {
        private static final List<String> BAR_ONLY = List.of("atr", "stochastic", "vwap", "obv");
        private final Indicator indicator;
        private Candles bars;
        private Ref series;

        IndicatorNode(Graph.NodeSpec s) {
            super(s.id, s.type);
            Map<String, String> params = new LinkedHashMap<>();
            for (String p : Indicators.parameters(s.type)) {
                String v = s.text(p, null);
                if (v != null) {
                    params.put(p, v);
                }
            }
            try {
                indicator = Indicators.create(s.type, params);
            } catch (IllegalArgumentException e) {
                throw new Graph.NodeSpec.Problem(e.getMessage());
            }
        }

        @Override
        List<String> ports() {
            return indicator.lines();
        }

        @Override
        void link(Graph.Linker l) {
            if (l.namesNode("input", Candles.class)) {
                bars = (Candles) l.node("input");
            } else if (BAR_ONLY.contains(type)) {
                throw new Graph.NodeSpec.Problem("field \"input\" must name a candles node (" + type + " needs high, low, close"
                        + (type.equals("vwap") || type.equals("obv") ? " and volume" : "") + " of bars)");
            } else {
                series = l.input("input", Kind.NUMBER);
            }
        }

        @Override
        double number(int port) {
            return indicator.value(port);
        }

        @Override
        void evaluate(GraphRuntime rt) {
            if (bars != null) {
                indicator.update((long) bars.number(6), bars.number(1), bars.number(2), bars.number(3), bars.number(0), bars.number(4));
            } else {
                double x = series.number();
                if (!Double.isNaN(x)) {
                    ((SeriesIndicator) indicator).update(x);
                }
            }
        }
    }

    // ---------------------------------------------------------------- math and logic

    /** {@code a op b}: add, sub, mul, div, min, max; or {@code op a}: abs, neg. NaN in, NaN out. */
    static final class MathNode extends NumberNode {
        private final String op;
        private Ref a;
        private Ref b;

        MathNode(Graph.NodeSpec s) {
            super(s);
            op = s.choice("op", null, "add", "sub", "mul", "div", "min", "max", "abs", "neg");
        }

        @Override
        void link(Graph.Linker l) {
            a = l.input("a", Kind.NUMBER);
            if (!op.equals("abs") && !op.equals("neg")) {
                b = l.input("b", Kind.NUMBER);
            }
        }

        @Override
        void evaluate(GraphRuntime rt) {
            double x = a.number();
            double y = b == null ? 0 : b.number();
            value = switch (op) {
                case "add" -> x + y;
                case "sub" -> x - y;
                case "mul" -> x * y;
                case "div" -> y == 0 ? Double.NaN : x / y;
                case "min" -> Math.min(x, y);
                case "max" -> Math.max(x, y);
                case "abs" -> Math.abs(x);
                default -> -x;
            };
        }
    }

    /** {@code a op b} with op {@code >, >=, <, <=, ==, !=}; false when either is not a number. */
    static final class Compare extends ConditionNode {
        private final String op;
        private Ref a;
        private Ref b;

        Compare(Graph.NodeSpec s) {
            super(s);
            op = s.choice("op", null, ">", ">=", "<", "<=", "==", "!=");
        }

        @Override
        void link(Graph.Linker l) {
            a = l.input("a", Kind.NUMBER);
            b = l.input("b", Kind.NUMBER);
        }

        @Override
        void evaluate(GraphRuntime rt) {
            double x = a.number();
            double y = b.number();
            value = !Double.isNaN(x) && !Double.isNaN(y) && switch (op) {
                case ">" -> x > y;
                case ">=" -> x >= y;
                case "<" -> x < y;
                case "<=" -> x <= y;
                case "==" -> x == y;
                default -> x != y;
            };
        }
    }

    /** {@code and} / {@code or} of its {@code inputs}. */
    static final class AnyAll extends ConditionNode {
        private List<Ref> in;

        AnyAll(Graph.NodeSpec s) {
            super(s);
        }

        @Override
        void link(Graph.Linker l) {
            in = l.inputs("inputs", Kind.CONDITION);
        }

        @Override
        void evaluate(GraphRuntime rt) {
            boolean and = type.equals("and");
            boolean v = and;
            for (Ref r : in) {
                v = and ? v && r.condition() : v || r.condition();
            }
            value = v;
        }
    }

    /** The negation of its {@code input}. */
    static final class Not extends ConditionNode {
        private Ref in;

        Not(Graph.NodeSpec s) {
            super(s);
        }

        @Override
        void link(Graph.Linker l) {
            in = l.input("input", Kind.CONDITION);
        }

        @Override
        void evaluate(GraphRuntime rt) {
            value = !in.condition();
        }
    }

    /**
     * True in the step where {@code a} crosses {@code b}: {@code above} (default) when a was at or
     * below b at its last evaluation with numbers and is above now; {@code below} the other way.
     * Never true on the first evaluation with numbers: a cross needs a before.
     */
    static final class Crossover extends ConditionNode {
        private final boolean above;
        private Ref a;
        private Ref b;
        private double previous = Double.NaN;

        Crossover(Graph.NodeSpec s) {
            super(s);
            above = s.choice("direction", "above", "above", "below").equals("above");
        }

        @Override
        void link(Graph.Linker l) {
            a = l.input("a", Kind.NUMBER);
            b = l.input("b", Kind.NUMBER);
        }

        @Override
        void evaluate(GraphRuntime rt) {
            double diff = a.number() - b.number();
            if (Double.isNaN(diff)) {
                value = false;
                return;
            }
            value = !Double.isNaN(previous) && (above ? previous <= 0 && diff > 0 : previous >= 0 && diff < 0);
            previous = diff;
        }
    }

    /** A decision: the number {@code then} when the condition {@code if} holds, else {@code else}. */
    static final class Decision extends NumberNode {
        private Ref cond;
        private Ref then;
        private Ref otherwise;

        Decision(Graph.NodeSpec s) {
            super(s);
        }

        @Override
        void link(Graph.Linker l) {
            cond = l.input("if", Kind.CONDITION);
            then = l.input("then", Kind.NUMBER);
            otherwise = l.input("else", Kind.NUMBER);
        }

        @Override
        void evaluate(GraphRuntime rt) {
            value = cond.condition() ? then.number() : otherwise.number();
        }
    }

    // ---------------------------------------------------------------- state of the strategy

    /** The strategy's assets in an instrument: position (signed), its average price, profits, cash in the quote asset, equity. */
    static final class Assets extends Node {
        private static final List<String> PORTS = List.of("position", "average_price", "unrealized", "realized", "cash", "equity");
        private final String symbol;
        private GraphRuntime rt;

        Assets(Graph.NodeSpec s) {
            super(s.id, s.type);
            symbol = symbol(s);
        }

        @Override
        List<String> ports() {
            return PORTS;
        }

        @Override
        boolean state() {
            return true;
        }

        void bind(GraphRuntime runtime) {
            rt = runtime;
        }

        @Override
        double number(int port) {
            StrategyContext ctx = rt.context();
            if (port == 5) {
                return ctx.portfolio().equity().doubleValue();
            }
            Instrument i = rt.instrument(symbol);
            if (i == null) {
                return port == 0 ? 0 : Double.NaN;
            }
            if (port == 4) {
                return ctx.portfolio().cash(i.quote()).doubleValue();
            }
            Position p = ctx.portfolio().position(i);
            return switch (port) {
                case 0 -> p.quantity().doubleValue();
                case 1 -> p.quantity().signum() == 0 ? Double.NaN : p.averagePrice().doubleValue();
                case 2 -> p.unrealized().doubleValue();
                default -> p.realized().doubleValue();
            };
        }
    }

    /** The strategy's open orders (of {@code symbol}, or of all instruments): count, buys, sells. */
    static final class OpenOrders extends Node {
        private static final List<String> PORTS = List.of("count", "buys", "sells");
        private final String symbol;
        private GraphRuntime rt;

        OpenOrders(Graph.NodeSpec s) {
            super(s.id, s.type);
            symbol = symbol(s);
        }

        @Override
        List<String> ports() {
            return PORTS;
        }

        @Override
        boolean state() {
            return true;
        }

        void bind(GraphRuntime runtime) {
            rt = runtime;
        }

        @Override
        double number(int port) {
            Instrument i = symbol == null ? null : rt.instrument(symbol);
            int n = 0;
            for (Order o : rt.context().orders().open()) {
                if ((symbol == null || o.request().instrument().equals(i))
                        && (port == 0 || (o.request().side() == Side.BUY) == (port == 1))) {
                    n++;
                }
            }
            return n;
        }
    }

    // ---------------------------------------------------------------- actions

    /** A node that acts on the venue when its {@code when} condition fires true. */
    abstract static class Action extends Node {
        private static final List<String> PORTS = List.of("done");
        final String symbol;
        Ref when;
        private boolean done;

        Action(Graph.NodeSpec s) {
            super(s.id, s.type);
            symbol = symbol(s);
        }

        @Override
        List<String> ports() {
            return PORTS;
        }

        @Override
        Kind kind(int port) {
            return Kind.CONDITION;
        }

        @Override
        boolean condition(int port) {
            return done;
        }

        @Override
        void link(Graph.Linker l) {
            when = l.input("when", Kind.CONDITION);
        }

        @Override
        final void evaluate(GraphRuntime rt) {
            done = false;
            if (when.fired(rt.step()) && when.condition()) {
                Instrument i = rt.instrument(symbol);
                if (i == null) {
                    rt.skipped(this, "no event of " + (symbol == null ? "any instrument" : symbol) + " seen yet");
                    return;
                }
                done = act(i, rt);
            }
        }

        abstract boolean act(Instrument instrument, GraphRuntime rt);
    }

    /**
     * Creates an order: {@code side} buy or sell, {@code kind} market (default), limit, stop or
     * stop_limit, {@code quantity} (its absolute value, cut to the lot size), {@code price} and
     * {@code stop} (numbers, rounded to the tick: buy limits and sell stops down, sell limits and
     * buy stops up), {@code tif} gtc, ioc or fok, {@code post_only}, {@code reduce_only},
     * {@code tag} (default: the node's id).
     */
    static final class OrderNode extends Action {
        private final Side side;
        private final String kind;
        private final String tif;
        private final boolean postOnly;
        private final boolean reduceOnly;
        private final String tag;
        private Ref quantity;
        private Ref price;
        private Ref stop;

        OrderNode(Graph.NodeSpec s) {
            super(s);
            side = s.choice("side", null, "buy", "sell").equals("buy") ? Side.BUY : Side.SELL;
            kind = s.choice("kind", "market", "market", "limit", "stop", "stop_limit");
            tif = s.choice("tif", "gtc", "gtc", "ioc", "fok");
            postOnly = s.flag("post_only");
            reduceOnly = s.flag("reduce_only");
            tag = s.text("tag", s.id);
            if (postOnly && !kind.equals("limit")) {
                throw new Graph.NodeSpec.Problem("post_only needs kind limit, not " + kind);
            }
            if (!tif.equals("gtc") && kind.equals("market")) {
                throw new Graph.NodeSpec.Problem("tif " + tif + " applies to limit orders; a market order takes what it can at once");
            }
        }

        @Override
        void link(Graph.Linker l) {
            super.link(l);
            quantity = l.input("quantity", Kind.NUMBER);
            if (kind.equals("limit") || kind.equals("stop_limit")) {
                price = l.input("price", Kind.NUMBER);
            } else if (l.spec().raw("price") != null) {
                throw new Graph.NodeSpec.Problem("field \"price\" applies to limit and stop_limit orders, not " + kind);
            }
            if (kind.startsWith("stop")) {
                stop = l.input("stop", Kind.NUMBER);
            } else if (l.spec().raw("stop") != null) {
                throw new Graph.NodeSpec.Problem("field \"stop\" applies to stop and stop_limit orders, not " + kind);
            }
        }

        @Override
        boolean act(Instrument i, GraphRuntime rt) {
            double q = Math.abs(quantity.number());
            if (Double.isNaN(q) || Double.isInfinite(q)) {
                rt.skipped(this, "quantity is not a number");
                return false;
            }
            BigDecimal qty = step(BigDecimal.valueOf(q), i.lotSize(), RoundingMode.DOWN);
            if (qty.signum() <= 0) {
                rt.skipped(this, "quantity " + q + " is below one lot");
                return false;
            }
            BigDecimal limit = null;
            BigDecimal trigger = null;
            if (price != null) {
                limit = price(price.number(), i, side == Side.BUY ? RoundingMode.FLOOR : RoundingMode.CEILING);
                if (limit == null) {
                    rt.skipped(this, "price is not a positive number");
                    return false;
                }
            }
            if (stop != null) {
                trigger = price(stop.number(), i, side == Side.BUY ? RoundingMode.CEILING : RoundingMode.FLOOR);
                if (trigger == null) {
                    rt.skipped(this, "stop is not a positive number");
                    return false;
                }
            }
            OrderRequest r = switch (kind) {
                case "market" -> OrderRequest.market(i, side, qty);
                case "limit" -> OrderRequest.limit(i, side, qty, limit);
                case "stop" -> OrderRequest.stop(i, side, qty, trigger);
                default -> OrderRequest.stopLimit(i, side, qty, trigger, limit);
            };
            r = switch (tif) {
                case "ioc" -> r.withIoc();
                case "fok" -> r.withFok();
                default -> r;
            };
            if (postOnly) {
                r = r.withPostOnly();
            }
            if (reduceOnly) {
                r = r.withReduceOnly();
            }
            rt.context().orders().submit(r.withTag(tag));
            return true;
        }

        private static BigDecimal price(double p, Instrument i, RoundingMode mode) {
            if (Double.isNaN(p) || Double.isInfinite(p) || p <= 0) {
                return null;
            }
            BigDecimal v = step(BigDecimal.valueOf(p), i.tickSize(), mode);
            return v.signum() > 0 ? v : null;
        }

        /** {@code v} as a whole number of {@code increment} (a Decimal64, or NULL: 8 decimals). */
        static BigDecimal step(BigDecimal v, long increment, RoundingMode mode) {
            if (!Decimal64.isNumber(increment) || Decimal64.signum(increment) <= 0) {
                return v.setScale(Math.min(v.scale(), 8), mode).stripTrailingZeros();
            }
            BigDecimal inc = Decimal64.toBigDecimal(increment);
            return v.divide(inc, 0, mode).multiply(inc).stripTrailingZeros();
        }
    }

    /** Cancels the strategy's open orders of the instrument ({@code side}: buy, sell or any). */
    static final class CancelNode extends Action {
        private final String side;

        CancelNode(Graph.NodeSpec s) {
            super(s);
            side = s.choice("side", "any", "any", "buy", "sell");
        }

        @Override
        boolean act(Instrument i, GraphRuntime rt) {
            boolean any = false;
            for (Order o : rt.context().orders().open()) {
                if (o.request().instrument().equals(i) && (side.equals("any") || o.request().side().name().equalsIgnoreCase(side))) {
                    rt.context().orders().cancel(o.id());
                    any = true;
                }
            }
            return any;
        }
    }
}
