package io.dpp.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpp.bus.BusModule;
import io.dpp.client.TradingClient;
import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.BookSide;
import io.dpp.core.time.Timestamps;
import io.dpp.runtime.config.DppConfig;
import io.dpp.runtime.module.Lifecycle;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dpp bench orders}: the EMS's submit-to-acknowledgement path, durable journal on. Starts the
 * EMS target in this process (HTTP, bus, EMS; the embedded database in a fresh folder, or the
 * PostgreSQL database {@code --db-url} names), puts one book on the bus, and has {@code --clients}
 * threads submit IOC limit orders below the market (each journaled as accepted, then expired) in a
 * closed loop, through plain REST and through the Java client ({@link TradingClient}). Prints one
 * JSON line: per way, orders per second and latency percentiles, with the journal's counters that
 * prove the work (orders accepted, rows written, commits).
 */
@Command(name = "orders", mixinStandardHelpOptions = true,
        description = {"Measure the EMS's submit-to-acknowledgement throughput and latency (durable journal on) through REST and "
            + "the Java client; print {\"runs\":[{\"via\",\"orders_per_sec\",\"p50_ms\",\"p99_ms\",...}],...}.",
            "The embedded database by default; --db-url jdbc:postgresql://... measures on PostgreSQL."})
final class OrdersBench implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--clients", defaultValue = "8", description = "Concurrent clients, each waiting for its answer (default ${DEFAULT-VALUE}).")
    @Bounded(min = 1, max = 1024)
    int clients;

    @Option(names = "--seconds", defaultValue = "10", description = "Measured time per way (default ${DEFAULT-VALUE} s).")
    @Bounded(min = 0.1, max = 3600)
    double seconds;

    @Option(names = "--warmup", defaultValue = "10", description = "Warm-up time of each way, before both are measured (default ${DEFAULT-VALUE} s).")
    @Bounded(min = 0, max = 3600)
    double warmup;

    @Option(names = "--db-url", paramLabel = "JDBC-URL", description = "A PostgreSQL database to journal into (default: the embedded one).")
    String dbUrl;

    @Option(names = "--db-user", description = "Its user.")
    String dbUser;

    @Option(names = "--db-password", description = "Its password (or DPP_ACCOUNTS_DB_PASSWORD).")
    String dbPassword;

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("dpp-bench-orders");
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(Map.of("DPP_HTTP_PORT", Integer.toString(port), "DPP_HTTP_HOST", "127.0.0.1", "DPP_DATA_DIR", dir.toString(),
                "DPP_ACCOUNTS_ACCESS", "open", "DPP_LOG_LEVEL", "warn", "DPP_EMS_RISK_ORDERS_PER_SECOND", "100000",
                "DPP_EMS_RISK_MAX_OPEN_ORDERS", "10000", "DPP_ACCOUNTS_DB_POOL_SIZE", "8"));
        env.remove("DPP_HTTP_MANAGEMENT_PORT");
        if (dbUrl != null) {
            env.put("DPP_ACCOUNTS_DB_URL", dbUrl);
            if (dbUser != null) {
                env.put("DPP_ACCOUNTS_DB_USER", dbUser);
            }
            if (dbPassword != null) {
                env.put("DPP_ACCOUNTS_DB_PASSWORD", dbPassword);
            }
        }
        DppConfig config = DppConfig.load(null, env, Platform.configSections());
        PrometheusRegistry registry = new PrometheusRegistry();
        Lifecycle platform = new Lifecycle(Platform.registry().resolve("ems"), config, registry);
        platform.start(Duration.ofSeconds(60));
        try {
            URI base = URI.create("http://127.0.0.1:" + port);
            // One book on the bus: the paper venue needs the instrument and its prices.
            Instrument btc = Instrument.builder("okx", "BTC-USDT").assets("BTC", "USDT").type(InstrumentType.SPOT)
                    .tickSize(Decimal64.parseOrThrow("0.1")).lotSize(Decimal64.parseOrThrow("0.00000001")).build();
            BookChange book = new BookChange().begin(true, BookChange.NO_SEQUENCE);
            for (int i = 0; i < 50; i++) {
                book.addLevel(BookSide.BID, Decimal64.of(300_000 - i, 1), Decimal64.parseOrThrow("0.5"));
                book.addLevel(BookSide.ASK, Decimal64.of(300_001 + i, 1), Decimal64.parseOrThrow("0.5"));
            }
            book.instrument(btc);
            long now = Timestamps.now();
            book.times(now, now);
            platform.module(BusModule.class).bus().publish(book);
            TradingClient client = TradingClient.builder(base).build();
            // An account of its own: a PostgreSQL database may hold the accounts of earlier runs.
            account = "bench-" + Long.toString(System.currentTimeMillis(), 36);
            client.createAccount(account);
            client.deposit(account, "USDT", new BigDecimal("1000000000"));
            awaitMarket(client);
            String db = dbUrl == null ? "embedded H2 " + dir.resolve("accounts") : dbUrl.replaceAll("password=[^&]*", "password=***");
            List<Map<String, Object>> runs = new ArrayList<>();
            // Both ways warm up first (the JIT compiles the server's path once, for both), then each is measured.
            for (String via : List.of("rest", "client")) {
                run(via, base, client, registry, warmup, 0);
            }
            for (String via : List.of("rest", "client")) {
                runs.add(run(via, base, client, registry, 0, seconds));
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("bench", "orders");
            out.put("db", db);
            out.put("clients", clients);
            out.put("cores", Runtime.getRuntime().availableProcessors());
            out.put("java", System.getProperty("java.version"));
            out.put("runs", runs);
            System.out.println(JSON.writeValueAsString(out));
            return Main.EXIT_OK;
        } finally {
            platform.stop(Duration.ofSeconds(10), Duration.ZERO);
            BenchCommand.deleteTree(dir); // its databases take about 2 GB of preallocated files
        }
    }

    private String account;

    private void awaitMarket(TradingClient client) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                client.submit(TradingClient.Order.limit(account, "probe-" + System.nanoTime(), "okx", "BTC-USDT", "buy",
                        new BigDecimal("0.001"), new BigDecimal("29000.0")).withTimeInForce("ioc"));
                return;
            } catch (TradingClient.Refused r) {
                if (r.status() != 404 || System.nanoTime() > end) {
                    throw r;
                }
                Thread.sleep(20);
            }
        }
    }

    private Map<String, Object> run(String via, URI base, TradingClient client, PrometheusRegistry registry, double warmup, double seconds)
            throws Exception {
        // Plain REST is measured with a lean HTTP/1.1 client (one kept-alive connection per client,
        // blocking reads): on this machine the load generator shares the cores with the EMS, and
        // java.net.http's own threads would take a good part of them.
        RawHttp[] raw = new RawHttp[clients];
        if (!via.equals("client")) {
            for (int c = 0; c < clients; c++) {
                raw[c] = new RawHttp(base);
            }
        }
        AtomicLong seq = new AtomicLong();
        long[][] latencies = new long[clients][];
        int[] counts = new int[clients];
        long warmupEnd = System.nanoTime() + (long) (warmup * 1e9);
        long end = warmupEnd + (long) (seconds * 1e9);
        double acceptedBefore = counter(registry, "dpp_ems_orders_accepted");
        double rowsBefore = counter(registry, "dpp_ems_journal_rows");
        long commitsBefore = commits(registry);
        double commitSecondsBefore = commitSeconds(registry);
        List<Thread> threads = new ArrayList<>();
        String[] failure = new String[1];
        String round = warmup > 0 ? "w" : "m";
        for (int c = 0; c < clients; c++) {
            int me = c;
            latencies[c] = new long[1 << 16];
            Thread t = new Thread(() -> {
                try {
                    while (true) {
                        long start = System.nanoTime();
                        if (start >= end) {
                            return;
                        }
                        String id = via + "-" + round + seq.incrementAndGet();
                        TradingClient.Order o = TradingClient.Order.limit(account, id, "okx", "BTC-USDT", "buy", new BigDecimal("0.001"),
                                new BigDecimal("29000.0")).withTimeInForce("ioc");
                        if (via.equals("client")) {
                            client.submit(o);
                        } else {
                            raw[me].post("/api/v1/orders", o.json(), 201);
                        }
                        long done = System.nanoTime();
                        if (start >= warmupEnd) {
                            if (counts[me] == latencies[me].length) {
                                latencies[me] = Arrays.copyOf(latencies[me], counts[me] * 2);
                            }
                            latencies[me][counts[me]++] = done - start;
                        }
                    }
                } catch (Exception e) {
                    failure[0] = e.toString();
                }
            }, "bench-client-" + c);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        for (RawHttp r : raw) {
            if (r != null) {
                r.close();
            }
        }
        if (failure[0] != null) {
            throw new IllegalStateException("a client failed: " + failure[0]);
        }
        int n = 0;
        for (int c : counts) {
            n += c;
        }
        long[] all = new long[n];
        int k = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(latencies[c], 0, all, k, counts[c]);
            k += counts[c];
        }
        Arrays.sort(all);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("via", via);
        m.put("orders", n);
        m.put("orders_per_sec", seconds == 0 ? 0 : Math.round(n / seconds));
        m.put("p50_ms", ms(all, 0.50));
        m.put("p99_ms", ms(all, 0.99));
        m.put("p999_ms", ms(all, 0.999));
        m.put("max_ms", n == 0 ? 0 : all[n - 1] / 1e6);
        // Counters of the measured run, proving each order went through the journal.
        m.put("accepted_in_run", Math.round(counter(registry, "dpp_ems_orders_accepted") - acceptedBefore));
        m.put("journal_rows_in_run", Math.round(counter(registry, "dpp_ems_journal_rows") - rowsBefore));
        long commits = commits(registry) - commitsBefore;
        m.put("journal_commits_in_run", commits);
        m.put("journal_commit_ms_mean", commits == 0 ? 0 : Math.round((commitSeconds(registry) - commitSecondsBefore) / commits * 1e6) / 1e3);
        return m;
    }

    /** A minimal HTTP/1.1 client over one kept-alive connection: what wrk does, in Java, for a load generator that costs little. */
    static final class RawHttp implements AutoCloseable {
        private final java.net.Socket socket;
        private final java.io.OutputStream out;
        private final java.io.BufferedInputStream in;
        private final String host;

        RawHttp(URI base) throws java.io.IOException {
            socket = new java.net.Socket(base.getHost(), base.getPort());
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            out = new java.io.BufferedOutputStream(socket.getOutputStream(), 4096);
            in = new java.io.BufferedInputStream(socket.getInputStream(), 16384);
            host = base.getHost() + ":" + base.getPort();
        }

        /** POSTs a JSON body; fails unless the answer has status {@code expected}. Returns the answer's body. */
        String post(String path, String json, int expected) throws java.io.IOException {
            byte[] body = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.write(("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String status = line();
            int length = -1;
            for (String h = line(); !h.isEmpty(); h = line()) {
                int colon = h.indexOf(':');
                if (colon > 0 && h.substring(0, colon).equalsIgnoreCase("content-length")) {
                    length = Integer.parseInt(h.substring(colon + 1).trim());
                }
            }
            if (length < 0) {
                throw new java.io.IOException("an answer without Content-Length: " + status);
            }
            byte[] answer = in.readNBytes(length);
            String text = new String(answer, java.nio.charset.StandardCharsets.UTF_8);
            int code = status.length() >= 12 ? Integer.parseInt(status.substring(9, 12)) : -1;
            if (code != expected) {
                throw new IllegalStateException(status + " " + text);
            }
            return text;
        }

        private String line() throws java.io.IOException {
            StringBuilder sb = new StringBuilder(64);
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new java.io.EOFException("the connection closed mid-answer");
                }
                if (b != '\r') {
                    sb.append((char) b);
                }
            }
            return sb.toString();
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (java.io.IOException ignored) {
                // closing anyway
            }
        }
    }

    private static double ms(long[] sorted, double q) {
        return sorted.length == 0 ? 0 : Math.round(sorted[Math.min(sorted.length - 1, (int) (q * sorted.length))] / 1e3) / 1e3;
    }

    private static double counter(PrometheusRegistry registry, String name) {
        for (MetricSnapshot s : registry.scrape().stream().toList()) {
            if (s instanceof CounterSnapshot c && c.getMetadata().getName().equals(name)) {
                return c.getDataPoints().stream().mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue).sum();
            }
        }
        throw new IllegalStateException("no metric " + name);
    }

    private static double commitSeconds(PrometheusRegistry registry) {
        for (MetricSnapshot s : registry.scrape().stream().toList()) {
            if (s instanceof HistogramSnapshot h && h.getMetadata().getName().equals("dpp_ems_journal_commit_seconds")) {
                return h.getDataPoints().stream().mapToDouble(HistogramSnapshot.HistogramDataPointSnapshot::getSum).sum();
            }
        }
        throw new IllegalStateException("no metric dpp_ems_journal_commit_seconds");
    }

    private static long commits(PrometheusRegistry registry) {
        for (MetricSnapshot s : registry.scrape().stream().toList()) {
            if (s instanceof HistogramSnapshot h && h.getMetadata().getName().equals("dpp_ems_journal_commit_seconds")) {
                return h.getDataPoints().stream().mapToLong(HistogramSnapshot.HistogramDataPointSnapshot::getCount).sum();
            }
        }
        throw new IllegalStateException("no metric dpp_ems_journal_commit_seconds");
    }
}
