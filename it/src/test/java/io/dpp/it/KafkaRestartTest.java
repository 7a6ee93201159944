package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An infrastructure fault in split mode: the Kafka broker ({@code ./dpp kafka}, a process of its
 * own) is stopped and started again while a streams process replays the captures into it and a
 * historical process records them. Nothing acknowledged may be lost: no send fails, and history
 * is exactly the captured history. Prints how long the recorder went without rows and how long it
 * took after the broker was back.
 */
class KafkaRestartTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Map<String, String> env(int port, String dir, String servers, String... extra) {
        return SplitModeTest.env(tmp, port, dir, servers, "restart.", extra);
    }

    @Test
    void historyIsExactWhenTheBrokerRestartsUnderLoad() throws Exception {
        Path fixtures = ReplayCommandTest.fixtures();
        var expected = HistoryCheck.expected(fixtures);
        int kafkaPort = DppProcess.freePort();
        int controllerPort = DppProcess.freePort();
        Path data = tmp.resolve("kafka");
        String servers = "127.0.0.1:" + kafkaPort;
        DppProcess broker = KafkaBrokerTest.startBroker(data, kafkaPort, controllerPort);
        try {
            int historicalPort = DppProcess.freePort();
            // Small commits: the recorder acknowledges often, so the outage falls between acknowledgements.
            try (DppProcess historical = DppProcess.start(env(historicalPort, "historical", servers,
                    "DPP_HISTORICAL_RECORDER_COMMIT_ROWS", "500"), "up", "--target", "historical")) {
                historical.awaitReady(historicalPort, Duration.ofSeconds(60));
                int streamsPort = DppProcess.freePort();
                // Paced so that the replay is still running when the broker goes away.
                try (DppProcess streams = DppProcess.start(env(streamsPort, "streams", servers), "up", "--target", "streams",
                        "--replay", fixtures.toString(), "--speed", "60")) {
                    streams.awaitReady(streamsPort, Duration.ofSeconds(60));
                    double rowsBefore = SplitModeTest.awaitSomeRows(historicalPort, Duration.ofSeconds(60));
                    assertThat(replayDone(streamsPort)).as("the broker stops in the middle of the replay").isFalse();

                    long stopped = System.nanoTime();
                    broker.sigterm();
                    assertThat(broker.awaitExit(Duration.ofSeconds(60))).as(broker.output()).isNotEqualTo(137);
                    broker.close();
                    broker = KafkaBrokerTest.startBroker(data, kafkaPort, controllerPort);
                    long back = System.nanoTime();
                    double rowsAtRestart = rows(historicalPort);
                    SplitModeTest.awaitRowsAbove(historicalPort, rowsAtRestart, Duration.ofSeconds(120));
                    long resumed = System.nanoTime();
                    System.out.printf("kafka restart: broker down for %.1f s; the recorder wrote again %.1f s after the broker"
                                    + " was back (%.0f rows before the stop, %.0f at the restart)%n",
                            (back - stopped) / 1e9, (resumed - back) / 1e9, rowsBefore, rowsAtRestart);

                    ReplayPlatformTest.awaitReplayDone(streamsPort, Duration.ofSeconds(240));
                    String metrics = DppProcess.get(streamsPort, "/metrics").body();
                    assertThat(SplitModeTest.sum(metrics, "dpp_bus_kafka_send_errors_total"))
                            .as("no event the feeds published was lost: %s", kafkaLines(streams)).isZero();
                    // The recorder was cut off for seconds: history is complete once it has read everything.
                    awaitCaughtUp(historicalPort, Duration.ofSeconds(120));
                    try {
                        HistoryCheck.verify(historicalPort, expected);
                    } catch (AssertionError e) {
                        throw new AssertionError(e.getMessage() + "\nhistorical:" + kafkaLines(historical) + "\nstreams:"
                                + streams.output().lines().filter(l -> l.contains("WARN") || l.contains("ERROR"))
                                        .filter(l -> !l.contains("o.a.k.c.p.internals.Sender")).limit(60)
                                        .reduce("", (a, b) -> a + "\n" + b), e);
                    }
                    streams.sigterm();
                    assertThat(streams.awaitExit(Duration.ofSeconds(30))).as(streams.output()).isZero();
                }
                historical.sigterm();
                assertThat(historical.awaitExit(Duration.ofSeconds(30))).as(historical.output()).isZero();
            }
        } finally {
            broker.close();
        }
    }

    /** The streams process's log lines about Kafka. */
    private static String kafkaLines(DppProcess p) {
        return p.output().lines().filter(l -> l.contains("Kafka") || l.contains("kafka") || l.contains("bus")).limit(60)
                .reduce("", (a, b) -> a + "\n" + b);
    }

    private static boolean replayDone(int port) throws Exception {
        HttpResponse<String> r = DppProcess.get(port, "/api/v1/venues");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode venues = JSON.readTree(r.body()).get("venues");
        boolean all = venues.size() > 0;
        for (JsonNode v : venues) {
            all &= v.path("replay_done").asBoolean(false);
        }
        return all;
    }

    /**
     * Waits until the recorder has nothing left to read on the bus and the rows the history API
     * counts in the store (what queries see, after the store has applied its write-ahead log) did
     * not change for a second and a half (the lag is measured once a second, and the recorder
     * commits at least every commit interval, 250 ms).
     */
    private static void awaitCaughtUp(int port, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        Map<String, Long> last = Map.of();
        long since = System.nanoTime();
        while (System.nanoTime() < end) {
            HttpResponse<String> r = DppProcess.get(port, "/metrics");
            double lag = r != null && r.statusCode() == 200
                    ? SplitModeTest.sum(r.body(), "dpp_bus_consumer_lag_events", "recorder") : 1;
            Map<String, Long> rows = HistoryCheck.rows(port);
            if (!rows.equals(last) || lag > 0) {
                last = rows;
                since = System.nanoTime();
            } else if (System.nanoTime() - since > 1_500_000_000L) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the recorder did not catch up within " + timeout + ": " + last);
    }

    private static double rows(int port) {
        HttpResponse<String> r = DppProcess.get(port, "/metrics");
        return r != null && r.statusCode() == 200 ? SplitModeTest.sum(r.body(), "dpp_recorder_rows_total") : -1;
    }
}
