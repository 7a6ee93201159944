package io.dpp.app;

import io.dpp.runtime.config.ConfigException;
import io.dpp.runtime.config.DataConfig;
import io.dpp.runtime.config.DppConfig;
import io.dpp.runtime.config.DurationConverter;
import io.dpp.store.QuestDbStore;
import io.dpp.store.StoreConfig;
import io.dpp.trader.backtest.BacktestRun;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dpp backtest}: runs a strategy over recorded trades and L2 book changes in the store and
 * writes its report; ends with one JSON line.
 */
@Command(name = "backtest", mixinStandardHelpOptions = true,
        description = {"Backtest a strategy on recorded trades and L2 book changes (the store under data.dir, or "
            + "the QuestDB server of store.kind=server). When dpp up runs on the same embedded store, the backtest runs "
            + "on that platform (POST /api/v1/backtests) and its report is written here.",
            "Writes a JSON report and a self-contained HTML page beside it and ends with one JSON line: report, "
            + "html, events, trades, total_return, sharpe, sortino, max_drawdown."})
final class BacktestCommand implements Callable<Integer> {

    @Mixin
    ConfigFileOption configFile;

    @Mixin
    ApiKeyOption apiKey;

    @Option(names = "--url", paramLabel = "URL",
            description = {"The platform that holds the embedded store when dpp up runs on the same data directory "
                + "(default: http://127.0.0.1:<http.port>): the backtest runs there and its report is written here."})
    String url;

    @Option(names = "--strategy", required = true, paramLabel = "NAME|CLASS|FILE.json",
            description = {"A built-in strategy (sma-crossover), a built-in node graph (graph:sma-crossover, "
                + "graph:rsi-mean-reversion, graph:breakout), a node-graph file (FILE.json, docs/graphs.md) or the "
                + "class name of a Strategy on the class path."})
    String strategy;

    @Option(names = "--venue", required = true, paramLabel = "ID", description = "The venue, e.g. binance.")
    String venue;

    @Option(names = "--symbol", required = true, split = ",", paramLabel = "S[,S...]",
            description = "Instruments, native or normalized names.")
    List<String> symbols;

