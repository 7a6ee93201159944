package io.dpp.serve.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpp.bus.Bus;
import io.dpp.bus.BusConsumer;
import io.dpp.bus.InProcessBus;
import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.BookSide;
import io.dpp.core.model.MarketEvent;
import io.dpp.core.model.Side;
import io.dpp.core.model.Trade;
import io.dpp.core.time.Timestamps;
import io.dpp.runtime.access.Access;
import io.dpp.runtime.access.AccessGate;
import io.dpp.runtime.access.Grant;
import io.dpp.runtime.access.Plan;
import io.dpp.runtime.http.HttpProblem;
import io.dpp.runtime.http.HttpRoutes;
import io.dpp.runtime.module.Readiness;
import io.dpp.runtime.rate.TokenBucket;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every stream route in-process: the routes {@link StreamRoutes} mounts, behind the platform's
 * access gate and JSON errors on a router of the test's own, with a fan-out fed by a real
 * in-process bus. The live answers (instruments, book, best bid and offer, trades) exactly, a clear
 * error for each bad parameter, unknown instrument, refused channel or venue and missing key, and
 * the WebSocket: a key in the handshake or in a first auth message, a subscription that receives
 * what the bus carries, a refused channel, a bad request and the plan's message rate.
 */
class StreamRoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = 1_714_521_600_000_000L; // 2024-05-01T00:00:00Z
    private static final Instrument XBT = Instrument.builder("kraken", "XBT/USD").assets("BTC", "USD").type(InstrumentType.SPOT).build();
    private static final Instrument OKX = Instrument.builder("okx", "BTC-USDT").assets("BTC", "USDT").type(InstrumentType.SPOT).build();
    /** Keys and what each grants: everything; trades of kraken only, two messages a second. */
    private static final Map<String, Grant> KEYS = Map.of(
            "all", new Grant("ann", "k1", new Plan("all", Set.of("*"), Set.of("*"), 0, 1000, 10, 1000), TokenBucket.perSecond(1000)),
            "kraken-trades", new Grant("bob", "k2", new Plan("kraken-trades", Set.of("kraken"), Set.of("trades"), 0, 1000, 10, 2),
                    TokenBucket.perSecond(1000)));

    /** Counts down as the fan-out takes in the three events the tests start from. */
    private static final java.util.concurrent.CountDownLatch taken = new java.util.concurrent.CountDownLatch(3);
    private static Vertx vertx;
    private static InProcessBus bus;
    private static int port;
    private static final StreamStats stats = new StreamStats();
    /** Refusals the gate counted, as api/reason. */
    private static final List<String> DENIED = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        bus = new InProcessBus(1024, Duration.ofMillis(10));
        Fanout fanout = new Fanout(TimeUnit.HOURS.toNanos(1));
        // The fan-out as the bus drives it, telling the test when it has taken each event in.
        bus.subscribe("stream-api", new BusConsumer() {
            @Override
            public void onEvent(MarketEvent event) {
                fanout.onEvent(event);
                taken.countDown();
            }

            @Override
            public boolean endOfBatch(boolean idle) {
                return fanout.endOfBatch(idle);
            }

            @Override
            public boolean onClose() {
                return fanout.onClose();
            }
        }, Bus.Delivery.BROADCAST);
        Router router = Router.router(vertx);
        HttpRoutes.install(router, Readiness.always(), new PrometheusRegistry(), false);
        AccessGate gate = AccessGate.install(router, vertx, new Access() {
            @Override
            public boolean open() {
                return false;
            }

            @Override
            public CompletionStage<Grant> authenticate(String key) {
                Grant g = KEYS.get(key);
                return g != null ? CompletableFuture.completedFuture(g)
                        : CompletableFuture.failedFuture(new HttpProblem(401, "unauthorized", "unknown API key"));
            }

            @Override
            public void denied(String api, String reason) {
                DENIED.add(api + "/" + reason);
            }
        }, List.of(), 10, Duration.ofSeconds(5));
        StreamRoutes.mount(router, new StreamApi(fanout, stats, 1000, 5, List.of("kraken", "okx"), gate, vertx));
        // The request handler the platform's HTTP server uses, so that the stream gets the socket's channel.
        port = vertx.createHttpServer().requestHandler(io.dpp.runtime.http.WebSocketChannels.routing(router))
                .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS).actualPort();

        BookChange b = new BookChange();
        b.instrument(XBT);
        b.times(T0, T0 + 100);
        b.begin(true, 10).addLevel(BookSide.BID, d("59999.9"), d("1")).addLevel(BookSide.BID, d("59999.8"), d("2"))
                .addLevel(BookSide.ASK, d("60000.1"), d("1.5")).addLevel(BookSide.ASK, d("60000.2"), d("3"));
        bus.publish(b);
        trade(XBT, "1", "60000.1", "0.5");
        trade(OKX, "7", "60010", "0.25");
        assertThat(taken.await(10, TimeUnit.SECONDS)).as("the fan-out took in the book and both trades").isTrue();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
        bus.close();
    }

    @Test
    void theLiveStateAnswersExactlyAsThePlanMaySeeIt() throws Exception {
        JsonNode instruments = json(get("/api/v1/live/instruments", "all"));
        assertThat(instruments.findValuesAsText("symbol")).containsExactlyInAnyOrder("XBT/USD", "BTC-USDT");
        // A plan of kraken only sees kraken's instruments.
        assertThat(json(get("/api/v1/live/instruments", "kraken-trades")).findValuesAsText("symbol")).containsExactly("XBT/USD");

        JsonNode book = json(get("/api/v1/live/book?venue=kraken&symbol=XBT/USD&depth=1", "all"));
        assertThat(book.get("bids").toString()).isEqualTo("[[\"59999.9\",\"1\"]]");
        assertThat(book.get("asks").toString()).isEqualTo("[[\"60000.1\",\"1.5\"]]");
        JsonNode bbo = json(get("/api/v1/live/bbo?venue=kraken&symbol=BTC-USD", "all")); // normalized symbol
        assertThat(bbo.get("bids").size()).isEqualTo(1);
        assertThat(bbo.get("asks").get(0).get(0).asText()).isEqualTo("60000.1");

        // Trade 1, and trade 2 when the subscription test ran first.
        JsonNode trades = json(get("/api/v1/live/trades?venue=kraken&symbol=XBT/USD&limit=5", "kraken-trades"));
        assertThat(trades.findValuesAsText("id")).contains("1").isSubsetOf("1", "2");
        JsonNode first = trades.get(trades.findValuesAsText("id").indexOf("1"));
        assertThat(first.get("price").asText()).isEqualTo("60000.1");
        assertThat(first.get("amount").asText()).isEqualTo("0.5");
        assertThat(first.get("symbol").asText()).isEqualTo("XBT/USD");
        assertThat(json(get("/api/v1/live/trades?venue=kraken&symbol=XBT/USD&limit=1", "all"))).hasSize(1);
    }

    @Test
    void everyBadRequestGetsAClearError() throws Exception {
        assertError(get("/api/v1/live/book?venue=kraken&symbol=XBT/USD&depth=0", "all"), 400, "depth must be a whole number from 1 to 1000");
        assertError(get("/api/v1/live/book?venue=kraken&symbol=XBT/USD&depth=99999999999", "all"), 400, "depth must be");
        assertError(get("/api/v1/live/trades?venue=kraken&symbol=XBT/USD&limit=x", "all"), 400, "limit must be a whole number");
        assertError(get("/api/v1/live/trades?venue=kraken", "all"), 400, "venue and symbol are required");
        assertError(get("/api/v1/live/book?venue=kraken&symbol=DOGE/USD", "all"), 404, "no instrument \"DOGE/USD\" has been seen live");
        // A channel or a venue out of the plan, and no key at all; each refusal counted once.
        DENIED.clear();
        assertError(get("/api/v1/live/book?venue=kraken&symbol=XBT/USD", "kraken-trades"), 403, "book_snapshots");
        assertThat(DENIED).as("a route's own refusal").containsExactly("rest/forbidden");
        assertError(get("/api/v1/live/trades?venue=okx&symbol=BTC-USDT", "kraken-trades"), 403, "okx");
        assertError(get("/api/v1/live/trades?venue=kraken&symbol=XBT/USD", null), 401, "");
        assertError(get("/api/v1/live/trades?venue=kraken&symbol=XBT/USD", "nobody"), 401, "unknown API key");
        assertThat(DENIED).containsExactly("rest/forbidden", "rest/forbidden", "rest/missing_key", "rest/invalid_key");
        // The stream is a WebSocket.
        assertError(get("/api/v1/stream", "all"), 400, "the stream is a WebSocket");
    }

    @Test
    void aSubscriptionReceivesWhatTheBusCarriesAndTheGrantBoundsIt() throws Exception {
        Session s = connect("kraken-trades", true);
        s.send("{\"op\":\"subscribe\",\"id\":\"1\",\"channel\":\"trades\",\"venue\":\"kraken\",\"symbols\":[\"XBT/USD\"]}");
        JsonNode subscribed = s.next();
        assertThat(subscribed.get("type").asText()).isEqualTo("subscribed");
        assertThat(subscribed.get("matched").toString()).isEqualTo("[\"XBT/USD\"]");
        trade(XBT, "2", "60001.5", "0.125");
        JsonNode trade = s.next();
        assertThat(trade.get("type").asText()).isEqualTo("trade");
        assertThat(trade.get("price").asText()).isEqualTo("60001.5");
        assertThat(trade.get("amount").asText()).isEqualTo("0.125");
        assertThat(trade.get("sub").asInt()).isEqualTo(subscribed.get("sub").asInt());
        // Through the router as well, messages go out as ready-made frames, not through Vert.x.
        assertThat(stats.clientsWrittenAsFrames()).isPositive();
        assertThat(stats.clientsWrittenThroughVertx()).isZero();
        // A channel out of the plan.
        s.send("{\"op\":\"subscribe\",\"id\":\"2\",\"channel\":\"book_snapshots\",\"venue\":\"kraken\",\"symbols\":[\"XBT/USD\"]}");
        JsonNode refused = s.next();
        assertThat(refused.get("type").asText()).isEqualTo("error");
        assertThat(refused.get("id").asText()).isEqualTo("2");
        assertThat(refused.get("code").asInt()).as(refused.toString()).isEqualTo(403);
        assertThat(refused.get("message").asText()).contains("book_snapshots");
        // Beyond two messages a second (the plan) a request is refused, not carried out: of eight
        // sent at once, at most two more than the bucket refills in the meantime get through.
        for (int i = 0; i < 8; i++) {
            s.send("{\"op\":\"ping\",\"id\":\"p" + i + "\"}");
        }
        int limited = 0;
        for (int i = 0; i < 8; i++) {
            JsonNode m = s.next();
            if (m.get("type").asText().equals("error")) {
                assertThat(m.get("code").asInt()).as(m.toString()).isEqualTo(429);
                assertThat(m.get("message").asText()).contains("plan kraken-trades allows 2 messages per second");
                limited++;
            }
        }
        assertThat(limited).isPositive();
        s.close();
    }

    @Test
    void aFirstAuthMessageAdmitsAClientWithoutAKeyHeaderAndABadRequestIsAnswered() throws Exception {
        Session s = connect(null, false);
        s.send("{\"op\":\"auth\",\"id\":\"a\",\"key\":\"all\"}");
        JsonNode authenticated = s.next();
        assertThat(authenticated.get("type").asText()).as(authenticated.toString()).isEqualTo("authenticated");
        assertThat(authenticated.get("plan").asText()).isEqualTo("all");
        s.send("{\"op\":\"subscribe\",\"id\":\"3\",\"channel\":\"no-such-channel\",\"venue\":\"kraken\"}");
        JsonNode error = s.next();
        assertThat(error.get("type").asText()).isEqualTo("error");
        assertThat(error.get("message").asText()).contains("channel");
        s.send("{\"op\":\"subscribe\",\"id\":\"4\",\"channel\":\"trades\",\"venue\":\"bitmex\"}");
        assertThat(s.next().get("message").asText()).contains("bitmex");
        s.send("{\"op\":\"ping\",\"id\":\"5\"}");
        assertThat(s.next().toString()).isEqualTo("{\"type\":\"pong\",\"id\":\"5\"}");
        s.close();
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static void trade(Instrument i, String id, String price, String amount) {
        Trade t = new Trade();
        t.instrument(i);
        t.times(T0 + 1_000_000, T0 + 1_000_100);
        t.id().set(id);
        bus.publish(t.set(d(price), d(amount), Side.BUY));
    }

    private static long d(String s) {
        return Decimal64.parseOrThrow(s);
    }

    private static HttpResponse<String> get(String path, String key) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
        if (key != null) {
            r.header(AccessGate.HEADER, key);
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        return JSON.readTree(r.body());
    }

    private static void assertError(HttpResponse<String> r, int status, String message) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("message").asText()).contains(message);
    }

    /** A WebSocket client of the stream: what it receives, as JSON, in order. */
    private record Session(WebSocket ws, BlockingQueue<JsonNode> received) {
        void send(String text) {
            ws.sendText(text, true).join();
        }

        JsonNode next() throws InterruptedException {
            JsonNode m;
            do {
                m = received.poll(10, TimeUnit.SECONDS);
                assertThat(m).as("a message").isNotNull();
            } while (m.path("type").asText().equals("heartbeat"));
            return m;
        }

        void close() {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        }
    }

    private static Session connect(String key, boolean header) throws Exception {
        BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
        WebSocket.Builder b = HTTP.newWebSocketBuilder();
        if (header && key != null) {
            b.header(AccessGate.HEADER, key);
        }
        WebSocket ws = b.buildAsync(URI.create("ws://127.0.0.1:" + port + StreamApi.STREAM_PATH), new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    try {
                        received.add(JSON.readTree(text.toString()));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    text.setLength(0);
                }
                w.request(1);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
        return new Session(ws, received);
    }
}
