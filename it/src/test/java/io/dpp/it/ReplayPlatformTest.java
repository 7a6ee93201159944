package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./dpp up --replay}: the whole platform on recorded traffic, as a new user runs it offline,
 * and the same under a reconnect storm.
 */
@org.junit.jupiter.api.parallel.Isolated("bounds threads, descriptors and heap under a reconnect storm of every venue")
class ReplayPlatformTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    private Map<String, String> env(int port, String... extra) {
        Map<String, String> env = new HashMap<>(Map.of("DPP_HTTP_PORT", Integer.toString(port),
                "DPP_HTTP_HOST", "127.0.0.1", "DPP_DATA_DIR", data.toString()));
        for (int i = 0; i < extra.length; i += 2) {
            env.put(extra[i], extra[i + 1]);
        }
        return env;
    }

    @Test
    void upReplayReplaysEveryVenueWithNoChecksumFailureOrDecodeError() throws Exception {
        int port = DppProcess.freePort();
        Path fixtures = ReplayCommandTest.fixtures();
        try (DppProcess dpp = DppProcess.start(env(port), "up", "--replay", fixtures.toString(), "--speed", "max")) {
            Duration ready = dpp.awaitReady(port, Duration.ofSeconds(30));
            System.out.println("dpp up --replay reached /health/ready = 200 in " + ready.toMillis() + " ms");
            long t0 = System.nanoTime();
            JsonNode venues = awaitReplayDone(port, Duration.ofSeconds(90));
            System.out.println("every venue replayed and in sync " + (System.nanoTime() - t0) / 1_000_000 + " ms after ready");
            assertThat(venues).as("every venue, each with its captures").hasSize(io.dpp.streams.venue.Venues.ids().size());
            for (JsonNode v : venues) {
                JsonNode c = v.get("counters");
                String name = v.get("venue").asText();
                assertThat(v.get("replay_done").asBoolean()).as(name).isTrue();
                assertThat(c.get("checksum_failures").asLong()).as(name + " " + c).isZero();
                assertThat(c.get("decode_errors").asLong()).as(name + " " + c).isZero();
                assertThat(c.get("sequence_gaps").asLong()).as(name + " " + c).isZero();
                assertThat(c.get("crossed_books").asLong()).as(name + " " + c).isZero();
                assertThat(v.get("books_in_sync").asInt()).as(name).isPositive();
                assertThat(v.get("books_stale").asInt()).as(name).isZero();
                if (name.equals("kraken")) {
                    assertThat(c.get("checksums_verified").asLong()).isEqualTo(2186);
                }
                if (name.equals("okx")) {
                    assertThat(c.get("checksums_verified").asLong()).isEqualTo(290);
                }
            }
            String metrics = DppProcess.get(port, "/metrics").body();
            assertThat(metrics).contains("dpp_feed_messages_total{venue=\"kraken\"}", "dpp_feed_decode_errors_total{venue=\"okx\"} 0.0",
                    "dpp_feed_gaps_total{venue=\"binance\"} 0.0", "dpp_feed_resyncs_total{venue=\"bitfinex\"}",
                    "dpp_feed_reconnects_total{venue=\"bybit\"}", "dpp_feed_connected{venue=\"deribit\"} 1.0",
                    "dpp_feed_last_message_timestamp_seconds{venue=\"coinbase\"}", "dpp_feed_latency_seconds_bucket{venue=\"bitmex\",le=",
                    "dpp_feed_books{state=\"in_sync\",venue=\"kraken\"} 6.0");
            // Replayed messages keep the receive times they were recorded with (2021): no per-stage
            // latency is measured from them (DemoTest sees it measured on live, wall-clock traffic).
            assertThat(metric(metrics, "dpp_bus_delivery_delay_seconds_count{consumer=\"recorder\"}")).isZero();
            assertThat(metric(metrics, "dpp_recorder_delay_seconds_count")).isZero();
            assertThat(metrics).contains("dpp_stream_client_queue_max ", "dpp_history_queries{state=\"queued\"} ");
            HttpResponse<String> one = DppProcess.get(port, "/api/v1/venues/kraken");
            assertThat(one.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(one.body()).get("connections").get(0).get("books")).hasSize(6);
            assertThat(DppProcess.get(port, "/api/v1/venues/nosuch").statusCode()).isEqualTo(404);
            dpp.sigterm();
            assertThat(dpp.awaitExit(Duration.ofSeconds(15))).as(dpp.output()).isZero();
        }
    }

    @Test
    void dppSimServesCapturesStatusAndAConfigurationForUp() throws Exception {
        int simPort = DppProcess.freePort();
        try (DppProcess sim = DppProcess.start(env(DppProcess.freePort()), "sim", "--capture-dir",
                ReplayCommandTest.fixtures().toString(), "--port", Integer.toString(simPort), "--speed", "max")) {
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            HttpResponse<String> status = null;
            while (System.nanoTime() < end && (status == null || status.statusCode() != 200)) {
                Thread.sleep(200);
                status = DppProcess.get(simPort, "/sim/status");
            }
            assertThat(status).as(sim.output()).isNotNull();
            JsonNode venues = JSON.readTree(status.body()).get("venues");
            assertThat(venues).as("every venue, each with its captures").hasSize(io.dpp.streams.venue.Venues.ids().size());
            assertThat(venues.get(0).get("sessions").get(0).get("replayed").asLong()).isZero();
            String config = DppProcess.get(simPort, "/sim/config").body();
            assertThat(config).contains("streams:", "ws-url: ws://127.0.0.1:" + simPort + "/kraken",
                    "rest-url: http://127.0.0.1:" + simPort + "/binance");
            // The venues' private APIs too, for the EMS's live accounts.
            assertThat(config).contains("ems:\n  venues:\n", "    okx:\n      rest-url: http://127.0.0.1:" + simPort + "/okx\n");
            HttpResponse<String> listing = DppProcess.get(simPort, "/kraken/0/public/AssetPairs");
            assertThat(listing.statusCode()).isEqualTo(200);
            assertThat(listing.body()).startsWith("{\"error\":[],\"result\":{");
            assertThat(DppProcess.get(simPort, "/nosuch/x").statusCode()).isEqualTo(404);
            sim.sigterm();
            assertThat(sim.awaitExit(Duration.ofSeconds(10))).isZero();
        }
    }

    @Test
    void badReplayOptionsExitWithUsageErrors() throws Exception {
        DppProcess speed = DppProcess.run(env(DppProcess.freePort()), "up", "--replay", ReplayCommandTest.fixtures().toString(),
                "--speed", "fast");
        assertThat(speed.exitCode()).isEqualTo(2);
        assertThat(speed.stderrText()).contains("--speed must be a number from 0.01 to 1000000, or max");
        // Every number a flag takes is bounded: a replay paced at 1e-300 would never end.
        DppProcess tiny = DppProcess.run(env(DppProcess.freePort()), "up", "--replay", ReplayCommandTest.fixtures().toString(),
                "--speed", "1e-300");
        assertThat(tiny.exitCode()).isEqualTo(2);
        assertThat(tiny.stderrText()).contains("--speed must be a number from 0.01 to 1000000, or max, got 1e-300");
        DppProcess clients = DppProcess.run(env(DppProcess.freePort()), "bench", "fanout", "--clients", "2147483647");
        assertThat(clients.exitCode()).isEqualTo(2);
        assertThat(clients.stderrText()).contains("--clients must be from 1 to 100000, got 2147483647");
        DppProcess faults = DppProcess.run(env(DppProcess.freePort()), "up", "--replay", ReplayCommandTest.fixtures().toString(),
                "--faults", "explode:n=1");
        assertThat(faults.exitCode()).isEqualTo(2);
        assertThat(faults.stderrText()).contains("--faults: unknown fault 'explode'");
        DppProcess empty = DppProcess.run(env(DppProcess.freePort()), "up", "--replay", data.toString());
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.stderrText()).contains("holds no capture of a venue DPP knows");
    }

    /**
     * The simulator closes every socket every 3 seconds for a minute while the feeds are set to
     * reconnect fast and to use only a tenth of each venue's REST allowance: snapshot requests stay
     * within that share (and so within the documented limits), and threads, file descriptors and
     * heap stay bounded.
     */
    @Test
    void reconnectStormStaysWithinRestLimitsAndBoundedResources() throws Exception {
        int port = DppProcess.freePort();
        int simPort = DppProcess.freePort();
        Path fixtures = ReplayCommandTest.fixtures();
        double share = 0.1;
        try (DppProcess dpp = DppProcess.start(env(port, "DPP_STREAMS_CONNECTION_RECONNECT_INITIAL", "200ms",
                        "DPP_STREAMS_CONNECTION_RECONNECT_MAX", "2s", "DPP_STREAMS_CONNECTION_LIMIT_SHARE", Double.toString(share)),
                "up", "--replay", fixtures.toString(), "--speed", "0.5", "--sim-port", Integer.toString(simPort),
                "--faults", "close:every=3s")) {
            dpp.awaitReady(port, Duration.ofSeconds(30));
            List<double[]> samples = new ArrayList<>();
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < end) {
                String m = DppProcess.get(port, "/metrics").body();
                samples.add(new double[] {metric(m, "jvm_threads_current"), metric(m, "process_open_fds"),
                    metric(m, "jvm_memory_used_bytes{area=\"heap\"}") / 1e6, sum(m, "dpp_feed_reconnects_total")});
                Thread.sleep(5_000);
            }
            // Every socket of every venue reconnects every 3 s here, on a 2-core machine: one status
            // request may go unanswered in its 10 s (seen once in CI). Three tries; if none is answered
            // the simulator is stuck, and its log says where (Vert.x names a blocked event loop).
            HttpResponse<String> status = null;
            long asked = System.nanoTime();
            for (int attempt = 0; attempt < 3 && status == null; attempt++) {
                status = DppProcess.get(simPort, "/sim/status");
            }
            System.out.printf("storm: /sim/status answered in %d ms%n", (System.nanoTime() - asked) / 1_000_000);
            assertThat(status).as("the simulator answers its status within 30 s; the log ends:%n%s", tail(dpp, 60)).isNotNull();
            assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
            JsonNode sim = JSON.readTree(status.body());
            long closes = 0;
            for (JsonNode v : sim.get("venues")) {
                closes += v.get("faults_injected").path("close").asLong();
                long used = v.get("rest_weight_max_in_window").asLong();
                long limit = v.get("rest_weight_limit").asLong();
                System.out.printf("storm: %s REST snapshot requests %d, most weight in one %d s window %d of %d%n",
                        v.get("venue").asText(), v.get("rest_snapshot_requests").asLong(),
                        v.get("rest_weight_window_seconds").asLong(), used, limit);
                assertThat(used).as(v.get("venue").asText() + " within the documented limit").isLessThanOrEqualTo(limit);
                // Our bucket holds share * limit and refills as much per window: at most twice that in a window.
                long snapshot = v.get("rest_snapshot_requests").asLong() == 0 ? 0 : used / Math.max(1, v.get("rest_snapshot_requests").asLong());
                assertThat(used).as(v.get("venue").asText() + " within the configured share")
                        .isLessThanOrEqualTo((long) Math.ceil(2 * Math.max(1, Math.floor(share * limit))) + snapshot);
            }
            assertThat(closes).as("the simulator closed sockets").isGreaterThan(50);
            double reconnects = samples.get(samples.size() - 1)[3];
            assertThat(reconnects).as("the feeds reconnected").isGreaterThan(50);
            int third = samples.size() / 3;
            double[] early = max(samples.subList(0, third));
            double[] late = max(samples.subList(samples.size() - third, samples.size()));
            StringBuilder table = new StringBuilder("storm samples (threads, fds, heap MB, reconnects):");
            samples.forEach(s -> table.append(String.format("%n  %.0f %.0f %.0f %.0f", s[0], s[1], s[2], s[3])));
            System.out.println(table);
            assertThat(late[0]).as("threads stay bounded\n" + table).isLessThanOrEqualTo(early[0] + 4);
            // Open sockets come and go with every forced close (±30 around a level seen here), so a
            // leak shows as a rising floor: the fewest descriptors late must not exceed the most early.
            double lateFloor = min(samples.subList(samples.size() - third, samples.size()))[1];
            assertThat(lateFloor).as("file descriptors stay bounded (floor)\n" + table).isLessThanOrEqualTo(early[1] + 16);
            // The peak may catch a burst: when the recording ends, every venue's sockets close and reopen at
            // once while the store applies commits to the capture's several day partitions (seen: +74 once,
            // CI, 2026-12-03). A leak is what the floor shows; the peak only has to stay of the same order.
            assertThat(late[1]).as("file descriptors stay bounded (peak)\n" + table).isLessThanOrEqualTo(early[1] + 160);
            assertThat(late[2]).as("heap stays bounded\n" + table).isLessThanOrEqualTo(Math.max(early[2] * 2, early[2] + 128));
            dpp.sigterm();
            assertThat(dpp.awaitExit(Duration.ofSeconds(15))).as(dpp.output()).isZero();
        }
    }

    private static double[] min(List<double[]> samples) {
        double[] m = new double[4];
        java.util.Arrays.fill(m, Double.MAX_VALUE);
        for (double[] s : samples) {
            for (int i = 0; i < 4; i++) {
                m[i] = Math.min(m[i], s[i]);
            }
        }
        return m;
    }

    private static double[] max(List<double[]> samples) {
        double[] m = new double[4];
        for (double[] s : samples) {
            for (int i = 0; i < 4; i++) {
                m[i] = Math.max(m[i], s[i]);
            }
        }
        return m;
    }

    static double metric(String text, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " ([0-9.eE+-]+)$").matcher(text);
        if (!m.find()) {
            throw new AssertionError("metric " + name + " missing");
        }
        return Double.parseDouble(m.group(1));
    }

    private static double sum(String text, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{[^}]*} ([0-9.eE+-]+)$").matcher(text);
        double total = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return total;
    }

    static JsonNode awaitReplayDone(int port, Duration timeout) throws Exception {
        return awaitReplayDone(port, timeout, null);
    }

    /** As above, sending {@code key} as the API key (null: none, the open demo mode). */
    static JsonNode awaitReplayDone(int port, Duration timeout, String key) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        JsonNode venues = null;
        while (System.nanoTime() < end) {
            HttpResponse<String> r = DppProcess.get(port, "/api/v1/venues", key);
            if (r != null && r.statusCode() == 200) {
                venues = JSON.readTree(r.body()).get("venues");
                boolean all = venues.size() > 0;
                for (JsonNode v : venues) {
                    all &= v.path("replay_done").asBoolean(false) && v.get("books_stale").asInt() == 0
                            && v.get("books_awaiting_snapshot").asInt() == 0;
                }
                if (all) {
                    return venues;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the replay did not finish within " + timeout + ": " + venues);
    }

    /** The last {@code lines} lines of the platform's output, and every line that names a blocked thread. */
    private static String tail(DppProcess dpp, int lines) {
        List<String> all = new ArrayList<>(dpp.output().lines().toList());
        StringBuilder sb = new StringBuilder();
        all.stream().filter(l -> l.contains("has been blocked")).limit(20).forEach(l -> sb.append(l).append('\n'));
        all.subList(Math.max(0, all.size() - lines), all.size()).forEach(l -> sb.append(l).append('\n'));
        return sb.toString();
    }
}
