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
            Thread.sleep(4_000);
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
}
