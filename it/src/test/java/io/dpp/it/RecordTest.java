package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dpp record --capture-out}: the captures written while the feeds run live are in the
 * fixture format, and decoded offline they give the same trades and the same final books as the
 * traffic that was served (here the fixtures, through the simulator).
 */
class RecordTest {

    @TempDir
    Path tmp;

    @Test
    void recordedCapturesReplayToTheSameTradesAndBooks() throws Exception {
        Path fixtures = ReplayCommandTest.fixtures();
        Path out = tmp.resolve("captures");
        int port = DppProcess.freePort();
        Map<String, String> env = Map.of("DPP_HTTP_PORT", Integer.toString(port), "DPP_HTTP_HOST", "127.0.0.1",
                "DPP_DATA_DIR", tmp.resolve("data").toString());
        try (DppProcess dpp = DppProcess.start(env, "record", "--capture-out", out.toString(), "--target", "streams",
                "--replay", fixtures.toString(), "--speed", "max")) {
            dpp.awaitReady(port, Duration.ofSeconds(60));
            ReplayPlatformTest.awaitReplayDone(port, Duration.ofSeconds(120));
            dpp.sigterm();
            assertThat(dpp.awaitExit(Duration.ofSeconds(20))).as(dpp.exitReport()).isZero();
        }
        List<String> files;
        try (Stream<Path> s = Files.list(out)) {
            files = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        System.out.println("record: " + files.size() + " capture files: " + files);
        assertThat(files).contains("KRAKEN.0", "BINANCE.0", "BINANCE.http.0.0").anyMatch(f -> f.startsWith("KRAKEN.ws.0."));
        String first = firstLines(out.resolve(files.stream().filter(f -> f.startsWith("KRAKEN.ws.")).findFirst().orElseThrow()));
        assertThat(first).matches("(?s)wss?://\\S+ <-> \\d+\\.\\d{6}\\n\\S+ <- \\d+\\.\\d{6}: \\{.*");

        var served = HistoryCheck.expected(fixtures);
        var recorded = HistoryCheck.expected(out);
        int instruments = 0;
        int books = 0;
        for (var venue : served.entrySet()) {
            for (var e : venue.getValue().entrySet()) {
                HistoryCheck.Expected want = e.getValue();
                HistoryCheck.Expected got = recorded.getOrDefault(venue.getKey(), Map.of()).get(e.getKey());
                String what = venue.getKey() + " " + e.getKey();
                if (!want.trades.isEmpty()) {
                    assertThat(got).as(what).isNotNull();
                    assertThat(got.trades.keySet()).as(what + " trades").isEqualTo(want.trades.keySet());
                    instruments++;
                }
                if (want.bids != null && want.captures == 1) {
                    assertThat(got).as(what).isNotNull();
                    assertThat(got.bids).as(() -> what + ": the book is in sync at the end of the recorded captures; lines naming it"
                            + " per recorded file: " + mentions(out, venue.getKey(), e.getKey())).isNotNull();
                    assertThat(levels(got.bids)).as(what + " bids").isEqualTo(levels(want.bids));
                    assertThat(levels(got.asks)).as(what + " asks").isEqualTo(levels(want.asks));
                    books++;
                }
            }
        }
        System.out.printf("record: %d instruments' trades and %d books decode the same from the recorded captures%n",
                instruments, books);
        assertThat(instruments).isGreaterThan(15);
        assertThat(books).isGreaterThan(10);
    }

    private static List<String> levels(List<String[]> levels) {
        return levels.stream().map(l -> new java.math.BigDecimal(l[0]).stripTrailingZeros().toPlainString() + "@"
                + new java.math.BigDecimal(l[1]).stripTrailingZeros().toPlainString()).toList();
    }

    /** How many lines of each of {@code venue}'s recorded files name {@code symbol} (a failure's clue: a reconnect, a snapshot missing). */
    private static Map<String, Long> mentions(Path dir, String venue, String symbol) {
        String prefix = venue.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + ".";
        Map<String, Long> counts = new java.util.TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
                try (Stream<String> lines = Files.lines(p)) {
                    counts.put(p.getFileName().toString(), lines.filter(l -> l.contains(symbol)).count());
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            counts.put("(unreadable: " + e + ")", -1L);
        }
        return counts;
    }

    private static String firstLines(Path file) throws IOException {
        try (Stream<String> lines = Files.lines(file)) {
            return String.join("\n", lines.limit(2).toList());
        }
    }
}