    @Option(names = "--from", required = true, paramLabel = "TIME", description = "Start, ISO-8601 UTC time or date.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "TIME", description = "End (exclusive), ISO-8601 UTC time or date.")
    String to;

    @Option(names = "--param", paramLabel = "K=V", description = "A strategy parameter; repeat for more.")
    Map<String, String> params = new TreeMap<>();

    @Option(names = "--latency", defaultValue = "10ms", paramLabel = "DURATION",
            description = "Order latency to the simulated venue (default ${DEFAULT-VALUE}).")
    String latency;

    @Option(names = "--maker-fee", defaultValue = "0.0002", paramLabel = "RATE", description = "Maker fee rate (default ${DEFAULT-VALUE}).")
    @Bounded(min = -1, max = 1)
    BigDecimal maker;

    @Option(names = "--taker-fee", defaultValue = "0.001", paramLabel = "RATE", description = "Taker fee rate (default ${DEFAULT-VALUE}).")
    @Bounded(min = -1, max = 1)
    BigDecimal taker;

    @Option(names = "--cash", paramLabel = "ASSET=AMOUNT",
            description = "Starting balance (default: 10000 of each instrument's quote asset).")
    Map<String, BigDecimal> cash = new TreeMap<>();

    @Option(names = "--equity-every", defaultValue = "1m", paramLabel = "DURATION",
            description = "Equity curve sampling (default ${DEFAULT-VALUE}).")
    String equityEvery;

    @Option(names = "--candles", paramLabel = "INTERVAL",
            description = {"Run on candles of this interval (1s to 1d) computed from the recorded trades, by venue time, "
                + "instead of on L2 book changes and trades; orders fill at the next bar."})
    String candles;

    @Option(names = "--slippage", defaultValue = "0", paramLabel = "FRACTION",
            description = "With --candles: how much worse than the bar's open market and stop orders fill (default ${DEFAULT-VALUE}).")
    @Bounded(min = 0, max = 0.5)
    BigDecimal slippage;

    @Option(names = "--out", paramLabel = "FILE.json|DIR",
            description = {"The report (default <data.dir>/backtests/<run>.json); with --grid, the folder of the sweep's "
                + "reports (default <data.dir>/backtests/<run>-sweep)."})
    Path out;

    @Option(names = "--grid", paramLabel = "K=V1,V2,...",
            description = {"Sweep a parameter over values; repeat for more: every combination runs, in parallel, each with "
                + "its report; ends with a sweep.json of every run's metrics and one JSON line naming the best."})
    List<String> grid = new ArrayList<>();

    @Option(names = "--parallel", paramLabel = "N", description = "Runs of a sweep at once (default: the number of cores).")
    @Bounded(min = 1, max = 64)
    int parallel = Runtime.getRuntime().availableProcessors();

    @Option(names = "--rank-by", defaultValue = "total_return", paramLabel = "METRIC",
            description = "The metric whose highest value makes a sweep's best run (default ${DEFAULT-VALUE}; or sharpe, sortino, profit_factor, ...).")
    String rankBy;

    @Override
    public Integer call() throws Exception {
        DppConfig config;
        BacktestRun.Spec spec;
        List<Map<String, String>> points;
        try {
            config = Platform.loadConfig(configFile.file);
            DurationConverter durations = new DurationConverter();
            String graph = null;
            if (strategy.endsWith(".json")) {
                Path file = Path.of(strategy);
                if (!Files.isRegularFile(file)) {
                    throw new IllegalArgumentException("no graph file " + file.toAbsolutePath());
                }
                graph = Files.readString(file, StandardCharsets.UTF_8);
            }
            spec = new BacktestRun.Spec(graph == null ? strategy : null, venue, symbols, time("--from", from), time("--to", to), params,
                    durations.convert(latency), maker, taker, cash, durations.convert(equityEvery),
                    candles == null ? null : durations.convert(candles), slippage, graph);
            BacktestRun.strategy(spec);
            points = gridPoints();
            for (Map<String, String> p : points) {
                spec.withParams(p);
            }
        } catch (ConfigException | IllegalArgumentException | IOException e) {
            System.err.println("dpp backtest: " + e.getMessage());
            return Main.EXIT_USAGE;
        }
        QuestDbStore store = new QuestDbStore();
        try {
            StoreConfig sc = config.section(StoreConfig.class);
            if (sc.kind().equals("server")) {
                store.connect(sc.server().ilp(), sc.server().pgUrl(), sc.server().user(), sc.server().password());
            } else {
                Path dir = config.section(DataConfig.class).dir().toAbsolutePath().normalize().resolve("questdb");
                if (!Files.isDirectory(dir)) {
                    System.err.println("dpp backtest: no store at " + dir + "; record history first (dpp up, or dpp up --replay DIR)");
                    return Main.EXIT_USAGE;
                }
                store.open(dir);
            }
        } catch (RuntimeException | IOException e) {
            Integer remote = onPlatform(config, spec);
            if (remote != null) {
                return remote;
            }
            System.err.println("dpp backtest: cannot open the store (" + e.getMessage() + "), and no DPP platform answers at "
                    + platformAddress() + " to run it (give its address with --url)");
            return Main.EXIT_FAILURE;
        }
        try {
            if (!grid.isEmpty()) {
                return sweep(config, store, spec, points);
            }
            BacktestRun.Outcome outcome;
            try {
                long[] range = BacktestRun.dataRange(store, spec);
                ProgressBar bar = new ProgressBar(instant(range[0]), instant(range[1]), true);
                outcome = BacktestRun.run(store, spec, (events, time) -> bar.at(events, "events", time),
                        new io.dpp.trader.backtest.MemoryBudget(budgetBytes(config)));
                bar.done(outcome.result().events(), "events");
            } catch (IllegalArgumentException e) {
                System.err.println("dpp backtest: " + e.getMessage());
                return Main.EXIT_USAGE;
            } catch (IllegalStateException e) {
                System.err.println("dpp backtest: " + e.getMessage());
                return Main.EXIT_FAILURE;
            }
            Path file = out != null ? out : config.section(DataConfig.class).dir().toAbsolutePath().normalize()
                    .resolve("backtests").resolve(BacktestRun.fileName(spec));
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, outcome.json(), StandardCharsets.UTF_8);
            Path html = file.resolveSibling(file.getFileName().toString().replaceFirst("\\.json$", "") + ".html");
            Files.writeString(html, outcome.html(), StandardCharsets.UTF_8);
            System.out.println(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(
                    outcome.summary(file.toString(), html.toString())));
            System.err.printf("dpp backtest: %d events in %.2f s (%.0f events/s)%n", outcome.result().events(), outcome.seconds(),
                    outcome.result().events() / Math.max(outcome.seconds(), 1e-9));
            return Main.EXIT_OK;
        } finally {
            store.stop(Duration.ofSeconds(10));
        }
    }

