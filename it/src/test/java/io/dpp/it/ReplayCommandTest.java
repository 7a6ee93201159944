package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpp.streams.replay.CaptureDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `dpp replay --validate --top` on every contiguous capture of the fixtures, through ./dpp. */
class ReplayCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    static Path fixtures() {
        String configured = System.getenv("DPP_FIXTURES");
        Path dir = (configured == null || configured.isBlank() ? DppProcess.ROOT.resolve("../shared/fixtures")
                : DppProcess.ROOT.resolve(configured)).normalize();
        if (!Files.isDirectory(dir)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("recorded venue traffic not found at " + dir + "; CI=true requires it");
            }
            Assumptions.abort("recorded venue traffic not found at " + dir + " (set DPP_FIXTURES); skipping");
        }
        return dir;
    }

    /**
     * Every venue with captures in the fixtures, on its largest WebSocket capture (the one with its
     * books, where a venue was recorded over several connections), replayed by one
     * {@code dpp replay --dir}: one process for all venues, each checked on its own lines.
     */
    @TestFactory
    Stream<DynamicTest> validatesAndPrintsEveryTopOfBook() throws Exception {
        Path out = tmp.resolve("events.jsonl");
        DppProcess dpp = DppProcess.run(Map.of(), "replay", "--dir", fixtures().toString(), "--validate", "--top", "--out", out.toString());
        assertThat(dpp.exitCode()).as(dpp.output()).isZero();
        Map<String, List<JsonNode>> tops = new HashMap<>();
        Map<String, JsonNode> summaries = new HashMap<>();
        for (String line : dpp.stdout()) {
            JsonNode json = JSON.readTree(line);
            if (json.has("symbol")) {
                tops.computeIfAbsent(json.get("venue").asText(), k -> new ArrayList<>()).add(json);
            } else {
                assertThat(summaries.put(json.get("venue").asText(), json)).as("one summary a venue: " + line).isNull();
            }
        }
        Map<String, Map<String, Integer>> types = new HashMap<>();
        for (String line : Files.readAllLines(out)) {
            JsonNode event = JSON.readTree(line);
            types.computeIfAbsent(event.get("venue").asText(), k -> new HashMap<>()).merge(event.get("type").asText(), 1, Integer::sum);
            assertThat(event.get("local_timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        }
        return CaptureDirectory.scan(fixtures()).keySet().stream().map(venue -> DynamicTest.dynamicTest(venue, () -> {
            List<JsonNode> books = tops.getOrDefault(venue, List.of());
            assertThat(books).as("books built from the capture: " + dpp.output()).isNotEmpty();
            for (JsonNode top : books) {
                assertThat(top.get("in_sync").asBoolean()).as(top.toString()).isTrue();
                assertThat(top.get("levels").size()).isEqualTo(2);
            }
            JsonNode summary = summaries.get(venue);
            assertThat(summary).as(venue + "'s summary line").isNotNull();
            for (String zero : List.of("checksum_failures", "sequence_gaps", "crossed_books", "decode_errors")) {
                assertThat(summary.get(zero).asLong()).as(zero).isZero();
            }
            Map<String, Integer> events = types.getOrDefault(venue, Map.of());
            assertThat(events.getOrDefault("trade", 0)).isEqualTo(summary.get("trades").asInt());
            assertThat(events.getOrDefault("book_change", 0)).isEqualTo(summary.get("book_changes").asInt());
        }));
    }

    /** One venue's capture named on its own (the form a user types first) replays as in --dir. */
    @Test
    void oneVenuesCaptureReplaysOnItsOwn() throws Exception {
        CaptureDirectory.VenueCaptures kraken = CaptureDirectory.scan(fixtures()).get("kraken");
        DppProcess dpp = DppProcess.run(Map.of(), "replay", "--venue", "kraken", "--capture", kraken.mainCapture().toString(),
                "--validate", "--top");
        assertThat(dpp.exitCode()).as(dpp.output()).isZero();
        List<String> lines = dpp.stdout();
        assertThat(lines.size()).as(dpp.output()).isGreaterThan(1);
        JsonNode summary = JSON.readTree(lines.get(lines.size() - 1));
        assertThat(summary.get("venue").asText()).isEqualTo("kraken");
        assertThat(summary.get("book_changes").asLong()).isPositive();
        DppProcess both = DppProcess.run(Map.of(), "replay", "--dir", fixtures().toString(), "--venue", "kraken");
        assertThat(both.exitCode()).as(both.output()).isEqualTo(2);
        assertThat(both.output()).contains("leave out --venue and --capture");
    }

    @Test
    void aCaptureOfAnotherVenueIsNamedAsSuch() throws Exception {
        DppProcess dpp = DppProcess.run(Map.of(), "replay", "--venue", "kraken", "--capture",
                fixtures().resolve("okx/cryptofeed/OKX.ws.1.0").toString());
        assertThat(dpp.exitCode()).as(dpp.output()).isNotZero();
        assertThat(dpp.stderrText()).contains("was recorded from okx (wss://ws.okx.com:8443/ws/v5/public), not kraken: pass --venue okx");
    }

    @Test
    void validateFailsOnABrokenCaptureAndNamesTheProblem() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("kraken"));
        Path source = fixtures().resolve("kraken/cryptofeed/KRAKEN.ws.50.0");
        Files.copy(fixtures().resolve("kraken/cryptofeed/KRAKEN.0"), dir.resolve("KRAKEN.0"));
        List<String> lines = breakOneChecksum(source);
        lines.add("this line is not in the capture format");
        Files.write(dir.resolve("KRAKEN.ws.50.0"), lines);
        DppProcess dpp = DppProcess.run(Map.of(), "replay", "--venue", "kraken", "--capture",
                dir.resolve("KRAKEN.ws.50.0").toString(), "--validate");
        assertThat(dpp.exitCode()).isEqualTo(1);
        JsonNode summary = JSON.readTree(dpp.stdout().get(dpp.stdout().size() - 1));
        assertThat(summary.get("checksum_failures").asLong()).isEqualTo(1);
        assertThat(summary.get("decode_errors").asLong()).isEqualTo(1);
        assertThat(dpp.stderrText()).contains("unreadable line " + lines.size());
    }

    /**
     * dpp bench feed prints what its measured loops checked beside the figures, and refuses a
     * figure from loops whose books went stale (one volume changed: every pass fails a checksum).
     */
    @Test
    void benchFeedPrintsItsChecksAndRefusesAFigureFromStaleBooks() throws Exception {
        Path source = fixtures().resolve("kraken/cryptofeed/KRAKEN.ws.50.0");
        DppProcess good = DppProcess.run(Map.of(), "bench", "feed", "--venue", "kraken", "--capture", source.toString(),
                "--seconds", "0.5", "--warmup", "0");
        assertThat(good.exitCode()).as(good.output()).isZero();
        JsonNode r = JSON.readTree(good.stdout().get(good.stdout().size() - 1));
        assertThat(r.get("checksums_verified").asLong()).isPositive();
        assertThat(r.get("checksum_failures").asLong()).isZero();
        assertThat(r.get("books_stale").asLong()).isZero();
        assertThat(r.get("ok").asBoolean()).isTrue();

        Path dir = Files.createDirectories(tmp.resolve("broken"));
        Files.copy(fixtures().resolve("kraken/cryptofeed/KRAKEN.0"), dir.resolve("KRAKEN.0"));
        List<String> lines = breakOneChecksum(source);
        Files.write(dir.resolve("KRAKEN.ws.50.0"), lines);
        DppProcess broken = DppProcess.run(Map.of(), "bench", "feed", "--venue", "kraken", "--capture",
                dir.resolve("KRAKEN.ws.50.0").toString(), "--seconds", "0.5", "--warmup", "0");
        assertThat(broken.exitCode()).as(broken.output()).isEqualTo(1);
        JsonNode b = JSON.readTree(broken.stdout().get(broken.stdout().size() - 1));
        assertThat(b.get("checksum_failures").asLong()).isPositive();
        assertThat(b.get("ok").asBoolean()).isFalse();
        assertThat(broken.stderrText()).contains("the figure does not count");
    }

    @Test
    void benchFeedLoopsASyntheticMarketOfAsManyInstrumentsAsAsked() throws Exception {
        DppProcess okx = DppProcess.run(Map.of(), "bench", "feed", "--venue", "okx", "--synthetic", "30", "--seconds", "0.5",
                "--warmup", "0");
        assertThat(okx.exitCode()).as(okx.output()).isZero();
        JsonNode r = JSON.readTree(okx.stdout().get(okx.stdout().size() - 1));
        assertThat(r.get("books_in_sync").asLong()).as(r.toString()).isEqualTo(30);
        assertThat(r.get("checksums_verified").asLong()).as(r.toString()).isPositive();
        assertThat(r.get("events_per_loop").asLong()).as("200 000 messages a loop").isGreaterThan(100_000);
        assertThat(r.get("ok").asBoolean()).isTrue();
        DppProcess none = DppProcess.run(Map.of(), "bench", "feed", "--venue", "kraken", "--synthetic", "0");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.stderrText()).contains("--synthetic must be from 1 to 1000, got 0");
    }

    /** The capture's lines with one volume of one update changed: the book no longer matches Kraken's checksum. */
    private static List<String> breakOneChecksum(Path capture) throws java.io.IOException {
        List<String> lines = Files.readAllLines(capture);
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.contains("\"c\":\"") && l.contains("\"b\":[[")) {
                lines.set(i, l.replaceFirst("\"b\":\\[\\[\"([0-9.]+)\",\"([0-9])", "\"b\":[[\"$1\",\"9$2"));
                break;
            }
        }
        return lines;
    }

    @Test
    void unknownVenueAndMissingListingAreUsageErrors() throws Exception {
        DppProcess unknown = DppProcess.run(Map.of(), "replay", "--venue", "mtgox", "--capture", "x");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.stderrText()).contains("unknown venue 'mtgox'; venues: binance, binance-futures, kraken");
        Path lonely = Files.writeString(tmp.resolve("lonely.ws.1.0"), "1.0: {}\n");
        DppProcess noListing = DppProcess.run(Map.of(), "replay", "--venue", "kraken", "--capture", lonely.toString());
        assertThat(noListing.exitCode()).isEqualTo(2);
        assertThat(noListing.stderrText()).contains("no instrument listing found", "--instruments FILE");
    }
}
