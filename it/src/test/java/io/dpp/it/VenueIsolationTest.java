package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.model.FeedState;
import io.dpp.core.model.FeedStatus;
import io.dpp.core.model.MarketEventListener;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One venue's faults never interrupt another venue's stream. */
class VenueIsolationTest {

    @Test
    void aFaultyVenueLeavesTheOthersUntouched() throws Exception {
        // Kraken's sockets are closed every second and one stalls; OKX and Binance run beside it.
        String faults = "close@kraken:every=1s;stall@kraken:n=200,capture=KRAKEN.ws.50.0,for=3s;"
                + "corrupt@kraken:n=100,capture=KRAKEN.ws.50.0";
        try (SimulatedFeeds clean = new SimulatedFeeds(ReplayCommandTest.fixtures(), Set.of("okx", "binance"), 4, null, Map.of());
             SimulatedFeeds faulty = new SimulatedFeeds(ReplayCommandTest.fixtures(), Set.of("okx", "binance", "kraken"), 4,
                     faults, Map.of())) {
            assertThat(clean.awaitDone(Duration.ofSeconds(60))).isTrue();
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            Map<String, JsonObject> byVenue = Map.of();
            while (System.nanoTime() < end) {
                byVenue = faulty.byVenue();
                if (byVenue.get("okx").getBoolean("replay_done", false) && byVenue.get("binance").getBoolean("replay_done", false)) {
                    break;
                }
                Thread.sleep(100);
            }
            Map<String, JsonObject> reference = clean.byVenue();
            for (String venue : List.of("okx", "binance")) {
                JsonObject c = byVenue.get(venue).getJsonObject("counters");
                assertThat(byVenue.get(venue).getBoolean("replay_done")).as(venue).isTrue();
                assertThat(c.getLong("reconnects")).as(venue + " " + c).isZero();
                assertThat(c.getLong("sequence_gaps") + c.getLong("checksum_failures") + c.getLong("decode_errors")
                        + c.getLong("resyncs")).as(venue + " " + c).isZero();
                assertThat(c.getLong("messages")).as(venue + ": every message arrived")
                        .isEqualTo(reference.get(venue).getJsonObject("counters").getLong("messages"));
                // Not the count of book changes: where a REST snapshot lands in the stream depends on when
                // the simulator answers it, and with it how many buffered changes it makes redundant. The
                // books themselves must be equal (below).
                assertThat(c.getLong("book_changes")).as(venue + ": book changes published").isPositive();
            }
            assertThat(faulty.books().entrySet().stream().filter(e -> !e.getKey().startsWith("kraken")).toList())
                    .isEqualTo(clean.books().entrySet().stream().toList());
            assertThat(faulty.statuses().stream().filter(s -> !s.startsWith("kraken"))
                    .filter(s -> !s.contains(" " + FeedState.CONNECTED)).toList()).as("no status but connected elsewhere").isEmpty();
            JsonObject kraken = byVenue.get("kraken").getJsonObject("counters");
            assertThat(kraken.getLong("reconnects")).as("kraken was hit: " + kraken).isPositive();
        }
    }
}
