package io.dpp.app;

import io.dpp.core.instrument.Instrument;
import io.dpp.core.time.Timestamps;
import io.dpp.runtime.config.ConfigException;
import io.dpp.runtime.config.DataConfig;
import io.dpp.runtime.config.DppConfig;
import io.dpp.store.InstrumentDirectory;
import io.dpp.store.QuestDbStore;
import io.dpp.store.StoreConfig;
import io.dpp.trader.backtest.Backtest;
import io.dpp.trader.backtest.BacktestSettings;
import io.dpp.trader.backtest.FeeSchedule;
import io.dpp.trader.backtest.Report;
import io.dpp.trader.backtest.StoreEventSource;
import io.dpp.trader.examples.SmaCrossover;
import io.dpp.trader.strategy.Strategy;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
        description = {"Backtest a strategy on recorded trades and L2 book changes (the store under data.dir, or",
            "the QuestDB server of store.kind=server; stop dpp up first when it uses the same embedded store).",
            "Writes a JSON report and a self-contained HTML page beside it and ends with one JSON line: report,",
            "html, events, trades, total_return, sharpe, sortino, max_drawdown."})
final class BacktestCommand implements Callable<Integer> {

    /** Strategies by short name. */
    static final Map<String, Class<? extends Strategy>> BUILT_IN = Map.of("sma-crossover", SmaCrossover.class);

    @Mixin
    ConfigFileOption configFile;

    @Option(names = "--strategy", required = true, paramLabel = "NAME|CLASS",
            description = {"A built-in strategy (sma-crossover) or the class name of a Strategy on the class path."})
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

    @Option(names = "--out", paramLabel = "FILE.json", description = "The report (default <data.dir>/backtests/<run>.json).")
    Path out;

