package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpp.historical.QuestDbServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Infrastructure faults in split mode, in turn under load: a historical process records from
 * Kafka ({@code ./dpp kafka}, a process of its own) into a QuestDB server. First the QuestDB
 * server is killed (SIGKILL, as a crash or an out-of-memory kill) and, while a streams process
 * replays half the fixture venues, started again on its data and ports; then, while another
 * replays the other half, the broker is stopped (SIGTERM), kept away for longer than a venue
 * connection may stay silent, and started again on its data. Services must wait and go on by
 * themselves: no event the feeds published is lost (no send error), the recorder reports not ready
 * while the store is away, the streams process while the broker is (what it publishes goes
 * nowhere) but keeps answering and keeps every venue connection (nothing waits on the broker), no
 * commit is given up, and history is exactly the captured history. Prints, per fault, how long the
 * part was away and how long the recorder took to write again.
 */
@Tag("resilience") // the second test stage: ./dpp test --resilience
class InfrastructureRestartTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long the broker stays away at least: past a venue connection's dead-after (30 s). */
    private static final Duration BROKER_AWAY = Duration.ofSeconds(35);

    @TempDir
    Path tmp;

    private Map<String, String> env(int port, String dir, String servers, String... extra) {
        return SplitModeTest.env(tmp, port, dir, servers, "restart.", extra);
    }

    @Test
    void historyIsExactWhenTheBrokerAndTheQuestDbServerRestartUnderLoad() throws Exception {
        Path fixtures = ReplayCommandTest.fixtures();
        var expected = HistoryCheck.expected(fixtures);
        int kafkaPort = DppProcess.freePort();
        int controllerPort = DppProcess.freePort();
        Path data = tmp.resolve("kafka");
        String servers = "127.0.0.1:" + kafkaPort;
        Path questdbData = tmp.resolve("questdb");
        int ilpPort = DppProcess.freePort();
        int pgPort = DppProcess.freePort();
        QuestDbServer questdb = QuestDbServer.start(questdbData, ilpPort, pgPort);
        DppProcess broker = KafkaBrokerTest.startBroker(data, kafkaPort, controllerPort);
        PrometheusServer prometheus = PrometheusServer.start(tmp.resolve("prometheus"));
        try {
            int historicalPort = DppProcess.freePort();
            Map<String, String> recorderInstance = Map.of("instance", "127.0.0.1:" + historicalPort);
            prometheus.targets(historicalPort);
            // Small commits: the recorder acknowledges often, so each outage falls between
            // acknowledgements. The QuestDB client gives up a flush after 2 s of its own tries
            // (10 s by default, plus its request timeout), so that the recorder's retry shows soon.
            String ilp = questdb.ilp() + "retry_timeout=2000;request_timeout=2000;";
            try (DppProcess historical = DppProcess.start(env(historicalPort, "historical", servers,
                    "DPP_HISTORICAL_RECORDER_COMMIT_ROWS", "500", "DPP_STORE_KIND", "server", "DPP_STORE_SERVER_ILP", ilp,
                    "DPP_STORE_SERVER_PG_URL", questdb.pgUrl()), "up", "--target", "historical")) {
                historical.awaitReady(historicalPort, Duration.ofSeconds(60));
                // Each fault under a load of its own, so that neither depends on how long the
                // other took: half the fixture venues replayed while the QuestDB server is away,
                // the other half while the broker is.
                List<String> venues = new ArrayList<>(new TreeSet<>(expected.keySet()));
                String first = String.join(",", venues.subList(0, venues.size() / 2));
                String second = String.join(",", venues.subList(venues.size() / 2, venues.size()));

                long storeAlert;
                // 1. The QuestDB server: killed, then a replay starts; the recorder finds out at
                // its first commit and turns not ready while it waits.
                long killed = System.nanoTime();
                questdb.kill();
                int firstPort = DppProcess.freePort();
                try (DppProcess streams = DppProcess.start(env(firstPort, "streams-1", servers), "up", "--target", "streams",
                        "--replay", fixtures.toString(), "--speed", "10", "--venues", first)) {
                    streams.awaitReady(firstPort, Duration.ofSeconds(60));
                    long unready = awaitReadiness(historicalPort, 503, Duration.ofSeconds(60));
                    // Prometheus, scraping the recorder, fires the alert before the server comes back.
                    storeAlert = prometheus.awaitFiring("DppRecorderStoreAway", recorderInstance, Duration.ofSeconds(60));
                    double rowsAtQuestDbRestart = rows(historicalPort);
                    questdb = QuestDbServer.start(questdbData, ilpPort, pgPort);
                    long questdbBack = System.nanoTime();
                    SplitModeTest.awaitRowsAbove(historicalPort, rowsAtQuestDbRestart, Duration.ofSeconds(120));
                    long writing = System.nanoTime();
                    long ready = awaitReadiness(historicalPort, 200, Duration.ofSeconds(60));
                    System.out.printf("questdb restart: server away %.1f s (the recorder not ready %.1f s after the kill); the"
                                    + " recorder wrote again %.1f s and was ready %.1f s after the server was back (%.0f rows at"
                                    + " the restart)%n",
                            (questdbBack - killed) / 1e9, (unready - killed) / 1e9, (writing - questdbBack) / 1e9,
                            (ready - questdbBack) / 1e9, rowsAtQuestDbRestart);
                    System.out.printf("questdb restart: DppRecorderStoreAway firing %.1f s after the kill%n", (storeAlert - killed) / 1e9);
                    ReplayPlatformTest.awaitReplayDone(firstPort, Duration.ofSeconds(240));
                    assertNothingLost(streams, firstPort);
                    streams.sigterm();
                    assertThat(streams.awaitExit(Duration.ofSeconds(30))).as(streams.exitReport()).isZero();
                    System.out.println("questdb restart: the streams process stopped: " + stopTimes(streams));
                }

                // 2. The broker: stopped in the middle of the second replay and started again.
                int secondPort = DppProcess.freePort();
                Map<String, String> streamsInstance = Map.of("instance", "127.0.0.1:" + secondPort);
                prometheus.targets(historicalPort, secondPort);
                try (DppProcess streams = DppProcess.start(env(secondPort, "streams-2", servers, "DPP_BUS_KAFKA_SEND_STALL", "1s"),
                        "up", "--target", "streams",
                        "--replay", fixtures.toString(), "--speed", "10", "--venues", second)) {
                    streams.awaitReady(secondPort, Duration.ofSeconds(60));
                    double rowsBefore = SplitModeTest.awaitRowsAbove(historicalPort, rows(historicalPort), Duration.ofSeconds(60));
                    assertThat(replayDone(secondPort)).as("the broker stops in the middle of the replay").isFalse();
                    long stopped = System.nanoTime();
                    broker.sigterm();
                    assertThat(broker.awaitExit(Duration.ofSeconds(60))).as(broker.exitReport()).isNotEqualTo(137);
                    broker.close();
                    // The streams process publishes into nothing meanwhile: it reports not ready (its sends
                    // unacknowledged for 1 s, bus.kafka.send-stall), seen while the broker starts again.
                    java.util.concurrent.CompletableFuture<Long> unreadyAt = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                        try {
                            return awaitReadiness(secondPort, 503, Duration.ofSeconds(60));
                        } catch (Exception e) {
                            throw new java.util.concurrent.CompletionException(e);
                        }
                    });
                    // The broker stays away longer than a venue connection may go silent (dead-after,
                    // 30 s), and until Prometheus fires the alert on the streams process: a feed whose
                    // event loop waited on the broker would find its sockets dead and lose what the
                    // venue sent until it reconnected. Meanwhile the process must keep answering:
                    // nothing it does waits on the broker.
                    long slowest = 0;
                    int answered = 0;
                    long busAlert = 0;
                    while (System.nanoTime() - stopped < BROKER_AWAY.toNanos() || busAlert == 0) {
                        assertThat(System.nanoTime() - stopped).as("DppBusNotAccepting firing within 2 minutes; %s",
                                prometheus.log()).isLessThan(Duration.ofMinutes(2).toNanos());
                        long asked = System.nanoTime();
                        HttpResponse<String> r = DppProcess.get(secondPort, "/api/v1/venues");
                        assertThat(r).as("the streams process answers while the broker is away").isNotNull();
                        assertThat(r.statusCode()).isEqualTo(200);
                        slowest = Math.max(slowest, System.nanoTime() - asked);
                        answered++;
                        if (busAlert == 0 && prometheus.state("DppBusNotAccepting", streamsInstance).equals("firing")) {
                            busAlert = System.nanoTime();
                        }
                        java.util.concurrent.locks.LockSupport.parkNanos(250_000_000L); // a request every quarter second
                    }
                    broker = KafkaBrokerTest.startBroker(data, kafkaPort, controllerPort);
                    long back = System.nanoTime();
                    System.out.printf("kafka restart: while the broker was away the streams process answered %d requests, the"
                            + " slowest in %.0f ms; DppBusNotAccepting firing %.1f s after the stop%n", answered, slowest / 1e6,
                            (busAlert - stopped) / 1e9);
                    long unready = unreadyAt.get(60, java.util.concurrent.TimeUnit.SECONDS);
                    long ready = awaitReadiness(secondPort, 200, Duration.ofSeconds(60));
                    long busResolved = prometheus.awaitInactive("DppBusNotAccepting", streamsInstance, Duration.ofSeconds(60));
                    System.out.printf("kafka restart: DppBusNotAccepting resolved %.1f s after the broker was back%n",
                            (busResolved - back) / 1e9);
                    System.out.printf("kafka restart: the streams process not ready %.1f s after the broker stopped, ready again"
                            + " %.1f s after it was back%n", (unready - stopped) / 1e9, (ready - back) / 1e9);
                    double rowsAtRestart = rows(historicalPort);
                    SplitModeTest.awaitRowsAbove(historicalPort, rowsAtRestart, Duration.ofSeconds(120));
                    long resumed = System.nanoTime();
                    System.out.printf("kafka restart: broker down for %.1f s; the recorder wrote again %.1f s after the broker"
                                    + " was back (%.0f rows before the stop, %.0f at the restart)%n",
                            (back - stopped) / 1e9, (resumed - back) / 1e9, rowsBefore, rowsAtRestart);
                    JsonNode replayed = ReplayPlatformTest.awaitReplayDone(secondPort, Duration.ofSeconds(240));
                    assertNothingLost(streams, secondPort);
                    String metrics = DppProcess.get(secondPort, "/metrics").body();
                    System.out.printf("kafka restart: the producer refused %.0f events at once (the feeds held them and offered"
                                    + " them again), %.0f offers refused in all; the producer was replaced %.0f times (records it"
                                    + " held while the broker answered)%n",
                            SplitModeTest.exported(metrics, "dpp_bus_kafka_refusals_total"),
                            SplitModeTest.exported(metrics, "dpp_bus_rejected_total"),
                            SplitModeTest.exported(metrics, "dpp_bus_kafka_producer_replacements_total"));
                    for (JsonNode v : replayed) {
                        assertThat(v.path("counters").path("reconnects").asLong())
                                .as("%s kept its venue connection while the broker was away: %s", v.path("venue").asText(),
                                        streams.output().lines().filter(l -> l.contains("lost") || l.contains("blocked"))
                                                .limit(20).reduce("", (a, b) -> a + "\n" + b))
                                .isZero();
                    }
                    streams.sigterm();
                    assertThat(streams.awaitExit(Duration.ofSeconds(30))).as(streams.exitReport()).isZero();
                    System.out.println("kafka restart: the streams process stopped: " + stopTimes(streams));
                }

                // Both replays recorded: history is complete once the recorder has read everything.
                awaitCaughtUp(historicalPort, Duration.ofSeconds(120));
                try {
                    HistoryCheck.verify(historicalPort, expected);
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "\nhistorical:" + logLines(historical, KAFKA, 60, false), e);
                }
                historical.output().lines().filter(l -> l.contains("recorder:")).limit(20).forEach(System.out::println);
                // The store alert looks back a minute: resolved long since, once no commit was retried for one.
                long storeResolved = prometheus.awaitInactive("DppRecorderStoreAway", recorderInstance, Duration.ofSeconds(120));
                System.out.printf("questdb restart: DppRecorderStoreAway resolved %.0f s after it fired%n",
                        (storeResolved - storeAlert) / 1e9);
                String recorder = DppProcess.get(historicalPort, "/metrics").body();
                assertThat(SplitModeTest.exported(recorder, "dpp_recorder_commit_failures_total")).as("commits given up").isZero();
                assertThat(SplitModeTest.exported(recorder, "dpp_recorder_commit_retries_total")).as("commits tried again")
                        .isPositive();
                historical.sigterm();
                assertThat(historical.awaitExit(Duration.ofSeconds(30))).as(historical.exitReport()).isZero();
            }
        } finally {
            prometheus.close();
            broker.close();
            questdb.close();
        }
    }

    /**
     * No event the feeds of {@code streams} published was lost: the broker acknowledged everything
     * the producer was handed (so the stop that follows has nothing left to send, however slowly
     * the broker just back takes it) and the producer never gave one up. A producer that keeps
     * records unsent while the broker answers is replaced 2 minutes after they were handed over
     * plus a 30 s grace (KafkaBus.watch): the wait covers that.
     */
    private static void assertNothingLost(DppProcess streams, int port) throws Exception {
        String metrics = StreamApiTest.eventually(Duration.ofSeconds(240), () -> {
            String m = DppProcess.get(port, "/metrics").body();
            assertThat(SplitModeTest.exported(m, "dpp_bus_kafka_in_flight_bytes"))
                    .as(() -> "bytes the broker has not acknowledged (producer replaced "
                            + SplitModeTest.exported(m, "dpp_bus_kafka_producer_replacements_total") + " times); the bus's lines:"
                            + logLines(streams, l -> l.contains("bus:"), 20, true) + "\nthe Kafka client's first warnings:"
                            + logLines(streams, l -> KAFKA.test(l) && l.contains("WARN"), 20, false) + "\nits latest lines:"
                            + logLines(streams, KAFKA, 20, true))
                    .isZero();
            return m;
        });
        assertThat(SplitModeTest.exported(metrics, "dpp_bus_kafka_send_errors_total"))
                .as("no event the feeds published was lost: %s", streams.output().lines()
                        .filter(l -> l.contains("could not be written") || l.contains("ERROR")).limit(20)
                        .reduce("", (a, b) -> a + "\n" + b)).isZero();
    }

    /** Waits until /health/ready answers {@code status}; returns when (System.nanoTime()). */
    private static long awaitReadiness(int port, int status, Duration timeout) throws Exception {
        return StreamApiTest.eventually(timeout, () -> {
            HttpResponse<String> r = DppProcess.get(port, "/health/ready");
            assertThat(r).isNotNull();
            assertThat(r.statusCode()).as("readiness: " + r.body()).isEqualTo(status);
            return System.nanoTime();
        });
    }

    /** How long each module of a process took to stop, from its log: "feeds 512 ms, bus 40 ms, ...". */
    static String stopTimes(DppProcess p) {
        java.util.regex.Pattern stopped = java.util.regex.Pattern.compile("stopped module (\\S+) in (\\d+) ms");
        return p.output().lines().map(stopped::matcher).filter(java.util.regex.Matcher::find)
                .map(m -> m.group(1) + " " + m.group(2) + " ms").collect(java.util.stream.Collectors.joining(", "));
    }

    /** A log line of the Kafka client or of the bus. */
    static final java.util.function.Predicate<String> KAFKA =
            l -> l.contains("o.a.k.") || l.contains("org.apache.kafka") || l.contains("Kafka") || l.contains("bus:");

    /** The first (or, if {@code latest}, the last) {@code n} lines of a process's log that {@code which} accepts. */
    static String logLines(DppProcess p, java.util.function.Predicate<String> which, int n, boolean latest) {
        List<String> lines = p.output().lines().filter(which).toList();
        int from = latest ? Math.max(0, lines.size() - n) : 0;
        return ("\n" + String.join("\n", lines.subList(from, Math.min(lines.size(), from + n)))).indent(2);
    }

    static boolean replayDone(int port) throws Exception {
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
    static void awaitCaughtUp(int port, Duration timeout) throws Exception {
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

    static double rows(int port) {
        HttpResponse<String> r = DppProcess.get(port, "/metrics");
        return r != null && r.statusCode() == 200 ? SplitModeTest.sum(r.body(), "dpp_recorder_rows_total") : -1;
    }
}
