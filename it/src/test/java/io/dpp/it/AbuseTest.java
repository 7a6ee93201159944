package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The abuse suite: each attack of the hardening issue (docs/security.md), and the classes they
 * belong to, against one running platform with API keys required ({@link AbusePlatform}). Every
 * test asserts the refusal, then that the platform still stands: alive within its bounded heap,
 * ready, with no failed store commit; the last one that it kept recording throughout.
 */
@org.junit.jupiter.api.parallel.ResourceLock(AbusePlatform.LOCK)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@org.junit.jupiter.api.extension.ExtendWith(AbusePlatform.Resolver.class)
class AbuseTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static AbusePlatform p;

    /** Every REST route, with parameters that make a well-formed request of it. */
    static final List<String> REST = List.of(
            "/api/v1/trades?venue=kraken&symbol=XBT/USD&limit=1",
            "/api/v1/liquidations?venue=kraken&symbol=XBT/USD&limit=1",
            "/api/v1/book_changes?venue=kraken&symbol=XBT/USD&limit=1",
            "/api/v1/quotes?venue=kraken&symbol=XBT/USD&limit=1",
            "/api/v1/derivative_tickers?venue=okx&symbol=BTC-USDT-SWAP&limit=1",
            "/api/v1/candles?venue=kraken&symbol=XBT/USD&interval=1m&limit=1",
            "/api/v1/indicators/sma?venue=kraken&symbol=XBT/USD&interval=1m&period=5",
            "/api/v1/book?venue=kraken&symbol=XBT/USD&at=2030-01-01",
            "/api/v1/quality?venue=kraken",
            "/api/v1/instruments",
            "/api/v1/live/instruments",
            "/api/v1/live/book?venue=kraken&symbol=XBT/USD",
            "/api/v1/live/bbo?venue=kraken&symbol=XBT/USD",
            "/api/v1/live/trades?venue=kraken&symbol=XBT/USD",
            "/api/v1/venues",
            "/api/v1/venues/kraken",
            "/api/v1/backtests",
            "/api/v1/backtests/none",
            "/api/v1/backtests/none/report",
            "/api/v1/backtests/none/report.html",
            "/api/v1/orders",
            "/api/v1/orders/1",
            "/api/v1/fills",
            "/api/v1/positions",
            "/api/v1/balances",
            "/api/v1/accounts",
            "/api/v1/accounts/none",
            "/api/v1/accounts/none/limits",
            "/api/v1/venue-credentials",
            "/api/v1/venue-credentials/none",
            "/api/v1/strategies",
            "/api/v1/strategies/1",
            "/api/v1/users/me",
            "/api/v1/users/me/sessions",
            "/api/v1/users/me/usage",
            "/api/v1/users/me/keys",
            "/api/v1/users",
            "/api/v1/users/1",
            "/api/v1/plans",
            "/api/v1/audit",
            "/api/v1/tickets",
            "/api/v1/tickets/1",
            "/api/v1/tickets/1/attachments/1",
            "/api/v1/feedback",
            "/api/v1/feedback/summary",
            "/api/v1/messages",
            "/api/v1/messages/1",
            "/api/v1/replay?venues=kraken&from=2000-01-01",
            "/api/v1/stream");

    /** Routes that change something (method, path, a well-formed body or null): none without a valid key. */
    static final List<String[]> WRITES = List.of(
            new String[] {"POST", "/api/v1/orders", "{}"},
            new String[] {"PATCH", "/api/v1/orders/1", "{}"},
            new String[] {"DELETE", "/api/v1/orders/1", null},
            new String[] {"POST", "/api/v1/accounts", "{\"name\":\"x\"}"},
            new String[] {"PUT", "/api/v1/accounts/none/live", "{\"live\":true}"},
            new String[] {"POST", "/api/v1/accounts/none/adopt", "{\"assets\":[\"USDT\"]}"},
            new String[] {"POST", "/api/v1/accounts/none/kill-switch", "{}"},
            new String[] {"POST", "/api/v1/kill-switch", "{}"},
            new String[] {"POST", "/api/v1/venue-credentials", "{}"},
            new String[] {"POST", "/api/v1/venue-credentials/none/test", null},
            new String[] {"DELETE", "/api/v1/venue-credentials/none", null});

    @BeforeAll
    static void platform(AbusePlatform platform) {
        p = platform;
    }

    // ---- 1. no way in without a key -----------------------------------------------------------

    @Test
    @Order(1)
    void anUpgradeHeaderOpensNoRouteWithoutAKey() throws Exception {
        for (String route : REST) {
            // The attack as reported: an Upgrade header on a REST route.
            assertRefused(p.raw("GET", route, null, "Upgrade", "websocket"), 401, route + " with an Upgrade header");
            assertRefused(p.raw("GET", route, null, "Upgrade", "websocket", "Connection", "Upgrade"), 401,
                    route + " with Upgrade and Connection headers");
            // A whole handshake's headers on a route that is not a WebSocket: no different.
            if (!route.startsWith("/api/v1/stream") && !route.startsWith("/api/v1/replay")) {
                assertRefused(p.raw("GET", route, null, "Upgrade", "websocket", "Connection", "Upgrade", "Sec-WebSocket-Key",
                        "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version", "13"), 401, route + " with handshake headers");
            }
        }
        assertRefused(p.raw("POST", "/api/v1/backtests", "{}", "Upgrade", "websocket", "Content-Type", "application/json"), 401,
                "a backtest with an Upgrade header");
        p.assertStanding();
    }

    @Test
    @Order(2)
    void everyRouteRefusesEveryWayOfPresentingABadKey() throws Exception {
        String madeUp = "dpp_0123456789abcdef_" + "A".repeat(43);
        for (String route : REST) {
            assertRefused(p.send("GET", route, null), 401, route + " without a key");
            assertRefused(p.send("GET", route, null, "X-API-Key", madeUp), 401, route + " with a made-up key");
            assertRefused(p.send("GET", route, null, "X-API-Key", "letmein"), 401, route + " with a malformed key");
            assertRefused(p.send("GET", route, null, "X-API-Key", "x".repeat(5000)), 401, route + " with a 5000-character key");
            assertRefused(p.send("GET", route, null, "Authorization", "Basic " + madeUp), 401, route + " with Basic auth");
            assertRefused(p.send("GET", route + (route.contains("?") ? "&" : "?") + "api_key=" + p.enterprise, null), 401,
                    route + " with the key in the query");
            // A valid key by either header is let in: whatever the answer, it is not 401.
            assertThat(p.send("GET", route, null, "X-API-Key", p.enterprise).statusCode()).as(route).isNotEqualTo(401);
            assertThat(p.send("GET", route, null, "Authorization", "Bearer " + p.enterprise).statusCode()).as(route).isNotEqualTo(401);
        }
        for (String[] w : WRITES) {
            String route = w[0] + " " + w[1];
            assertRefused(p.send(w[0], w[1], w[2], "Content-Type", "application/json"), 401, route + " without a key");
            assertRefused(p.send(w[0], w[1], w[2], "X-API-Key", madeUp, "Content-Type", "application/json"), 401,
                    route + " with a made-up key");
            assertRefused(p.send(w[0], w[1] + "?api_key=" + p.enterprise, w[2], "Content-Type", "application/json"), 401,
                    route + " with the key in the query");
        }
        p.assertStanding();
    }

    @Test
    @Order(3)
    void aValidKeyWithAnUpgradeHeaderIsStillRateLimited() throws Exception {
        // A key of its own: its bucket starts full (5), whatever the other tests spent.
        DppProcess made = DppProcess.run(p.env, "keys", "create", "--user", "abuse-burst", "--plan", "free");
        assertThat(made.exitCode()).as(made.output()).isZero();
        String key = made.stdout().get(0).trim();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(20);
        List<java.util.concurrent.Future<AbusePlatform.Raw>> burst = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            burst.add(pool.submit(() -> p.raw("GET", "/api/v1/venues", null, "X-API-Key", key, "Upgrade", "websocket",
                    "Connection", "Upgrade")));
        }
        int limited = 0;
        for (var f : burst) {
            if (f.get(30, TimeUnit.SECONDS).status() == 429) {
                limited++;
            }
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(20 - limited).as("admitted of 20 within %.2f s", seconds).isBetween(1, 5 + (int) Math.ceil(seconds * 5));
        p.assertStanding();
    }

    @Test
    @Order(4)
    void aHandshakeWithoutAKeyIsSentNothingBeforeItAuthenticates() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(p.port, "/api/v1/stream", Map.of())) {
            assertThat(ws.upgraded()).as(ws.statusLine).isTrue();
            // Heartbeats go out every second here; none may reach a connection that has not authenticated.
            assertThat(ws.next(Duration.ofMillis(2500))).as("nothing before the auth message").isNull();
            ws.send("{\"op\":\"auth\",\"id\":\"a\",\"key\":\"" + p.free + "\"}");
            assertThat(ws.await("authenticated", Duration.ofSeconds(10)).text()).contains("\"plan\":\"free\"");
            assertThat(ws.await("heartbeat", Duration.ofSeconds(5)).text()).as("heartbeats once authenticated").contains("heartbeat");
        }
        // The replay reads nothing of the store before the caller is known: a venue never recorded is
        // not answered 404 to a stranger; it is upgraded, waits for the auth message, then says so.
        try (RawWebSocket ws = RawWebSocket.connect(p.port, "/api/v1/replay?venues=nowhere&from=2000-01-01", Map.of())) {
            assertThat(ws.upgraded()).as(ws.statusLine).isTrue();
            assertThat(ws.next(Duration.ofMillis(500))).isNull();
            ws.send("{\"op\":\"auth\",\"id\":\"r\",\"key\":\"" + p.enterprise + "\"}");
            assertThat(ws.await("nothing has been recorded of venue", Duration.ofSeconds(10)).text()).contains("\"code\":404");
        }
        try (RawWebSocket ws = RawWebSocket.connect(p.port, "/api/v1/replay?venues=nowhere&from=2000-01-01", Map.of())) {
            ws.send("{\"op\":\"subscribe\"}");
            RawWebSocket.Frame f = ws.await("authenticate first", Duration.ofSeconds(5));
            assertThat(f.text()).contains("\"code\":401");
        }
        p.assertStanding();
    }

    // ---- 2. no number without a bound -------------------------------------------------------------

    @Test
    @Order(10)
    void graphNumbersBeyondTheirBoundsAre400sNamingTheField() throws Exception {
        // The reported attack: a history node of 2^31-1 values took the JVM and the platform down.
        assertBacktest400(graph("{\"id\":\"h\",\"type\":\"history\",\"op\":\"mean\",\"period\":2147483647,\"input\":\"t.price\"}", "h"),
                "field \"period\" must be from 1 to 100000");
        String[][] fields = {
            {"history", "period", "100000", "\"op\":\"mean\",\"input\":\"t.price\","},
            {"book", "depth", "1000", ""},
            {"sma", "period", "10000", "\"input\":\"t.price\","},
            {"ema", "period", "10000", "\"input\":\"t.price\","},
            {"rsi", "period", "10000", "\"input\":\"t.price\","},
            {"bollinger", "period", "10000", "\"input\":\"t.price\","},
        };
        for (String[] f : fields) {
            for (String value : new String[] {"0", "-1", Long.toString(Long.parseLong(f[2]) + 1), "9223372036854775808", "1e400"}) {
                String node = "{\"id\":\"n\",\"type\":\"" + f[0] + "\"," + f[3] + "\"" + f[1] + "\":" + value + "}";
                HttpResponse<String> r = submit(p.enterprise, graph(node, f[0].equals("book") ? "n.mid" : "n"));
                assertRefused(r, 400, f[0] + "." + f[1] + " = " + value);
                assertThat(JSON.readTree(r.body()).path("message").asText()).as(f[0] + "." + f[1] + " = " + value)
                        .contains("node \"n\" (" + f[0] + ")").contains(f[1]).contains("must be");
            }
        }
        for (String interval : new String[] {"0s", "-1s", "2d", "9223372036854775807d"}) {
            HttpResponse<String> r = submit(p.enterprise, "{\"name\":\"g\",\"nodes\":[{\"id\":\"b\",\"type\":\"candles\",\"interval\":\""
                    + interval + "\"},{\"id\":\"c\",\"type\":\"compare\",\"a\":\"b.close\",\"op\":\">\",\"b\":1},"
                    + "{\"id\":\"o\",\"type\":\"order\",\"when\":\"c\",\"side\":\"buy\",\"quantity\":1}]}");
            assertRefused(r, 400, "candles interval " + interval);
            assertThat(r.body()).contains("field \\\"interval\\\"");
        }
        StringBuilder many = new StringBuilder("{\"name\":\"g\",\"nodes\":[");
        for (int i = 0; i < 501; i++) {
            many.append(i > 0 ? "," : "").append("{\"id\":\"t").append(i).append("\",\"type\":\"trades\"}");
        }
        assertRefused(submit(p.enterprise, many.append("]}").toString()), 400, "501 nodes");
        p.assertStanding();
    }

    @Test
    @Order(11)
    void thePlanIsCheckedBeforeAGraphIsParsedAndRestRunsNoClassByName() throws Exception {
        String attack = graph("{\"id\":\"h\",\"type\":\"history\",\"op\":\"mean\",\"period\":2147483647,\"input\":\"t.price\"}", "h");
        assertRefused(submit(p.free, attack), 403, "a free key's graph on okx: refused by plan before any parsing");
        for (String strategy : new String[] {"java.lang.Runtime", "io.dpp.trader.examples.SmaCrossover", "graph:../../etc/passwd"}) {
            HttpResponse<String> r = p.send("POST", "/api/v1/backtests", "{\"strategy\":\"" + strategy + "\",\"venue\":\"okx\","
                    + "\"symbol\":\"BTC-USDT\",\"from\":\"2021-01-01\",\"to\":\"2022-01-01\"}", "X-API-Key", p.enterprise,
                    "Content-Type", "application/json");
            assertRefused(r, 400, strategy);
            assertThat(r.body()).contains("strategy must be a built-in strategy or graph");
        }
        // The same for deployments: the plan first, and no class by name.
        assertRefused(p.send("POST", "/api/v1/strategies", "{\"graph\":" + attack
                + ",\"venue\":\"okx\",\"symbol\":\"BTC-USDT\",\"account\":\"a\"}", "X-API-Key", p.free,
                "Content-Type", "application/json"), 403, "a free key's deployment on okx");
        for (String strategy : new String[] {"java.lang.Runtime", "io.dpp.trader.examples.SmaCrossover", "graph:../../etc/passwd"}) {
            HttpResponse<String> r = p.send("POST", "/api/v1/strategies", "{\"strategy\":\"" + strategy + "\",\"venue\":\"okx\","
                    + "\"symbol\":\"BTC-USDT\",\"account\":\"a\"}", "X-API-Key", p.enterprise, "Content-Type", "application/json");
            assertRefused(r, 400, "deploying " + strategy);
            assertThat(r.body()).contains("strategy must be a built-in strategy or graph");
        }
        p.assertStanding();
    }

    @Test
    @Order(12)
    void aBacktestBeyondItsMemoryBudgetFailsAloneWithAReason() throws Exception {
        // 20 book nodes: each may hold a tick ladder of several MB, more than the 64 MB this platform
        // gives a run. Within every node bound, so it is accepted, then fails alone.
        StringBuilder nodes = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            nodes.append("{\"id\":\"b").append(i).append("\",\"type\":\"book\"},");
        }
        String body = "{\"name\":\"big\",\"nodes\":[" + nodes + "{\"id\":\"c\",\"type\":\"compare\",\"a\":\"b0.mid\",\"op\":\">\",\"b\":1},"
                + "{\"id\":\"o\",\"type\":\"order\",\"when\":\"c\",\"side\":\"buy\",\"quantity\":1}]}";
        HttpResponse<String> r = submit(p.enterprise, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String id = JSON.readTree(r.body()).get("id").asText();
        JsonNode job = awaitJob(id, p.enterprise);
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("failed");
        assertThat(job.path("error").asText()).contains("would take more than the 64 MB a run may keep in memory")
                .contains("trader.backtest.max-memory-mb");
        p.assertStanding();
        // The same platform runs a reasonable backtest right after.
        HttpResponse<String> ok = p.send("POST", "/api/v1/backtests", "{\"strategy\":\"graph:sma-crossover\",\"venue\":\"okx\","
                + "\"symbol\":\"BTC-USDT\",\"from\":\"2000-01-01\",\"to\":\"2100-01-01\"}", "X-API-Key", p.enterprise,
                "Content-Type", "application/json");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
        JsonNode done = awaitJob(JSON.readTree(ok.body()).get("id").asText(), p.enterprise);
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("done");
    }

    @Test
    @Order(13)
    void streamNumbersAndPatternsBeyondTheirBoundsAreRefusedWithoutStallingAnything() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(p.port, "/api/v1/stream", Map.of("X-API-Key", p.enterprise))) {
            assertThat(ws.upgraded()).isTrue();
            String[][] cases = {
                {"{\"op\":\"subscribe\",\"id\":\"v\",\"channel\":\"trades\",\"venue\":\"" + "*".repeat(300) + "#\"}", "at most 64 characters"},
                {"{\"op\":\"subscribe\",\"id\":\"w\",\"channel\":\"trades\",\"venue\":\"" + "*a".repeat(9) + "\"}", "at most 8 wildcards"},
                {"{\"op\":\"subscribe\",\"id\":\"s\",\"channel\":\"trades\",\"venue\":\"kraken\",\"symbols\":[\"" + "*".repeat(300) + "#\"]}",
                    "at most 64 characters"},
                {"{\"op\":\"subscribe\",\"id\":\"d0\",\"channel\":\"book_snapshots\",\"venue\":\"kraken\",\"depth\":0}", "depth must be"},
                {"{\"op\":\"subscribe\",\"id\":\"d1\",\"channel\":\"book_snapshots\",\"venue\":\"kraken\",\"depth\":-1}", "depth must be"},
                {"{\"op\":\"subscribe\",\"id\":\"d2\",\"channel\":\"book_snapshots\",\"venue\":\"kraken\",\"depth\":1001}", "depth must be"},
                {"{\"op\":\"subscribe\",\"id\":\"d3\",\"channel\":\"book_snapshots\",\"venue\":\"kraken\",\"depth\":4294967306}", "depth must be"},
                {"{\"op\":\"subscribe\",\"id\":\"d4\",\"channel\":\"book_snapshots\",\"venue\":\"kraken\",\"depth\":9223372036854775808}",
                    "depth must be"},
                {"{\"op\":\"subscribe\",\"id\":\"i\",\"channel\":\"book_snapshots\",\"venue\":\"kraken\",\"interval\":\"99999999999999999999s\"}",
                    "interval must be"},
                {"{\"op\":\"unsubscribe\",\"id\":\"u0\",\"sub\":0}", "unsubscribe needs sub"},
                {"{\"op\":\"unsubscribe\",\"id\":\"u1\",\"sub\":9223372036854775808}", "unsubscribe needs sub"},
                // Resume cursors: bounded in partitions, numbers and text; anything else refused before the fan-out sees it.
                {"{\"op\":\"subscribe\",\"id\":\"r0\",\"channel\":\"trades\",\"venue\":\"kraken\",\"resume\":\"x\"}",
                    "resume must be the cursor"},
                {"{\"op\":\"subscribe\",\"id\":\"r1\",\"channel\":\"trades\",\"venue\":\"kraken\",\"resume\":{\"bus\":\""
                    + "b".repeat(300) + "\",\"at\":[]}}", "resume must be the cursor"},
                {"{\"op\":\"subscribe\",\"id\":\"r2\",\"channel\":\"trades\",\"venue\":\"kraken\",\"resume\":{\"bus\":\"b\","
                    + "\"at\":[" + "[1,1],".repeat(4096) + "[2,2]]}}", "resume must be the cursor"},
                {"{\"op\":\"subscribe\",\"id\":\"r3\",\"channel\":\"trades\",\"venue\":\"kraken\",\"resume\":{\"bus\":\"b\","
                    + "\"at\":[[0,-1]]}}", "a position 0 to 2^62"},
                {"{\"op\":\"subscribe\",\"id\":\"r4\",\"channel\":\"trades\",\"venue\":\"kraken\",\"resume\":{\"bus\":\"b\","
                    + "\"at\":[[0,9223372036854775808]]}}", "a position 0 to 2^62"},
                {"{\"op\":\"subscribe\",\"id\":\"r5\",\"channel\":\"trades\",\"venue\":\"kraken\",\"resume\":{\"bus\":\"b\","
                    + "\"at\":[[16777216,0]]}}", "a partition is 0 to"},
                {"{\"op\":\"subscribe\",\"id\":\"r6\",\"channel\":\"trades\",\"venue\":\"kraken\",\"resume\":{\"bus\":\"b\","
                    + "\"at\":[[3,1],[3,2]]}}", "named twice"},
                // Well formed but of another bus: the subscription starts afresh and says why.
                {"{\"op\":\"subscribe\",\"id\":\"r7\",\"channel\":\"trades\",\"venue\":\"kraken\",\"resume\":{\"bus\":\"b\","
                    + "\"at\":[[0,5]]}}", "\"resumed\":false"},
            };
            for (String[] c : cases) {
                long t0 = System.nanoTime();
                ws.send(c[0]);
                assertThat(ws.await(c[1], Duration.ofSeconds(5)).text()).as(c[0]).contains(c[1]);
                HttpResponse<String> ready = DppProcess.get(p.port, "/health/ready");
                assertThat(ready.statusCode()).isEqualTo(200);
                assertThat((System.nanoTime() - t0) / 1e9).as("answered while health kept answering: " + c[0]).isLessThan(5);
            }
            // The most a pattern may be (64 characters, 8 wildcards) against every instrument: still matched at once.
            String worst = "*a*a*a*a*a*a*a*" + "b".repeat(49);
            ws.send("{\"op\":\"subscribe\",\"id\":\"worst\",\"channel\":\"trades\",\"venue\":\"*\",\"symbols\":[\"" + worst + "\"]}");
            assertThat(ws.await("\"worst\"", Duration.ofSeconds(5)).text()).contains("subscribed");
        }
        p.assertStanding();
    }

    // ---- 4. no resource without a bound -----------------------------------------------------------

    @Test
    @Order(20)
    void aFloodOfKeysNeitherGrowsTheCacheNorStopsThePlatform() throws Exception {
        java.util.Random random = new java.util.Random(20261203);
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            String key = i % 2 == 0 ? "dpp_" + String.format("%016x", random.nextLong()) + "_" + "B".repeat(43)
                    : "junk-" + random.nextLong() + "x".repeat(random.nextInt(100));
            pending.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.port + "/api/v1/venues"))
                    .header("X-API-Key", key).build(), HttpResponse.BodyHandlers.ofString()));
            if (pending.size() == 200) {
                drain(pending);
            }
        }
        drain(pending);
        double refused = p.metric("dpp_access_keys_cached", "kind=\"refused\"");
        assertThat(refused).as("refusals remembered: well-formed keys only, and at most 10 000").isBetween(1.0, 1600.0);
        assertThat(p.metric("dpp_access_key_lookups_total", "outcome=\"malformed\"")).as("malformed keys: never looked up")
                .isGreaterThanOrEqualTo(1500);
        p.assertStanding();
    }

    @Test
    @Order(21)
    void replaysAreBoundedAndEndWhenTheirClientLeaves() throws Exception {
        for (String speed : new String[] {"0", "-1", "1e-300", "0.0001", "1e400", "NaN", "100001"}) {
            HttpResponse<String> r = p.get("/api/v1/replay?venues=kraken&from=2000-01-01&speed=" + speed, p.enterprise);
            assertRefused(r, 400, "speed " + speed);
            assertThat(r.body()).contains("speed must be a number from 0.001 to 100000");
        }
        // A slow replay that the client leaves: its thread is free again at once, not after years.
        RawWebSocket ws = RawWebSocket.connect(p.port, "/api/v1/replay?venues=kraken&channels=trades,book_changes&from=2000-01-01&speed=0.1",
                Map.of("X-API-Key", p.enterprise));
        assertThat(ws.upgraded()).as(ws.statusLine).isTrue();
        assertThat(ws.next(Duration.ofSeconds(10))).as("the first event").isNotNull();
        awaitMetric("dpp_history_replays", v -> v >= 1, "the replay runs");
        ws.close();
        awaitMetric("dpp_history_replays", v -> v == 0, "the replay ended with its client");

        // Replays that wait (paced far apart) and never read fill the replays' own pool: a ninth is
        // turned away (1013), and history queries and exports answer as before meanwhile.
        List<RawWebSocket> waiting = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                RawWebSocket w = RawWebSocket.connect(p.port, "/api/v1/replay?venues=kraken&channels=trades,book_changes"
                        + "&from=2000-01-01&speed=0.001", Map.of("X-API-Key", p.enterprise));
                assertThat(w.upgraded()).as(w.statusLine).isTrue();
                waiting.add(w);
            }
            awaitMetric("dpp_history_replays", v -> v == 8, "eight replays hold the replay pool");
            try (RawWebSocket ninth = RawWebSocket.connect(p.port, "/api/v1/replay?venues=kraken&from=2000-01-01&speed=max",
                    Map.of("X-API-Key", p.enterprise))) {
                assertThat(ninth.upgraded()).as(ninth.statusLine).isTrue();
                RawWebSocket.Frame f = ninth.await("replay_end", Duration.ofSeconds(10));
                assertThat(f).as("a replay beyond the pool is closed").isNotNull();
                assertThat(f.close()).as(f.toString()).isTrue();
                assertThat(f.code()).isEqualTo(1013);
            }
            // An instrument with recorded trades (the capture replays in real time: the first come within seconds).
            JsonNode traded = StreamApiTest.eventually(Duration.ofSeconds(60), () -> {
                JsonNode found = null;
                for (JsonNode i : JSON.readTree(p.get("/api/v1/instruments", p.enterprise).body())) {
                    if (found == null && i.has("trades")) {
                        found = i;
                    }
                }
                assertThat(found).as("an instrument with recorded trades").isNotNull();
                return found;
            });
            String at = "venue=" + traded.get("venue").asText() + "&symbol="
                    + java.net.URLEncoder.encode(traded.get("symbol").asText(), StandardCharsets.UTF_8);
            for (String route : List.of("/api/v1/trades?" + at + "&limit=5", "/api/v1/candles?" + at + "&interval=1m&limit=5",
                    "/api/v1/trades?" + at + "&from=2000-01-01&format=csv")) {
                HttpResponse<String> r = p.get(route, p.enterprise);
                // A query pool held by replays would answer 503 after its 10 s wait.
                assertThat(r.statusCode()).as(route + " answered while replays wait: " + r.body()).isEqualTo(200);
            }
        } finally {
            for (RawWebSocket w : waiting) {
                w.close();
            }
        }
        awaitMetric("dpp_history_replays", v -> v == 0, "the waiting replays ended with their clients");
        p.assertStanding();
    }

    @Test
    @Order(26)
    void theConsoleServesItsOwnFilesOnlyAndTakesNothing() throws Exception {
        HttpResponse<String> page = p.send("GET", "/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-security-policy")).isPresent();
        for (String path : List.of("/console/../../pom.xml", "/console/%2e%2e/%2e%2e/pom.xml", "/console/..%2f..%2fpom.xml",
                "/console/io/dpp/console/ConsoleModule.class", "/console/" + "a".repeat(3000), "/console/app.js%00.png")) {
            HttpResponse<String> r = p.send("GET", path, null);
            assertThat(r.statusCode()).as(path).isIn(400, 404);
            assertThat(r.body()).as(path).doesNotContain("<project").doesNotContain("cafebabe");
        }
        assertRefused(p.send("POST", "/console/app.js", "x", "Content-Type", "application/json"), 405, "a POST to a console file");
        assertRefused(p.send("PUT", "/", "x", "Content-Type", "text/html"), 405, "a PUT of the console page");
        // What the console asks first is public and tells the mode only, whatever comes with it.
        for (HttpResponse<String> mode : List.of(p.send("GET", "/api/v1/access", null),
                p.send("GET", "/api/v1/access?mode=open&" + "x=1&".repeat(500), null, "X-API-Key", "letmein"),
                p.send("GET", "/api/v1/access", null, "X-API-Key", p.enterprise))) {
            assertThat(mode.statusCode()).isEqualTo(200);
            assertThat(mode.body()).isEqualTo("{\"mode\":\"keys\"}");
        }
        assertRefused(p.send("POST", "/api/v1/access", "{\"mode\":\"open\"}", "Content-Type", "application/json"), 405,
                "a POST to the access mode");
        p.assertStanding();
    }

    @Test
    @Order(22)
    void uploadsAreRefusedAndNothingLandsOnDisk() throws Exception {
        Map<Path, Long> uploadsBefore = new java.util.HashMap<>();
        for (Path dir : List.of(DppProcess.ROOT.resolve("file-uploads"), p.data.resolve("file-uploads"))) {
            uploadsBefore.put(dir, files(dir));
        }
        String boundary = "----dpp" + System.nanoTime();
        String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n" + "x".repeat(50_000) + "\r\n--" + boundary + "--\r\n";
        assertRefused(p.send("POST", "/api/v1/backtests", multipart, "X-API-Key", p.enterprise, "Content-Type",
                "multipart/form-data; boundary=" + boundary), 415, "a multipart upload");
        assertRefused(p.send("POST", "/api/v1/backtests", "a=b", "X-API-Key", p.enterprise, "Content-Type",
                "application/x-www-form-urlencoded"), 415, "a form");
        assertRefused(p.send("POST", "/api/v1/backtests", "{\"x\":\"" + "y".repeat(70_000) + "\"}", "X-API-Key", p.enterprise,
                "Content-Type", "application/json"), 413, "a body over 64 KB");
        // The one route that takes a file: its bytes as the body, held in memory, never a form.
        HttpResponse<String> opened = p.send("POST", "/api/v1/tickets", "{\"subject\":\"upload\",\"body\":\"files\",\"category\":"
                + "\"bug\"}", "X-API-Key", p.uploads, "Content-Type", "application/json");
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        String files = "/api/v1/tickets/" + JSON.readTree(opened.body()).path("id").asLong()
                + "/attachments";
        assertRefused(p.send("POST", files + "?name=a.bin", multipart, "X-API-Key", p.uploads, "Content-Type",
                "multipart/form-data; boundary=" + boundary), 415, "a multipart upload of a ticket file");
        assertRefused(p.send("POST", files + "?name=big.txt", "x".repeat(5 * 1024 * 1024 + 1), "X-API-Key", p.uploads,
                "Content-Type", "application/octet-stream"), 413, "a ticket file over 5 MB");
        assertRefused(p.send("POST", files + "?name=tool.exe", "MZ\u0000\u0001", "X-API-Key", p.uploads,
                "Content-Type", "application/octet-stream"), 400, "a ticket file of a type not taken");
        for (Path dir : List.of(DppProcess.ROOT.resolve("file-uploads"), p.data.resolve("file-uploads"))) {
            assertThat(files(dir)).as("files under " + dir).isEqualTo(uploadsBefore.getOrDefault(dir, 0L));
        }
        p.assertStanding();
    }

    @Test
    @Order(23)
    void connectionsThatNeverFinishTheirHeadersAreClosed() throws Exception {
        double before = p.metric("dpp_http_connections_closed_total");
        try (Socket slow = new Socket(); Socket silent = new Socket()) {
            slow.connect(new InetSocketAddress("127.0.0.1", p.port), 5_000);
            silent.connect(new InetSocketAddress("127.0.0.1", p.port), 5_000);
            slow.getOutputStream().write("GET /api/v1/venues HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            slow.setSoTimeout(20_000);
            silent.setSoTimeout(20_000);
            // The platform's header timeout is 2 s here: both go within it plus scheduling, far below 20 s.
            assertThat(slow.getInputStream().read()).as("the half-sent request's connection is closed").isEqualTo(-1);
            assertThat(silent.getInputStream().read()).as("the silent connection is closed").isEqualTo(-1);
        }
        assertThat(p.metric("dpp_http_connections_closed_total")).isGreaterThanOrEqualTo(before + 2);
        // A request head beyond http.max-header-size (16 KB) is refused, not buffered.
        try (Socket big = new Socket()) {
            big.connect(new InetSocketAddress("127.0.0.1", p.port), 5_000);
            big.setSoTimeout(20_000);
            big.getOutputStream().write(("GET /api/v1/venues HTTP/1.1\r\nHost: x\r\nX-API-Key: " + p.enterprise + "\r\nX-Pad: "
                    + "p".repeat(20_000) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String status = new String(big.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(status).as("a 20 KB request head").matches("HTTP/1\\.1 4\\d\\d");
        }
        p.assertStanding();
    }

    @Test
    @Order(24)
    void aKeyHoldsAtMostItsPlansConnectionsAndStrangersQueueBoundedly() throws Exception {
        List<RawWebSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                RawWebSocket ws = RawWebSocket.connect(p.port, "/api/v1/stream", Map.of("X-API-Key", p.free));
                assertThat(ws.upgraded()).as("connection " + (i + 1) + " of the free plan's 3").isTrue();
                open.add(ws);
            }
            try (RawWebSocket fourth = RawWebSocket.connect(p.port, "/api/v1/stream", Map.of("X-API-Key", p.free))) {
                assertThat(fourth.statusLine).as("a fourth connection of the key").startsWith("HTTP/1.1 429");
            }
            // By auth message too: the fourth is refused once its key is known.
            try (RawWebSocket fourth = RawWebSocket.connect(p.port, "/api/v1/stream", Map.of())) {
                fourth.send("{\"op\":\"auth\",\"id\":\"a\",\"key\":\"" + p.free + "\"}");
                assertThat(fourth.await("WebSocket connections per key", Duration.ofSeconds(10)).text()).contains("\"code\":429");
            }
        } finally {
            for (RawWebSocket ws : open) {
                ws.close();
            }
        }
        // Strangers that never authenticate: at most http.max-pending-auth (20 here) wait; the rest are
        // told to retry at once. All 30 connect first (in well under http.auth-timeout, 4 s here), so
        // none of the first 20 has left the queue by timing out when the last ones arrive.
        awaitMetric("dpp_http_websockets_pending_auth", v -> v == 0, "strangers of earlier tests gone");
        List<RawWebSocket> strangers = new ArrayList<>();
        try {
            for (int i = 0; i < 30; i++) {
                strangers.add(RawWebSocket.connect(p.port, "/api/v1/stream", Map.of()));
            }
            for (int i = 20; i < 30; i++) {
                RawWebSocket.Frame f = strangers.get(i).next(Duration.ofSeconds(10));
                assertThat(f).as("stranger " + (i + 1) + " beyond the 20 waiting to authenticate").isNotNull();
                assertThat(f.text() + " close " + f.code()).as("stranger " + (i + 1)).containsAnyOf("\"code\":503", "close 1013");
            }
        } finally {
            for (RawWebSocket ws : strangers) {
                ws.close();
            }
        }
        p.assertStanding();
    }

    @Test
    @Order(25)
    void aConnectionThatNeverAuthenticatesIsClosedAfterTheAuthTimeout() throws Exception {
        double before = p.metric("dpp_access_denied_total", "reason=\"auth_timeout\"");
        long start = System.nanoTime();
        try (RawWebSocket ws = RawWebSocket.connect(p.port, "/api/v1/stream", Map.of())) {
            assertThat(ws.upgraded()).as(ws.statusLine).isTrue();
            RawWebSocket.Frame f = ws.next(Duration.ofSeconds(30));
            long waited = System.nanoTime() - start;
            assertThat(f).as("told why").isNotNull();
            assertThat(f.text()).contains("\"code\":401", "no auth message within 4 s");
            assertThat(waited).as("not before http.auth-timeout").isGreaterThanOrEqualTo(Duration.ofSeconds(4).toNanos());
            RawWebSocket.Frame close = ws.next(Duration.ofSeconds(10));
            assertThat(close).isNotNull();
            assertThat(close.close()).isTrue();
            assertThat(close.code()).isEqualTo(1008);
        }
        awaitMetric("dpp_access_denied_total{api=\"stream\",reason=\"auth_timeout\"}", v -> v >= before + 1, "the timeout counted");
        awaitMetric("dpp_http_websockets_pending_auth", v -> v == 0, "its place among those waiting given back");
        p.assertStanding();
    }

    // ---- 5. entitlements -------------------------------------------------------------------------

    @Test
    @Order(30)
    void plansBoundWhatIsListedAndWhoseReportsAreSeen() throws Exception {
        List<String> freeVenues = List.of("binance", "coinbase", "kraken", "bitstamp");
        for (JsonNode i : JSON.readTree(p.get("/api/v1/instruments", p.free).body())) {
            assertThat(freeVenues).as("recorded instruments a free key sees").contains(i.get("venue").asText());
        }
        for (JsonNode v : JSON.readTree(p.get("/api/v1/venues", p.free).body()).get("venues")) {
            assertThat(freeVenues).as("venues a free key sees").contains(v.get("venue").asText());
        }
        for (JsonNode i : JSON.readTree(p.get("/api/v1/live/instruments", p.free).body())) {
            assertThat(freeVenues).as("live instruments a free key sees").contains(i.get("venue").asText());
        }
        assertRefused(p.get("/api/v1/venues/okx", p.free), 403, "okx's feed to a free key");
        // A backtest is its user's: another key sees no trace of it.
        HttpResponse<String> mine = p.send("POST", "/api/v1/backtests", "{\"strategy\":\"sma-crossover\",\"venue\":\"okx\","
                + "\"symbol\":\"BTC-USDT\",\"from\":\"2000-01-01\",\"to\":\"2100-01-01\"}", "X-API-Key", p.enterprise,
                "Content-Type", "application/json");
        assertThat(mine.statusCode()).as(mine.body()).isEqualTo(202);
        String id = JSON.readTree(mine.body()).get("id").asText();
        assertThat(awaitJob(id, p.enterprise).path("status").asText()).isEqualTo("done");
        for (String path : List.of("", "/report", "/report.html")) {
            assertRefused(p.get("/api/v1/backtests/" + id + path, p.pro), 404, "another user's backtest" + path);
            assertThat(p.get("/api/v1/backtests/" + id + path, p.enterprise).statusCode()).as(path).isEqualTo(200);
        }
        // Nor in its list: each key lists its own runs only.
        List<String> listed = new ArrayList<>();
        JSON.readTree(p.get("/api/v1/backtests", p.enterprise).body()).path("backtests").forEach(b -> listed.add(b.path("id").asText()));
        assertThat(listed).contains(id);
        JsonNode others = JSON.readTree(p.get("/api/v1/backtests", p.pro).body()).path("backtests");
        others.forEach(b -> assertThat(b.path("id").asText()).as("another user's list").isNotEqualTo(id));
        p.assertStanding();
    }

    @Test
    @Order(31)
    void aRevokedKeyEndsItsOpenConnections() throws Exception {
        DppProcess made = DppProcess.run(p.env, "keys", "create", "--user", "abuse-revoked", "--plan", "pro");
        String key = made.stdout().get(0).trim();
        try (RawWebSocket header = RawWebSocket.connect(p.port, "/api/v1/stream", Map.of("X-API-Key", key));
             RawWebSocket message = RawWebSocket.connect(p.port, "/api/v1/stream", Map.of())) {
            assertThat(header.upgraded()).isTrue();
            message.send("{\"op\":\"auth\",\"id\":\"a\",\"key\":\"" + key + "\"}");
            message.await("authenticated", Duration.ofSeconds(10));
            DppProcess revoke = DppProcess.run(p.env, "keys", "revoke", key.substring(4, 20));
            assertThat(revoke.exitCode()).as(revoke.output()).isZero();
            // The key cache is 1 s here and keys are checked again every second.
            for (RawWebSocket ws : List.of(header, message)) {
                RawWebSocket.Frame f = ws.await("has been revoked", Duration.ofSeconds(15));
                assertThat(f.text()).contains("\"code\":401");
                assertThat(ws.closedWithin(Duration.ofSeconds(5))).as("closed after the revocation").isTrue();
            }
        }
        p.assertStanding();
    }

    // ---- 7. smaller ones ---------------------------------------------------------------------------

    @Test
    @Order(40)
    void metricsAreServedOnTheManagementPortOnlyAndTheAccountsDatabaseOnLoopback() throws Exception {
        assertThat(p.get("/metrics", null).statusCode()).as("/metrics on the public port").isEqualTo(404);
        assertThat(p.get("/metrics", p.enterprise).statusCode()).as("/metrics on the public port, with a key").isEqualTo(404);
        assertThat(p.metrics()).as("/metrics on the management port").contains("dpp_build_info");
        Path lock = p.data.resolve("accounts/accounts.lock.db");
        java.util.Properties props = new java.util.Properties();
        try (var in = Files.newInputStream(lock)) {
            props.load(in);
        }
        String server = props.getProperty("server");
        assertThat(server).as("the embedded accounts database's server address").matches("(localhost|127\\.0\\.0\\.1):\\d+");
        int dbPort = Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
        try (Socket local = new Socket()) {
            local.connect(new InetSocketAddress("127.0.0.1", dbPort), 5_000); // dpp keys reaches it on loopback
        }
        // Every other address of this machine is refused.
        for (var nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            for (var address : java.util.Collections.list(nic.getInetAddresses())) {
                if (address.isLoopbackAddress() || address.isLinkLocalAddress()) {
                    continue;
                }
                try (Socket other = new Socket()) {
                    other.connect(new InetSocketAddress(address, dbPort), 2_000);
                    throw new AssertionError("the accounts database answers on " + address);
                } catch (java.io.IOException refused) {
                    // as it should be
                }
            }
        }
        p.assertStanding();
    }

    @Test
    @Order(41)
    void configPrintMasksSecretsInsideValues() throws Exception {
        java.util.Map<String, String> env = new java.util.HashMap<>(p.env);
        env.put("DPP_STORE_SERVER_ILP", "http::addr=q:9000;username=admin;password=hunter2;");
        env.put("DPP_ACCOUNTS_DB_URL", "jdbc:postgresql://pg:5432/dpp?user=dpp&password=hunter3");
        DppProcess print = DppProcess.run(env, "config", "print");
        assertThat(print.exitCode()).as(print.output()).isZero();
        assertThat(print.stdoutText()).doesNotContain("hunter2").doesNotContain("hunter3").contains("password=******");
    }

    @Test
    @Order(99)
    void thePlatformKeptRecordingThroughEveryAttack() throws Exception {
        awaitMetric("dpp_recorder_rows_total", v -> v > p.rowsAtStart, "rows recorded since the attacks began");
        p.assertStanding();
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private static String graph(String node, String value) {
        return "{\"name\":\"g\",\"nodes\":[{\"id\":\"t\",\"type\":\"trades\"}," + node + ",{\"id\":\"c\",\"type\":\"compare\",\"a\":\"t.price\","
                + "\"op\":\">\",\"b\":\"" + value + "\"},{\"id\":\"o\",\"type\":\"order\",\"when\":\"c\",\"side\":\"buy\",\"quantity\":1}]}";
    }

    private static HttpResponse<String> submit(String key, String graph) {
        return p.send("POST", "/api/v1/backtests", "{\"venue\":\"okx\",\"symbol\":\"BTC-USDT\",\"from\":\"2000-01-01\","
                + "\"to\":\"2100-01-01\",\"graph\":" + graph + "}", "X-API-Key", key, "Content-Type", "application/json");
    }

    private static void assertBacktest400(String graph, String message) throws Exception {
        HttpResponse<String> r = submit(p.enterprise, graph);
        assertRefused(r, 400, message);
        assertThat(JSON.readTree(r.body()).path("message").asText()).contains(message);
    }

    private static JsonNode awaitJob(String id, String key) throws Exception {
        long end = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        JsonNode job = null;
        while (System.nanoTime() < end) {
            job = JSON.readTree(p.get("/api/v1/backtests/" + id, key).body());
            String status = job.path("status").asText();
            if (status.equals("done") || status.equals("failed")) {
                return job;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("backtest " + id + " did not finish: " + job);
    }

    /** A refusal: the status, a JSON body with that status and a message, no internals. */
    static void assertRefused(HttpResponse<String> r, int status, String what) throws Exception {
        assertRefused(new AbusePlatform.Raw(r.statusCode(), r.headers().firstValue("content-type").orElse(""), r.body()), status, what);
    }

    static void assertRefused(AbusePlatform.Raw r, int status, String what) throws Exception {
        assertThat(r.status()).as(what + ": " + r.body()).isEqualTo(status);
        assertThat(r.contentType()).as(what).startsWith("application/json");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("status").asInt()).as(what).isEqualTo(status);
        assertThat(body.path("message").asText()).as(what).isNotBlank().doesNotContain("SELECT ").doesNotContain("Exception");
    }

    private static long files(Path dir) throws java.io.IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var list = Files.list(dir)) {
            return list.count();
        }
    }

    private static void drain(List<CompletableFuture<HttpResponse<String>>> pending) throws Exception {
        for (var f : pending) {
            HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
            assertThat(r.statusCode()).as(r.body()).isIn(401, 503);
        }
        pending.clear();
    }

    private static void awaitMetric(String name, java.util.function.DoublePredicate ok, String what) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        double v = Double.NaN;
        while (System.nanoTime() < end) {
            v = p.metric(name);
            if (ok.test(v)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(what + ": " + name + " is " + v);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