    @Override
    public Integer call() throws Exception {
        DppConfig config;
        long fromTime;
        long toTime;
        Strategy instance;
        BacktestSettings settings;
        try {
            config = Platform.loadConfig(configFile.file);
            fromTime = time("--from", from);
            toTime = time("--to", to);
            if (toTime <= fromTime) {
                throw new IllegalArgumentException("--to must be after --from");
            }
            instance = strategy(strategy);
            settings = new BacktestSettings(new io.dpp.runtime.config.DurationConverter().convert(latency),
                    FeeSchedule.flat(maker, taker), cash, new io.dpp.runtime.config.DurationConverter().convert(equityEvery), params);
        } catch (ConfigException | IllegalArgumentException e) {
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
                    + " directory, stop it first");
            return Main.EXIT_FAILURE;
        }
        try {
            // What was committed before the last stop may still be applying from the write-ahead log.
            for (String table : List.of(io.dpp.store.Schema.INSTRUMENTS, io.dpp.store.Schema.TRADES,
                    io.dpp.store.Schema.BOOK_CHANGES, io.dpp.store.Schema.BOOK_CHECKPOINTS)) {
                if (!store.awaitApplied(table, Duration.ofMinutes(5))) {
                    System.err.println("dpp backtest: the store is still applying " + table + " after 5 minutes; try again later");
                    return Main.EXIT_FAILURE;
                }
            }
            InstrumentDirectory directory = new InstrumentDirectory(store);
            List<Instrument> instruments = new ArrayList<>();
            for (String s : symbols) {
                Instrument i = directory.find(venue, s);
                if (i == null) {
                    System.err.println("dpp backtest: no instrument \"" + s + "\" has been recorded on venue \"" + venue + "\"");
                    return Main.EXIT_USAGE;
                }
                instruments.add(i);
            }
            if (cash.isEmpty()) {
                Map<String, BigDecimal> initial = new TreeMap<>();
                for (Instrument i : instruments) {
                    initial.put(i.quote(), new BigDecimal("10000"));
                }
                settings = new BacktestSettings(settings.latency(), settings.fees(), initial, settings.equityEvery(), settings.params());
            }
            Backtest.Result result;
            long t0 = System.nanoTime();
            try (StoreEventSource source = new StoreEventSource(store, instruments, fromTime, toTime, Duration.ofMinutes(10))) {
                result = new Backtest(instance, settings).run(source, fromTime);
            } catch (IllegalArgumentException e) {
                System.err.println("dpp backtest: " + e.getMessage());
                return Main.EXIT_FAILURE;
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("strategy", strategy);
            run.put("params", new TreeMap<>(params));
            run.put("venue", venue);
            List<String> names = new ArrayList<>();
            instruments.forEach(i -> names.add(i.nativeSymbol()));
            run.put("symbols", names);
            run.put("from", Timestamps.toIso(fromTime));
            run.put("to", Timestamps.toIso(toTime));
            run.put("latency", settings.latency().toString());
            run.put("maker_fee", maker.toPlainString());
            run.put("taker_fee", taker.toPlainString());
            Map<String, String> initial = new LinkedHashMap<>();
            settings.initialCash().forEach((k, v) -> initial.put(k, v.toPlainString()));
            run.put("cash", initial);
            Map<String, Object> report = Report.build(result, run);
            Path file = out != null ? out : config.section(DataConfig.class).dir().toAbsolutePath().normalize()
                    .resolve("backtests").resolve(fileName(strategy, venue, names, fromTime, toTime));
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, Report.json(report), StandardCharsets.UTF_8);
            Path html = file.resolveSibling(file.getFileName().toString().replaceFirst("\\.json$", "") + ".html");
            Files.writeString(html, io.dpp.trader.backtest.HtmlReport.render(report, result), StandardCharsets.UTF_8);
            @SuppressWarnings("unchecked")
            Map<String, Object> metrics = (Map<String, Object>) report.get("metrics");
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("report", file.toString());
            line.put("html", html.toString());
            line.put("events", result.events());
            line.put("trades", result.fills().size());
            line.put("total_return", metrics.get("total_return"));
            line.put("sharpe", metrics.get("sharpe"));
            line.put("sortino", metrics.get("sortino"));
            line.put("max_drawdown", metrics.get("max_drawdown"));
            System.out.println(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(line));
            System.err.printf("dpp backtest: %d events in %.2f s (%.0f events/s)%n", result.events(), seconds,
                    result.events() / Math.max(seconds, 1e-9));
            return Main.EXIT_OK;
        } finally {
            store.stop(Duration.ofSeconds(10));
        }
    }

    private static Strategy strategy(String name) {
        if (name.endsWith(".json")) {
            throw new IllegalArgumentException("node-graph strategy files are not supported yet; use a built-in strategy ("
                    + String.join(", ", BUILT_IN.keySet()) + ") or a Strategy class name");
        }
        Class<? extends Strategy> type = BUILT_IN.get(name);
        try {
            Class<?> c = type != null ? type : Class.forName(name);
            if (!Strategy.class.isAssignableFrom(c)) {
                throw new IllegalArgumentException(name + " is not a " + Strategy.class.getName());
            }
            return (Strategy) c.getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("unknown strategy \"" + name + "\": neither a built-in one ("
                    + String.join(", ", BUILT_IN.keySet()) + ") nor a class on the class path");
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot create strategy " + name + ": " + e);
        }
    }

    /** An ISO-8601 time (offsets allowed) or date (UTC midnight), in epoch microseconds. */
    static long time(String option, String text) {
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000L;
            }
            Instant i = text.endsWith("Z") ? Instant.parse(text) : OffsetDateTime.parse(text).toInstant();
            return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException(option + " must be an ISO-8601 time such as 2024-05-01T12:00:00Z or a date,"
                    + " got \"" + text + "\"");
        }
    }

    private static String fileName(String strategy, String venue, List<String> symbols, long from, long to) {
        String name = strategy.replaceAll(".*\\.", "") + "-" + venue + "-" + String.join("+", symbols) + "-"
                + Timestamps.toIso(from) + "-" + Timestamps.toIso(to);
        return name.replaceAll("[^A-Za-z0-9.+_-]", "_") + ".json";
    }
}