    /**
     * The store is held by a running platform (dpp up on the same data directory): runs the
     * backtest there and writes its report here. Null when no platform answers.
     */
    private Integer onPlatform(DppConfig config, BacktestRun.Spec spec) throws IOException, InterruptedException {
        String address = platformAddress();
        RemoteBacktest remote = new RemoteBacktest(java.net.URI.create(address), apiKey.key());
        if (!remote.reachable()) {
            return null;
        }
        if (!grid.isEmpty()) {
            System.err.println("dpp backtest: the store is held by the platform at " + address + ", which runs one backtest per "
                    + "request: run each point of the sweep with --param, or stop the platform to sweep here");
            return Main.EXIT_USAGE;
        }
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode body = json.createObjectNode();
        if (spec.graph() != null) {
            body.set("graph", json.readTree(spec.graph()));
        } else {
            body.put("strategy", strategy);
        }
        body.put("venue", venue);
        body.set("symbols", json.valueToTree(symbols));
        body.put("from", from);
        body.put("to", to);
        body.set("params", json.valueToTree(params));
        body.put("latency", latency);
        body.put("maker_fee", maker.toPlainString());
        body.put("taker_fee", taker.toPlainString());
        com.fasterxml.jackson.databind.node.ObjectNode cashes = body.putObject("cash");
        cash.forEach((asset, amount) -> cashes.put(asset, amount.toPlainString()));
        body.put("equity_every", equityEvery);
        if (candles != null) {
            body.put("candles", candles);
        }
        body.put("slippage", slippage.toPlainString());
        Path file = out != null ? out : config.section(DataConfig.class).dir().toAbsolutePath().normalize()
                .resolve("backtests").resolve(BacktestRun.fileName(spec));
        try {
            Map<String, Object> line = remote.run(body, file);
            System.out.println(json.writeValueAsString(line));
            return Main.EXIT_OK;
        } catch (RemoteBacktest.Refused e) {
            System.err.println("dpp backtest: " + e.getMessage());
            return e.usage ? Main.EXIT_USAGE : Main.EXIT_FAILURE;
        }
    }

    /** Where the platform that may hold the store answers: --url, else this configuration's http.port on this host. */
    private String platformAddress() {
        return url != null ? url : configFile.localAddress("http");
    }

    /** The grid's points from --grid K=V1,V2 options; none without --grid. */
    private List<Map<String, String>> gridPoints() {
        Map<String, List<String>> axes = new LinkedHashMap<>();
        for (String g : grid) {
            int eq = g.indexOf('=');
            if (eq <= 0 || eq == g.length() - 1) {
                throw new IllegalArgumentException("--grid takes NAME=V1,V2,..., got \"" + g + "\"");
            }
            String name = g.substring(0, eq).trim();
            if (axes.containsKey(name) || params.containsKey(name)) {
                throw new IllegalArgumentException("parameter " + name + " is given twice (--grid and --grid or --param)");
            }
            axes.put(name, List.of(g.substring(eq + 1).split(",")).stream().map(String::trim).filter(v -> !v.isEmpty()).toList());
        }
        if (parallel < 1) {
            throw new IllegalArgumentException("--parallel must be at least 1");
        }
        return axes.isEmpty() ? List.of() : BacktestRun.grid(axes);
    }

