package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.accounts.PostgresServer;
import io.dpp.client.DppClient;
import io.dpp.historical.QuestDbServer;
import io.dpp.it.StreamClients.Stream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling upgrade of a split deployment as in production, every process restarted one at a
 * time under load. The deployment: a Kafka broker ({@code ./dpp kafka}), a QuestDB server,
 * PostgreSQL holding the accounts (API keys), two feed processes publishing the synthetic market
 * of every venue hot-hot, the recorder, two history-API and two stream-API replicas behind HAProxy
 * (Debian's package; {@code /api/v1/stream} and {@code /api/v1/live/*} to the stream replicas, the
 * rest to the history replicas; health checks on {@code /health/ready}). The load: Java clients
 * ({@link DppClient}, with an API key) streaming the trades and quotes of every venue, and REST
 * requests to the live API and to history, all through HAProxy. Each process in turn gets SIGTERM,
 * as a rolling update sends, and is started again: each feed, the recorder, each history replica,
 * each stream replica.
 *
 * <p>Required: no REST request fails; every stream client ends with every event the feeds
 * published exactly once from its first on (copies of the two feeds told apart by the venue's
 * identity, {@link HotHotCheck}), trade ids without a gap; history holds every trade once.
 */
@Tag("resilience") // the second test stage: ./dpp test --resilience
// Thirteen processes on two cores: beside another test of the stage, replicas missed their bounds.
@org.junit.jupiter.api.parallel.Isolated("runs a whole split deployment")
class RollingUpgradeTest {

    private static final String PREFIX = "roll.";

    @TempDir
    Path tmp;

    private Map<String, String> env(int port, String dir, String servers, String... extra) {
        return SplitModeTest.env(tmp, port, dir, servers, PREFIX, extra);
    }

    /** What every process of the deployment shares: the broker, the store, the accounts database. */
    private record Deployment(String servers, QuestDbServer questdb, PostgresServer pg, String start) {
    }

    /** One kind of process: how to start replica {@code i} on {@code port}. */
    private interface Kind {
        DppProcess start(int port, int i);
    }

