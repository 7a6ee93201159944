package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bus far too small for the traffic: the feeds pause their sockets whenever it is full instead
 * of waiting on it in the event loops they share with the HTTP server, and hold (in order) what it
 * refused despite that. Health keeps answering, the pauses are counted, and the history recorded
 * is exactly the captured one: back-pressure loses nothing.
 */
class BusBackPressureTest {

    @TempDir
    Path data;

    @Test
    void aFullBusPausesTheFeedsAndLosesNothing() throws Exception {
        Path fixtures = ReplayCommandTest.fixtures();
        var expected = HistoryCheck.expected(fixtures);
        int port = DppProcess.freePort();
        // 64 slots: a few messages' worth; every consumer falling a little behind fills it.
        Map<String, String> env = Map.of("DPP_HTTP_PORT", Integer.toString(port), "DPP_HTTP_HOST", "127.0.0.1",
                "DPP_DATA_DIR", data.toString(), "DPP_BUS_IN_PROCESS_CAPACITY", "64");
        try (DppProcess dpp = DppProcess.start(env, "up", "--replay", fixtures.toString(), "--speed", "max")) {
            dpp.awaitReady(port, Duration.ofSeconds(60));
            long slowest = 0;
            long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            boolean done = false;
            while (!done && System.nanoTime() < end) {
                long t0 = System.nanoTime();
                HttpResponse<String> ready = DppProcess.get(port, "/health/ready");
                slowest = Math.max(slowest, (System.nanoTime() - t0) / 1_000_000);
                assertThat(ready).as("health answers while the bus is full").isNotNull();
                assertThat(ready.statusCode()).isEqualTo(200);
                done = replayDone(port);
                Thread.sleep(100);
            }
            assertThat(done).as("the replay finished through the small bus").isTrue();
            System.out.printf("back-pressure: the slowest health answer took %d ms%n", slowest);
            String metrics = DppProcess.get(port, "/metrics").body();
            assertThat(SplitModeTest.sum(metrics, "dpp_feed_bus_pauses_total")).as("the feeds paused on the full bus").isPositive();
            System.out.printf("back-pressure: %.0f pauses, %.0f events held back and published later%n",
                    SplitModeTest.sum(metrics, "dpp_feed_bus_pauses_total"), SplitModeTest.sum(metrics, "dpp_feed_bus_held_events_total"));
            HistoryCheck.verify(port, expected);
            dpp.sigterm();
            assertThat(dpp.awaitExit(Duration.ofSeconds(30))).as(dpp.exitReport()).isZero();
        }
    }

    /**
     * A stop while the feeds are paused on a full bus ends cleanly and in time: the sockets paused
     * for the bus are resumed so that the venue's close is read, what arrives after the stop is not
     * decoded, and nothing is sent into the bus once it closes.
     */
    @Test
    void aStopWhileTheBusIsFullEndsCleanly() throws Exception {
        Path fixtures = ReplayCommandTest.fixtures();
        int port = DppProcess.freePort();
        Map<String, String> env = Map.of("DPP_HTTP_PORT", Integer.toString(port), "DPP_HTTP_HOST", "127.0.0.1",
                "DPP_DATA_DIR", data.toString(), "DPP_BUS_IN_PROCESS_CAPACITY", "64");
        try (DppProcess dpp = DppProcess.start(env, "up", "--replay", fixtures.toString(), "--speed", "max")) {
            dpp.awaitReady(port, Duration.ofSeconds(60));
            StreamApiTest.eventually(Duration.ofSeconds(60), () -> {
                assertThat(SplitModeTest.sum(DppProcess.get(port, "/metrics").body(), "dpp_feed_bus_pauses_total"))
                        .as("the feeds paused on the full bus").isPositive();
                return null;
            });
            long t0 = System.nanoTime();
            dpp.sigterm();
            assertThat(dpp.awaitExit(Duration.ofSeconds(30))).as(dpp.exitReport()).isZero();
            System.out.printf("back-pressure: stopped %.1f s after SIGTERM while replaying through the small bus%n",
                    (System.nanoTime() - t0) / 1e9);
            assertThat(dpp.output()).as("a stop in time, nothing sent into a closed bus")
                    .doesNotContain("did not close within", "failed to stop cleanly", "stopped with errors",
                            "cannot decode message", "Unhandled exception");
        }
    }

    private static boolean replayDone(int port) {
        try {
            ReplayPlatformTest.awaitReplayDone(port, Duration.ofMillis(1));
            return true;
        } catch (AssertionError | Exception notYet) {
            return false;
        }
    }
}
