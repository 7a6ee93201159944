package io.dpp.app;

import io.dpp.bench.feed.FeedBenchmark;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dpp bench}: throughput benchmarks of whole pipelines, each printing one JSON line. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure a pipeline's throughput on this machine; each subcommand prints one JSON line.",
        subcommands = {BenchCommand.Feed.class, BenchCommand.RecorderBench.class, BenchCommand.HistoryBench.class,
            BenchCommand.FanoutBench.class, BenchCommand.BacktestBench.class, BenchCommand.BusBench.class, DemoBench.class, OrdersBench.class})
final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code dpp bench feed}. */
    @Command(name = "feed", mixinStandardHelpOptions = true,
            description = {"Run a venue capture through parse, normalize and books (checksums on) in a loop on one "
                + "thread and print {\"venue\",\"messages_per_sec\",\"mb_per_sec\",\"allocated_bytes_per_message\",...}.",
                "With --synthetic N the capture is 200 000 messages of the venue's synthetic market over N instruments."})
    static final class Feed implements Callable<Integer> {

        @Mixin
        CaptureOptions capture;

        @Option(names = "--synthetic", paramLabel = "INSTRUMENTS",
                description = "Loop the venue's synthetic market over this many instruments instead of a capture.")
        @Bounded(min = 1, max = io.dpp.sim.SyntheticSettings.MAX_INSTRUMENTS)
        Integer synthetic;

        @Option(names = "--seconds", defaultValue = "10", description = "Measured time (default ${DEFAULT-VALUE} s).")
        @Bounded(min = 0.1, max = 3600)
        double seconds;

        @Option(names = "--warmup", defaultValue = "8", description = "Warm-up time before measuring (default ${DEFAULT-VALUE} s).")
        @Bounded(min = 0, max = 3600)
        double warmup;

        @Override
        public Integer call() throws IOException {
            CaptureOptions.Loaded loaded;
            try {
                if (synthetic != null) {
                    // 20 000 events a second of market, like a busy venue; the same seed every run.
                    io.dpp.sim.SyntheticCaptures.Result r = io.dpp.sim.SyntheticCaptures.generate(capture.requireVenue(),
                            new io.dpp.sim.SyntheticSettings(1, synthetic, 20_000, 1_767_225_600_000_000L, Long.MAX_VALUE), 200_000);
                    loaded = new CaptureOptions.Loaded(r.venue(), r.catalog(), r.ws(), r.rest(), true);
                } else {
                    loaded = capture.load();
                }
            } catch (IllegalArgumentException e) {
                System.err.println("dpp bench feed: " + e.getMessage());
                return Main.EXIT_USAGE;
            }
            FeedBenchmark.Result result = FeedBenchmark.run(loaded.venue(), loaded.catalog(), loaded.ws(), loaded.rest(),
                    warmup, seconds);
            System.out.println(result.json());
            if (result.checks().failed()) {
                // A figure from a pipeline whose books went stale measures less than the whole work.
                System.err.println("dpp bench feed: checks failed in the measured loops (see checksum_failures, sequence_gaps,"
                        + " crossed_books, decode_errors, books_stale): the figure does not count");
                return Main.EXIT_FAILURE;
            }
            return Main.EXIT_OK;
        }
    }

    /** {@code dpp bench backtest}. */
    @Command(name = "backtest", mixinStandardHelpOptions = true,
            description = {"Run the backtest event loop (simulated venue, portfolio, SMA crossover) on one thread over a "
                + "capture's L2 book changes and trades, replayed in a loop, and print {\"events_per_sec\",...}."})
    static final class BacktestBench implements Callable<Integer> {

        @Mixin
        CaptureOptions capture;

        @Option(names = "--seconds", defaultValue = "10", description = "Measured time (default ${DEFAULT-VALUE} s).")
        @Bounded(min = 0.1, max = 3600)
        double seconds;

        @Option(names = "--warmup", defaultValue = "5", description = "Warm-up time before measuring (default ${DEFAULT-VALUE} s).")
        @Bounded(min = 0, max = 3600)
        double warmup;

        @Option(names = "--strategy", defaultValue = "sma-crossover", paramLabel = "sma-crossover|graph:sma-crossover",
                description = "The Java SMA crossover (default) or the same strategy as a node graph.")
        String strategy;

        @Option(names = "--snapshots", defaultValue = "every-pass", paramLabel = "every-pass|first-pass",
                description = {"Replay the capture's full books on every pass (default) or on the first only, as a long "
                    + "recording or a live feed has them (once per connection)."})
        String snapshots;

        boolean firstPass() {
            if (!snapshots.equals("every-pass") && !snapshots.equals("first-pass")) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                        "--snapshots takes every-pass or first-pass, not " + snapshots);
            }
            return snapshots.equals("first-pass");
        }

        @Override
        public Integer call() throws Exception {
            CaptureOptions.Loaded loaded;
            try {
                loaded = capture.load();
            } catch (IllegalArgumentException e) {
                System.err.println("dpp bench backtest: " + e.getMessage());
                return Main.EXIT_USAGE;
            }
            java.util.List<io.dpp.core.model.MarketEvent> events = new java.util.ArrayList<>();
            new io.dpp.streams.replay.CaptureReplay(loaded.venue(), loaded.catalog()).run(loaded.ws(), loaded.rest(),
                    new io.dpp.core.model.MarketEventListener() {
                        @Override
                        public void onTrade(io.dpp.core.model.Trade trade) {
                            events.add(new io.dpp.core.model.Trade().copyFrom(trade));
                        }

                        @Override
                        public void onBookChange(io.dpp.core.model.BookChange change) {
                            events.add(new io.dpp.core.model.BookChange().copyFrom(change));
                        }
                    });
            long trades = events.stream().filter(e -> e instanceof io.dpp.core.model.Trade).count();
            if (trades == 0 || trades == events.size()) {
                System.err.println("dpp bench backtest: the capture needs both book changes and trades (it has "
                        + trades + " trades of " + events.size() + " events)");
                return Main.EXIT_USAGE;
            }
            try {
                io.dpp.bench.backtest.BacktestBenchmark.Result r = io.dpp.bench.backtest.BacktestBenchmark.run(events, warmup, seconds,
                        strategy, firstPass());
                if (r.orders() == 0 || r.fills() == 0) {
                    // A loop whose strategy never traded measured the market data alone, not a backtest.
                    System.err.println("dpp bench backtest: the strategy placed " + r.orders() + " orders and got " + r.fills()
                            + " fills over " + r.events() + " events: no figure from a run that did not trade");
                    return Main.EXIT_FAILURE;
                }
                System.out.println(r.json());
            } catch (IllegalArgumentException e) {
                System.err.println("dpp bench backtest: " + e.getMessage());
                return Main.EXIT_FAILURE;
            }
            return Main.EXIT_OK;
        }
    }

    /** {@code dpp bench recorder}. */
    @Command(name = "recorder", mixinStandardHelpOptions = true,
            description = {"Publish trades on the in-process bus and commit them to an embedded QuestDB through the "
                + "recorder, then append the same rows straight to QuestDB; print "
                + "{\"rows_per_sec\",\"questdb_raw_rows_per_sec\",...}. Uses a fresh store under --dir."})
    static final class RecorderBench implements Callable<Integer> {

        @Option(names = "--rows", defaultValue = "5000000", description = "Rows per measurement (default ${DEFAULT-VALUE}).")
        @Bounded(min = 1, max = 1_000_000_000)
        long rows;

        @Option(names = "--instruments", defaultValue = "20", description = "Instruments the rows spread over (default ${DEFAULT-VALUE}).")
        @Bounded(min = 1, max = 100_000)
        int instruments;

        @Option(names = "--dir", description = "Where to create the store (default: a new temporary directory, deleted after).")
        java.nio.file.Path dir;

        @Override
        public Integer call() throws Exception {
            if (rows < 1000 || instruments < 1) {
                System.err.println("dpp bench recorder: --rows must be at least 1000 and --instruments at least 1");
                return Main.EXIT_USAGE;
            }
            boolean[] ok = {false};
            int code = inStore(dir, "dpp-bench-recorder", store -> {
                io.dpp.bench.recorder.RecorderBenchmark.Result r = io.dpp.bench.recorder.RecorderBenchmark.run(store, rows,
                        instruments);
                ok[0] = r.ok();
                return r.json();
            });
            if (code == Main.EXIT_OK && !ok[0]) {
                System.err.println("dpp bench recorder: not every row landed, or a commit failed: the figure does not count");
                return Main.EXIT_FAILURE;
            }
            return code;
        }
    }

    /** {@code dpp bench history}. */
    @Command(name = "history", mixinStandardHelpOptions = true,
            description = {"Record a day of trades and book changes of one instrument into a fresh embedded store, "
                + "then time 1m candles over the day and the book at random times; print one JSON line."})
    static final class HistoryBench implements Callable<Integer> {

        @Option(names = "--trades", defaultValue = "10000000", description = "Trades over the day (default ${DEFAULT-VALUE}).")
        @Bounded(min = 1, max = 1_000_000_000)
        long trades;

        @Option(names = "--book-changes", defaultValue = "2000000", description = "Book changes over the day (default ${DEFAULT-VALUE}).")
        @Bounded(min = 1, max = 1_000_000_000)
        long bookChanges;

        @Option(names = "--runs", defaultValue = "301", description = "Timed runs of each query (default ${DEFAULT-VALUE}, "
                + "enough for a p99 that is not simply the slowest run).")
        @Bounded(min = 1, max = 10_000)
        int runs;

        @Option(names = "--dir", description = "Where to create the store (default: a new temporary directory, deleted after).")
        java.nio.file.Path dir;

        @Override
        public Integer call() throws Exception {
            if (trades < 86_400 || bookChanges < 0 || runs < 1) {
                System.err.println("dpp bench history: --trades must be at least 86400, --book-changes not negative, --runs at least 1");
                return Main.EXIT_USAGE;
            }
            return inStore(dir, "dpp-bench-history",
                    store -> io.dpp.bench.history.HistoryBenchmark.run(store, trades, bookChanges, runs).json());
        }
    }

    /** {@code dpp bench bus}. */
    @Command(name = "bus", mixinStandardHelpOptions = true,
            description = {"Carry a venue's normalized events through a Kafka broker on the bus of split mode, and the same "
                + "records with a plain Kafka producer and consumer, in turns; print the events/s of each and their ratio.",
                "The broker is the configuration's bus.kafka.bootstrap-servers (or --bootstrap-servers); `./dpp kafka` runs one. "
                + "The events are one pass of --capture, or of the venue's synthetic market with --synthetic N."})
    static final class BusBench implements Callable<Integer> {

        @Mixin
        CaptureOptions capture;

        @Option(names = "--synthetic", paramLabel = "INSTRUMENTS",
                description = "Use the venue's synthetic market over this many instruments instead of a capture.")
        @Bounded(min = 1, max = io.dpp.sim.SyntheticSettings.MAX_INSTRUMENTS)
        Integer synthetic;

        @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
                description = "Kafka brokers (default: bus.kafka.bootstrap-servers of the configuration).")
        String bootstrapServers;

        @Option(names = "--partitions", description = "Partitions of each topic (default: bus.kafka.partitions of the configuration).")
        @Bounded(min = 1, max = 1000)
        Integer partitions;

        @Option(names = "--events", defaultValue = "1000000", description = "Events carried per turn (default ${DEFAULT-VALUE}).")
        @Bounded(min = 10_000, max = 100_000_000)
        long events;

        @Option(names = "--rounds", defaultValue = "5", description = "Timed rounds, each one turn of every kind in the reverse order"
                + " of the round before; the ratio is the median of the rounds' own ratios (default ${DEFAULT-VALUE}).")
        @Bounded(min = 1, max = 50)
        int rounds;

        @Mixin
        ConfigFileOption configFile;

        /** Distinct events kept in memory; a turn cycles through them. */
        private static final int MAX_DISTINCT = 200_000;

        @Override
        public Integer call() throws Exception {
            CaptureOptions.Loaded loaded;
            io.dpp.bus.BusConfig.Kafka kafka;
            try {
                if (synthetic != null) {
                    io.dpp.sim.SyntheticCaptures.Result r = io.dpp.sim.SyntheticCaptures.generate(capture.requireVenue(),
                            new io.dpp.sim.SyntheticSettings(1, synthetic, 20_000, 1_767_225_600_000_000L, Long.MAX_VALUE), 100_000);
                    loaded = new CaptureOptions.Loaded(r.venue(), r.catalog(), r.ws(), r.rest(), true);
                } else {
                    loaded = capture.load();
                }
                kafka = Platform.loadConfig(configFile.file).section(io.dpp.bus.BusConfig.class).kafka();
            } catch (IllegalArgumentException | io.dpp.runtime.config.ConfigException e) {
                System.err.println("dpp bench bus: " + e.getMessage());
                return Main.EXIT_USAGE;
            }
            java.util.List<io.dpp.core.model.MarketEvent> kept = new java.util.ArrayList<>();
            io.dpp.bench.feed.FeedBenchmark.normalize(loaded.venue(), loaded.catalog(), loaded.ws(), loaded.rest(),
                    io.dpp.core.model.MarketEventListener.forEvery(e -> {
                        if (kept.size() < MAX_DISTINCT) {
                            kept.add(io.dpp.bench.bus.BusBenchmark.copyOf(e));
                        }
                    }));
            if (kept.isEmpty()) {
                System.err.println("dpp bench bus: the capture gave no events");
                return Main.EXIT_USAGE;
            }
            String servers = bootstrapServers != null ? bootstrapServers : kafka.bootstrapServers();
            io.dpp.bench.bus.BusBenchmark.Result r;
            try {
                r = io.dpp.bench.bus.BusBenchmark.run(servers, kafka.client(), kafka.hotHot(),
                        partitions != null ? partitions : kafka.partitions(), kept, events, rounds);
            } catch (IllegalStateException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                System.err.println("dpp bench bus: " + (e.getCause() != null && !(e instanceof IllegalStateException)
                        ? e.getCause() : e.getMessage()));
                return Main.EXIT_FAILURE;
            }
            System.out.println(r.json());
            if (!r.ok()) {
                System.err.println("dpp bench bus: a turn lost events or failed a send: the figures do not count");
                return Main.EXIT_FAILURE;
            }
            return Main.EXIT_OK;
        }
    }

    /** {@code dpp bench fanout}. */
    @Command(name = "fanout", mixinStandardHelpOptions = true,
            description = {"Run the stream API on loopback with real WebSocket clients subscribed to trades and quotes, "
                + "publish at --rate events/s, and print {\"clients\",\"input_per_sec\",\"delivered_per_sec\", "
                + "\"p50_ms\",\"p99_ms\",\"p999_ms\",\"lost\"} (latency: bus publish to client receive)."})
    static final class FanoutBench implements Callable<Integer> {

        @Option(names = "--clients", defaultValue = "500", description = "Clients that read (default ${DEFAULT-VALUE}).")
        @Bounded(min = 1, max = 100_000)
        int clients;

        @Option(names = "--rate", defaultValue = "20000", description = "Events published per second (default ${DEFAULT-VALUE}).")
        @Bounded(min = 1, max = 10_000_000)
        int rate;

        @Option(names = "--instruments", defaultValue = "1000",
                description = "Instruments the events spread over (default ${DEFAULT-VALUE}).")
        @Bounded(min = 1, max = 100_000)
        int instruments;

        @Option(names = "--per-client", defaultValue = "20",
                description = "Instruments each client subscribes to, trades and quotes (default ${DEFAULT-VALUE}).")
        @Bounded(min = 1, max = 100_000)
        int perClient;

        @Option(names = "--slow", defaultValue = "0", description = "Extra clients that subscribe to everything and never read.")
        @Bounded(min = 0, max = 10_000)
        int slow;

        @Option(names = "--open", description = {"Run the stream API in the open demo mode, without keys (default: keys required, "
            + "enterprise keys in a fresh accounts database, as a platform runs)."})
        boolean open;

        @Option(names = "--client", defaultValue = "raw", description = {"Clients that read: raw (minimal WebSocket clients on NIO "
            + "selectors, nothing allocated per message) or vertx (Vert.x WebSocket clients, a String per message). Default ${DEFAULT-VALUE}."})
        String client;

        @Option(names = "--seconds", defaultValue = "10", description = "Measured time (default ${DEFAULT-VALUE} s).")
        @Bounded(min = 0.1, max = 3600)
        double seconds;

        @Option(names = "--warmup", defaultValue = "5", description = "Warm-up time (default ${DEFAULT-VALUE} s).")
        @Bounded(min = 0, max = 3600)
        double warmup;

        @Mixin
        ConfigFileOption configFile;

        @Override
        public Integer call() throws Exception {
            io.dpp.bench.fanout.FanoutBenchmark.ClientKind kind;
            try {
                kind = io.dpp.bench.fanout.FanoutBenchmark.ClientKind.valueOf(client.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                System.err.println("dpp bench fanout: --client must be raw or vertx, got " + client);
                return Main.EXIT_USAGE;
            }
            if (clients < 1 || rate < 1 || instruments < perClient || perClient < 1 || slow < 0) {
                System.err.println("dpp bench fanout: --clients, --rate and --per-client must be positive, --instruments at least --per-client");
                return Main.EXIT_USAGE;
            }
            java.util.Map<String, String> env = new java.util.HashMap<>(System.getenv());
            env.put("DPP_HTTP_PORT", "0");
            env.put("DPP_HTTP_HOST", "127.0.0.1");
            env.putIfAbsent("DPP_LOG_LEVEL", "warn");
            java.nio.file.Path data = java.nio.file.Files.createTempDirectory("dpp-bench-fanout");
            try {
                java.util.List<String> keys = new java.util.ArrayList<>();
                io.dpp.runtime.module.ModuleDescriptor access = io.dpp.runtime.access.OpenAccess.module();
                if (!open) {
                    // Keys required, as a platform runs: enterprise keys in a fresh embedded accounts
                    // database, enough of them for the plan's connections per key.
                    env.put("DPP_DATA_DIR", data.toString());
                    env.put("DPP_ACCOUNTS_ACCESS", "keys");
                    env.remove("DPP_ACCOUNTS_DB_URL");
                    keys = FanoutKeys.create(env, configFile.file, clients + slow);
                    access = io.dpp.accounts.AccessModule.descriptor();
                }
                io.dpp.runtime.config.DppConfig config = io.dpp.runtime.config.DppConfig.load(configFile.file, env,
                        Platform.configSections());
                io.dpp.runtime.logging.Logging.apply(config.section(io.dpp.runtime.logging.LogConfig.class));
                io.dpp.bench.fanout.FanoutBenchmark.Result r = io.dpp.bench.fanout.FanoutBenchmark.run(config, access, keys, clients, rate,
                        instruments, perClient, slow, java.time.Duration.ofMillis((long) (warmup * 1000)),
                        java.time.Duration.ofMillis((long) (seconds * 1000)), kind);
                System.out.println(r.json());
                if (r.delivered() == 0 || r.lost() > 0 || r.errors() > 0) {
                    System.err.println("dpp bench fanout: " + r.delivered() + " delivered of " + r.expected() + " expected, " + r.lost()
                            + " lost, " + r.errors() + " bad messages: the figure does not count");
                    return Main.EXIT_FAILURE;
                }
                return Main.EXIT_OK;
            } finally {
                deleteTree(data);
            }
        }
    }

    /** A benchmark that needs a store folder and returns its JSON line. */
    @FunctionalInterface
    interface StoreBenchmark {
        String run(java.nio.file.Path store) throws Exception;
    }

    /** Runs {@code benchmark} in {@code dir}, or in a temporary folder deleted afterwards; prints its line. */
    static int inStore(java.nio.file.Path dir, String prefix, StoreBenchmark benchmark) throws Exception {
        boolean temporary = dir == null;
        java.nio.file.Path store = temporary ? java.nio.file.Files.createTempDirectory(prefix) : dir;
        try {
            System.out.println(benchmark.run(store));
        } finally {
            if (temporary) {
                deleteTree(store);
            }
        }
        return Main.EXIT_OK;
    }

    /** Deletes a benchmark's temporary folder and everything in it (databases preallocate gigabytes). */
    static void deleteTree(java.nio.file.Path dir) throws java.io.IOException {
        try (var files = java.nio.file.Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
