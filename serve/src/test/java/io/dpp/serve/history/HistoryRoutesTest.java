package io.dpp.serve.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpp.bus.BusSubscription;
import io.dpp.bus.InProcessBus;
import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.BookSide;
import io.dpp.core.model.DerivativeTicker;
import io.dpp.core.model.FeedState;
import io.dpp.core.model.FeedStatus;
import io.dpp.core.model.Liquidation;
import io.dpp.core.model.Quote;
import io.dpp.core.model.Side;
import io.dpp.core.model.Trade;
import io.dpp.core.time.Timestamps;
import io.dpp.serve.history.HistoryQueries;
import io.dpp.serve.history.HistoryRoutes;
import io.dpp.historical.recorder.Recorder;
import io.dpp.historical.recorder.RecorderStats;
import io.dpp.runtime.access.Grant;
import io.dpp.runtime.access.Plan;
import io.dpp.runtime.http.HttpRoutes;
import io.dpp.runtime.module.Readiness;
import io.dpp.runtime.rate.TokenBucket;
import io.dpp.store.QuestDbStore;
import io.dpp.store.Schema;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every history route in-process: the routes {@link HistoryRoutes} mounts, on a router of the
 * test's own with the platform's JSON errors, over a real embedded store that the real recorder
 * filled. Exact answers for every resource, parameters, CSV, and a clear error for each kind of
 * bad request, refused channel, history out of the plan's reach, missing grant and full pool.
 */
class HistoryRoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = 1_714_521_600_000_000L; // 2024-05-01T00:00:00Z
    private static final long S = 1_000_000L;
    private static final Instrument XBT = Instrument.builder("kraken", "XBT/USD").assets("BTC", "USD").type(InstrumentType.SPOT).build();
    private static final Instrument PERP = Instrument.builder("okx", "BTC-USDT-SWAP").assets("BTC", "USDT")
            .type(InstrumentType.PERPETUAL).build();
    private static final Map<String, Grant> GRANTS = Map.of(
            "open", Grant.open(),
            "trades-only", new Grant("t", "trades-only", new Plan("trades-only", Set.of("*"), Set.of("trades"), 0, 1000, 10, 10, 10),
                    TokenBucket.perSecond(1000)),
            "week", new Grant("w", "week", new Plan("week", Set.of("*"), Set.of("*"), 7, 1000, 10, 10, 10), TokenBucket.perSecond(1000)));

    @TempDir
    static Path data;
    private static QuestDbStore store;
    private static Vertx vertx;
    private static int port;
    private static int busyPort;
    /** A server whose query threads never come free. */
    private static int stuckPort;

    @BeforeAll
    static void start() throws Exception {
        store = new QuestDbStore();
        store.open(data.resolve("questdb"));
        record();
        vertx = Vertx.vertx();
        port = serve(Executors.newFixedThreadPool(2), 1000);
        busyPort = serve(work -> {
            throw new RejectedExecutionException("full");
        }, 1000);
        stuckPort = serve(work -> {
            // taken into a queue no thread serves, as when every query thread is held by slow clients
        }, 1000, Duration.ofMillis(300));
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        store.stop(Duration.ofSeconds(5));
    }

    /** A server with the platform's error handling, a grant per request as the X-Test-Grant header names it, and the history routes. */
    private static int serve(Executor pool, long maxRows) throws Exception {
        return serve(pool, maxRows, HistoryQueries.QUEUE_WAIT);
    }

    private static int serve(Executor pool, long maxRows, Duration queueWait) throws Exception {
        Router router = Router.router(vertx);
        HttpRoutes.install(router, Readiness.always(), new PrometheusRegistry(), false);
        router.route().order(-500).handler(ctx -> {
            Grant g = GRANTS.get(ctx.request().getHeader("X-Test-Grant") == null ? "open" : ctx.request().getHeader("X-Test-Grant"));
            if (g != null) {
                ctx.put(Grant.CONTEXT_KEY, g);
            }
            ctx.next();
        });
        HistoryRoutes.mount(router, new HistoryQueries(store, maxRows, pool, queueWait));
        return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS).actualPort();
    }

    private static void record() throws Exception {
        try (InProcessBus bus = new InProcessBus(1024, Duration.ofMillis(20))) {
            BusSubscription s = bus.subscribe("recorder", new Recorder(store, 1000, Duration.ofMillis(50), new RecorderStats()));
            BookChange b = new BookChange();
            b.instrument(XBT);
            b.times(T0, T0 + 100);
            b.begin(true, 10).addLevel(BookSide.BID, d("59999.9"), d("1")).addLevel(BookSide.BID, d("59999.8"), d("2"))
                    .addLevel(BookSide.ASK, d("60000.1"), d("1.5")).addLevel(BookSide.ASK, d("60000.2"), d("3"));
            bus.publish(b);
            Trade t = new Trade();
            t.instrument(XBT);
            trade(bus, t, T0 + S, "1", "60000.10", "0.5000", Side.BUY);
            b.times(T0 + S, T0 + S + 100);
            b.begin(false, 11).addLevel(BookSide.BID, d("59999.9"), d("0")).addLevel(BookSide.ASK, d("60000.1"), d("0.7"));
            bus.publish(b);
            Quote q = new Quote();
            q.instrument(XBT);
            q.times(T0 + S, T0 + S + 200);
            bus.publish(q.set(d("59999.8"), d("2"), d("60000.1"), d("0.7")));
            trade(bus, t, T0 + S + S / 2, "2", "60000.3", "0.1", Side.SELL);
            trade(bus, t, T0 + 2 * S + S / 5, "3", "59999.9", "1", Side.BUY);
            FeedStatus f = new FeedStatus();
            f.times(T0 + 3 * S, T0 + 3 * S);
            f.set(XBT, FeedState.GAP_DETECTED).reason().set("sequence gap: expected 12, got 14");
            bus.publish(f);
            f.times(T0 + 4 * S, T0 + 4 * S);
            f.set(XBT, FeedState.RESYNCED).reason().set("rebuilt from a fresh snapshot");
            bus.publish(f);
            // A synthetic venue's events: marked demo.
            Liquidation l = new Liquidation();
            l.instrument(PERP);
            l.demo(true);
            l.times(T0 + S, T0 + S + 50);
            l.id().set("L1");
            bus.publish(l.set(d("3000.5"), d("2"), Side.SELL));
            // A trade without an id (Kraken's have none): null here as in the stream and the replay.
            Trade anonymous = new Trade();
            anonymous.instrument(PERP);
            trade(bus, anonymous, T0 + S, "", "3000.5", "1", Side.BUY);
            DerivativeTicker k = new DerivativeTicker();
            k.instrument(PERP);
            k.demo(true);
            k.times(T0 + S, T0 + S + 60);
            k.prices(d("3000.4"), d("3000.5"), d("3000.6")).funding(d("0.0001"), d("0.0002"), T0 + 8 * 3_600 * S).openInterest(d("12345"));
            bus.publish(k);
            s.close(Duration.ofSeconds(10));
        }
        for (String table : List.of(Schema.TRADES, Schema.LIQUIDATIONS, Schema.BOOK_CHANGES, Schema.QUOTES,
                Schema.DERIVATIVE_TICKERS, Schema.FEED_STATUS, Schema.INSTRUMENTS, Schema.BOOK_CHECKPOINTS)) {
            assertThat(store.awaitApplied(table, Duration.ofSeconds(20))).as(table).isTrue();
        }
    }

    private static void trade(InProcessBus bus, Trade t, long time, String id, String price, String amount, Side side) {
        t.times(time, time + 100);
        t.id().set(id);
        bus.publish(t.set(d(price), d(amount), side));
    }

    private static long d(String s) {
        return Decimal64.parseOrThrow(s);
    }

    private static String iso(long micros) {
        return Timestamps.toIso(micros);
    }

    private static HttpResponse<String> get(int port, String path, String grant) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (grant != null) {
            r.header("X-Test-Grant", grant);
        }
        return HttpClient.newHttpClient().send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode ok(String path) throws Exception {
        HttpResponse<String> r = get(port, path, null);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        return JSON.readTree(r.body());
    }

    @Test
    void tradesAndLiquidationsComeBackExactlyByEitherNameWithLimitsRangesAndCsv() throws Exception {
        JsonNode trades = ok("/api/v1/trades?venue=kraken&symbol=XBT/USD");
        assertThat(trades.toString()).isEqualTo("[{\"timestamp\":\"" + iso(T0 + S) + "\",\"local_timestamp\":\"" + iso(T0 + S + 100)
                + "\",\"id\":\"1\",\"price\":\"60000.10\",\"amount\":\"0.5000\",\"side\":\"buy\",\"demo\":false},"
                + "{\"timestamp\":\"" + iso(T0 + S + S / 2) + "\",\"local_timestamp\":\"" + iso(T0 + S + S / 2 + 100)
                + "\",\"id\":\"2\",\"price\":\"60000.3\",\"amount\":\"0.1\",\"side\":\"sell\",\"demo\":false},"
                + "{\"timestamp\":\"" + iso(T0 + 2 * S + S / 5) + "\",\"local_timestamp\":\"" + iso(T0 + 2 * S + S / 5 + 100)
                + "\",\"id\":\"3\",\"price\":\"59999.9\",\"amount\":\"1\",\"side\":\"buy\",\"demo\":false}]");
        assertThat(ok("/api/v1/trades?venue=kraken&symbol=BTC-USD")).as("by the normalized name").isEqualTo(trades);
        assertThat(ok("/api/v1/trades?venue=kraken&symbol=XBT/USD&limit=2")).hasSize(2);
        // from inclusive, to exclusive
        assertThat(ok("/api/v1/trades?venue=kraken&symbol=XBT/USD&from=" + iso(T0 + S + S / 2) + "&to=" + iso(T0 + 2 * S + S / 5)))
                .extracting(n -> n.get("id").asText()).containsExactly("2");
        HttpResponse<String> csv = get(port, "/api/v1/trades?venue=kraken&symbol=XBT/USD&format=csv", null);
        assertThat(csv.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
        assertThat(csv.body().lines().toList()).containsExactly("timestamp,local_timestamp,id,price,amount,side,demo",
                iso(T0 + S) + "," + iso(T0 + S + 100) + ",1,60000.10,0.5000,buy,false",
                iso(T0 + S + S / 2) + "," + iso(T0 + S + S / 2 + 100) + ",2,60000.3,0.1,sell,false",
                iso(T0 + 2 * S + S / 5) + "," + iso(T0 + 2 * S + S / 5 + 100) + ",3,59999.9,1,buy,false");
        JsonNode anonymous = ok("/api/v1/trades?venue=okx&symbol=BTC-USDT-PERP");
        assertThat(anonymous).hasSize(1);
        assertThat(anonymous.get(0).get("id").isNull()).as(anonymous.toString()).isTrue();
        assertThat(ok("/api/v1/liquidations?venue=okx&symbol=BTC-USDT-PERP").toString()).isEqualTo("[{\"timestamp\":\"" + iso(T0 + S)
                + "\",\"local_timestamp\":\"" + iso(T0 + S + 50) + "\",\"id\":\"L1\",\"price\":\"3000.5\",\"amount\":\"2\",\"side\":\"sell\","
                + "\"demo\":true}]");
    }

    @Test
    void bookChangesQuotesTickersAndTheBookAtATime() throws Exception {
        JsonNode changes = ok("/api/v1/book_changes?venue=kraken&symbol=XBT/USD");
        assertThat(changes).hasSize(6);
        // Levels of one change share its time; their order within it is the store's.
        List<String> rows = new java.util.ArrayList<>();
        changes.forEach(n -> rows.add(n.toString()));
        assertThat(rows).contains("{\"timestamp\":\"" + iso(T0) + "\",\"local_timestamp\":\"" + iso(T0 + 100)
                + "\",\"is_snapshot\":true,\"side\":\"bid\",\"price\":\"59999.9\",\"amount\":\"1\",\"sequence\":10,\"demo\":false}");
        assertThat(rows.subList(4, 6)).contains("{\"timestamp\":\"" + iso(T0 + S) + "\",\"local_timestamp\":\"" + iso(T0 + S + 100)
                + "\",\"is_snapshot\":false,\"side\":\"bid\",\"price\":\"59999.9\",\"amount\":\"0\",\"sequence\":11,\"demo\":false}");
        assertThat(ok("/api/v1/quotes?venue=kraken&symbol=XBT/USD").toString()).isEqualTo("[{\"timestamp\":\"" + iso(T0 + S)
                + "\",\"local_timestamp\":\"" + iso(T0 + S + 200) + "\",\"bid_price\":\"59999.8\",\"bid_amount\":\"2\","
                + "\"ask_price\":\"60000.1\",\"ask_amount\":\"0.7\",\"demo\":false}]");
        assertThat(ok("/api/v1/derivative_tickers?venue=okx&symbol=BTC-USDT-SWAP").toString()).isEqualTo("[{\"timestamp\":\""
                + iso(T0 + S) + "\",\"local_timestamp\":\"" + iso(T0 + S + 60) + "\",\"last_price\":\"3000.4\",\"mark_price\":\"3000.5\","
                + "\"index_price\":\"3000.6\",\"funding_rate\":\"0.0001\",\"predicted_funding_rate\":\"0.0002\",\"open_interest\":\"12345\","
                + "\"funding_timestamp\":\"" + iso(T0 + 8 * 3_600 * S) + "\",\"demo\":true}]");
        // The book as the snapshot and the change left it, half a second after the change.
        JsonNode book = ok("/api/v1/book?venue=kraken&symbol=BTC-USD&at=" + iso(T0 + S + S / 2));
        assertThat(book.get("timestamp").asText()).isEqualTo(iso(T0 + S + 100));
        assertThat(book.get("bids").toString()).isEqualTo("[[\"59999.8\",\"2\"]]");
        assertThat(book.get("asks").toString()).isEqualTo("[[\"60000.1\",\"0.7\"],[\"60000.2\",\"3\"]]");
        assertThat(ok("/api/v1/book?venue=kraken&symbol=BTC-USD")).as("without at: the newest book held").isEqualTo(book);
        assertThat(ok("/api/v1/book?venue=kraken&symbol=XBT/USD&depth=1&at=" + iso(T0 + 200)).get("bids").toString())
                .isEqualTo("[[\"59999.9\",\"1\"]]");
        HttpResponse<String> before = get(port, "/api/v1/book?venue=kraken&symbol=XBT/USD&at=" + iso(T0 - S), null);
        assertThat(before.statusCode()).isEqualTo(404);
        assertThat(before.body()).contains("no book snapshot of kraken XBT/USD was recorded at or before " + iso(T0 - S));
    }

    @Test
    void qualityInstrumentsCandlesAndIndicators() throws Exception {
        JsonNode quality = ok("/api/v1/quality?venue=kraken");
        JsonNode xbt = quality.get("instruments").get(0);
        assertThat(xbt.get("symbol").asText()).isEqualTo("XBT/USD");
        assertThat(xbt.get("gaps").asInt()).isEqualTo(1);
        assertThat(xbt.get("resyncs").asInt()).isEqualTo(1);
        assertThat(xbt.get("events").get(0).get("reason").asText()).isEqualTo("sequence gap: expected 12, got 14");

        JsonNode instruments = ok("/api/v1/instruments");
        assertThat(instruments).hasSize(2);
        JsonNode kraken = instruments.get(0);
        assertThat(kraken.get("venue").asText()).isEqualTo("kraken");
        assertThat(kraken.get("normalized").asText()).isEqualTo("BTC-USD");
        assertThat(kraken.get("demo").asBoolean()).isFalse();
        assertThat(kraken.get("trades").get("rows").asInt()).isEqualTo(3);
        assertThat(kraken.get("book_changes").get("rows").asInt()).isEqualTo(6);
        JsonNode okx = instruments.get(1);
        assertThat(okx.get("normalized").asText()).isEqualTo("BTC-USDT-PERP");
        assertThat(okx.get("demo").asBoolean()).isTrue();
        assertThat(ok("/api/v1/instruments?venue=okx")).hasSize(1);

        // Candles come from the one-second view QuestDB refreshes after the commit: wait for it.
        String candles = "/api/v1/candles?venue=kraken&symbol=XBT/USD&interval=1s";
        JsonNode bars = ok(candles);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (bars.size() < 2 && System.nanoTime() < end) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            bars = ok(candles);
        }
        assertThat(bars).hasSize(2);
        JsonNode first = bars.get(0);
        assertThat(first.get("t").asText()).isEqualTo(iso(T0 + S));
        assertThat(new BigDecimal(first.get("open").asText())).isEqualByComparingTo("60000.1");
        assertThat(new BigDecimal(first.get("high").asText())).isEqualByComparingTo("60000.3");
        assertThat(new BigDecimal(first.get("low").asText())).isEqualByComparingTo("60000.1");
        assertThat(new BigDecimal(first.get("close").asText())).isEqualByComparingTo("60000.3");
        assertThat(new BigDecimal(first.get("volume").asText())).isEqualByComparingTo("0.6");
        assertThat(first.get("trades").asLong()).isEqualTo(2);
        assertThat(new BigDecimal(first.get("vwap").asText())).isEqualByComparingTo("60000.133333333333");
        // The row cap applies to the aggregated candles too (read, not put in the query: see candlesSql).
        JsonNode capped = ok(candles + "&limit=1");
        assertThat(capped).hasSize(1);
        assertThat(capped.get(0)).isEqualTo(first);
        assertThat(ok("/api/v1/indicators/sma?venue=kraken&symbol=XBT/USD&interval=1s&period=2&limit=1"))
                .as("the one candle read is the warm-up: no value yet").isEmpty();
        JsonNode sma = ok("/api/v1/indicators/sma?venue=kraken&symbol=XBT/USD&interval=1s&period=2");
        assertThat(sma).hasSize(1);
        assertThat(sma.get(0).get("t").asText()).isEqualTo(iso(T0 + 2 * S));
        assertThat(sma.get(0).get("value").asDouble()).isCloseTo(60000.1, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void everyBadRequestGetsAClearErrorAndAccessFailsClosed() throws Exception {
        String base = "/api/v1/trades?venue=kraken&symbol=XBT/USD";
        String[][] cases = {
            {"/api/v1/trades?venue=kraken", "400", "symbol is required"},
            {"/api/v1/trades?symbol=XBT/USD", "400", "venue is required"},
            {"/api/v1/trades?venue=kraken&symbol=NOPE", "404", "no instrument \"NOPE\" has been recorded on venue \"kraken\";"},
            {"/api/v1/trades?venue=kraken&symbol=XBTUSD", "404", "no instrument \"XBTUSD\" has been recorded on venue \"kraken\""
                + " (closest recorded: XBT/USD); GET /api/v1/instruments lists those held"},
            {base + "&from=yesterday", "400", "from must be an ISO-8601 time"},
            {base + "&from=2024-05-02&to=2024-05-01", "400", "to must be after from"},
            {base + "&format=xml", "400", "format must be json or csv"},
            {base + "&limit=0", "400", "limit must be a whole number from 1 to 1000"},
            {base + "&limit=1001", "400", "limit must be a whole number from 1 to 1000"},
            {"/api/v1/candles?venue=kraken&symbol=XBT/USD&interval=2d", "400", "interval must be"},
            {"/api/v1/book?venue=kraken&symbol=XBT/USD&at=" + iso(T0 + S) + "&depth=0", "400", "depth must be a whole number"},
            {"/api/v1/indicators/nope?venue=kraken&symbol=XBT/USD", "404", "nope"},
            {"/api/v1/indicators/sma?venue=kraken&symbol=XBT/USD&period=0", "400", "period"},
            {"/api/v1/quality", "400", "venue is required"},
        };
        for (String[] c : cases) {
            HttpResponse<String> r = get(port, c[0], null);
            assertThat(r.statusCode()).as(c[0] + ": " + r.body()).isEqualTo(Integer.parseInt(c[1]));
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.get("status").asInt()).isEqualTo(Integer.parseInt(c[1]));
            assertThat(body.get("message").asText()).as(c[0]).contains(c[2]);
        }
        HttpResponse<String> channel = get(port, "/api/v1/quotes?venue=kraken&symbol=XBT/USD", "trades-only");
        assertThat(channel.statusCode()).isEqualTo(403);
        assertThat(channel.body()).contains("plan trades-only does not include channel \\\"quotes\\\"");
        assertThat(get(port, base, "trades-only").statusCode()).isEqualTo(200);
        HttpResponse<String> old = get(port, base + "&from=2024-05-01", "week");
        assertThat(old.statusCode()).isEqualTo(403);
        assertThat(old.body()).contains("plan week reaches 7 days of history");
        // Without from the range starts where the plan's history does; when that cuts off every row,
        // the answer says so instead of an empty list.
        HttpResponse<String> cut = get(port, base, "week");
        assertThat(cut.statusCode()).as(cut.body()).isEqualTo(403);
        assertThat(JSON.readTree(cut.body()).get("message").asText()).startsWith("plan week reaches 7 days of history (from ")
                .endsWith(") and every trades row of XBT/USD on kraken is older; the last was recorded at " + iso(T0 + 2 * S + S / 5));
        // A range that holds nothing for want of data, not of plan, is still an empty list.
        assertThat(ok("/api/v1/trades?venue=kraken&symbol=XBT/USD&from=2024-06-01")).isEmpty();
        HttpResponse<String> none = get(port, base, "nobody");
        assertThat(none.statusCode()).as("no grant: refused, never served as unlimited").isEqualTo(401);
        HttpResponse<String> busy = get(busyPort, base, null);
        assertThat(busy.statusCode()).isEqualTo(503);
        assertThat(busy.body()).contains("too many history queries at once");
        HttpResponse<String> stuck = get(stuckPort, base, null);
        assertThat(stuck.statusCode()).as("a query waiting for a thread is not left hanging").isEqualTo(503);
        assertThat(stuck.body()).contains("every history query thread stayed busy for 0.3 s");
    }
}
