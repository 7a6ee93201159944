package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpp.core.decimal.Decimal64;
import io.dpp.core.model.MarketEventListener;
import io.dpp.core.model.Trade;
import io.dpp.core.time.Timestamps;
import io.dpp.book.SortedBook;
import io.dpp.streams.capture.CaptureReader;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.replay.CaptureDirectory;
import io.dpp.streams.replay.CaptureReplay;
import io.dpp.streams.venue.InstrumentCatalog;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the history API must hold after the fixtures were replayed through the platform: for every
 * instrument exactly the captured trades (count and sum of amounts), 1m candles equal to candles
 * built here from the captured trades, and a book at the last recorded time whose top 5 equals the
 * book the capture builds offline.
 *
 * <p>What is expected comes from the captures alone, decoded offline through
 * {@link CaptureReplay} (no simulator, no store), with the store's deduplication rule applied: a
 * trade with the same venue time, id and ordinal as an earlier one is the same trade.
 */
final class HistoryCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the captures hold for one instrument. */
    static final class Expected {
        final Map<String, BigDecimal[]> trades = new LinkedHashMap<>(); // key -> {price, amount}, last wins
        final Map<String, Long> tradeTimes = new HashMap<>();
        int captures;
        List<String[]> bids;
        List<String[]> asks;
    }

    private HistoryCheck() {
    }

    /** The expected history of the captures under {@code fixtures}. */
    static Map<String, Map<String, Expected>> expected(Path fixtures) throws Exception {
        long t0 = System.nanoTime();
        Map<String, Map<String, Expected>> expected = expectedFromCaptures(fixtures);
        System.out.printf("history: the captures under %s decoded offline in %d ms%n", fixtures.getFileName(), (System.nanoTime() - t0) / 1_000_000);
        return expected;
    }

    /** Asserts that the platform on {@code port} serves exactly the expected history. */
    static void verify(int port, Map<String, Map<String, Expected>> expected) throws Exception {
        verify(port, expected, 15, 10);
    }

    /**
     * As {@link #verify(int, Map)}, requiring more than {@code minInstruments} instruments with
     * trades and more than {@code minBooks} books compared, so that a check of nothing fails.
     */
    static void verify(int port, Map<String, Map<String, Expected>> expected, int minInstruments, int minBooks) throws Exception {
        long t0 = System.nanoTime();
        int instruments = 0;
        long trades = 0;
        for (var venue : expected.entrySet()) {
            for (var e : venue.getValue().entrySet()) {
                String v = venue.getKey();
                String symbol = e.getKey();
                Expected x = e.getValue();
                if (x.trades.isEmpty()) {
                    continue;
                }
                instruments++;
                trades += x.trades.size();
                BigDecimal sum = x.trades.values().stream().map(p -> p[1]).reduce(BigDecimal.ZERO, BigDecimal::add);
                JsonNode got = awaitTrades(port, v, symbol, x.trades.size(), Duration.ofSeconds(60));
                BigDecimal gotSum = BigDecimal.ZERO;
                for (JsonNode t : got) {
                    gotSum = gotSum.add(new BigDecimal(t.get("amount").asText()));
                    assertThat(t.get("timestamp").asText()).endsWith("Z").hasSize(Timestamps.ISO_LENGTH);
                }
                assertThat(got.size()).as(v + " " + symbol + " trade count").isEqualTo(x.trades.size());
                assertThat(gotSum).as(v + " " + symbol + " sum of amounts").isEqualByComparingTo(sum);
                assertCandles(port, v, symbol, x);
            }
        }
        System.out.printf("history: %d instruments, %d trades match the captures exactly (%d ms)%n", instruments, trades,
                (System.nanoTime() - t0) / 1_000_000);
        long t1 = System.nanoTime();
        assertThat(instruments).isGreaterThan(minInstruments);
        int books = 0;
        for (var venue : expected.entrySet()) {
            JsonNode listed = null;
            for (var e : venue.getValue().entrySet()) {
                Expected x = e.getValue();
                if (x.bids == null || x.captures != 1) {
                    continue;
                }
                if (listed == null) {
                    listed = JSON.readTree(DppProcess.get(port, "/api/v1/instruments?venue=" + enc(venue.getKey())).body());
                }
                assertBook(port, listed, venue.getKey(), e.getKey(), x);
                books++;
            }
        }
        System.out.printf("history: %d books at their last recorded time equal the offline books (top 5) (%d ms)%n", books,
                (System.nanoTime() - t1) / 1_000_000);
        assertThat(books).isGreaterThan(minBooks);
    }

    /**
     * 1m candles built here from the captured trades, bucketed by venue time. Venues stamp trades in
     * milliseconds (or microseconds), so several trades can share the first or last timestamp of a
     * bucket; their order is not given by the venue, and the open (close) may then be any of them.
     * High, low, volume and the trade count are exact whatever the order.
     */
    private static void assertCandles(int port, String venue, String symbol, Expected x) throws Exception {
        TreeMap<Long, List<long[]>> buckets = new TreeMap<>();
        List<String> keys = new ArrayList<>(x.trades.keySet());
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            index.put(keys.get(i), i);
            long ts = x.tradeTimes.get(keys.get(i));
            buckets.computeIfAbsent(Math.floorDiv(ts, 60_000_000L) * 60_000_000L, k -> new ArrayList<>()).add(new long[] {ts, i});
        }
        JsonNode got = awaitCandles(port, venue, symbol, x.trades.size(), Duration.ofSeconds(30));
        assertThat(got.size()).as(venue + " " + symbol + " candles").isEqualTo(buckets.size());
        int n = 0;
        for (var b : buckets.entrySet()) {
            JsonNode g = got.get(n++);
            String what = venue + " " + symbol + " candle " + g;
            List<long[]> trades = b.getValue();
            long first = trades.stream().mapToLong(t -> t[0]).min().orElseThrow();
            long last = trades.stream().mapToLong(t -> t[0]).max().orElseThrow();
            List<BigDecimal> opens = new ArrayList<>();
            List<BigDecimal> closes = new ArrayList<>();
            BigDecimal high = null;
            BigDecimal low = null;
            BigDecimal volume = BigDecimal.ZERO;
            for (long[] t : trades) {
                BigDecimal[] pa = x.trades.get(keys.get((int) t[1]));
                high = high == null ? pa[0] : high.max(pa[0]);
                low = low == null ? pa[0] : low.min(pa[0]);
                volume = volume.add(pa[1]);
                if (t[0] == first) {
                    opens.add(pa[0].stripTrailingZeros());
                }
                if (t[0] == last) {
                    closes.add(pa[0].stripTrailingZeros());
                }
            }
            assertThat(g.get("t").asText()).as(what).isEqualTo(Timestamps.toIso(b.getKey()));
            assertThat(new BigDecimal(g.get("open").asText()).stripTrailingZeros()).as(what + " open").isIn(opens);
            assertThat(new BigDecimal(g.get("close").asText()).stripTrailingZeros()).as(what + " close").isIn(closes);
            assertThat(new BigDecimal(g.get("high").asText())).as(what + " high").isEqualByComparingTo(high);
            assertThat(new BigDecimal(g.get("low").asText())).as(what + " low").isEqualByComparingTo(low);
            assertThat(new BigDecimal(g.get("volume").asText())).as(what + " volume").isEqualByComparingTo(volume);
            assertThat(g.get("trades").asLong()).as(what).isEqualTo(trades.size());
        }
    }

    /** The book at the time of its last recorded change ({@code instruments}: what the venue's instrument list says). */
    private static void assertBook(int port, JsonNode instruments, String venue, String symbol, Expected x) throws Exception {
        String last = null;
        for (JsonNode i : instruments) {
            if (i.get("symbol").asText().equals(symbol) && i.has("book_changes")) {
                last = i.get("book_changes").get("to").asText();
            }
        }
        assertThat(last).as(venue + " " + symbol + " has recorded book changes").isNotNull();
        HttpResponse<String> r = DppProcess.get(port, "/api/v1/book?venue=" + enc(venue) + "&symbol=" + enc(symbol)
                + "&at=" + enc(last) + "&depth=5");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode book = JSON.readTree(r.body());
        assertLevels(venue + " " + symbol + " bids", book.get("bids"), x.bids);
        assertLevels(venue + " " + symbol + " asks", book.get("asks"), x.asks);
    }

    private static void assertLevels(String what, JsonNode got, List<String[]> want) {
        assertThat(got.size()).as(what + " " + got).isEqualTo(want.size());
        for (int i = 0; i < want.size(); i++) {
            assertThat(new BigDecimal(got.get(i).get(0).asText())).as(what + " price " + i).isEqualByComparingTo(want.get(i)[0]);
            assertThat(new BigDecimal(got.get(i).get(1).asText())).as(what + " size " + i).isEqualByComparingTo(want.get(i)[1]);
        }
    }

    /** The tables the history API counts per instrument ({@code GET /api/v1/instruments}). */
    static final List<String> TABLES = List.of("trades", "book_changes", "quotes", "liquidations", "derivative_tickers",
            "candles");

    /** Rows per table over every recorded instrument, as the history API counts them. */
    static Map<String, Long> rows(int port) throws Exception {
        Map<String, Long> rows = new HashMap<>();
        TABLES.forEach(t -> rows.put(t, 0L));
        var r = DppProcess.get(port, "/api/v1/instruments");
        if (r == null || r.statusCode() != 200) {
            return rows;
        }
        for (JsonNode i : JSON.readTree(r.body())) {
            for (String table : TABLES) {
                if (i.has(table)) {
                    rows.merge(table, i.get(table).get("rows").asLong(), Long::sum);
                }
            }
        }
        return rows;
    }

    /** Rows per venue and table over every recorded instrument, as the history API counts them. */
    static Map<String, Map<String, Long>> rowsByVenue(int port) throws Exception {
        Map<String, Map<String, Long>> rows = new java.util.TreeMap<>();
        var r = DppProcess.get(port, "/api/v1/instruments");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        for (JsonNode i : JSON.readTree(r.body())) {
            Map<String, Long> venue = rows.computeIfAbsent(i.get("venue").asText(), v -> new java.util.TreeMap<>());
            for (String table : TABLES) {
                venue.merge(table, i.has(table) ? i.get(table).get("rows").asLong() : 0L, Long::sum);
            }
        }
        return rows;
    }

    /**
     * Waits until everything the platform received is committed and visible: the recorder has no
     * event left on the bus and no row uncommitted, and the store has applied every committed
     * transaction, in two scrapes in a row (a commit between the reads of one scrape shows in the
     * next). Call it once the feeds have received everything (their replay is done).
     */
    static String awaitSettled(int port, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        int settledScrapes = 0;
        String metrics = "";
        while (settledScrapes < 2) {
            assertThat(System.nanoTime()).as("the store settled within " + timeout + "; last metrics:\n" + metrics).isLessThan(end);
            metrics = DppProcess.get(port, "/metrics").body();
            boolean settled = sum(metrics, "dpp_bus_consumer_lag_events{consumer=\"recorder\"}") == 0
                    && sum(metrics, "dpp_recorder_pending_rows") == 0 && sum(metrics, "dpp_store_wal_pending_transactions{") == 0
                    && metrics.contains("dpp_store_wal_pending_transactions{table=\"book_changes\"}");
            settledScrapes = settled ? settledScrapes + 1 : 0;
            if (settledScrapes < 2) {
                Thread.sleep(settled ? 50 : 200);
            }
        }
        return metrics;
    }

    /**
     * The sum of the samples of a metric ({@code prefix} a name) or of some of its series
     * ({@code prefix} a name with the start of its labels).
     */
    static double sum(String metrics, String prefix) {
        double total = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("#") || !line.startsWith(prefix)) {
                continue;
            }
            String rest = line.substring(prefix.length());
            if (prefix.endsWith("{") || prefix.endsWith("}") || rest.startsWith(" ") || rest.startsWith("{")) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    private static JsonNode awaitTrades(int port, String venue, String symbol, int count, Duration timeout) throws Exception {
        return await(port, "/api/v1/trades?venue=" + enc(venue) + "&symbol=" + enc(symbol), n -> n.size() >= count, timeout);
    }

    private static JsonNode awaitCandles(int port, String venue, String symbol, int trades, Duration timeout) throws Exception {
        return await(port, "/api/v1/candles?venue=" + enc(venue) + "&symbol=" + enc(symbol) + "&interval=1m", n -> {
            long sum = 0;
            for (JsonNode c : n) {
                sum += c.get("trades").asLong();
            }
            return sum >= trades; // the 1s view is refreshed by QuestDB shortly after each commit
        }, timeout);
    }

    private static JsonNode await(int port, String path, java.util.function.Predicate<JsonNode> done, Duration timeout)
            throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < end) {
            HttpResponse<String> r = DppProcess.get(port, path);
            if (r != null && r.statusCode() == 200) {
                last = JSON.readTree(r.body());
                if (done.test(last)) {
                    return last;
                }
            }
            Thread.sleep(200);
        }
        return last == null ? JSON.createArrayNode() : last;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Trades and final books per venue and native symbol, from the captures decoded offline. */
    private static Map<String, Map<String, Expected>> expectedFromCaptures(Path fixtures) throws Exception {
        Map<String, Map<String, Expected>> out = new TreeMap<>();
        for (CaptureDirectory.VenueCaptures vc : CaptureDirectory.scan(fixtures).values()) {
            InstrumentCatalog catalog = vc.venue().parseListing(CaptureReader.read(vc.listing()));
            Map<String, Expected> venue = out.computeIfAbsent(vc.venue().id(), k -> new TreeMap<>());
            List<io.dpp.streams.capture.Capture> rest = new ArrayList<>();
            for (Path p : vc.rest()) {
                rest.add(CaptureReader.read(p));
            }
            for (Path ws : vc.websocket()) {
                Map<String, long[]> ordinals = new HashMap<>(); // symbol -> {ts, ord}, with the last id below
                Map<String, String> lastIds = new HashMap<>();
                MarketEventListener listener = new MarketEventListener() {
                    @Override
                    public void onTrade(Trade t) {
                        String symbol = t.instrument().nativeSymbol();
                        long ts = t.exchangeTime() != Timestamps.UNKNOWN ? t.exchangeTime() : t.receiveTime();
                        String id = t.id().toString();
                        long[] o = ordinals.computeIfAbsent(symbol, k -> new long[] {Long.MIN_VALUE, 0});
                        o[1] = o[0] == ts && id.equals(lastIds.get(symbol)) ? o[1] + 1 : 0;
                        o[0] = ts;
                        lastIds.put(symbol, id);
                        Expected x = venue.computeIfAbsent(symbol, k -> new Expected());
                        String key = ts + "|" + id + "|" + o[1];
                        x.trades.put(key, new BigDecimal[] {Decimal64.toBigDecimal(t.price()), Decimal64.toBigDecimal(t.amount())});
                        x.tradeTimes.put(key, ts);
                    }
                };
                CaptureReplay.Result result = new CaptureReplay(vc.venue(), catalog).run(CaptureReader.read(ws), rest, listener);
                java.util.Set<String> seen = new java.util.HashSet<>();
                for (InstrumentBook b : result.decoder().books()) {
                    String symbol = b.instrument().nativeSymbol();
                    Expected x = venue.computeIfAbsent(symbol, k -> new Expected());
                    if (seen.add(symbol)) {
                        x.captures++;
                    }
                    if (b.inSync()) {
                        x.bids = top(b.book(), true);
                        x.asks = top(b.book(), false);
                    }
                }
            }
        }
        return out;
    }

    private static List<String[]> top(SortedBook book, boolean bid) {
        List<String[]> levels = new ArrayList<>();
        for (int i = 0; i < Math.min(5, book.depth(bid)); i++) {
            levels.add(new String[] {Decimal64.toString(book.price(bid, i)), Decimal64.toString(book.size(bid, i))});
        }
        return levels;
    }
}
