package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.sim.FaultSpec;
import io.dpp.sim.SimServer;
import io.dpp.sim.SyntheticSettings;
import io.dpp.streams.live.FeedSetup;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code symbols: [all]} on every venue of the synthetic market: each venue's feed subscribes every
 * instrument the venue lists and spreads the streams over connections within the venue's limits.
 * Every book comes in sync, no venue's REST weight in any window goes past its limit, and the
 * figures of each venue (connections, snapshot requests, seconds to the last book in sync) are
 * printed. {@code -Ddpp.instruments=N} lists N instruments a venue (default 6; docs/feeds.md gives
 * the figures at 50).
 */
class SymbolsAllTest {

    @Test
    void everyListedInstrumentOfEveryVenueComesInSyncWithinTheVenuesLimits() throws Exception {
        int instruments = Integer.getInteger("dpp.instruments", 6);
        // A market paced in real time from now on, as dpp up --demo runs it.
        String only = System.getProperty("dpp.venues", "");
        java.util.Set<String> venuesOnly = only.isBlank() ? java.util.Set.of() : java.util.Set.of(only.split(","));
        SimServer sim = SimServer.startSynthetic(venuesOnly, new SyntheticSettings(7, instruments, 200, io.dpp.core.time.Timestamps.now(),
                Long.MAX_VALUE), "127.0.0.1", 0, 1.0, FaultSpec.parse(null));
        Map<String, Integer> listed = new LinkedHashMap<>();
        Map<String, FeedSetup> setups = new LinkedHashMap<>();
        sim.feedSetups().forEach((id, s) -> {
            setups.put(id, new FeedSetup(s.venue(), s.wsUrl(), s.restUrl(), s.listingPaths(), List.of("all"),
                    List.of("book", "trades", "quotes"), List.of()));
            listed.put(id, io.dpp.sim.synthetic.SyntheticMarkets.all().get(id).instruments(instruments).size());
        });
        // A silent socket is not what this test is about: with the fast settings' 1.5 s dead-after, a
        // busy CI machine (35 venues, the simulator on one event loop) had gateio-futures' connection
        // declared dead every few seconds and its books never in sync. Ten seconds, pinged after two.
        Map<String, String> patient = Map.of("DPP_STREAMS_CONNECTION_PING_AFTER", "2s", "DPP_STREAMS_CONNECTION_DEAD_AFTER", "10s");
        try (SimulatedFeeds run = new SimulatedFeeds(sim, setups, patient)) {
            long started = System.nanoTime();
            Map<String, Long> doneAt = run.awaitEach(v -> v.getInteger("books_in_sync") == (int) listed.get(v.getString("venue"))
                    && v.getInteger("books_stale") == 0 && v.getInteger("books_awaiting_snapshot") == 0,
                    Duration.ofSeconds(60 + 6L * instruments));
            Map<String, JsonObject> venues = run.byVenue();
            Map<String, JsonObject> status = new LinkedHashMap<>();
            run.simStatus().getJsonArray("venues").stream().map(JsonObject.class::cast).forEach(j -> status.put(j.getString("venue"), j));
            List<String> problems = new ArrayList<>();
            System.out.printf("symbols: [all], %d instruments a venue%n%-20s %11s %11s %9s %9s %10s%n", instruments, "venue", "instruments",
                    "connections", "snapshots", "rest max", "in sync s");
            for (Map.Entry<String, JsonObject> e : venues.entrySet()) {
                String id = e.getKey();
                JsonObject v = e.getValue();
                JsonObject s = status.get(id);
                Long at = doneAt.get(id);
                System.out.printf("%-20s %11d %11d %9d %4d/%-4d %10s%n", id, listed.get(id), v.getJsonArray("connections").size(),
                        v.getJsonObject("counters").getLong("snapshot_requests"), s.getLong("rest_weight_max_in_window"),
                        s.getLong("rest_weight_limit"), at == null ? "-" : String.format("%.1f", (at - started) / 1e9));
                if (at == null) {
                    problems.add(id + ": not every listed book in sync: " + v);
                }
                if (s.getLong("rest_weight_max_in_window") > s.getLong("rest_weight_limit")) {
                    problems.add(id + ": REST weight past the venue's limit: " + s);
                }
                assertThat(v.getJsonArray("problems", new io.vertx.core.json.JsonArray())).as(id).isEmpty();
            }
            if (!problems.isEmpty()) {
                run.statuses().stream().filter(x -> x.contains(" GAP_DETECTED") || x.contains(" STALE") || x.contains("DISCONNECTED")).limit(40)
                        .forEach(x -> System.out.println("status: " + x));
            }
            assertThat(problems).isEmpty();
            assertThat(venues).hasSize(listed.size());
            System.out.printf("every venue in sync %.1f s after the feeds started%n",
                    TimeUnit.NANOSECONDS.toMillis(doneAt.values().stream().mapToLong(t -> t - started).max().orElse(0)) / 1e3);
        }
    }
}
