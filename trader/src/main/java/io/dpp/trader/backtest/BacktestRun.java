package io.dpp.trader.backtest;

import io.dpp.trading.venue.FeeSchedule;
import io.dpp.book.LadderBook;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.time.Timestamps;
import io.dpp.store.InstrumentDirectory;
import io.dpp.store.QuestDbStore;
import io.dpp.store.Schema;
import io.dpp.trader.examples.SmaCrossover;
import io.dpp.trader.graph.Graph;
import io.dpp.trader.graph.GraphStrategy;
import io.dpp.trader.strategy.Strategy;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One backtest as the CLI ({@code dpp backtest}) and the API ({@code POST /api/v1/backtests}) run
 * it: the strategy by name, the instruments resolved in the store, the run, and its JSON and HTML
 * reports.
 */
public final class BacktestRun {

    /** Strategies by short name. */
    public static final Map<String, Class<? extends Strategy>> BUILT_IN = Map.of("sma-crossover", SmaCrossover.class);

    /** The example node graphs shipped in the jar (examples/graphs), named {@code graph:NAME}. */
    public static final List<String> GRAPHS = List.of("sma-crossover", "rsi-mean-reversion", "breakout");

    /** Most instruments in one run. */
    public static final int MAX_SYMBOLS = 20;
    /** Most parameters, and most cash balances, of one run. */
    public static final int MAX_ENTRIES = 100;
    /** Largest starting balance of one asset. */
    public static final BigDecimal MAX_CASH = new BigDecimal("1000000000000000");

