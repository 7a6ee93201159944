package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
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

    private static final List<String> TABLES = HistoryCheck.TABLES;
    /**
     * Tables whose rows are each written once: their committed count is what the table holds, but
     * for rows the store's deduplication merges (two book changes of one message at the same
     * receive time, side and price, without a venue sequence: the later one is kept, as a book
     * applies them). A clean run tells how many it merges; at most that many of the rows committed
     * before the kill can be missing. A candle is written again as it changes (the table keeps its
     * latest state), so its commits outnumber its rows.
     */
    private static final List<String> APPEND_ONLY = List.of("trades", "book_changes", "quotes", "liquidations", "derivative_tickers");

    @Test
    void killedWhileRecordingItKeepsWhatItCommittedAndNeverDuplicates() throws Exception {
        Path fixtures = ReplayCommandTest.fixtures();
        var expected = HistoryCheck.expected(fixtures);
        long allTrades = expected.values().stream().flatMap(v -> v.values().stream()).mapToLong(x -> x.trades.size()).sum();
        int port = DppProcess.freePort();
        Map<String, Double> committed = new HashMap<>();
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
            for (String table : TABLES) {
                committed.put(table, metric(metrics, "dpp_recorder_rows_total{table=\"" + table + "\"}"));
            }
        }
        double committedTrades = committed.get("trades");
        System.out.printf("embedded: killed -9 after committing %s%n", committed);
        assertThat(committedTrades).as("trades committed before the kill").isGreaterThanOrEqualTo(300);
        // The kill came mid-ingest: fewer trades were committed than the capture holds.
        assertThat(committedTrades).as("trades committed at the kill, of " + allTrades + " captured").isLessThan(allTrades);

        // Restarted without feeds: what was committed before the kill is all there, in every table.
        Map<String, Long> afterCrash;
        try (DppProcess second = DppProcess.start(env(port), "up", "--target", "historical")) {
            second.awaitReady(port, Duration.ofSeconds(60));
            // The write-ahead log is applied after the restart: wait until the counts cover what was
            // committed, or the store has no transaction left to apply (rows merged by deduplication
            // never arrive).
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            afterCrash = HistoryCheck.rows(port);
            while (!covers(afterCrash, committed)) {
                var m = DppProcess.get(port, "/metrics");
                boolean applied = m != null && m.statusCode() == 200 && SplitModeTest.sum(m.body(), "dpp_store_wal_pending_transactions") == 0;
                afterCrash = HistoryCheck.rows(port);
                if (applied || System.nanoTime() > end) {
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(afterCrash.get("candles")).as("candles after the crash").isPositive();
            second.sigterm();
            assertThat(second.awaitExit(Duration.ofSeconds(20))).as(second.exitReport()).isZero();
        }

        // The same traffic again: re-delivered rows are stored once, every table as a clean run stores it.
        try (DppProcess third = DppProcess.start(env(port), "up", "--replay", fixtures.toString(), "--speed", "max")) {
            third.awaitReady(port, Duration.ofSeconds(60));
            ReplayPlatformTest.awaitReplayDone(port, Duration.ofSeconds(120));
            HistoryCheck.verify(port, expected);
            Map<String, Long> complete = HistoryCheck.rows(port);
            // This run committed every captured row: what its tables hold fewer is what deduplication merges.
            String metrics = DppProcess.get(port, "/metrics").body();
            for (String table : APPEND_ONLY) {
                double merged = Math.max(0, metric(metrics, "dpp_recorder_rows_total{table=\"" + table + "\"}") - complete.get(table));
                System.out.printf("embedded: %s: %.0f committed before the kill, %d after it, %.0f merged in a whole run%n", table,
                        committed.get(table), afterCrash.get(table), merged);
                assertThat((double) afterCrash.get(table)).as(table + " rows after the crash, committed before it (" + merged
                        + " merged by deduplication in a whole run)").isGreaterThanOrEqualTo(committed.get(table) - merged);
            }
            for (String table : TABLES) {
                assertThat(afterCrash.get(table)).as(table + ": what survived the crash is part of the complete history")
                        .isLessThanOrEqualTo(complete.get(table));
            }
            assertThat(complete.get("trades")).as("every captured trade, once").isEqualTo(allTrades);
            third.sigterm();
            assertThat(third.awaitExit(Duration.ofSeconds(20))).as(third.exitReport()).isZero();
        }
    }

    private static boolean covers(Map<String, Long> rows, Map<String, Double> committed) {
        for (String table : APPEND_ONLY) {
            if (rows.get(table) < committed.get(table)) {
                return false;
            }
        }
        return true;
    }

    private static double metric(String text, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " ([0-9.eE+-]+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
