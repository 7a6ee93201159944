package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The watchdog and rotation of a live connection, against the simulator over real sockets. */
class ConnectionLifeTest {

    private static Path venue(String dir) {
        return ReplayCommandTest.fixtures().resolve(dir);
    }

    /**
     * After the recording ends every Kraken instrument is quiet but the venue still answers pings:
     * no reconnect, books stay in sync, and each book is reported quiet (STALE), not broken.
     */
    @Test
    void aQuietMarketIsNotADeadSocket() throws Exception {
        try (SimulatedFeeds run = new SimulatedFeeds(venue("kraken"), Double.POSITIVE_INFINITY, null,
                Map.of("DPP_STREAMS_CONNECTION_QUIET_AFTER", "1s"))) {
            assertThat(run.awaitDone(Duration.ofSeconds(30))).isTrue();
            // Wait for the event, not for a time: every book reported quiet (quiet-after is 1 s here).
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < end && !(run.statuses().contains("kraken XBT/CHF STALE")
                    && run.statuses().contains("kraken KSM/XBT STALE"))) {
                Thread.sleep(50);
            }
            JsonObject kraken = run.venues().get(0);
            assertThat(kraken.getJsonObject("counters").getLong("reconnects")).as(kraken.encode()).isZero();
            assertThat(kraken.getInteger("books_in_sync")).isEqualTo(6);
            List<String> statuses = run.statuses();
            assertThat(statuses).contains("kraken XBT/CHF STALE", "kraken KSM/XBT STALE");
            assertThat(statuses).noneMatch(s -> s.endsWith("DISCONNECTED") || s.endsWith("GAP_DETECTED"));
            assertThat(kraken.getJsonArray("connections").getJsonObject(0).getJsonArray("books").getJsonObject(0)
                    .containsKey("quiet_since")).isTrue();
        }
    }

    /** A stalled socket (no data, no pong) is declared dead, reconnected, and its books rebuilt. */
    @Test
    void aStalledSocketIsReplacedAndItsBooksRebuilt() throws Exception {
        try (SimulatedFeeds run = new SimulatedFeeds(venue("okx"), Double.POSITIVE_INFINITY, "stall@okx:n=200,for=4s",
                Map.of())) {
            assertThat(run.awaitDone(Duration.ofSeconds(30))).isTrue();
            JsonObject okx = run.venues().get(0);
            assertThat(okx.getJsonObject("counters").getLong("reconnects")).as(okx.encode()).isEqualTo(1);
            assertThat(okx.getJsonObject("counters").getLong("resyncs")).as(okx.encode()).isEqualTo(3);
            assertThat(run.statuses()).contains("okx * DISCONNECTED", "okx BTC-USDT DISCONNECTED", "okx BTC-USDT RESYNCED");
            assertThat(run.violations()).isEmpty();
        }
    }

    /**
     * Binance closes connections at 24 hours; the feed rotates them before that. With the margin
     * set just under 24 h a connection rotates every two seconds, and the books survive it.
     */
    @Test
    void connectionsRotateAheadOfTheVenuesMaximumAge() throws Exception {
        Map<String, List<String>> baseline;
        try (SimulatedFeeds run = new SimulatedFeeds(venue("binance"), 4, null, Map.of())) {
            assertThat(run.awaitDone(Duration.ofSeconds(30))).isTrue();
            baseline = run.books();
        }
        try (SimulatedFeeds run = new SimulatedFeeds(venue("binance"), 4, null,
                Map.of("DPP_STREAMS_CONNECTION_MAX_AGE_MARGIN", Long.toString(Duration.ofHours(24).minusSeconds(2).toSeconds()) + "s"))) {
            assertThat(run.awaitDone(Duration.ofSeconds(30))).isTrue();
            JsonObject binance = run.venues().get(0);
            assertThat(binance.getJsonObject("counters").getLong("reconnects")).as(binance.encode()).isGreaterThanOrEqualTo(2);
            assertThat(run.violations()).isEmpty();
            assertThat(run.books()).isEqualTo(baseline);
        }
    }

    /**
     * "Replay done" means every frame the simulator sent on the open socket has been read and
     * decoded. After a reconnect the count must be of that socket alone: with the count of every
     * socket the connection ever had, the replay showed as done while the last socket's frames
     * were still being read, and the books compared at that moment were behind.
     */
    @Test
    void theReplayIsDoneOnlyOnceTheLastSocketIsRead() throws Exception {
        Path dir = venue("kraken_futures");
        Map<String, List<String>> baseline;
        try (SimulatedFeeds run = new SimulatedFeeds(dir, Double.POSITIVE_INFINITY, null, Map.of())) {
            assertThat(run.awaitDone(Duration.ofSeconds(30))).isTrue();
            baseline = run.books();
        }
        // The socket closes near the end of the recording: the first socket read about 6 500
        // frames, the second gets under 700, all written at once into the socket's buffers. At
        // 1 ms per book change the feed reads them for over half a second after that, and a
        // count of both sockets' frames exceeded what the simulator sent on the second at once.
        try (SimulatedFeeds run = new SimulatedFeeds(dir, Double.POSITIVE_INFINITY, "close@kraken-futures:n=6500", Map.of())) {
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (run.statuses().stream().noneMatch(x -> x.endsWith("* DISCONNECTED")) && System.nanoTime() < end) {
                Thread.sleep(5);
            }
            // Slow from the reconnect on (it comes 100 ms or more after the close).
            run.slowDownConsumer(Duration.ofMillis(1));
            assertThat(run.awaitDone(Duration.ofSeconds(60))).isTrue();
            JsonObject feed = run.venues().get(0);
            assertThat(feed.getJsonObject("counters").getLong("reconnects")).as(feed.encode()).isEqualTo(1);
            assertThat(run.books()).isEqualTo(baseline);
        }
    }
}