    private static void bounded(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** The prefix of a built-in graph's strategy name, and of every graph run's strategy label. */
    public static final String GRAPH_PREFIX = "graph:";

    /**
     * What to run.
     *
     * @param cash     starting balances; empty: 10000 of each instrument's quote asset
     * @param candles  null for a run on L2 book changes and trades (receive time); else the bar length of a
     *                 run on candles computed from the recorded trades (venue time), filled at the next bar
     * @param slippage on candles, how much worse than the bar's open market and stop orders fill (a fraction)
     * @param graph    a node graph's JSON (then {@code strategy} may be null: it becomes {@code graph:NAME}), or null;
     *                 for a built-in graph {@code graph:NAME} it is read from the jar
     */
    public record Spec(String strategy, String venue, List<String> symbols, long from, long to, Map<String, String> params,
                       Duration latency, BigDecimal makerFee, BigDecimal takerFee, Map<String, BigDecimal> cash,
                       Duration equityEvery, Duration candles, BigDecimal slippage, String graph) {

        public Spec {
            if (graph == null && strategy != null && strategy.startsWith(GRAPH_PREFIX)) {
                graph = builtInGraph(strategy.substring(GRAPH_PREFIX.length()));
            }
            if (graph != null) {
                Graph g = Graph.parse(graph);
                g.check(params);
                graph = g.canonical();
                strategy = GRAPH_PREFIX + g.name();
            }
            if (graph == null && strategy != null && BUILT_IN.containsKey(strategy) && params != null) {
                checkParameters(strategy, BacktestRun.strategy(strategy), params); // before a run is queued (REST: 400)
            }
            if (strategy == null || strategy.isBlank() || venue == null || venue.isBlank() || symbols == null || symbols.isEmpty()) {
                throw new IllegalArgumentException("strategy, venue and at least one symbol are required");
            }
            if (to <= from) {
                throw new IllegalArgumentException("to must be after from");
            }
            if (candles != null && (candles.toNanos() % 1_000_000_000L != 0 || candles.getSeconds() < 1
                    || candles.getSeconds() > 86_400)) {
                throw new IllegalArgumentException("the candle interval must be whole seconds from 1s to 1d, got " + candles);
            }
            if (candles != null && slippage == null) {
                slippage = BigDecimal.ZERO;
            }
            bounded(symbols.size() <= MAX_SYMBOLS, "at most " + MAX_SYMBOLS + " instruments per run, got " + symbols.size());
            bounded(params.size() <= MAX_ENTRIES && cash.size() <= MAX_ENTRIES, "at most " + MAX_ENTRIES + " parameters and cash balances");
            bounded(!latency.isNegative() && latency.compareTo(Duration.ofHours(1)) <= 0, "latency must be from 0s to 1h, got " + latency);
            bounded(equityEvery.compareTo(Duration.ofMillis(1)) >= 0 && equityEvery.compareTo(Duration.ofDays(1)) <= 0,
                    "the equity sampling interval must be from 1ms to 1d, got " + equityEvery);
            bounded(makerFee.abs().compareTo(BigDecimal.ONE) <= 0 && takerFee.abs().compareTo(BigDecimal.ONE) <= 0,
                    "fee rates must be from -1 to 1");
            bounded(slippage == null || slippage.signum() >= 0 && slippage.compareTo(new BigDecimal("0.5")) <= 0,
                    "slippage must be from 0 to 0.5");
            for (Map.Entry<String, BigDecimal> c : cash.entrySet()) {
                bounded(c.getValue().signum() >= 0 && c.getValue().compareTo(MAX_CASH) <= 0,
                        "cash of " + c.getKey() + " must be from 0 to " + MAX_CASH.toPlainString());
            }
            symbols = List.copyOf(symbols);
            params = new TreeMap<>(params);
            cash = new TreeMap<>(cash);
        }

        /** The same run with {@code extra} parameters over these. */
        public Spec withParams(Map<String, String> extra) {
            Map<String, String> p = new TreeMap<>(params);
            p.putAll(extra);
            return new Spec(graph == null ? strategy : null, venue, symbols, from, to, p, latency, makerFee, takerFee, cash, equityEvery,
                    candles, slippage, graph);
        }
    }

    /** What a run produced. */
    public record Outcome(Map<String, Object> report, String json, String html, Backtest.Result result, double seconds) {

        /** The one-line summary: report paths, events, trades (fills) and the headline metrics. */
        public Map<String, Object> summary(String reportPath, String htmlPath) {
            @SuppressWarnings("unchecked")
            Map<String, Object> metrics = (Map<String, Object>) report.get("metrics");
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("report", reportPath);
            line.put("html", htmlPath);
            line.put("events", result.events());
            line.put("trades", result.fills().size());
            for (String k : List.of("total_return", "sharpe", "sortino", "max_drawdown")) {
                line.put(k, metrics.get(k));
            }
            return line;
        }
    }

    private BacktestRun() {
    }

    /** The JSON of a built-in graph; IllegalArgumentException names the built-in ones for another name. */
    public static String builtInGraph(String name) {
        if (GRAPHS.contains(name)) {
            try (var in = BacktestRun.class.getResourceAsStream("/io/dpp/trader/graphs/" + name + ".json")) {
                if (in != null) {
                    return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        throw new IllegalArgumentException("unknown graph \"" + name + "\"; built-in graphs: "
                + String.join(", ", GRAPHS.stream().map(g -> GRAPH_PREFIX + g).toList()) + " (or give a graph file, FILE.json)");
    }

    /**
     * True when a spec names only what the platform ships: a built-in strategy or graph, or a graph
     * given whole. The REST API runs nothing else (a class name would load code of the caller's
     * choosing); the CLI also takes classes on the class path.
     */
    public static boolean builtInOnly(Spec spec) {
        return spec.graph() != null || BUILT_IN.containsKey(spec.strategy());
    }

    /** The names of what {@link #builtInOnly} accepts, for messages. */
    public static String builtInNames() {
        return String.join(", ", BUILT_IN.keySet()) + ", " + String.join(", ", GRAPHS.stream().map(g -> GRAPH_PREFIX + g).toList());
    }

    /**
     * A new strategy for a spec: its graph, or a built-in name or class name, whose declared
     * parameters ({@link Strategy#parameters}) must hold every parameter the spec passes.
     */
    public static Strategy strategy(Spec spec) {
        if (spec.graph() != null) {
            return new GraphStrategy(Graph.parse(spec.graph()));
        }
        Strategy s = strategy(spec.strategy());
        checkParameters(spec.strategy(), s, spec.params());
        return s;
    }

    /** Refuses parameters {@code strategy} does not declare, naming each (with the likely one meant). */
    static void checkParameters(String name, Strategy strategy, Map<String, String> params) {
        Map<String, String> declared = strategy.parameters();
        List<String> problems = new java.util.ArrayList<>();
        for (String k : new TreeMap<>(params).keySet()) {
            if (!declared.containsKey(k)) {
                problems.add("parameter \"" + k + "\" is not one of " + name + "'s"
                        + io.dpp.runtime.text.Suggestions.didYouMean(k, declared.keySet()));
            }
        }
        if (!problems.isEmpty()) {
            StringBuilder all = new StringBuilder(String.join("; ", problems)).append(": ");
            if (declared.isEmpty()) {
                all.append(name).append(" takes no parameters");
            } else {
                all.append(name).append(" takes ");
                declared.forEach((k, v) -> all.append(k).append(" (").append(v).append("), "));
                all.setLength(all.length() - 2);
            }
            throw new IllegalArgumentException(all.toString());
        }
    }

    /** A new strategy: a built-in name or the class name of a {@link Strategy} on the class path. */
    public static Strategy strategy(String name) {
        Class<? extends Strategy> type = BUILT_IN.get(name);
        try {
            Class<?> c = type != null ? type : Class.forName(name);
            if (!Strategy.class.isAssignableFrom(c)) {
                throw new IllegalArgumentException(name + " is not a " + Strategy.class.getName());
            }
            return (Strategy) c.getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("unknown strategy \"" + name + "\": neither a built-in one ("
                    + String.join(", ", BUILT_IN.keySet()) + ", " + String.join(", ", GRAPHS.stream().map(g -> GRAPH_PREFIX + g).toList())
                    + ") nor a class on the class path nor a graph file");
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot create strategy " + name + ": " + e);
        }
    }

    /** The instruments of a spec, as the store knows them; IllegalArgumentException names one it does not hold. */
    public static List<Instrument> instruments(QuestDbStore store, Spec spec) {
        InstrumentDirectory directory = new InstrumentDirectory(store);
        List<Instrument> out = new ArrayList<>();
        for (String s : spec.symbols()) {
            Instrument i = directory.find(spec.venue(), s);
            if (i == null) {
                throw new IllegalArgumentException(directory.notRecorded(spec.venue(), s));
            }
            out.add(i);
        }
        return out;
    }

    /**
     * Runs a spec over the store.
     *
     * @throws IllegalArgumentException for a bad strategy, parameter or instrument
     * @throws IllegalStateException    when the store is still applying what was committed after 5 minutes
     */
    public static Outcome run(QuestDbStore store, Spec spec) throws Exception {
        return run(store, spec, null);
    }

    /** Runs a spec over the store, telling {@code progress} (may be null) how far it got. */
    public static Outcome run(QuestDbStore store, Spec spec, Backtest.Progress progress) throws Exception {
        return run(store, spec, progress, MemoryBudget.unlimited());
    }

    /**
     * Runs a spec over the store within a memory budget: the instruments' books and the strategy's
     * state are counted first, then what the run keeps for its report ({@link MemoryBudget}).
     *
     * @throws MemoryBudget.Exceeded when the run would keep more than the budget
     */
    public static Outcome run(QuestDbStore store, Spec spec, Backtest.Progress progress, MemoryBudget budget) throws Exception {
        Strategy strategy = strategy(spec);
        budget.take(spec.symbols().size() * LadderBook.MAX_BYTES, "the simulated books of " + spec.symbols().size() + " instruments");
        if (spec.graph() != null) {
            budget.take(Graph.parse(spec.graph()).stateBytes(), "the state of the graph's nodes");
        }
        // What was committed before the last stop may still be applying from the write-ahead log.
        for (String table : List.of(Schema.INSTRUMENTS, Schema.TRADES, Schema.BOOK_CHANGES, Schema.BOOK_CHECKPOINTS)) {
            if (!store.awaitApplied(table, Duration.ofMinutes(5))) {
                throw new IllegalStateException("the store is still applying " + table + " after 5 minutes; try again later");
            }
        }
        List<Instrument> instruments = instruments(store, spec);
        if (spec.candles() != null) {
            for (Instrument i : instruments) {
                awaitCandles(store, i);
            }
        }
        Map<String, BigDecimal> cash = spec.cash();
        if (cash.isEmpty()) {
            cash = new TreeMap<>();
            for (Instrument i : instruments) {
                cash.put(i.quote(), new BigDecimal("10000"));
            }
        }
        BacktestSettings settings = new BacktestSettings(spec.latency(), FeeSchedule.flat(spec.makerFee(), spec.takerFee()), cash,
                spec.equityEvery(), spec.params(), spec.candles() == null ? null : spec.slippage());
        long t0 = System.nanoTime();
        Backtest.Result result;
        try (EventSource source = spec.candles() == null
                ? new StoreEventSource(store, instruments, spec.from(), spec.to(), Duration.ofMinutes(10))
                : new CandleEventSource(store, instruments, spec.candles().toNanos() / 1_000, spec.from(), spec.to())) {
            result = new Backtest(strategy, settings).progress(progress).budget(budget).run(source, spec.from());
        }
        if (result.events() == 0) {
            throw new IllegalArgumentException(nothingToRun(store, spec, instruments));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("strategy", spec.strategy());
        Map<String, String> params = new TreeMap<>(spec.params());
        if (spec.graph() != null) {
            Graph graph = Graph.parse(spec.graph());
            run.put("graph_sha256", graph.sha256());
            params = new TreeMap<>(graph.parameters()); // every value the graph ran with
            params.putAll(spec.params());
        }
        run.put("params", params);
        run.put("venue", spec.venue());
        List<String> names = new ArrayList<>();
        instruments.forEach(i -> names.add(i.nativeSymbol()));
        run.put("symbols", names);
        run.put("from", Timestamps.toIso(spec.from()));
        run.put("to", Timestamps.toIso(spec.to()));
        run.put("data", spec.candles() == null ? "l2" : "candles");
        if (spec.candles() != null) {
            run.put("interval", spec.candles().toString());
            run.put("slippage", spec.slippage().toPlainString());
        }
        run.put("latency", settings.latency().toString());
        run.put("maker_fee", spec.makerFee().toPlainString());
        run.put("taker_fee", spec.takerFee().toPlainString());
        Map<String, String> initial = new LinkedHashMap<>();
        settings.initialCash().forEach((k, v) -> initial.put(k, v.toPlainString()));
        run.put("cash", initial);
        Map<String, Object> report = Report.build(result, run);
        return new Outcome(report, Report.json(report), HtmlReport.render(report, result), result, seconds);
    }

    /**
     * Why a run found nothing: the range asked for, and what the store holds of each instrument by
     * the run's clock (receive time on book changes and trades, venue time on candles).
     */
    private static String nothingToRun(QuestDbStore store, Spec spec, List<Instrument> instruments) {
        String column = spec.candles() == null ? "local_ts" : "ts";
        StringBuilder sb = new StringBuilder("no recorded " + (spec.candles() == null ? "trades or book changes" : "trades")
                + " of " + String.join(", ", spec.symbols()) + " on " + spec.venue() + " from "
                + io.dpp.core.time.Timestamps.toIso(spec.from()) + " to " + io.dpp.core.time.Timestamps.toIso(spec.to())
                + " (" + (spec.candles() == null ? "receive" : "venue") + " time); the store holds");
        for (Instrument i : instruments) {
            long[] span = {Long.MIN_VALUE, Long.MIN_VALUE};
            store.query("SELECT min(" + column + "), max(" + column + ") FROM " + Schema.TRADES + " WHERE venue = $1 AND symbol = $2",
                    List.of(io.dpp.store.QueryArg.text(i.venue()), io.dpp.store.QueryArg.text(i.nativeSymbol())), r -> {
                        span[0] = r.longValue(0);
                        span[1] = r.longValue(1);
                        return false;
                    });
            sb.append(i == instruments.get(0) ? " " : "; ").append(i.nativeSymbol()).append(": ")
                    .append(span[0] == Long.MIN_VALUE ? "no trades"
                            : "trades from " + io.dpp.core.time.Timestamps.toIso(span[0]) + " to "
                            + io.dpp.core.time.Timestamps.toIso(span[1]));
        }
        return sb.toString();
    }

    /**
     * The times of the first and last recorded trades of the spec's instruments within its range
     * (venue time; {from, from} when there are none): what a progress bar spans.
     */
    public static long[] dataRange(QuestDbStore store, Spec spec) {
        long[] range = {Long.MAX_VALUE, Long.MIN_VALUE};
        for (Instrument i : instruments(store, spec)) {
            store.query("SELECT min(ts), max(ts) FROM " + Schema.TRADES + " WHERE venue = $1 AND symbol = $2 AND ts >= $3 AND ts < $4",
                    List.of(io.dpp.store.QueryArg.text(i.venue()), io.dpp.store.QueryArg.text(i.nativeSymbol()),
                            io.dpp.store.QueryArg.timestamp(spec.from()), io.dpp.store.QueryArg.timestamp(spec.to())), r -> {
                        if (r.longValue(0) != Long.MIN_VALUE) {
                            range[0] = Math.min(range[0], r.longValue(0));
                            range[1] = Math.max(range[1], r.longValue(1));
                        }
                        return false;
                    });
        }
        return range[0] > range[1] ? new long[] {spec.from(), spec.from()} : range;
    }

    /**
     * The runs of a grid: every combination of the axes' values (the first axis varying slowest),
     * each a map of parameter to value.
     */
    public static List<Map<String, String>> grid(Map<String, List<String>> axes) {
        List<Map<String, String>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<String>> axis : axes.entrySet()) {
            if (axis.getValue().isEmpty()) {
                throw new IllegalArgumentException("grid parameter " + axis.getKey() + " has no values");
            }
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : out) {
                for (String v : axis.getValue()) {
                    Map<String, String> m = new LinkedHashMap<>(partial);
                    m.put(axis.getKey(), v);
                    next.add(m);
                }
            }
            out = next;
        }
        return out;
    }

    /**
     * Runs {@code spec} once per grid point on {@code threads} threads, each with the point's
     * parameters over the spec's; outcomes in grid order. The first failure stops the sweep.
     */
    public static List<Outcome> sweep(QuestDbStore store, Spec spec, List<Map<String, String>> points, int threads,
                                      java.util.function.IntConsumer finished) throws Exception {
        return sweep(store, spec, points, threads, finished, Long.MAX_VALUE);
    }

    /** As {@link #sweep(QuestDbStore, Spec, List, int, java.util.function.IntConsumer)}, each run within {@code budgetBytes}. */
    public static List<Outcome> sweep(QuestDbStore store, Spec spec, List<Map<String, String>> points, int threads,
                                      java.util.function.IntConsumer finished, long budgetBytes) throws Exception {
        List<Spec> specs = new ArrayList<>();
        for (Map<String, String> p : points) {
            specs.add(spec.withParams(p)); // checks each point's parameters before anything runs
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "backtest-sweep");
            t.setDaemon(true);
            return t;
        });
        try {
            java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
            List<java.util.concurrent.Future<Outcome>> futures = new ArrayList<>();
            for (Spec s : specs) {
                futures.add(pool.submit(() -> {
                    Outcome o = run(store, s, null, new MemoryBudget(budgetBytes));
                    if (finished != null) {
                        finished.accept(done.incrementAndGet());
                    }
                    return o;
                }));
            }
            List<Outcome> out = new ArrayList<>();
            for (java.util.concurrent.Future<Outcome> f : futures) {
                try {
                    out.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    futures.forEach(x -> x.cancel(true));
                    throw e.getCause() instanceof Exception ex ? ex : e;
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Waits until the one-second candle view, which QuestDB refreshes after the trades land, counts
     * every recorded trade of {@code i}.
     */
    private static void awaitCandles(QuestDbStore store, Instrument i) throws InterruptedException {
        List<io.dpp.store.QueryArg> args = List.of(io.dpp.store.QueryArg.text(i.venue()), io.dpp.store.QueryArg.text(i.nativeSymbol()));
        long end = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < end) {
            long[] n = {-1, -2};
            store.query("SELECT count() FROM " + Schema.TRADES + " WHERE venue = $1 AND symbol = $2", args, r -> {
                n[0] = r.longValue(0);
                return false;
            });
            try {
                store.query("SELECT sum(trades) FROM " + Schema.TRADES_1S + " WHERE venue = $1 AND symbol = $2", args, r -> {
                    n[1] = r.longValue(0) == Long.MIN_VALUE ? 0 : r.longValue(0);
                    return false;
                });
            } catch (RuntimeException e) {
                // not queryable before its first refresh
            }
            if (n[0] == n[1]) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the candles of " + i.nativeSymbol() + " are still being computed after 5 minutes; try again later");
    }

    /** A file name for a run's report, from what it ran: the same run, the same name. */
    public static String fileName(Spec spec) {
        String name = spec.strategy().replaceAll(".*\\.", "") + (spec.candles() == null ? "" : "-candles") + "-" + spec.venue() + "-" + String.join("+", spec.symbols()) + "-"
                + Timestamps.toIso(spec.from()) + "-" + Timestamps.toIso(spec.to());
        return name.replaceAll("[^A-Za-z0-9.+_-]", "_") + ".json";
    }
}
