package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Historical done-when check on one process: {@code dpp up --replay <fixtures> --speed max},
 * then the history API holds exactly what the captures hold ({@link HistoryCheck}), and answers
 * plainly by normalized name, in CSV, and with clear errors; replayed again into the same store,
 * the same capture adds nothing.
 */
class HistoryReplayTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    @Test
    void historyHoldsExactlyTheCapturedTradesCandlesAndBooks() throws Exception {
        Path fixtures = ReplayCommandTest.fixtures();
        Map<String, Map<String, HistoryCheck.Expected>> expected = HistoryCheck.expected(fixtures);
        int port = DppProcess.freePort();
        Map<String, String> env = Map.of("DPP_HTTP_PORT", Integer.toString(port), "DPP_HTTP_HOST", "127.0.0.1",
                "DPP_DATA_DIR", data.toString());
        Map<String, Map<String, Long>> first;
        List<String> restSnapshots;
        try (DppProcess dpp = DppProcess.start(env, "up", "--replay", fixtures.toString(), "--speed", "max")) {
            dpp.awaitReady(port, Duration.ofSeconds(60));
            ReplayPlatformTest.awaitReplayDone(port, Duration.ofSeconds(120));
            HistoryCheck.verify(port, expected);
            assertApiAnswersPlainly(port);
            assertIndicators(port, expected);
            assertReplayOverWebSocket(port, expected);
            assertExport(port, expected);
            String metrics = HistoryCheck.awaitSettled(port, Duration.ofSeconds(60));
            first = HistoryCheck.rowsByVenue(port);
            // What the recorder committed is what the tables hold: every trade, and no table holds more
            // rows than were written (a table may hold fewer where the store's key merged two rows).
            for (String table : List.of("trades", "book_changes", "quotes", "derivative_tickers", "liquidations")) {
                long held = first.values().stream().mapToLong(v -> v.get(table)).sum();
                double committed = HistoryCheck.sum(metrics, "dpp_recorder_rows_total{table=\"" + table + "\"}");
                System.out.printf("replayed once: %s %d rows held, %.0f committed%n", table, held, committed);
                if (table.equals("trades")) {
                    assertThat((double) held).as(table + ": rows held = rows committed").isEqualTo(committed);
                } else {
                    assertThat((double) held).as(table + ": rows held, of those committed").isLessThanOrEqualTo(committed);
                }
            }
            restSnapshots = restSnapshotVenues(port);
            dpp.sigterm();
            assertThat(dpp.awaitExit(Duration.ofSeconds(20))).as(dpp.exitReport()).isZero();
        }
        assertReplayingAgainAddsNothing(fixtures, env, port, first, restSnapshots);
    }

    /**
     * The same capture replayed again into the same store: every replayed message keeps its
     * recorded receive time, so every row is one already held and the tables stay as they were.
     * A venue that took a book snapshot of its own accord in either run (its books start from REST
     * snapshots, or a connection was lost or a book resynchronised on a loaded machine) may take
     * one at another point of the capture (the simulator serves its book as the replay has it when
     * asked): its trades stay as they were, its other tables may gain that snapshot's rows.
     */
    private static void assertReplayingAgainAddsNothing(Path fixtures, Map<String, String> env, int port,
                                                       Map<String, Map<String, Long>> first, List<String> restSnapshots)
            throws Exception {
        try (DppProcess again = DppProcess.start(env, "up", "--replay", fixtures.toString(), "--speed", "max")) {
            again.awaitReady(port, Duration.ofSeconds(60));
            ReplayPlatformTest.awaitReplayDone(port, Duration.ofSeconds(120));
            String metrics = HistoryCheck.awaitSettled(port, Duration.ofSeconds(60));
            assertThat(ReplayPlatformTest.metric(metrics, "dpp_recorder_rows_total{table=\"book_changes\"}"))
                    .as("the second replay wrote its rows again").isPositive();
            Map<String, Map<String, Long>> second = HistoryCheck.rowsByVenue(port);
            System.out.printf("replayed twice: %s%n      then: %s%n", first, second);
            restSnapshots = new java.util.ArrayList<>(restSnapshots);
            restSnapshots.addAll(restSnapshotVenues(port));
            String venues = DppProcess.get(port, "/api/v1/venues").body();
            assertThat(second.keySet()).isEqualTo(first.keySet());
            for (String venue : first.keySet()) {
                if (restSnapshots.contains(venue)) {
                    assertThat(second.get(venue).get("trades")).as(venue + " trades").isEqualTo(first.get(venue).get("trades"));
                    second.get(venue).forEach((table, n) -> assertThat(n).as(venue + " " + table)
                            .isGreaterThanOrEqualTo(first.get(venue).get(table)));
                } else {
                    assertThat(second.get(venue)).as(venue + ": the same rows, once; the venues: " + venues)
                            .isEqualTo(first.get(venue));
                }
            }
            again.sigterm();
            assertThat(again.awaitExit(Duration.ofSeconds(20))).as(again.exitReport()).isZero();
        }
    }

    /**
     * The venues that took a book snapshot of their own accord in this run: from REST, or on a
     * reconnect or resynchronisation (whose snapshot lies where the replay was at that moment).
     */
    private static List<String> restSnapshotVenues(int port) throws Exception {
        List<String> venues = new java.util.ArrayList<>();
        for (JsonNode v : JSON.readTree(DppProcess.get(port, "/api/v1/venues").body()).get("venues")) {
            JsonNode c = v.get("counters");
            if (c.get("snapshot_requests").asLong() > 0 || c.get("reconnects").asLong() > 0 || c.get("resyncs").asLong() > 0) {
                venues.add(v.get("venue").asText());
            }
        }
        return venues;
    }

    /** Normalized names, CSV, and clear errors for what cannot be answered. */
    private static void assertApiAnswersPlainly(int port) throws Exception {
        JsonNode pick = null;
        for (JsonNode i : JSON.readTree(DppProcess.get(port, "/api/v1/instruments").body())) {
            if (pick == null && i.has("trades") && !i.get("symbol").asText().equals(i.get("normalized").asText())) {
                pick = i;
            }
        }
        assertThat(pick).as("an instrument with trades whose native and normalized names differ").isNotNull();
        String venue = pick.get("venue").asText();
        String normalized = pick.get("normalized").asText();
        String byNative = DppProcess.get(port, "/api/v1/trades?venue=" + venue + "&symbol=" + enc(pick.get("symbol").asText())).body();
        String byNormalized = DppProcess.get(port, "/api/v1/trades?venue=" + venue + "&symbol=" + enc(normalized)).body();
        assertThat(JSON.readTree(byNative).size()).isEqualTo(pick.get("trades").get("rows").asInt());
        assertThat(byNormalized).isEqualTo(byNative);
        // Recorded real traffic is not demo data: no row says it is.
        assertThat(pick.get("demo").asBoolean(true)).as(pick.toString()).isFalse();
        assertThat(JSON.readTree(byNative)).isNotEmpty().allSatisfy(row -> assertThat(row.get("demo").asBoolean(true)).isFalse());
        HttpResponse<String> csv = DppProcess.get(port, "/api/v1/trades?venue=" + venue + "&symbol=" + enc(normalized)
                + "&format=csv&limit=1");
        assertThat(csv.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
        assertThat(csv.body().lines().toList()).hasSize(2).first().isEqualTo("timestamp,local_timestamp,id,price,amount,side,demo");
        String[][] bad = {
            {"/api/v1/trades?venue=kraken&symbol=NOPE", "404", "no instrument \"NOPE\" has been recorded on venue \"kraken\""},
            {"/api/v1/trades?venue=kraken", "400", "symbol is required"},
            {"/api/v1/trades?venue=kraken&symbol=BTC-CHF&from=yesterday", "400", "from must be an ISO-8601 time"},
            {"/api/v1/trades?venue=kraken&symbol=BTC-CHF&format=xml", "400", "format must be json or csv"},
            {"/api/v1/trades?venue=kraken&symbol=BTC-CHF&limit=0", "400", "limit must be a whole number"},
            {"/api/v1/candles?venue=kraken&symbol=BTC-CHF&interval=2d", "400", "interval must be"},
            {"/api/v1/book?venue=kraken&symbol=BTC-CHF&at=2000-01-01", "404", "no book snapshot"},
        };
        for (String[] b : bad) {
            HttpResponse<String> r = DppProcess.get(port, b[0]);
            assertThat(r.statusCode()).as(b[0] + " " + r.body()).isEqualTo(Integer.parseInt(b[1]));
            assertThat(JSON.readTree(r.body()).get("message").asText()).as(b[0]).contains(b[2]);
        }
        JsonNode quality = JSON.readTree(DppProcess.get(port, "/api/v1/quality?venue=kraken").body());
        assertThat(quality.get("instruments").size()).as("kraken feed status was recorded: " + quality).isPositive();
    }

    /**
     * GET /api/v1/indicators/{name} over the stored one-second candles of the instrument with the
     * most trades equals the indicator library run over GET /api/v1/candles, line by line; a later
     * {@code from} warms up on the candles before it; bad names and parameters are refused plainly.
     */
    private static void assertIndicators(int port, Map<String, Map<String, HistoryCheck.Expected>> expected) throws Exception {
        String[] busiest = busiest(expected);
        String venue = busiest[0];
        String symbol = busiest[1];
        String base = "venue=" + venue + "&symbol=" + enc(symbol) + "&interval=1s&from=2000-01-01";
        JsonNode candles = JSON.readTree(DppProcess.get(port, "/api/v1/candles?" + base).body());
        assertThat(candles.size()).as("one-second candles of " + venue + " " + symbol).isGreaterThan(12);
        String[][] cases = {{"sma", "period=3"}, {"ema", "period=4"}, {"rsi", "period=5"}, {"macd", "fast=2&slow=4&signal=3"},
            {"bollinger", "period=5&k=2"}, {"atr", "period=3"}, {"stochastic", "period=4&smoothing=1&d=2"}, {"vwap", ""},
            {"obv", ""}, {"wma", "period=3"}};
        for (String[] c : cases) {
            Map<String, String> params = new java.util.LinkedHashMap<>();
            for (String kv : c[1].split("&")) {
                if (!kv.isEmpty()) {
                    params.put(kv.split("=")[0], kv.split("=")[1]);
                }
            }
            io.dpp.core.indicator.Indicator ind = io.dpp.core.indicator.Indicators.create(c[0], params);
            java.util.List<String> lines = ind.lines().size() == 1 ? java.util.List.of("value") : ind.lines();
            java.util.List<String> want = new java.util.ArrayList<>();
            for (JsonNode k : candles) {
                ind.update(java.time.Instant.parse(k.get("t").asText()).toEpochMilli() * 1000,
                        k.get("open").asDouble(), k.get("high").asDouble(), k.get("low").asDouble(), k.get("close").asDouble(),
                        k.get("volume").asDouble());
                if (ind.ready()) {
                    StringBuilder row = new StringBuilder(k.get("t").asText());
                    for (int i = 0; i < lines.size(); i++) {
                        row.append(' ').append(lines.get(i)).append('=').append(ind.value(i));
                    }
                    want.add(row.toString());
                }
            }
            String uri = "/api/v1/indicators/" + c[0] + "?" + base + (c[1].isEmpty() ? "" : "&" + c[1]);
            HttpResponse<String> r = DppProcess.get(port, uri);
            assertThat(r.statusCode()).as(uri + " " + r.body()).isEqualTo(200);
            java.util.List<String> got = new java.util.ArrayList<>();
            for (JsonNode row : JSON.readTree(r.body())) {
                StringBuilder sb = new StringBuilder(row.get("t").asText());
                for (String line : lines) {
                    sb.append(' ').append(line).append('=').append(row.get(line).asDouble());
                }
                got.add(sb.toString());
            }
            assertThat(got).as(uri).isNotEmpty().isEqualTo(want);
        }
        // Warm-up: a later from starts with a value at from, computed from the candles before it
        // (SMA(3) looks back twice its warm-up, 6 s here: pick a candle whose two predecessors lie within).
        int at = -1;
        for (int i = 8; i < candles.size() && at < 0; i++) {
            if (java.time.Duration.between(java.time.Instant.parse(candles.get(i - 2).get("t").asText()),
                    java.time.Instant.parse(candles.get(i).get("t").asText())).toSeconds() <= 6) {
                at = i;
            }
        }
        assertThat(at).as("a candle with two others in the 6 s before it").isPositive();
        String from = candles.get(at).get("t").asText();
        JsonNode full = JSON.readTree(DppProcess.get(port, "/api/v1/indicators/sma?" + base + "&period=3").body());
        JsonNode later = JSON.readTree(DppProcess.get(port, "/api/v1/indicators/sma?venue=" + venue + "&symbol=" + enc(symbol)
                + "&interval=1s&period=3&from=" + enc(from)).body());
        assertThat(later.get(0).get("t").asText()).as("the first value is at from, warmed up before it").isEqualTo(from);
        assertThat(later.size()).isEqualTo(candles.size() - at);
        JsonNode same = null;
        for (JsonNode f : full) {
            if (f.get("t").asText().equals(from)) {
                same = f;
            }
        }
        assertThat(same).isNotNull();
        assertThat(later.get(0).get("value").asDouble()).isEqualTo(same.get("value").asDouble());
        HttpResponse<String> csv = DppProcess.get(port, "/api/v1/indicators/macd?" + base + "&format=csv&limit=40");
        assertThat(csv.body().lines().findFirst()).hasValue("t,macd,signal,histogram");
        String[][] bad = {
            {"/api/v1/indicators/foo?" + base, "404", "unknown indicator \"foo\""},
            {"/api/v1/indicators/rsi?" + base + "&period=0", "400", "rsi period must be a whole number from 1 to 10000"},
            {"/api/v1/indicators/rsi?" + base + "&length=3", "400", "rsi takes the parameters period, not \"length\""},
            {"/api/v1/indicators/rsi?venue=" + venue + "&symbol=" + enc(symbol) + "&interval=7x", "400", "interval must be"},
        };
        for (String[] b : bad) {
            HttpResponse<String> r = DppProcess.get(port, b[0]);
            assertThat(r.statusCode()).as(b[0] + " " + r.body()).isEqualTo(Integer.parseInt(b[1]));
            assertThat(JSON.readTree(r.body()).get("message").asText()).as(b[0]).contains(b[2]);
        }
        System.out.printf("indicators: %d kinds over %d one-second candles of %s %s equal the library's%n", cases.length,
                candles.size(), venue, symbol);
    }

    /** The WebSocket replay: every trade, in time order, in the event format, paced by speed. */
    private static void assertReplayOverWebSocket(int port, Map<String, Map<String, HistoryCheck.Expected>> expected)
            throws Exception {
        String venue = "bitfinex";
        long trades = expected.get(venue).values().stream().mapToLong(x -> x.trades.size()).sum();
        Replay all = Replay.run(port, "/api/v1/replay?venues=" + venue + "&channels=trades&from=2000-01-01&speed=max");
        assertThat(all.closeCode).as(all.closeReason).isEqualTo(1000);
        JsonNode end = all.messages.remove(all.messages.size() - 1);
        assertThat(end.get("type").asText()).isEqualTo("replay_end");
        assertThat(all.messages).as("every recorded trade of " + venue).hasSize((int) trades);
        assertThat(end.get("events").asLong()).isEqualTo(trades);
        java.time.Instant previous = java.time.Instant.EPOCH;
        for (JsonNode m : all.messages) {
            assertThat(m.get("type").asText()).isEqualTo("trade");
            assertThat(m.get("venue").asText()).isEqualTo(venue);
            for (String field : new String[] {"symbol", "normalized_symbol", "timestamp", "local_timestamp", "id", "price",
                "amount", "side"}) {
                assertThat(m.has(field)).as(field + " in " + m).isTrue();
            }
            assertThat(m.get("price").isTextual()).as("decimals are strings: " + m).isTrue();
            java.time.Instant t = replayTime(m);
            assertThat(t).as("replay-time order").isAfterOrEqualTo(previous);
            previous = t;
        }
        assertMixedChannelsOnOneClock(port);
        // Several channels and instruments merged in receive-time order.
        Replay mixed = Replay.run(port, "/api/v1/replay?venues=kraken,okx&channels=book_changes,quotes,feed_status"
                + "&from=2000-01-01&speed=max");
        assertThat(mixed.closeCode).isEqualTo(1000);
        mixed.messages.remove(mixed.messages.size() - 1);
        assertThat(mixed.messages.stream().map(m -> m.get("type").asText()).distinct())
                .contains("book_change", "feed_status");
        assertThat(mixed.messages.stream().map(m -> m.get("venue").asText()).distinct()).containsExactlyInAnyOrder("kraken", "okx");
        java.time.Instant last = java.time.Instant.EPOCH;
        for (JsonNode m : mixed.messages) {
            java.time.Instant t = replayTime(m);
            assertThat(t).as("receive-time order: " + m).isAfterOrEqualTo(last);
            last = t;
        }
        // Paced: the middle half of Kraken's recorded book changes (OKX's were recorded a year later), at a
        // speed chosen to take about 2 s. The window is taken from the book changes themselves: feed-status
        // events (a watchdog's stale, the end of the capture) can lie far from the data, and a window over
        // silence would leave too little to time.
        java.util.List<java.time.Instant> changes = mixed.messages.stream()
                .filter(m -> m.get("type").asText().equals("book_change") && m.get("venue").asText().equals("kraken"))
                .map(m -> java.time.Instant.parse(m.get("local_timestamp").asText()))
                .toList();
        java.time.Instant from = changes.get(changes.size() / 4);
        java.time.Instant to = changes.get(changes.size() * 3 / 4);
        double speed = java.time.Duration.between(from, to).toNanos() / 1e9 / 2;
        assertThat(speed).as("Kraken's book changes, received from " + changes.get(0) + " to " + changes.get(changes.size() - 1)
                + ", middle half " + from + " to " + to + ": all on the capture's clock").isBetween(0.001, 100_000.0);
        long t0 = System.nanoTime();
        Replay paced = Replay.run(port, "/api/v1/replay?venues=kraken&channels=book_changes&from=" + enc(from.toString())
                + "&to=" + enc(to.toString()) + "&speed=" + speed);
        double seconds = (System.nanoTime() - t0) / 1e9;
        paced.messages.remove(paced.messages.size() - 1);
        assertThat(paced.messages).hasSizeGreaterThan(10);
        java.time.Instant lastChange = java.time.Instant.parse(
                paced.messages.get(paced.messages.size() - 1).get("local_timestamp").asText());
        double due = java.time.Duration.between(from, lastChange).toNanos() / 1e9 / speed;
        System.out.printf("replay: %d trades of %s in order; %d book changes over %.3f s at speed %.4f took %.2f s (due %.2f s)%n",
                trades, venue, paced.messages.size(), due * speed, speed, seconds, due);
        assertThat(due).isGreaterThan(1);
        // Paced, not as fast as possible: the last change cannot arrive before it is due. There is
        // no upper bound: a loaded machine may deliver late, and lateness is not what is tested.
        assertThat(seconds).isGreaterThanOrEqualTo(due * 0.95);
        // Bad requests are answered before any upgrade.
        HttpResponse<String> bad = DppProcess.get(port, "/api/v1/replay?venues=" + venue + "&speed=fast&from=2000-01-01");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("speed must be a number from 0.001 to 100000");
    }

    /**
     * Trades (stored at the venue's time), book changes and quotes (at the receive time) of one
     * venue replayed at speed 10: one message stream in receive-time order, taking the recorded
     * span divided by ten, not the distance between two clocks.
     */
    private static void assertMixedChannelsOnOneClock(int port) throws Exception {
        long t0 = System.nanoTime();
        Replay mixed = Replay.run(port, "/api/v1/replay?venues=kraken&channels=trades,book_changes,quotes&from=2000-01-01&speed=10");
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(mixed.closeCode).as(mixed.closeReason).isEqualTo(1000);
        mixed.messages.remove(mixed.messages.size() - 1);
        assertThat(mixed.messages.stream().map(m -> m.get("type").asText()).distinct())
                .containsExactlyInAnyOrder("trade", "book_change", "quote");
        java.time.Instant last = java.time.Instant.EPOCH;
        int venueTimeBehind = 0;
        for (JsonNode m : mixed.messages) {
            java.time.Instant t = replayTime(m);
            assertThat(t).as("receive-time order across channels: " + m).isAfterOrEqualTo(last);
            last = t;
            if (m.get("type").asText().equals("trade") && java.time.Instant.parse(m.get("timestamp").asText()).isBefore(t)) {
                venueTimeBehind++;
            }
        }
        assertThat(venueTimeBehind).as("trades keep their venue time, before their receipt").isPositive();
        java.time.Instant first = replayTime(mixed.messages.get(0));
        java.time.Instant end = last;
        double due = java.time.Duration.between(first, end).toNanos() / 1e9 / 10;
        System.out.printf("replay: %d kraken trades, book changes and quotes over %.1f s at speed 10 took %.2f s (due %.2f s)%n",
                mixed.messages.size(), due * 10, seconds, due);
        assertThat(due).as("the recording spans seconds").isGreaterThan(1);
        // Paced on one clock: not before the last message is due, and nowhere near the hours that
        // separate a venue's clock from a receive clock of another day.
        assertThat(seconds).isGreaterThanOrEqualTo(due * 0.95).isLessThan(due + 30);
    }

    /**
     * An event's place on the replay clock: its receive time; for a trade received more than five
     * minutes away from its venue time (the recent trades a venue sends to a new subscriber), its
     * venue time (docs/historical.md).
     */
    private static java.time.Instant replayTime(JsonNode m) {
        java.time.Instant received = java.time.Instant.parse(m.get("local_timestamp").asText());
        if (!m.get("type").asText().equals("trade") && !m.get("type").asText().equals("liquidation")) {
            return received;
        }
        java.time.Instant venue = java.time.Instant.parse(m.get("timestamp").asText());
        return Duration.between(venue, received).abs().compareTo(Duration.ofMinutes(5)) <= 0 ? received : venue;
    }

    /** Venue, symbol and trade count of the instrument with the most recorded trades. */
    private static String[] busiest(Map<String, Map<String, HistoryCheck.Expected>> expected) {
        String[] best = {null, null, "-1"};
        for (var v : expected.entrySet()) {
            for (var x : v.getValue().entrySet()) {
                if (x.getValue().trades.size() > Integer.parseInt(best[2])) {
                    best = new String[] {v.getKey(), x.getKey(), Integer.toString(x.getValue().trades.size())};
                }
            }
        }
        return best;
    }

    /** dpp export, CSV and JSON lines, against the running platform. */
    private void assertExport(int port, Map<String, Map<String, HistoryCheck.Expected>> expected) throws Exception {
        String[] busiest = busiest(expected);
        String venue = busiest[0];
        String symbol = busiest[1];
        int trades = Integer.parseInt(busiest[2]);
        Map<String, String> env = Map.of("DPP_HTTP_PORT", Integer.toString(port));
        Path csv = data.resolve("export.csv");
        DppProcess c = DppProcess.run(env, "export", "--venue", venue, "--symbol", symbol, "--channel", "trades",
                "--from", "2000-01-01", "--to", "2100-01-01", "--out", csv.toString());
        assertThat(c.exitCode()).as(c.output()).isZero();
        java.util.List<String> lines = java.nio.file.Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("timestamp,local_timestamp,id,price,amount,side,demo");
        assertThat(lines).hasSize(trades + 1);
        assertThat(c.stderrText()).contains("dpp export: " + trades + " rows of " + venue + " " + symbol + " trades");
        Path jsonl = data.resolve("export.jsonl");
        DppProcess j = DppProcess.run(env, "export", "--venue", venue, "--symbol", symbol, "--channel", "book_changes",
                "--from", "2000-01-01", "--to", "2100-01-01", "--format", "jsonl", "--out", jsonl.toString());
        assertThat(j.exitCode()).as(j.output()).isZero();
        java.util.List<String> events = java.nio.file.Files.readAllLines(jsonl);
        assertThat(events).isNotEmpty();
        for (String line : events) {
            JsonNode event = JSON.readTree(line);
            assertThat(event.get("type").asText()).isEqualTo("book_change");
            assertThat(event.get("symbol").asText()).isEqualTo(symbol);
        }
        System.out.printf("export: %d trades as CSV, %d book changes as JSON lines%n", trades, events.size());
        DppProcess bad = DppProcess.run(env, "export", "--venue", venue, "--symbol", "NOPE", "--channel", "trades",
                "--from", "2000-01-01", "--to", "2100-01-01", "--out", data.resolve("nope.csv").toString());
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.stderrText()).contains("no instrument \"NOPE\" has been recorded on venue \"" + venue + "\"");
        assertThat(data.resolve("nope.csv")).doesNotExist();
    }

    /** A WebSocket replay client that collects every message until the close. */
    static final class Replay implements java.net.http.WebSocket.Listener {
        final java.util.List<JsonNode> messages = new java.util.ArrayList<>();
        final StringBuilder partial = new StringBuilder();
        final java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        int closeCode;
        String closeReason;

        static Replay run(int port, String path) throws Exception {
            Replay r = new Replay();
            try {
                java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
                        .buildAsync(java.net.URI.create("ws://127.0.0.1:" + port + path), r).get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof java.net.http.WebSocketHandshakeException h) {
                    throw new AssertionError(path + " refused: " + h.getResponse().statusCode() + " " + h.getResponse().body(), h);
                }
                throw e;
            }
            r.done.get(120, java.util.concurrent.TimeUnit.SECONDS);
            return r;
        }

        @Override
        public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    messages.add(JSON.readTree(partial.toString()));
                } catch (Exception e) {
                    done.completeExceptionally(e);
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public java.util.concurrent.CompletionStage<?> onClose(java.net.http.WebSocket ws, int code, String reason) {
            closeCode = code;
            closeReason = reason;
            done.complete(null);
            return null;
        }

        @Override
        public void onError(java.net.http.WebSocket ws, Throwable error) {
            done.completeExceptionally(error);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
