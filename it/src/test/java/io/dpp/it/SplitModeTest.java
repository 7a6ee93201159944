package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.bus.KafkaTestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Split mode: {@code dpp up --target streams} and {@code dpp up --target historical} as separate
 * processes over a real Kafka broker (KRaft, started in this JVM). The historical process must
 * serve the same history a single process does ({@link HistoryCheck}: exactly the captured trades,
 * candles and books), also after being killed with SIGKILL in the middle of its ingest, when every
 * table must hold exactly what an uninterrupted ingest stores.
 */
class SplitModeTest {

    private static KafkaTestBroker kafka;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = KafkaTestBroker.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    private Map<String, String> env(int port, String dir, String prefix, String... extra) {
        return env(tmp, port, dir, kafka.bootstrapServers(), prefix, extra);
    }

    /**
     * The environment of a split-mode process on {@code port}: its data under {@code tmp/dir}, the
     * Kafka bus at {@code servers} with topics and groups under {@code prefix}; {@code extra} are
     * further name and value pairs.
     */
    static Map<String, String> env(Path tmp, int port, String dir, String servers, String prefix, String... extra) {
        Map<String, String> env = new HashMap<>(Map.of("DPP_HTTP_PORT", Integer.toString(port), "DPP_HTTP_HOST", "127.0.0.1",
                "DPP_DATA_DIR", tmp.resolve(dir).toString(), "DPP_BUS_KIND", "kafka",
                "DPP_BUS_KAFKA_BOOTSTRAP_SERVERS", servers, "DPP_BUS_KAFKA_TOPIC_PREFIX", prefix,
                "DPP_BUS_KAFKA_GROUP_PREFIX", prefix));
        for (int i = 0; i < extra.length; i += 2) {
            env.put(extra[i], extra[i + 1]);
        }
        return env;
    }

    /** Streams replays the fixtures into Kafka; returns once every venue is replayed. */
    private DppProcess streams(Path fixtures, String prefix) throws Exception {
        int port = DppProcess.freePort();
        DppProcess streams = DppProcess.start(env(port, "streams", prefix), "up", "--target", "streams",
                "--replay", fixtures.toString(), "--speed", "max");
        streams.awaitReady(port, Duration.ofSeconds(60));
        ReplayPlatformTest.awaitReplayDone(port, Duration.ofSeconds(120));
        assertThat(DppProcess.get(port, "/metrics").body()).contains("dpp_bus_kafka_send_errors_total 0.0");
        return streams;
    }

    /**
     * One streams process replays the captures into Kafka once; two historical processes, each with
     * its own consumer group and store, record them. The first runs through and must hold exactly
     * the captured history. The second is killed with SIGKILL in the middle of its ingest and
     * restarted: it must then hold what the first holds, table by table (nothing lost, nothing
     * stored twice), since Kafka delivers again whatever was not committed.
     */
    @Test
    void historicalProcessesOverKafkaServeTheCapturedHistoryEvenAfterAKillMidIngest() throws Exception {
        Path fixtures = ReplayCommandTest.fixtures();
        var expected = HistoryCheck.expected(fixtures);
        try (DppProcess streams = streams(fixtures, "split.")) {
            // The two historical processes ingest side by side: the uninterrupted one and the one
            // killed in the middle (small commits make its ingest long enough to be interrupted).
            int cleanPort = DppProcess.freePort();
            int port = DppProcess.freePort();
            Map<String, String> env = env(port, "crash", "split.", "DPP_BUS_KAFKA_GROUP_PREFIX", "split.crash.",
                    "DPP_HISTORICAL_RECORDER_COMMIT_ROWS", "200");
            try (DppProcess clean = DppProcess.start(env(cleanPort, "clean", "split.", "DPP_BUS_KAFKA_GROUP_PREFIX", "split.clean."),
                    "up", "--target", "historical")) {
                double committed;
                try (DppProcess first = DppProcess.start(env, "up", "--target", "historical")) {
                    first.awaitReady(port, Duration.ofSeconds(60));
                    committed = awaitSomeRows(port, Duration.ofSeconds(60));
                    first.kill9();
                }
                clean.awaitReady(cleanPort, Duration.ofSeconds(60));
                assertThat(DppProcess.get(cleanPort, "/api/v1/venues").statusCode()).as("no feeds in the historical process")
                        .isEqualTo(404);
                HistoryCheck.verify(cleanPort, expected);
                long all = HistoryCheck.rows(cleanPort).values().stream().mapToLong(Long::longValue).sum();
                System.out.printf("split mode: killed -9 after %.0f committed rows of %d%n", committed, all);
                assertThat(committed).as("the kill came in the middle of the ingest").isLessThan(all);
                try (DppProcess second = DppProcess.start(env, "up", "--target", "historical")) {
                    second.awaitReady(port, Duration.ofSeconds(60));
                    HistoryCheck.verify(port, expected);
                    // Both stores keep converging (commits, the candle view's refresh) until they hold the same.
                    Map<String, Long> rows = StreamApiTest.eventually(Duration.ofSeconds(60), () -> {
                        Map<String, Long> crashed = HistoryCheck.rows(port);
                        assertThat(crashed.get("candles")).as("candles").isPositive();
                        assertThat(crashed).as("every table, as the uninterrupted ingest stores it")
                                .isEqualTo(HistoryCheck.rows(cleanPort));
                        return crashed;
                    });
                    System.out.printf("split mode: after the restart, as without the kill: %s%n", rows);
                    second.sigterm();
                    assertThat(second.awaitExit(Duration.ofSeconds(20))).as(second.exitReport()).isZero();
                }
                clean.sigterm();
                assertThat(clean.awaitExit(Duration.ofSeconds(20))).as(clean.exitReport()).isZero();
            }
            streams.sigterm();
            assertThat(streams.awaitExit(Duration.ofSeconds(20))).as(streams.exitReport()).isZero();
        }
    }

