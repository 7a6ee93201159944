package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dpp up --demo}: the synthetic market of every venue, through the real feeds, recorder and
 * APIs, with no fixture and no network. Recorded with {@code dpp record} and replayed with
 * {@code dpp up --replay}, it gives the same history, which checks both sides.
 */
@org.junit.jupiter.api.parallel.Isolated("every venue of the synthetic market at once, and no book may ever go stale")
class DemoTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Map<String, String> env(int port, String dir) {
        return env(tmp, port, dir);
    }

    /** A platform's environment on {@code port} with its data in {@code tmp/dir}. */
    static Map<String, String> env(Path tmp, int port, String dir) {
        return new HashMap<>(Map.of("DPP_HTTP_PORT", Integer.toString(port), "DPP_HTTP_HOST", "127.0.0.1",
                "DPP_DATA_DIR", tmp.resolve(dir).toString()));
    }

    @Test
    void theDemoShowsEveryVenueInSyncFillsHistoryAndReplaysFromItsRecordingToTheSameHistory() throws Exception {
        Path recording = tmp.resolve("recording");
        int port = DppProcess.freePort();
        int simPort = DppProcess.freePort();
        Map<String, Map<String, HistoryCheck.Expected>> expected;
        try (DppProcess demo = DppProcess.start(env(port, "demo"), "record", "--demo", "--seed", "7", "--sim-port",
                Integer.toString(simPort),
                "--capture-out", recording.toString())) {
            Duration ready = demo.awaitReady(port, Duration.ofSeconds(60));
            // Every venue connected and every book in sync, within seconds of the platform being ready.
            long t0 = System.nanoTime();
            JsonNode venues = StreamApiTest.eventually(Duration.ofSeconds(30), () -> {
                JsonNode vs = JSON.readTree(DppProcess.get(port, "/api/v1/venues").body()).get("venues");
                assertThat(vs).hasSize(io.dpp.streams.venue.Venues.ids().size());
                for (JsonNode v : vs) {
                    assertThat(v.path("demo").asBoolean()).as(v.toString()).isTrue();
                    assertThat(v.get("state").asText()).as(v.toString()).isEqualTo("running");
                    assertThat(v.get("books_in_sync").asInt()).as(v.toString()).isPositive();
                    assertThat(v.get("books_stale").asInt() + v.get("books_awaiting_snapshot").asInt()).as(v.toString()).isZero();
                }
                return vs;
            });
            // Every field a venue's status carries is documented (the OpenAPI document the platform serves).
            JsonNode documented = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                    .readTree(DppProcess.get(port, "/api/v1/openapi.yaml").body()).at("/components/schemas/VenueStatus/properties");
            for (JsonNode v : venues) {
                v.fieldNames().forEachRemaining(f -> assertThat(documented.has(f)).as("VenueStatus documents " + f).isTrue());
                assertThat(v.has("replay_done")).as(v.toString()).isTrue();
            }
            System.out.printf("demo: ready in %d ms, every venue in sync %d ms later%n", ready.toMillis(),
                    (System.nanoTime() - t0) / 1_000_000);
            // dpp tail prints live trades.
            DppProcess tail = DppProcess.run(Map.of("DPP_HTTP_PORT", Integer.toString(port)), "tail", "--venue", "*", "--channel",
                    "trades", "--limit", "3");
            assertThat(tail.exitCode()).as(tail.output()).isZero();
            assertThat(tail.stdout()).hasSize(3).allSatisfy(l -> {
                assertThat(JSON.readTree(l).get("type").asText()).isEqualTo("trade");
                assertThat(JSON.readTree(l).path("demo").asBoolean()).as(l).isTrue(); // synthetic, and says so
            });
            // A channel that stays quiet (Kraken spot has no liquidations) ends the wait with a message.
            DppProcess quiet = DppProcess.run(Map.of("DPP_HTTP_PORT", Integer.toString(port)), "tail", "--venue", "kraken",
                    "--symbol", "XBT/USD", "--channel", "liquidations", "--limit", "1", "--idle-timeout", "2");
            assertThat(quiet.exitCode()).as(quiet.output()).isEqualTo(1);
            assertThat(quiet.stderrText()).contains("dpp tail: no event for 2 s (0 printed)");
            // dpp bench demo watches it: books held, memory flat, the rate sustained.
            DppProcess watch = DppProcess.run(Map.of(), "bench", "demo", "--port", Integer.toString(port), "--seconds", "3",
                    "--every", "1");
            assertThat(watch.exitCode()).as(watch.output()).isZero();
            JsonNode summary = JSON.readTree(watch.stdout().get(watch.stdout().size() - 1));
            assertThat(summary.get("books_in_sync").asInt()).as("every default symbol of every venue: " + summary)
                    .isEqualTo(defaultSymbols());
            assertThat(summary.get("messages_per_sec").asLong()).as(summary.toString()).isPositive();
            assertThat(summary.get("books_ever_stale").asBoolean()).isFalse();
            // Per-stage latency of live traffic: receipt to each bus consumer, receipt to the store.
            String metrics = DppProcess.get(port, "/metrics").body();
            assertThat(ReplayPlatformTest.metric(metrics, "dpp_bus_delivery_delay_seconds_count{consumer=\"recorder\"}")).isPositive();
            assertThat(ReplayPlatformTest.metric(metrics, "dpp_bus_delivery_delay_seconds_count{consumer=\"stream-api\"}")).isPositive();
            assertThat(ReplayPlatformTest.metric(metrics, "dpp_recorder_delay_seconds_count")).isPositive();
            // The test ends the market once the checks that need it running are done (a market that
            // ended on a clock could end before a slow machine got there); every venue then shows
            // its replay done, with nothing failed on the way.
            HttpResponse<String> ended = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + simPort + "/sim/end")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);
            assertThat(JSON.readTree(ended.body()).get("ended")).hasSize(io.dpp.streams.venue.Venues.ids().size());
            venues = ReplayPlatformTest.awaitReplayDone(port, Duration.ofSeconds(90));
            for (JsonNode v : venues) {
                JsonNode c = v.get("counters");
                assertThat(c.get("checksum_failures").asLong() + c.get("sequence_gaps").asLong() + c.get("decode_errors").asLong()
                        + c.get("crossed_books").asLong()).as(v.toString()).isZero();
                assertThat(c.get("trades").asLong()).as(v.toString()).isPositive();
            }
            // A backtest runs on what was recorded.
            HttpResponse<String> submitted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/v1/backtests")).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"strategy\":\"sma-crossover\",\"venue\":\"okx\",\"symbols\":[\"BTC-USDT\"],"
                            + "\"from\":\"2000-01-01\",\"to\":\"2100-01-01\",\"params\":{\"fast\":\"2\",\"slow\":\"5\",\"bar\":\"200ms\","
                            + "\"size\":\"0.01\"}}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
            String id = JSON.readTree(submitted.body()).get("id").asText();
            JsonNode run = StreamApiTest.eventually(Duration.ofSeconds(60), () -> {
                JsonNode s = JSON.readTree(DppProcess.get(port, "/api/v1/backtests/" + id).body());
                assertThat(s.get("status").asText()).as(s.toString()).isEqualTo("done");
                return s;
            });
            System.out.println("demo: backtest " + run);
            assertThat(run.get("summary").get("events").asLong()).isPositive();
            demo.sigterm();
            assertThat(demo.awaitExit(Duration.ofSeconds(20))).as(demo.exitReport()).isZero();
        }
        // The captures are complete once the process has closed them: what they hold, decoded
        // offline, is what the history holds (trades one by one, candles, books).
        expected = HistoryCheck.expected(recording);
        List<String> files;
        try (Stream<Path> s = Files.list(recording)) {
            files = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(files).contains("KRAKEN.0", "BINANCE.0", "BINANCE.http.0.0", "DERIBIT.0", "KRAKEN.demo", "DERIBIT.demo");
        // The history the demo recorded, and the recording replayed into a platform of its own (the
        // same history again), side by side.
        int replayPort = DppProcess.freePort();
        try (DppProcess history = DppProcess.start(env(port, "demo"), "up", "--target", "historical");
             DppProcess replay = DppProcess.start(env(replayPort, "replay"), "up", "--replay", recording.toString(), "--speed", "max")) {
            history.awaitReady(port, Duration.ofSeconds(60));
            HistoryCheck.verify(port, expected);
            assertEverythingRecordedIsMarkedDemo(port);
            history.sigterm();
            assertThat(history.awaitExit(Duration.ofSeconds(20))).as(history.exitReport()).isZero();

            replay.awaitReady(replayPort, Duration.ofSeconds(60));
            ReplayPlatformTest.awaitReplayDone(replayPort, Duration.ofSeconds(120));
            HistoryCheck.verify(replayPort, expected);
            assertEverythingRecordedIsMarkedDemo(replayPort);
            replay.sigterm();
            assertThat(replay.awaitExit(Duration.ofSeconds(20))).as(replay.exitReport()).isZero();
        }
    }

    /** How many symbols the default configuration lists, over every venue. */
    static int defaultSymbols() {
        io.dpp.streams.live.StreamsConfig streams = io.dpp.runtime.config.DppConfig.load(null, Map.of(),
                io.dpp.app.Platform.configSections()).section(io.dpp.streams.live.StreamsConfig.class);
        int n = 0;
        for (String venue : io.dpp.streams.venue.Venues.ids()) {
            n += streams.venues().get(venue).symbols().orElseThrow(() -> new AssertionError(venue + " lists no default symbols")).size();
        }
        return n;
    }

    /** Every recorded instrument, and every row of history and of its replay as events, carries the demo marker. */
    private static void assertEverythingRecordedIsMarkedDemo(int port) throws Exception {
        JsonNode instruments = JSON.readTree(DppProcess.get(port, "/api/v1/instruments").body());
        assertThat(instruments.size()).isGreaterThanOrEqualTo(defaultSymbols());
        int checked = 0;
        for (JsonNode i : instruments) {
            assertThat(i.get("demo").asBoolean()).as(i.toString()).isTrue();
            String q = "?venue=" + i.get("venue").asText() + "&symbol="
                    + java.net.URLEncoder.encode(i.get("symbol").asText(), java.nio.charset.StandardCharsets.UTF_8) + "&limit=50";
            for (String route : List.of("/api/v1/trades", "/api/v1/book_changes", "/api/v1/quotes")) {
                for (JsonNode row : JSON.readTree(DppProcess.get(port, route + q).body())) {
                    assertThat(row.get("demo").asBoolean()).as(route + q + " " + row).isTrue();
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(1000);
        HistoryReplayTest.Replay events = HistoryReplayTest.Replay.run(port,
                "/api/v1/replay?venues=okx,deribit&channels=trades,book_changes,derivative_tickers&from=2000-01-01&speed=max");
        assertThat(events.closeCode).as(events.closeReason).isEqualTo(1000);
        assertThat(events.messages.remove(events.messages.size() - 1).get("type").asText()).isEqualTo("replay_end");
        assertThat(events.messages).hasSizeGreaterThan(100)
                .allSatisfy(m -> assertThat(m.path("demo").asBoolean()).as(m.toString()).isTrue());
    }
}