    @Test
    void nothingIsMissedWhileEveryProcessIsRestartedInTurn() throws Exception {
        Path haproxy = haproxy();
        int kafkaPort = DppProcess.freePort();
        String servers = "127.0.0.1:" + kafkaPort;
        List<AutoCloseable> cleanup = new ArrayList<>();
        DppProcess broker = KafkaBrokerTest.startBroker(tmp.resolve("kafka"), kafkaPort, DppProcess.freePort());
        cleanup.add(broker);
        QuestDbServer questdb = QuestDbServer.start(tmp.resolve("questdb"));
        cleanup.add(questdb);
        PostgresServer pg = PostgresServer.start();
        cleanup.add(pg);
        try {
            Deployment d = new Deployment(servers, questdb, pg,
                    Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(5).toString());
            String key = apiKey(d);
            Kind feed = (port, i) -> DppProcess.start(env(port, "feed-" + i, servers, "DPP_STREAMS_CONNECTION_READY_WITHIN", "2m"),
                    "up", "--target", "feeds", "--demo", "--seed", "7", "--start", d.start(), "--rate", "40");
            Kind recorder = (port, i) -> DppProcess.start(store(d, env(port, "recorder", servers,
                    "DPP_HISTORICAL_RECORDER_COMMIT_ROWS", "500")), "up", "--target", "recorder");
            Kind history = (port, i) -> DppProcess.start(store(d, keys(d, env(port, "history-" + i, servers,
                    "DPP_SHUTDOWN_DRAIN_DELAY", "2s"))), "up", "--target", "history-api");
            Kind stream = (port, i) -> DppProcess.start(keys(d, env(port, "stream-" + i, servers, "DPP_SHUTDOWN_DRAIN_DELAY", "2s")),
                    "up", "--target", "stream-api");

            Replicas feeds = new Replicas("feed", feed, 2, cleanup);
            Replicas recorders = new Replicas("recorder", recorder, 1, cleanup);
            Replicas histories = new Replicas("history", history, 2, cleanup);
            Replicas streamApis = new Replicas("stream", stream, 2, cleanup);
            for (Replicas r : List.of(feeds, recorders, histories, streamApis)) {
                r.awaitReady(Duration.ofSeconds(150));
            }
            int front = DppProcess.freePort();
            int stats = DppProcess.freePort();
            Path config = tmp.resolve("haproxy.cfg");
            Files.writeString(config, haproxyConfig(front, stats, streamApis.ports, histories.ports));
            Process proxy = new ProcessBuilder(haproxy.toString(), "-f", config.toString(), "-db")
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("haproxy.log").toFile()).start();
            cleanup.add(proxy::destroy);
            awaitServers(stats, "streams", "UP", "UP");
            awaitServers(stats, "history", "UP", "UP");

            List<String> clientErrors = new CopyOnWriteArrayList<>();
            List<DppClient> clients = new ArrayList<>();
            List<Stream> streams = new ArrayList<>();
            for (int c = 0; c < 2; c++) {
                DppClient client = DppClient.builder(URI.create("ws://127.0.0.1:" + front)).apiKey(key)
                        .reconnect(Duration.ofMillis(50), Duration.ofSeconds(1)).onError(clientErrors::add).build();
                clients.add(client);
                cleanup.add(client);
                for (String channel : List.of("trades", "quotes")) {
                    streams.add(StreamClients.subscribe(client, channel));
                }
            }
            StreamClients.awaitProgress(streams, clientErrors);

            // REST through HAProxy all along: the live API and history of an instrument that trades.
            String instrument = firstTrade(streams.get(0));
            AtomicBoolean polling = new AtomicBoolean(true);
            AtomicLong requests = new AtomicLong();
            List<String> failures = new CopyOnWriteArrayList<>();
            Thread poller = new Thread(() -> poll(front, key, List.of("/api/v1/live/instruments",
                    "/api/v1/trades?" + instrument + "&limit=5"), polling, requests, failures), "rest-poller");
            poller.start();

            try {
                for (int i = 0; i < 2; i++) {
                    feeds.restart(i, Duration.ofSeconds(150));
                    StreamClients.awaitProgress(streams, clientErrors);
                }
                recorders.restart(0, Duration.ofSeconds(90));
                for (int i = 0; i < 2; i++) {
                    histories.restart(i, Duration.ofSeconds(90));
                    awaitServers(stats, "history", "UP", "UP");
                }
                for (int i = 0; i < 2; i++) {
                    streamApis.restart(i, Duration.ofSeconds(90));
                    awaitServers(stats, "streams", "UP", "UP");
                    StreamClients.awaitProgress(streams, clientErrors);
                }
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + state(clients, streams) + feeds.problems() + recorders.problems()
                        + histories.problems() + streamApis.problems(), e);
            }
            polling.set(false);
            poller.join(10_000);

