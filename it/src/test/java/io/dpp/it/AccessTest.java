package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpp.accounts.PostgresServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * API keys, plans and limits end to end, with the accounts database embedded (H2, the default)
 * and in a real PostgreSQL server: keys made with {@code dpp keys create} (also while the
 * platform runs), REST answered 401/403/429 with JSON bodies, the stream's auth message and plan
 * checks, the replay's, revocation, {@code dpp tail} with and without a key, and the refusals
 * counted in /metrics.
 */
class AccessTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path data;

    @ParameterizedTest(name = "accounts in {0}")
    @ValueSource(strings = {"embedded", "postgresql"})
    void keysPlansAndLimitsGuardEveryApi(String engine) throws Exception {
        PostgresServer pg = engine.equals("postgresql") ? PostgresServer.start() : null;
        try {
            run(pg);
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
    }

    private void run(PostgresServer pg) throws Exception {
        int port = DppProcess.freePort();
        Map<String, String> env = new HashMap<>(Map.of("DPP_HTTP_PORT", Integer.toString(port), "DPP_HTTP_HOST", "127.0.0.1",
                "DPP_DATA_DIR", data.toString(), "DPP_ACCOUNTS_ACCESS", "keys", "DPP_ACCOUNTS_KEY_CACHE", "1s"));
        if (pg != null) {
            env.put("DPP_ACCOUNTS_DB_URL", pg.url());
            env.put("DPP_ACCOUNTS_DB_USER", pg.user());
        }
        String free = createKey(env, "alice", "free");
        DppProcess wrongPlan = DppProcess.run(env, "keys", "create", "--user", "bob", "--plan", "gold");
        assertThat(wrongPlan.exitCode()).isEqualTo(2);
        assertThat(wrongPlan.stderrText()).contains("no plan \"gold\"; plans are [free, pro, enterprise]");

        // The venues the checks ask for (Kraken within the free plan, OKX outside it): replaying every venue into
        // the store only made the two runs of this test, and the tests beside them, slower.
        try (DppProcess dpp = DppProcess.start(env, "up", "--replay", ReplayCommandTest.fixtures().toString(), "--speed", "max",
                "--venues", "kraken,okx")) {
            dpp.awaitReady(port, Duration.ofSeconds(60));
            // A key made while the platform runs works at once (the embedded database lets dpp keys in).
            String pro = createKey(env, "bob", "pro");
            String all = createKey(env, "carol", "enterprise");

            // The API documents are public.
            assertThat(get(port, "/api/v1/openapi.yaml", null).body()).startsWith("openapi: 3.0.3");
            assertThat(get(port, "/api/v1/asyncapi.yaml", null).body()).startsWith("asyncapi: 2.6.0");
            // REST: no key, a made-up key, a malformed key.
            assertError(get(port, "/api/v1/instruments", null), 401, "an API key is required");
            assertError(get(port, "/api/v1/instruments", "dpp_0123456789abcdef_" + "A".repeat(43)), 401, "unknown API key");
            assertError(get(port, "/api/v1/instruments", "letmein"), 401, "not an API key");
            // Wait until kraken's trades are recorded, then ask within the free plan and outside it.
            String trades = "/api/v1/trades?venue=kraken&symbol=SC/EUR&limit=5";
            StreamApiTest.eventually(Duration.ofSeconds(60), () -> assertThat(get(port, trades, all).body()).startsWith("[{"));
            // Without from, history starts where the plan reaches: enterprise sees every trade; free
            // (7 days) and pro (a year) reach none of these (the captures' trades carry their venue
            // times, from 2021), and are told so rather than answered an empty list.
            assertThat(JSON.readTree(get(port, trades, all).body()).size()).isPositive();
            assertError(get(port, trades, pro), 403, "plan pro reaches 365 days of history (from ");
            HttpResponse<String> cut = get(port, trades, free);
            assertError(cut, 403, "plan free reaches 7 days of history (from ");
            assertThat(cut.body()).contains("every trades row of SC/EUR on kraken is older; the last was recorded at 2021-");
            HttpResponse<String> bearer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + trades))
                    .header("Authorization", "Bearer " + free).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(bearer.statusCode()).as("a bearer key is the same key").isEqualTo(403);
            assertThat(bearer.body()).contains("plan free reaches 7 days of history");
            assertError(get(port, "/api/v1/book_changes?venue=kraken&symbol=XBT/CHF&limit=1", free), 403,
                    "plan free does not include channel \"book_changes\"");
            // Pro includes the channel; the captures' book changes (received in 2021) lie beyond its year.
            assertError(get(port, "/api/v1/book_changes?venue=kraken&symbol=XBT/CHF&limit=1", pro), 403,
                    "plan pro reaches 365 days of history (from ");
            assertThat(get(port, "/api/v1/book_changes?venue=kraken&symbol=XBT/CHF&limit=1", all).statusCode()).isEqualTo(200);
            String old = Instant.now().minus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS).toString();
            assertError(get(port, trades + "&from=" + old, free), 403, "plan free reaches 7 days of history");
            assertThat(get(port, trades + "&from=" + old, pro).statusCode()).isEqualTo(200);
            assertError(get(port, "/api/v1/live/book?venue=kraken&symbol=XBT/CHF", free), 403, "book_snapshots");
            // A venue outside the plan: free has binance, coinbase, kraken and bitstamp, not okx.
            assertError(get(port, "/api/v1/trades?venue=okx&symbol=BTC-USDT", free), 403, "plan free does not include venue \"okx\"");
            assertThat(get(port, "/api/v1/trades?venue=okx&symbol=BTC-USDT&limit=1&from=" + old, pro).statusCode()).isEqualTo(200);

            if (pg == null) {
                // Limits, the stream's checks and the commands that send a key do not depend on where
                // accounts are kept: checked once, with the embedded database.
                limitsStreamAndCommands(env, port, free, all);
            }

            // Revoked keys stop working within accounts.key-cache (1 s here).
            String keyId = free.substring(4, 20);
            DppProcess revoke = DppProcess.run(env, "keys", "revoke", keyId);
            assertThat(revoke.exitCode()).as(revoke.output()).isZero();
            // A range within the free plan: 200 (empty) while the key is valid, answered from the key
            // cache until it expires.
            String withinPlan = trades + "&from=" + Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);
            HttpResponse<String> afterRevoke = StreamApiTest.eventually(Duration.ofSeconds(30), () -> {
                HttpResponse<String> r = get(port, withinPlan, free);
                assertThat(r.statusCode()).as(r.body()).isNotEqualTo(200);
                return r;
            });
            assertError(afterRevoke, 401, "API key " + keyId + " has been revoked");
            DppProcess list = DppProcess.run(env, "keys", "list");
            assertThat(list.stdout()).hasSize(pg == null ? 4 : 3).anySatisfy(l -> assertThat(l).contains(keyId).contains("\"revoked\":\"20"));
            assertThat(String.join("\n", list.stdout())).doesNotContain(free.substring(21));

            String metrics = DppProcess.get(port, "/metrics").body();
            assertThat(metrics).contains("dpp_access_denied_total{api=\"rest\",reason=\"missing_key\"}")
                    .contains("dpp_access_denied_total{api=\"rest\",reason=\"invalid_key\"}");
            if (pg == null) {
                assertThat(metrics).contains("dpp_access_denied_total{api=\"rest\",reason=\"rate_limited\"}")
                        .contains("dpp_access_denied_total{api=\"stream\",reason=\"forbidden\"}");
            }
            dpp.sigterm();
            assertThat(dpp.awaitExit(Duration.ofSeconds(20))).as(dpp.exitReport()).isZero();
        }
    }

    /** The plan's REST and stream limits, the stream's key checks, and dpp tail and export with and without a key. */
    private void limitsStreamAndCommands(Map<String, String> env, int port, String free, String all) throws Exception {
        // Rate limit: 5 REST requests a second on free; the rest are 429 with Retry-After. The 12
        // requests go out at once; the bucket refills at 5 a second while they are answered, so
        // at most 5 plus that refill pass, whatever the machine's load (the limiter's own
        // arithmetic is checked on an injected clock in PlanAndLimiterTest). A key of its own
        // starts with a full bucket, whatever the requests above took from the first one.
        String burstKey = createKey(env, "dave", "free");
        long burstStart = System.nanoTime();
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> burst = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            burst.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/v1/live/instruments?venue=kraken")).header("X-API-Key", burstKey).build(), HttpResponse.BodyHandlers.ofString()));
        }
        int limited = 0;
        HttpResponse<String> last = null;
        for (var f : burst) {
            HttpResponse<String> r = f.get(10, TimeUnit.SECONDS);
            if (r.statusCode() == 429) {
                limited++;
                last = r;
            }
        }
        double burstSeconds = (System.nanoTime() - burstStart) / 1e9;
        assertThat(12 - limited).as("requests admitted of 12 sent at once within %.3f s", burstSeconds)
                .isBetween(5, 5 + (int) Math.ceil(burstSeconds * 5));
        assertThat(limited > 0 || burstSeconds > 1.3).as("a burst answered within 1.3 s meets the limit").isTrue();
        if (last != null) {
            assertError(last, 429, "plan free allows 5 REST requests per second");
            assertThat(last.headers().firstValue("Retry-After")).contains("1");
        }

        // The stream: auth message, plan checks, message rate, subscription limit.
        // A request before the auth message is refused and ends the connection: nothing is sent
        // on a connection before it authenticates.
        StreamApiTest.Client early = StreamApiTest.Client.connect(port);
        early.send("{\"op\":\"subscribe\",\"id\":\"early\",\"channel\":\"trades\",\"venue\":\"kraken\"}");
        assertThat(early.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1008);
        assertThat(early.messages).hasSize(1);
        assertThat(early.messages.get(0).path("code").asInt()).isEqualTo(401);
        // A subscription sent right behind the auth message, without waiting for its answer, waits
        // for the outcome instead of being refused.
        StreamApiTest.Client ws = StreamApiTest.Client.connect(port);
        ws.send("{\"op\":\"auth\",\"id\":\"a\",\"key\":\"" + free + "\"}");
        ws.send("{\"op\":\"subscribe\",\"id\":\"piped\",\"channel\":\"trades\",\"venue\":\"kraken\"}");
        JsonNode auth = ws.await(m -> "a".equals(m.path("id").asText()), Duration.ofSeconds(5));
        assertThat(auth.path("type").asText()).isEqualTo("authenticated");
        assertThat(auth.path("plan").asText()).isEqualTo("free");
        JsonNode piped = ws.await(m -> "piped".equals(m.path("id").asText()), Duration.ofSeconds(5));
        assertThat(piped.path("type").asText()).as(piped.toString()).isEqualTo("subscribed");
        ws.send("{\"op\":\"unsubscribe\",\"id\":\"u\",\"sub\":" + piped.path("sub").asInt() + "}");
        assertThat(ws.await(m -> "u".equals(m.path("id").asText()), Duration.ofSeconds(5)).path("type").asText()).isEqualTo("unsubscribed");
        ws.send("{\"op\":\"subscribe\",\"id\":\"book\",\"channel\":\"book_changes\",\"venue\":\"kraken\"}");
        JsonNode book = ws.await(m -> "book".equals(m.path("id").asText()), Duration.ofSeconds(5));
        assertThat(book.path("code").asInt()).as(book.toString()).isEqualTo(403);
        assertThat(book.path("message").asText()).contains("does not include channel \"book_changes\"");
        ws.send("{\"op\":\"subscribe\",\"id\":\"okx\",\"channel\":\"trades\",\"venue\":\"okx\"}");
        assertThat(ws.await(m -> "okx".equals(m.path("id").asText()), Duration.ofSeconds(5)).path("message").asText())
                .contains("plan free does not include venue \"okx\"");
        ws.send("{\"op\":\"subscribe\",\"id\":\"all\",\"channel\":\"trades\",\"venue\":\"*\"}");
        assertThat(ws.await(m -> "all".equals(m.path("id").asText()), Duration.ofSeconds(5)).path("code").asInt()).isEqualTo(403);
        // Ten pings at once: a bucket of 5 a second cannot admit them all; each is answered.
        for (int i = 0; i < 10; i++) {
            ws.send("{\"op\":\"ping\",\"id\":\"p" + i + "\"}");
        }
        for (int i = 0; i < 10; i++) {
            String id = "p" + i;
            ws.await(m -> id.equals(m.path("id").asText()), Duration.ofSeconds(5));
        }
        long pongs = ws.messages.stream().filter(m -> "pong".equals(m.path("type").asText())).count();
        long refused = ws.messages.stream().filter(m -> m.path("id").asText().startsWith("p") && m.path("code").asInt() == 429).count();
        assertThat(pongs + refused).isEqualTo(10);
        assertThat(refused).as("pings beyond the free plan's 5 messages a second").isPositive();
        // Subscriptions one by one, each sent again when the message rate refused it: the eleventh
        // is beyond the plan's 10 per connection.
        for (int i = 0; i < 10; i++) {
            JsonNode answer = ask(ws, "{\"op\":\"subscribe\",\"channel\":\"trades\",\"venue\":\"kraken\"", "s" + i);
            assertThat(answer.path("type").asText()).as(answer.toString()).isEqualTo("subscribed");
        }
        JsonNode eleventh = ask(ws, "{\"op\":\"subscribe\",\"channel\":\"trades\",\"venue\":\"kraken\"", "s10");
        assertThat(eleventh.path("code").asInt()).as(eleventh.toString()).isEqualTo(429);
        assertThat(eleventh.path("message").asText()).contains("at most 10 subscriptions per connection (plan free)");

        // A wrong key in the auth message ends the connection; a wrong key header refuses the upgrade.
        StreamApiTest.Client bad = StreamApiTest.Client.connect(port);
        bad.send("{\"op\":\"auth\",\"id\":\"x\",\"key\":\"dpp_0123456789abcdef_" + "B".repeat(43) + "\"}");
        assertThat(bad.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1008);
        assertThat(bad.messages.get(0).path("code").asInt()).isEqualTo(401);
        try {
            StreamApiTest.Client.connect(port, "dpp_0123456789abcdef_" + "C".repeat(43));
            throw new AssertionError("upgrade with an unknown key accepted");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
            assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode()).isEqualTo(401);
        }

        // dpp tail: without a key it says why and exits 2; with one it prints events.
        DppProcess noKey = DppProcess.run(env, "tail", "--venue", "kraken", "--channel", "trades", "--limit", "1");
        assertThat(noKey.exitCode()).as(noKey.output()).isEqualTo(2);
        assertThat(noKey.stderrText()).contains("(401)").contains("the platform requires an API key: give --api-key");

        // dpp export sends the key too (CSV from the REST API, JSON lines through the replay).
        for (String format : List.of("csv", "jsonl")) {
            DppProcess export = DppProcess.run(env, "export", "--venue", "kraken", "--symbol", "SC/EUR", "--channel", "trades",
                    "--from", "2021-04-17", "--to", "2021-04-18", "--format", format, "--out", "-", "--api-key", all);
            assertThat(export.exitCode()).as(export.output()).isZero();
            assertThat(export.stdout().size()).as(export.output()).isGreaterThanOrEqualTo(6);
        }
        DppProcess keyless = DppProcess.run(env, "export", "--venue", "kraken", "--symbol", "SC/EUR", "--channel", "trades",
                "--from", "2021-04-17", "--to", "2021-04-18", "--out", "-");
        assertThat(keyless.exitCode()).as(keyless.output()).isNotZero();
        assertThat(keyless.stderrText()).contains("an API key is required");

        // Replay: a header key is checked before the upgrade, an auth message after it.
        String from = Instant.now().minus(1, ChronoUnit.HOURS).toString();
        assertError(get(port, "/api/v1/replay?venues=kraken&channels=book_changes&from=" + from, free), 403,
                "does not include channel \"book_changes\"");
        // (Everything replayed from the captures lies on their clock, in 2021: beyond the free plan's
        // week, within enterprise's unlimited history.)
        StreamApiTest.Client replay = connect(port, "/api/v1/replay?venues=kraken&channels=feed_status&speed=max&from=2021-04-17");
        replay.send("{\"op\":\"auth\",\"id\":\"r\",\"key\":\"" + all + "\"}");
        assertThat(replay.await(m -> "authenticated".equals(m.path("type").asText()), Duration.ofSeconds(5))).isNotNull();
        replay.await(m -> "feed_status".equals(m.path("type").asText()), Duration.ofSeconds(10));
        replay.await(m -> "replay_end".equals(m.path("type").asText()), Duration.ofSeconds(30));

    }

    private static String createKey(Map<String, String> env, String user, String plan) throws Exception {
        DppProcess p = DppProcess.run(env, "keys", "create", "--user", user, "--plan", plan);
        assertThat(p.exitCode()).as(p.output()).isZero();
        List<String> out = p.stdout();
        assertThat(out).hasSize(1);
        assertThat(p.stderrText()).contains("store it now, it is not shown again");
        return out.get(0).trim();
    }

    /**
     * GET, sent again after the Retry-After of a rate-limit refusal: the free plan's 5 requests a
     * second are not what most checks here are about (the burst below checks them).
     */
    private static HttpResponse<String> get(int port, String path, String key) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            HttpResponse<String> r = DppProcess.get(port, path, key);
            if (r == null || r.statusCode() != 429 || !r.body().contains("REST requests per second") || attempt == 20) {
                return r;
            }
            Thread.sleep(1000 * r.headers().firstValue("Retry-After").map(Long::parseLong).orElse(1L));
        }
    }

    /**
     * Sends {@code message} (a JSON object without its closing brace and id) and returns its
     * answer; when the plan's message rate refused it, sends it again a quarter of a second later,
     * under a new id ({@code id#attempt}), so that each answer is told apart.
     */
    private static JsonNode ask(StreamApiTest.Client ws, String message, String id) throws Exception {
        for (int attempt = 0; ; attempt++) {
            String tagged = id + "#" + attempt;
            ws.send(message + ",\"id\":\"" + tagged + "\"}");
            JsonNode answer = ws.await(m -> tagged.equals(m.path("id").asText()), Duration.ofSeconds(5));
            if (answer.path("code").asInt() != 429 || !answer.path("message").asText().contains("messages per second")
                    || attempt == 40) {
                return answer;
            }
            Thread.sleep(250);
        }
    }

    private static void assertError(HttpResponse<String> r, int status, String message) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("content-type")).contains("application/json");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("message").asText()).contains(message);
    }

    private static StreamApiTest.Client connect(int port, String pathAndQuery) throws Exception {
        StreamApiTest.Client c = new StreamApiTest.Client();
        c.ws = HTTP.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + pathAndQuery), c).get(10, TimeUnit.SECONDS);
        return c;
    }
}
