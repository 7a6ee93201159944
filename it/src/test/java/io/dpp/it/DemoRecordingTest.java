package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The synthetic market's recordings on a few venues, and its options' errors: the checks of
 * {@link DemoTest} that need neither every venue nor the machine to themselves, so they run beside
 * other tests.
 */
class DemoRecordingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Map<String, String> env(int port, String dir) {
        return DemoTest.env(tmp, port, dir);
    }

    @Test
    void aRecordingStoppedInTheMiddleOfTheMarketReplaysToTheSameHistory() throws Exception {
        // What a user does: dpp record --demo, Ctrl-C, dpp up --replay. Venues whose books start
        // from a REST snapshot (Bitstamp without sequence numbers, Binance with them) and one that
        // sends its snapshots on the socket (OKX).
        Path recording = tmp.resolve("cut");
        int port = DppProcess.freePort();
        try (DppProcess demo = DppProcess.start(env(port, "cut"), "record", "--demo", "--seed", "3", "--venues",
                "bitstamp,binance,okx", "--capture-out", recording.toString())) {
            demo.awaitReady(port, Duration.ofSeconds(60));
            StreamApiTest.eventually(Duration.ofSeconds(60), () -> {
                JsonNode vs = JSON.readTree(DppProcess.get(port, "/api/v1/venues").body()).get("venues");
                assertThat(vs).hasSize(3);
                for (JsonNode v : vs) {
                    assertThat(v.get("books_awaiting_snapshot").asInt() + v.get("books_stale").asInt()).as(v.toString()).isZero();
                    assertThat(v.get("counters").get("trades").asLong()).as(v.toString()).isGreaterThan(20);
                }
                return vs;
            });
            demo.sigterm(); // in the middle of the market
            assertThat(demo.awaitExit(Duration.ofSeconds(20))).as(demo.exitReport()).isZero();
        }
        Map<String, Map<String, HistoryCheck.Expected>> expected = HistoryCheck.expected(recording);
        try (DppProcess history = DppProcess.start(env(port, "cut"), "up", "--target", "historical")) {
            history.awaitReady(port, Duration.ofSeconds(60));
            HistoryCheck.verify(port, expected, 10, 10);
            history.sigterm();
            assertThat(history.awaitExit(Duration.ofSeconds(20))).as(history.exitReport()).isZero();
        }
        int replayPort = DppProcess.freePort();
        try (DppProcess replay = DppProcess.start(env(replayPort, "cut-replay"), "up", "--replay", recording.toString(),
                "--speed", "max")) {
            replay.awaitReady(replayPort, Duration.ofSeconds(60));
            ReplayPlatformTest.awaitReplayDone(replayPort, Duration.ofSeconds(120));
            HistoryCheck.verify(replayPort, expected, 10, 10);
            replay.sigterm();
            assertThat(replay.awaitExit(Duration.ofSeconds(20))).as(replay.exitReport()).isZero();
        }
    }

    @Test
    void badSyntheticOptionsAreUsageErrors() throws Exception {
        DppProcess both = DppProcess.run(env(DppProcess.freePort(), "x"), "up", "--demo", "--replay", tmp.toString());
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.stderrText()).contains("--replay and --demo exclude each other");
        DppProcess rate = DppProcess.run(env(DppProcess.freePort(), "x"), "up", "--demo", "--rate", "1e9");
        assertThat(rate.exitCode()).isEqualTo(2);
        assertThat(rate.stderrText()).contains("--rate must be from 1 to 1000000");
        DppProcess duration = DppProcess.run(env(DppProcess.freePort(), "x"), "sim", "--synthetic", "--duration", "forever");
        assertThat(duration.exitCode()).isEqualTo(2);
        assertThat(duration.stderrText()).contains("--duration must be a duration from 1ms to 30d such as 30s or 10m, got forever");
        DppProcess neither = DppProcess.run(env(DppProcess.freePort(), "x"), "sim");
        assertThat(neither.exitCode()).isEqualTo(2);
        assertThat(neither.stderrText()).contains("give either --capture-dir DIR (recorded traffic) or --synthetic");
    }
}