            // The feeds stop: everything published is in Kafka, and each client must end with it once.
            feeds.stopAll();
            HotHotCheck.Published published = HotHotCheck.published(servers, PREFIX);
            for (Stream s : streams) {
                StreamApiTest.eventually(Duration.ofSeconds(60), () -> {
                    Map<TopicPartition, Long> last = StreamClients.lastPositions(PREFIX, s);
                    for (Map.Entry<TopicPartition, Long> e : published.lastDelivered(s.channel()).entrySet()) {
                        assertThat(last.getOrDefault(e.getKey(), -1L)).as("%s %s: delivered up to the last event a consumer delivers",
                                s.channel(), e.getKey()).isGreaterThanOrEqualTo(e.getValue());
                    }
                    return null;
                });
                HotHotCheck.verifyStream(s, published, PREFIX);
                assertThat(s.subscription().gaps()).as(s.channel() + " sequence gaps").isZero();
            }
            long resumed = streams.stream().mapToLong(s -> s.subscription().resumed()).sum();
            assertThat(resumed).as("every client was on a stream replica that restarted, and resumed").isGreaterThanOrEqualTo(streams.size());
            for (int port : streamApis.ports) {
                String metrics = DppProcess.get(port, "/metrics").body();
                assertThat(SplitModeTest.sum(metrics, "dpp_stream_resumes_total", "afresh")).as("stream replica %d: resumes afresh",
                        port).isZero();
            }
            HotHotCheck.verifyHistory(front, key, published);
            System.out.printf("rolling upgrade: %d REST requests through HAProxy, %d failed; clients resumed %d times%n",
                    requests.get(), failures.size(), resumed);
            assertThat(requests.get()).as("REST requests made").isPositive();
            assertThat(failures).as("REST requests that failed during the rolling upgrade").isEmpty();
        } finally {
            for (int i = cleanup.size() - 1; i >= 0; i--) {
                try {
                    cleanup.get(i).close();
                } catch (Exception e) {
                    // best effort
                }
            }
        }
    }

    /** The replicas of one kind of process, each restarted in turn. */
    private static final class Replicas {
        private final String name;
        private final Kind kind;
        private final int[] ports;
        private final DppProcess[] processes;
        private final List<AutoCloseable> cleanup;

        Replicas(String name, Kind kind, int count, List<AutoCloseable> cleanup) {
            this.name = name;
            this.kind = kind;
            this.cleanup = cleanup;
            ports = new int[count];
            processes = new DppProcess[count];
            for (int i = 0; i < count; i++) {
                ports[i] = DppProcess.freePort();
                processes[i] = kind.start(ports[i], i);
                cleanup.add(processes[i]);
            }
        }

        void awaitReady(Duration timeout) throws InterruptedException {
            for (int i = 0; i < processes.length; i++) {
                processes[i].awaitReady(ports[i], timeout);
            }
        }

        /** SIGTERM, as a rolling update sends, then the same replica again until it is ready. */
        void restart(int i, Duration timeout) throws Exception {
            long t0 = System.nanoTime();
            processes[i].sigterm();
            assertThat(processes[i].awaitExit(Duration.ofSeconds(30))).as(processes[i].exitReport()).isZero();
            long stopped = System.nanoTime();
            processes[i].close();
            processes[i] = kind.start(ports[i], i);
            cleanup.add(processes[i]);
            processes[i].awaitReady(ports[i], timeout);
            System.out.printf("rolling upgrade: %s %d stopped in %.1f s, ready again %.1f s later%n", name, i, (stopped - t0) / 1e9,
                    (System.nanoTime() - stopped) / 1e9);
        }

        void stopAll() throws InterruptedException {
            for (DppProcess p : processes) {
                p.sigterm();
            }
            for (DppProcess p : processes) {
                assertThat(p.awaitExit(Duration.ofSeconds(30))).as(p.exitReport()).isZero();
            }
        }

        /** The warnings and errors the replicas logged, for a failure's message. */
        String problems() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < processes.length; i++) {
                sb.append('\n').append(name).append(' ').append(i).append(':');
                processes[i].output().lines().filter(l -> l.contains("WARN") || l.contains("ERROR") || l.contains("Exception"))
                        .limit(20).forEach(l -> sb.append('\n').append(l));
            }
            return sb.toString();
        }
    }

    /** {@code env} with the QuestDB server as the store. */
    private static Map<String, String> store(Deployment d, Map<String, String> env) {
        env.put("DPP_STORE_KIND", "server");
        env.put("DPP_STORE_SERVER_ILP", d.questdb().ilp());
        env.put("DPP_STORE_SERVER_PG_URL", d.questdb().pgUrl());
        return env;
    }

    /** {@code env} with API keys required, checked against the accounts in PostgreSQL. */
    private static Map<String, String> keys(Deployment d, Map<String, String> env) {
        env.put("DPP_ACCOUNTS_ACCESS", "keys");
        env.put("DPP_ACCOUNTS_DB_URL", d.pg().url());
        env.put("DPP_ACCOUNTS_DB_USER", d.pg().user());
        return env;
    }

    /** An enterprise key (every venue and channel, all history) made with {@code dpp keys create}. */
    private String apiKey(Deployment d) throws Exception {
        DppProcess made = DppProcess.run(keys(d, env(DppProcess.freePort(), "keys", d.servers())), "keys", "create", "--user", "load",
                "--plan", "enterprise");
        assertThat(made.exitCode()).as(made.output()).isZero();
        return made.stdout().get(0).trim();
    }

    /** "venue=..&symbol=.." of the first trade a subscription received. */
    private static String firstTrade(Stream s) {
        for (String m : s.messages()) {
            Matcher venue = java.util.regex.Pattern.compile("\"venue\":\"([^\"]+)\",\"symbol\":\"([^\"]+)\"").matcher(m);
            if (venue.find()) {
                return "venue=" + java.net.URLEncoder.encode(venue.group(1), java.nio.charset.StandardCharsets.UTF_8) + "&symbol="
                        + java.net.URLEncoder.encode(venue.group(2), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no trade received yet");
    }

    /** The clients' view of the streams, for a failure's message. */
    private static String state(List<DppClient> clients, List<Stream> streams) {
        StringBuilder sb = new StringBuilder();
        for (DppClient c : clients) {
            sb.append("\nclient connected=").append(c.connected()).append(" reconnects=").append(c.reconnects());
        }
        for (Stream s : streams) {
            sb.append("\n").append(s.channel()).append(" received=").append(s.subscription().received()).append(" resumed=")
                    .append(s.subscription().resumed()).append(" failures=").append(s.subscription().resumeFailures());
        }
        return sb.toString();
    }

    /** Debian's HAProxy; under CI=true its absence fails the test ({@code .ci/run} installs it). */
    private static Path haproxy() {
        for (String p : List.of("/usr/sbin/haproxy", "/usr/bin/haproxy", "/usr/local/sbin/haproxy")) {
            if (Files.isExecutable(Path.of(p))) {
                return Path.of(p);
            }
        }
        String message = "HAProxy is not installed (apt-get install haproxy)";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(message);
        }
        org.junit.jupiter.api.Assumptions.abort(message);
        return null;
    }

    /**
     * One front for both tiers, as an ingress routes: the stream and the live API to the stream
     * replicas, everything else to the history replicas. Each replica reports not ready for 2 s on
     * SIGTERM before it stops, longer than HAProxy takes to see three failed checks 300 ms apart. A
     * 503 (a replica busy past its bound) is tried again on the other replica (docs/operations.md).
     */
    private static String haproxyConfig(int front, int stats, int[] streamPorts, int[] historyPorts) {
        return """
                global
                  maxconn 2000
                defaults
                  mode http
                  timeout connect 2s
                  timeout client 60s
                  timeout server 60s
                  timeout tunnel 1h
                  retries 3
                  option redispatch
                  # A replica that answers 503 (busy: its bound on a request reached, or draining)
                  # is retried on the other, as for a refused connection: the API's GETs are idempotent.
                  retry-on conn-failure empty-response 503
                frontend api
                  bind 127.0.0.1:%d
                  acl live path_beg /api/v1/stream /api/v1/live/
                  use_backend streams if live
                  default_backend history
                frontend stats
                  bind 127.0.0.1:%d
                  stats enable
                  stats uri /stats
                backend streams
                  balance roundrobin
                  option httpchk GET /health/ready
                  http-check expect status 200
                  timeout check 2s
                  default-server inter 300ms fall 3 rise 2
                %s
                backend history
                  balance roundrobin
                  option httpchk GET /health/ready
                  http-check expect status 200
                  timeout check 2s
                  default-server inter 300ms fall 3 rise 2
                %s""".formatted(front, stats, servers("stream", streamPorts), servers("history", historyPorts));
    }

    private static String servers(String name, int[] ports) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ports.length; i++) {
            sb.append("  server ").append(name).append(i).append(" 127.0.0.1:").append(ports[i]).append(" check\n");
        }
        return sb.toString();
    }

    /** Waits until HAProxy's health checks report the servers of {@code backend} in {@code states} (UP, DOWN), in order. */
    private static void awaitServers(int stats, String backend, String... states) throws Exception {
        StreamApiTest.eventually(Duration.ofSeconds(30), () -> {
            HttpResponse<String> r = DppProcess.get(stats, "/stats;csv");
            assertThat(r).isNotNull();
            List<String> seen = new ArrayList<>();
            for (String line : r.body().split("\n")) {
                String[] f = line.split(",");
                if (f.length > 17 && f[0].equals(backend) && !f[1].equals("BACKEND") && !f[1].equals("FRONTEND")) {
                    seen.add(f[17]);
                }
            }
            assertThat(seen).as("HAProxy's view of " + backend).containsExactly(states);
            return null;
        });
    }

    /** GETs each path in turn with the key until told to stop; anything but a 200 is a failure. */
    private static void poll(int front, String key, List<String> paths, AtomicBoolean polling, AtomicLong requests,
                             List<String> failures) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        int n = 0;
        while (polling.get()) {
            String path = paths.get(n++ % paths.size());
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + front + path))
                    .header("X-API-Key", key).timeout(Duration.ofSeconds(5)).build();
            try {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                requests.incrementAndGet();
                if (r.statusCode() != 200) {
                    failures.add(path + ": " + r.statusCode() + " " + r.body());
                }
            } catch (Exception e) {
                requests.incrementAndGet();
                failures.add(path + ": " + e);
            }
            // One request every 20 ms at most: the poller must not load the two cores the platform runs on.
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
