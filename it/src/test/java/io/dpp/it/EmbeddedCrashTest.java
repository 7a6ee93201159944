package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The single process with its embedded QuestDB, killed with SIGKILL in the middle of recording:
 * every row the recorder had committed is still there after a restart, and replaying the same
 * traffic again afterwards leaves exactly the captured history, no row twice.
 */
class EmbeddedCrashTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    private Map<String, String> env(int port) {
        return new HashMap<>(Map.of("DPP_HTTP_PORT", Integer.toString(port), "DPP_HTTP_HOST", "127.0.0.1",
                "DPP_DATA_DIR", data.toString(), "DPP_HISTORICAL_RECORDER_COMMIT_ROWS", "200"));
    }

    @Test
    void killedWhileRecordingItKeepsWhatItCommittedAndNeverDuplicates() throws Exception {
        Path fixtures = ReplayCommandTest.fixtures();
        var expected = HistoryCheck.expected(fixtures);
        int port = DppProcess.freePort();
        double committedTrades;
        double committed;
        try (DppProcess first = DppProcess.start(env(port), "up", "--replay", fixtures.toString(), "--speed", "max")) {
            first.awaitReady(port, Duration.ofSeconds(60));
            // Killed once a good share of the trades is committed, while the rest is still coming.
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            String metrics = "";
            while (System.nanoTime() < end && metric(metrics, "dpp_recorder_rows_total{table=\"trades\"}") < 300) {
                var r = DppProcess.get(port, "/metrics");
                metrics = r == null ? "" : r.body();
                Thread.sleep(5);
            }
            first.kill9();
            committed = SplitModeTest.sum(metrics, "dpp_recorder_rows_total");
            committedTrades = metric(metrics, "dpp_recorder_rows_total{table=\"trades\"}");
            assertThat(committedTrades).as("trades committed before the kill").isGreaterThanOrEqualTo(300);
        }
        System.out.printf("embedded: killed -9 after %.0f committed rows (%.0f trades)%n", committed, committedTrades);

        // Restarted without feeds: what was committed before the kill is all there.
        try (DppProcess second = DppProcess.start(env(port), "up", "--target", "historical")) {
            second.awaitReady(port, Duration.ofSeconds(60));
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            long trades = 0;
            while (System.nanoTime() < end && trades < committedTrades) {
                trades = tradeRows(port);
                Thread.sleep(100);
            }
            assertThat((double) trades).as("trades committed before the kill").isGreaterThanOrEqualTo(committedTrades);
            long all = expected.values().stream().flatMap(v -> v.values().stream()).mapToLong(x -> x.trades.size()).sum();
            assertThat(trades).as("no more trades than captured").isLessThanOrEqualTo(all);
            second.sigterm();
            assertThat(second.awaitExit(Duration.ofSeconds(20))).as(second.output()).isZero();
        }

        // The same traffic again: re-delivered rows are stored once.
        try (DppProcess third = DppProcess.start(env(port), "up", "--replay", fixtures.toString(), "--speed", "max")) {
            third.awaitReady(port, Duration.ofSeconds(60));
            ReplayPlatformTest.awaitReplayDone(port, Duration.ofSeconds(120));
            HistoryCheck.verify(port, expected);
            third.sigterm();
            assertThat(third.awaitExit(Duration.ofSeconds(20))).as(third.output()).isZero();
        }
    }

    private static long tradeRows(int port) throws Exception {
        var r = DppProcess.get(port, "/api/v1/instruments");
        if (r == null || r.statusCode() != 200) {
            return 0;
        }
        long rows = 0;
        for (JsonNode i : JSON.readTree(r.body())) {
            if (i.has("trades")) {
                rows += i.get("trades").get("rows").asLong();
            }
        }
        return rows;
    }

    private static double metric(String text, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " ([0-9.eE+-]+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