    /** Runs every point of the grid and writes each report, sweep.json and the closing line. */
    /** What one run may keep in memory (trader.backtest.max-memory-mb). */
    private static long budgetBytes(DppConfig config) {
        return (long) config.section(io.dpp.trader.TraderConfig.class).backtest().maxMemoryMb() << 20;
    }

    private int sweep(DppConfig config, QuestDbStore store, BacktestRun.Spec spec, List<Map<String, String>> points) throws Exception {
        Path dir = out != null ? out : config.section(DataConfig.class).dir().toAbsolutePath().normalize().resolve("backtests")
                .resolve(BacktestRun.fileName(spec).replaceFirst("\\.json$", "") + "-sweep");
        Files.createDirectories(dir);
        long t0 = System.nanoTime();
        ProgressBar bar = new ProgressBar(java.time.Instant.EPOCH, java.time.Instant.ofEpochSecond(points.size()), true);
        List<BacktestRun.Outcome> outcomes;
        try {
            outcomes = BacktestRun.sweep(store, spec, points, Math.min(parallel, points.size()),
                    n -> bar.at(n, "runs", n * 1_000_000L), budgetBytes(config));
        } catch (IllegalArgumentException e) {
            System.err.println("dpp backtest: " + e.getMessage());
            return Main.EXIT_USAGE;
        } catch (IllegalStateException e) {
            System.err.println("dpp backtest: " + e.getMessage());
            return Main.EXIT_FAILURE;
        }
        bar.done(points.size(), "runs");
        double seconds = (System.nanoTime() - t0) / 1e9;
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<Map<String, Object>> runs = new ArrayList<>();
        Map<String, Object> best = null;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < points.size(); i++) {
            String name = String.format("%03d", i + 1) + "-" + String.join(",", points.get(i).entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).toList()).replaceAll("[^A-Za-z0-9.,=+_-]", "_");
            Path file = dir.resolve(name + ".json");
            Path html = dir.resolve(name + ".html");
            BacktestRun.Outcome o = outcomes.get(i);
            Files.writeString(file, o.json(), StandardCharsets.UTF_8);
            Files.writeString(html, o.html(), StandardCharsets.UTF_8);
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("params", points.get(i));
            line.putAll(o.summary(file.toString(), html.toString()));
            @SuppressWarnings("unchecked")
            Object metric = ((Map<String, Object>) o.report().get("metrics")).get(rankBy);
            line.put(rankBy, metric);
            runs.add(line);
            System.out.println(json.writeValueAsString(line));
            if (metric instanceof Number n && n.doubleValue() > bestValue) {
                bestValue = n.doubleValue();
                best = line;
            }
        }
        Path summary = dir.resolve("sweep.json");
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("strategy", spec.strategy());
        all.put("venue", spec.venue());
        all.put("symbols", spec.symbols());
        all.put("params", spec.params());
        all.put("rank_by", rankBy);
        all.put("best", best);
        all.put("runs", runs);
        Files.writeString(summary, json.writerWithDefaultPrettyPrinter().writeValueAsString(all) + "\n", StandardCharsets.UTF_8);
        Map<String, Object> last = new LinkedHashMap<>();
        last.put("sweep", summary.toString());
        last.put("runs", points.size());
        last.put("parallel", Math.min(parallel, points.size()));
        last.put("seconds", Math.round(seconds * 100) / 100.0);
        last.put("rank_by", rankBy);
        last.put("best", best);
        System.out.println(json.writeValueAsString(last));
        return Main.EXIT_OK;
    }

    private static java.time.Instant instant(long micros) {
        return java.time.Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    /** An ISO-8601 time (offsets allowed) or date (UTC midnight), in epoch microseconds. */
    static long time(String option, String text) {
        try {
            return io.dpp.core.time.Timestamps.parseTimeOrDate(text);
        } catch (java.time.DateTimeException | ArithmeticException e) {
            throw new IllegalArgumentException(option + " must be an ISO-8601 time such as 2024-05-01T12:00:00Z or a date,"
                    + " got \"" + text + "\"");
        }
    }
}