    /** Waits until the recorder has committed some rows; returns how many. */
    static double awaitSomeRows(int port, Duration timeout) throws InterruptedException {
        return awaitRowsAbove(port, 0, timeout);
    }

    /** Waits until the recorder has committed more than {@code rows} rows; returns how many. */
    static double awaitRowsAbove(int port, double rows, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            var r = DppProcess.get(port, "/metrics");
            if (r != null && r.statusCode() == 200) {
                double now = sum(r.body(), "dpp_recorder_rows_total");
                if (now > rows) {
                    return now;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the recorder committed no more than " + rows + " rows within " + timeout);
    }

    /** The sum of the series of metric {@code name} whose labels contain {@code label}. */
    static double sum(String text, String name, String label) {
        Matcher m = series(text, name);
        double total = 0;
        while (m.find()) {
            if ((m.group(1) == null ? "" : m.group(1)).contains(label)) {
                total += Double.parseDouble(m.group(2));
            }
        }
        return total;
    }

    static double sum(String text, String name) {
        return sum(text, name, "");
    }

    /** The series of metric {@code name}, with labels or without: group 1 the labels (null when none), group 2 the value. */
    private static Matcher series(String text, String name) {
        return Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{([^}]*)})? ([0-9.eE+-]+)$").matcher(text);
    }

    /** As {@link #sum(String, String)}, failing when the process exports no series of {@code name} (a check of zero must see it). */
    static double exported(String text, String name) {
        assertThat(series(text, name).find()).as("the metric " + name + " is exported").isTrue();
        return sum(text, name);
    }

    /**
     * Private channels across processes: the EMS runs alone ({@code --target ems}), the live stream
     * in the streams process replaying OKX into Kafka; an order submitted to the EMS reaches the
     * user's WebSocket on the streams process (orders and fills channels), relayed through Kafka.
     */
    @Test
    void theEmsOfOneProcessReachesThePrivateChannelsOfAnother() throws Exception {
        Path fixtures = ReplayCommandTest.fixtures();
        int emsPort = DppProcess.freePort();
        try (DppProcess ems = DppProcess.start(env(emsPort, "ems", "private."), "up", "--target", "ems")) {
            ems.awaitReady(emsPort, Duration.ofSeconds(60));
            int streamsPort = DppProcess.freePort();
            try (DppProcess streams = DppProcess.start(env(streamsPort, "streams", "private."), "up", "--target", "streams",
                    "--replay", fixtures.toString(), "--speed", "max", "--venues", "okx")) {
                streams.awaitReady(streamsPort, Duration.ofSeconds(60));
                ReplayPlatformTest.awaitReplayDone(streamsPort, Duration.ofSeconds(120));
                try (RawWebSocket ws = RawWebSocket.connect(streamsPort, "/api/v1/stream", Map.of())) {
                    for (String channel : List.of("orders", "fills")) {
                        ws.send("{\"op\":\"subscribe\",\"id\":\"" + channel + "\",\"channel\":\"" + channel + "\"}");
                        RawWebSocket.Frame f = ws.await("\"" + channel + "\"", Duration.ofSeconds(10));
                        assertThat(f.text()).as("subscribed on the streams process").contains("subscribed");
                    }
                    post(emsPort, "/api/v1/accounts", "{\"name\":\"split-1\"}", 201);
                    post(emsPort, "/api/v1/accounts/split-1/deposits", "{\"asset\":\"USDT\",\"amount\":\"100000\"}", 200);
                    String order = "{\"account\":\"split-1\",\"client_order_id\":\"x1\",\"venue\":\"okx\",\"symbol\":\"BTC-USDT\","
                            + "\"side\":\"buy\",\"type\":\"market\",\"quantity\":\"0.01\"}";
                    String id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(post(emsPort, "/api/v1/orders", order, 201))
                            .get("id").asText();
                    RawWebSocket.Frame event = ws.await("\"type\":\"order\"", Duration.ofSeconds(20));
                    assertThat(event.text()).as("the order event, relayed").contains("\"id\":\"" + id + "\"").contains("split-1");
                    RawWebSocket.Frame fill = ws.await("\"type\":\"fill\"", Duration.ofSeconds(20));
                    assertThat(fill.text()).contains("\"order_id\":\"" + id + "\"");
                }
            }
        }
    }

    private static String post(int port, String path, String body, int status) throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + path)).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30)).POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(status);
        return r.body();
    }
}
