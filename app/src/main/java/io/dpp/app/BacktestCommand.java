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
        description = {"Backtest a strategy on recorded trades and L2 book changes (the store under data.dir, or",
            "the QuestDB server of store.kind=server; stop dpp up first when it uses the same embedded store).",
            "Writes a JSON report and a self-contained HTML page beside it and ends with one JSON line: report,",
            "html, events, trades, total_return, sharpe, sortino, max_drawdown."})
final class BacktestCommand implements Callable<Integer> {

    @Mixin
    ConfigFileOption configFile;

    @Option(names = "--strategy", required = true, paramLabel = "NAME|CLASS|FILE.json",
            description = {"A built-in strategy (sma-crossover), a built-in node graph (graph:sma-crossover,",
                "graph:rsi-mean-reversion, graph:breakout), a node-graph file (FILE.json, docs/graphs.md) or the",
                "class name of a Strategy on the class path."})
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
    BigDecimal maker;

    @Option(names = "--taker-fee", defaultValue = "0.001", paramLabel = "RATE", description = "Taker fee rate (default ${DEFAULT-VALUE}).")
    BigDecimal taker;

    @Option(names = "--cash", paramLabel = "ASSET=AMOUNT",
            description = "Starting balance (default: 10000 of each instrument's quote asset).")
    Map<String, BigDecimal> cash = new TreeMap<>();

    @Option(names = "--equity-every", defaultValue = "1m", paramLabel = "DURATION",
            description = "Equity curve sampling (default ${DEFAULT-VALUE}).")
    String equityEvery;

    @Option(names = "--candles", paramLabel = "INTERVAL",
            description = {"Run on candles of this interval (1s to 1d) computed from the recorded trades, by venue time,",
                "instead of on L2 book changes and trades; orders fill at the next bar."})
    String candles;

    @Option(names = "--slippage", defaultValue = "0", paramLabel = "FRACTION",
            description = "With --candles: how much worse than the bar's open market and stop orders fill (default ${DEFAULT-VALUE}).")
    BigDecimal slippage;

    @Option(names = "--out", paramLabel = "FILE.json", description = "The report (default <data.dir>/backtests/<run>.json).")
    Path out;

    @Override
    public Integer call() throws Exception {
        DppConfig config;
        BacktestRun.Spec spec;
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
            System.err.println("dpp backtest: cannot open the store (" + e.getMessage() + "); if dpp up runs on the same data"
                    + " directory, stop it first, or submit the backtest to it: POST /api/v1/backtests");
            return Main.EXIT_FAILURE;
        }
        try {
            BacktestRun.Outcome outcome;
            try {
                outcome = BacktestRun.run(store, spec);
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

    /** An ISO-8601 time (offsets allowed) or date (UTC midnight), in epoch microseconds. */
    static long time(String option, String text) {
        try {
            return io.dpp.core.time.Timestamps.parseTimeOrDate(text);
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException(option + " must be an ISO-8601 time such as 2024-05-01T12:00:00Z or a date,"
                    + " got \"" + text + "\"");
        }
    }
}
