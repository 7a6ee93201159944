package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./dpp up --replay} under a reconnect storm: the simulator closes every socket of every venue
 * every 3 s; REST snapshot requests stay within each venue's limits and the configured share, and
 * threads, descriptors and heap stay bounded.
 */
@org.junit.jupiter.api.parallel.Isolated("bounds threads, descriptors and heap under a reconnect storm of every venue")
class ReconnectStormTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    private Map<String, String> env(int port, String... extra) {
        return ReplayPlatformTest.env(data, port, extra);
    }

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
            // Sampled by the storm's own progress, not by the clock: each sample once the feeds have
            // reconnected RECONNECTS_PER_SAMPLE more times, so a loaded machine stretches the run
            // rather than thinning it.
            List<double[]> samples = new ArrayList<>();
            samples.add(sample(port));
            while (samples.size() < SAMPLES) {
                double before = samples.get(samples.size() - 1)[3];
                samples.add(StreamApiTest.eventually(Duration.ofSeconds(60), () -> {
                    double[] s = sample(port);
                    assertThat(s[3]).as("the feeds go on reconnecting").isGreaterThanOrEqualTo(before + RECONNECTS_PER_SAMPLE);
                    return s;
                }));
            }
            // Every socket of every venue reconnects every 3 s here, on a 2-core machine: one status
            // request may go unanswered in its 10 s (seen in CI, twice; the second time three tries
            // over the shared client's one pooled connection all went unanswered while the simulator
            // went on accepting the feeds' sockets). Each try has a connection of its own; if none is
            // answered, the failure shows why each went unanswered and what every thread was doing.
            HttpResponse<String> status = null;
            List<String> unanswered = new ArrayList<>();
            long asked = System.nanoTime();
            for (int attempt = 0; attempt < 3 && status == null; attempt++) {
                DppProcess.Asked a = DppProcess.getOnce(simPort, "/sim/status", Duration.ofSeconds(10));
                status = a.response();
                if (status == null) {
                    unanswered.add(a.failure());
                }
            }
            System.out.printf("storm: /sim/status answered in %d ms; unanswered before: %s%n",
                    (System.nanoTime() - asked) / 1_000_000, unanswered);
            if (status == null) {
                throw new AssertionError("the simulator did not answer its status: " + unanswered + "; the log ends:\n"
                        + tail(dpp, 60) + "\n" + dpp.threadDump());
            }
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
            assertThat(dpp.awaitExit(Duration.ofSeconds(15))).as(dpp.exitReport()).isZero();
        }
    }

    private static final int SAMPLES = 13;
    private static final int RECONNECTS_PER_SAMPLE = 30;

    /** Threads, open descriptors, heap MB and reconnects so far. */
    private static double[] sample(int port) throws Exception {
        String m = DppProcess.get(port, "/metrics").body();
        return new double[] {ReplayPlatformTest.metric(m, "jvm_threads_current"), ReplayPlatformTest.metric(m, "process_open_fds"),
            ReplayPlatformTest.metric(m, "jvm_memory_used_bytes{area=\"heap\"}") / 1e6, sum(m, "dpp_feed_reconnects_total")};
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

    private static double sum(String text, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{[^}]*} ([0-9.eE+-]+)$").matcher(text);
        double total = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return total;
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
