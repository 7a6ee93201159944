package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.MathContext;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The EMS end to end on the shared trading platform ({@code dpp up --demo}: a synthetic market that
 * keeps moving however late in the run this test comes, where recorded captures last seconds; API
 * keys required): a paper account trades against the live OKX book, every answer is checked
 * against what the book and the account held, and every route keeps one user out of another's
 * accounts and orders.
 */
@org.junit.jupiter.api.parallel.ResourceLock(AbusePlatform.LOCK)
@org.junit.jupiter.api.extension.ExtendWith(AbusePlatform.DemoResolver.class)
class EmsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static AbusePlatform p;
    private static String symbol;
    private static String quote;

    @BeforeAll
    static void platform(AbusePlatform platform) throws Exception {
        p = platform;
        // The OKX BTC-USDT book, once the feeds keep it in sync.
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (symbol == null && System.nanoTime() < end) {
            for (JsonNode i : JSON.readTree(p.get("/api/v1/live/instruments?venue=okx", p.pro).body())) {
                if ("in_sync".equals(i.path("book").asText()) && i.path("symbol").asText().equals("BTC-USDT")) {
                    symbol = i.path("symbol").asText();
                }
            }
            if (symbol == null) {
                Thread.sleep(200);
            }
        }
        assertThat(symbol).as("a live OKX book in sync").isNotNull();
        quote = "USDT";
    }

    private static HttpResponse<String> send(String method, String path, String body, String key) {
        return p.keyed(method, path, body, key);
    }

    private static JsonNode ok(HttpResponse<String> r, int status) {
        return AbusePlatform.json(r, status);
    }

    private static BigDecimal[] bbo() throws Exception {
        JsonNode b = JSON.readTree(p.get("/api/v1/live/bbo?venue=okx&symbol=" + URLEncoder.encode(symbol, StandardCharsets.UTF_8),
                p.pro).body());
        return new BigDecimal[] {new BigDecimal(b.get("bids").get(0).get(0).asText()), new BigDecimal(b.get("asks").get(0).get(0).asText())};
    }

    private static String order(String account, String id, String side, String type, String quantity, String price) {
        return "{\"account\":\"" + account + "\",\"client_order_id\":\"" + id + "\",\"venue\":\"okx\",\"symbol\":\"" + symbol
                + "\",\"side\":\"" + side + "\",\"type\":\"" + type + "\",\"quantity\":\"" + quantity + "\""
                + (price == null ? "" : ",\"price\":\"" + price + "\"") + "}";
    }

    @Test
    void aPaperAccountTradesOnTheLiveBookWithExactArithmeticAndRiskChecks() throws Exception {
        String account = "ems-trade";
        ok(send("POST", "/api/v1/accounts", "{\"name\":\"" + account + "\"}", p.pro), 201);
        assertThat(send("POST", "/api/v1/accounts", "{\"name\":\"" + account + "\"}", p.pro).statusCode()).isEqualTo(409);
        ok(send("POST", "/api/v1/accounts/" + account + "/deposits", "{\"asset\":\"" + quote + "\",\"amount\":\"100000\"}", p.pro), 200);

        // A marketable limit buy (at the ask plus a little, inside the price band) fills as a taker,
        // at prices no worse than its limit; the balance moves by exactly the fills' notional and fees.
        BigDecimal[] top = bbo();
        BigDecimal limit = top[1].multiply(new BigDecimal("1.001")).setScale(1, java.math.RoundingMode.DOWN);
        JsonNode buy = ok(send("POST", "/api/v1/orders", order(account, "b1", "buy", "limit", "0.01", limit.toPlainString())
                .replace("}", ",\"time_in_force\":\"ioc\"}"), p.pro), 201);
        assertThat(buy.get("status").asText()).isIn("filled", "partially_filled", "expired");
        JsonNode fills = ok(send("GET", "/api/v1/fills?account=" + account + "&order=" + buy.get("id").asText(), null, p.pro), 200)
                .get("fills");
        assertThat(fills.size()).as("the buy filled against the live asks").isPositive();
        BigDecimal filled = BigDecimal.ZERO;
        BigDecimal spent = BigDecimal.ZERO;
        for (JsonNode f : fills) {
            BigDecimal price = new BigDecimal(f.get("price").asText());
            BigDecimal qty = new BigDecimal(f.get("quantity").asText());
            assertThat(price).isLessThanOrEqualTo(limit);
            assertThat(f.get("liquidity").asText()).isEqualTo("taker");
            assertThat(new BigDecimal(f.get("fee").asText())).isEqualByComparingTo(price.multiply(qty).multiply(new BigDecimal("0.001")));
            filled = filled.add(qty);
            spent = spent.add(price.multiply(qty)).add(new BigDecimal(f.get("fee").asText()));
        }
        assertThat(new BigDecimal(buy.get("filled").asText())).isEqualByComparingTo(filled);
        JsonNode balance = ok(send("GET", "/api/v1/balances?account=" + account, null, p.pro), 200).get("balances").get(0);
        assertThat(new BigDecimal(balance.get("amount").asText())).isEqualByComparingTo(new BigDecimal("100000").subtract(spent));
        JsonNode position = ok(send("GET", "/api/v1/positions?account=" + account, null, p.pro), 200).get("positions").get(0);
        assertThat(new BigDecimal(position.get("quantity").asText())).isEqualByComparingTo(filled);

        // Idempotent: the same client order id with the same order is the same order; with another, 409.
        JsonNode again = ok(send("POST", "/api/v1/orders", order(account, "b1", "buy", "limit", "0.01", limit.toPlainString())
                .replace("}", ",\"time_in_force\":\"ioc\"}"), p.pro), 200);
        assertThat(again.get("id").asText()).isEqualTo(buy.get("id").asText());
        assertThat(again.toString()).as("the same fields as the first answer").doesNotContain("_owner", "_digest");
        assertThat(send("POST", "/api/v1/orders", order(account, "b1", "buy", "limit", "0.02", limit.toPlainString()), p.pro)
                .statusCode()).isEqualTo(409);

        // A resting bid below the market is new; canceled, it is canceled, and a second cancel is 409.
        BigDecimal low = top[0].multiply(new BigDecimal("0.95")).setScale(1, java.math.RoundingMode.DOWN);
        JsonNode rest = ok(send("POST", "/api/v1/orders", order(account, "r1", "buy", "limit", "0.01", low.toPlainString()), p.pro), 201);
        assertThat(rest.get("status").asText()).isEqualTo("new");
        JsonNode listed = ok(send("GET", "/api/v1/orders?account=" + account + "&status=open", null, p.pro), 200).get("orders");
        assertThat(listed).extracting(o -> o.get("id").asText()).contains(rest.get("id").asText());
        JsonNode canceled = ok(send("DELETE", "/api/v1/orders/" + rest.get("id").asText(), null, p.pro), 200);
        assertThat(canceled.get("status").asText()).isEqualTo("canceled");
        assertThat(send("DELETE", "/api/v1/orders/" + rest.get("id").asText(), null, p.pro).statusCode()).isEqualTo(409);
        JsonNode history = ok(send("GET", "/api/v1/orders/" + rest.get("id").asText(), null, p.pro), 200);
        assertThat(history.get("transitions")).extracting(t -> t.get("status").asText()).containsExactly("pending_new", "new", "canceled");

        // Risk: fat finger, balance, size; each refused with its reason code and kept as rejected.
        BigDecimal far = top[1].multiply(new BigDecimal("1.5")).setScale(1, java.math.RoundingMode.DOWN);
        JsonNode band = ok(send("POST", "/api/v1/orders", order(account, "x1", "buy", "limit", "0.01", far.toPlainString()), p.pro), 422);
        assertThat(band.get("reason").asText()).isEqualTo("price_band");
        assertThat(band.get("order").get("status").asText()).isEqualTo("rejected");
        BigDecimal tooMuch = new BigDecimal("200000").divide(top[1], MathContext.DECIMAL64).setScale(3, java.math.RoundingMode.UP);
        assertThat(ok(send("POST", "/api/v1/orders", order(account, "x2", "buy", "market", tooMuch.toPlainString(), null), p.pro), 422)
                .get("reason").asText()).isEqualTo("insufficient_balance");
        assertThat(ok(send("POST", "/api/v1/orders", order(account, "x3", "buy", "market", "2000000", null), p.pro), 422)
                .get("reason").asText()).isEqualTo("max_order_quantity");
        assertThat(ok(send("POST", "/api/v1/orders", order(account, "x4", "sell", "limit", "5", top[1].toPlainString()), p.pro), 422)
                .get("reason").asText()).isEqualTo("insufficient_balance");

        // Malformed orders: 400 naming the field, nothing kept.
        JsonNode bad = ok(send("POST", "/api/v1/orders", order(account, "m1", "buy", "limit", "0.01", "1.0000000000000000001"), p.pro), 400);
        assertThat(bad.get("message").asText()).contains("price");
        assertThat(ok(send("POST", "/api/v1/orders", order(account, "m2", "buy", "limit", "-1", low.toPlainString()), p.pro), 400)
                .get("message").asText()).contains("quantity");
        assertThat(ok(send("POST", "/api/v1/orders", order(account, "m3", "buy", "market", "0.01", null).replace("}", ",\"x\":1}"), p.pro),
                400).get("message").asText()).contains("unknown field");
        assertThat(p.send("POST", "/api/v1/orders", "account=a", "X-API-Key", p.pro, "Content-Type", "application/x-www-form-urlencoded")
                .statusCode()).isEqualTo(415);

        // The kill switch cancels working orders and refuses new ones until cleared.
        JsonNode resting = ok(send("POST", "/api/v1/orders", order(account, "k1", "buy", "limit", "0.01", low.toPlainString()), p.pro), 201);
        ok(send("POST", "/api/v1/accounts/" + account + "/kill-switch", "{\"reason\":\"test\"}", p.pro), 200);
        assertThat(ok(send("GET", "/api/v1/orders/" + resting.get("id").asText(), null, p.pro), 200).get("status").asText())
                .isEqualTo("canceled");
        assertThat(ok(send("POST", "/api/v1/orders", order(account, "k2", "buy", "limit", "0.01", low.toPlainString()), p.pro), 422)
                .get("reason").asText()).isEqualTo("kill_switch");
        ok(send("DELETE", "/api/v1/accounts/" + account + "/kill-switch", null, p.pro), 200);
        ok(send("POST", "/api/v1/orders", order(account, "k3", "buy", "limit", "0.01", low.toPlainString()), p.pro), 201);
        assertThat(ok(send("DELETE", "/api/v1/orders?account=" + account, null, p.pro), 200).get("canceled").asInt()).isEqualTo(1);
        // Only an admin (ems.admins) sets the global kill switch.
        assertThat(send("POST", "/api/v1/kill-switch", "{}", p.pro).statusCode()).isEqualTo(403);
    }

    /** The next text message of {@code ws} that {@code match} accepts; every one before it goes to {@code seen}. */
    private static JsonNode until(RawWebSocket ws, java.util.function.Predicate<JsonNode> match, java.util.List<String> seen)
            throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < end) {
            RawWebSocket.Frame f = ws.next(Duration.ofNanos(Math.max(1_000_000, end - System.nanoTime())));
            if (f == null) {
                continue;
            }
            assertThat(f.close()).as("closed: " + f.code() + " " + f.text()).isFalse();
            JsonNode m = JSON.readTree(f.text());
            seen.add(f.text());
            if (match.test(m)) {
                return m;
            }
        }
        throw new AssertionError("no matching message within 20 s; seen " + seen);
    }

    @Test
    void thePrivateChannelsCarryTheUsersOwnOrdersAndFillsOnly() throws Exception {
        String account = "ems-stream";
        ok(send("POST", "/api/v1/accounts", "{\"name\":\"" + account + "\"}", p.pro), 201);
        ok(send("POST", "/api/v1/accounts/" + account + "/deposits", "{\"asset\":\"" + quote + "\",\"amount\":\"100000\"}", p.pro), 200);
        ok(send("POST", "/api/v1/accounts", "{\"name\":\"ems-stream-other\"}", p.enterprise), 201);
        ok(send("POST", "/api/v1/accounts/ems-stream-other/deposits", "{\"asset\":\"" + quote + "\",\"amount\":\"100000\"}",
                p.enterprise), 200);
        try (RawWebSocket mine = RawWebSocket.connect(p.port, "/api/v1/stream", Map.of("X-API-Key", p.pro));
             RawWebSocket theirs = RawWebSocket.connect(p.port, "/api/v1/stream", Map.of("X-API-Key", p.enterprise))) {
            java.util.List<String> seenMine = new java.util.ArrayList<>();
            java.util.List<String> seenTheirs = new java.util.ArrayList<>();
            for (String channel : java.util.List.of("orders", "fills", "balances")) {
                mine.send("{\"op\":\"subscribe\",\"id\":\"" + channel + "\",\"channel\":\"" + channel + "\"}");
                until(mine, m -> "subscribed".equals(m.path("type").asText()) && channel.equals(m.path("id").asText()), seenMine);
            }
            theirs.send("{\"op\":\"subscribe\",\"id\":\"o\",\"channel\":\"orders\"}");
            until(theirs, m -> "subscribed".equals(m.path("type").asText()), seenTheirs);
            mine.send("{\"op\":\"subscribe\",\"id\":\"again\",\"channel\":\"orders\"}");
            until(mine, m -> "error".equals(m.path("type").asText()) && "again".equals(m.path("id").asText()), seenMine);

            JsonNode buy = ok(send("POST", "/api/v1/orders", order(account, "s1", "buy", "market", "0.01", null), p.pro), 201);
            JsonNode event = until(mine, m -> "order".equals(m.path("type").asText()), seenMine).get("data");
            assertThat(event.get("id").asText()).isEqualTo(buy.get("id").asText());
            assertThat(event.get("status").asText()).isEqualTo(buy.get("status").asText());
            assertThat(event.get("account").asText()).isEqualTo(account);
            JsonNode fill = until(mine, m -> "fill".equals(m.path("type").asText()), seenMine);
            assertThat(fill.get("seq").asLong()).as("the first message of its subscription").isEqualTo(1);
            fill = fill.get("data");
            assertThat(fill.get("order_id").asText()).isEqualTo(buy.get("id").asText());
            JsonNode balance = until(mine, m -> "balance".equals(m.path("type").asText()), seenMine).get("data");
            assertThat(new BigDecimal(balance.get("amount").asText())).isLessThan(new BigDecimal("100000"));

            // The other user's connection gets its own order, and nothing of this one's before it
            // (events go out in the order the journal commits them).
            JsonNode other = ok(send("POST", "/api/v1/orders", order("ems-stream-other", "t1", "buy", "market", "0.01", null),
                    p.enterprise), 201);
            JsonNode theirEvent = until(theirs, m -> "order".equals(m.path("type").asText()), seenTheirs).get("data");
            assertThat(theirEvent.get("id").asText()).isEqualTo(other.get("id").asText());
            for (String m : seenTheirs) {
                assertThat(JSON.readTree(m).path("data").path("account").asText()).as(m).isNotEqualTo(account);
            }
        }
    }

    @Test
    void theCommandLineTradesThroughTheRunningPlatform() throws Exception {
        String url = "http://127.0.0.1:" + p.port;
        DppProcess created = DppProcess.run(p.env, "orders", "create-account", "ems-cli", "--url", url, "--api-key", p.pro);
        assertThat(created.exitCode()).as(created.output()).isZero();
        DppProcess deposit = DppProcess.run(p.env, "orders", "deposit", "--account", "ems-cli", "--asset", quote, "--amount", "1000",
                "--url", url, "--api-key", p.pro);
        assertThat(deposit.exitCode()).as(deposit.output()).isZero();
        BigDecimal low = bbo()[0].multiply(new BigDecimal("0.95")).setScale(1, java.math.RoundingMode.DOWN);
        DppProcess submitted = DppProcess.run(p.env, "orders", "submit", "--account", "ems-cli", "--venue", "okx", "--symbol", symbol,
                "--side", "buy", "--quantity", "0.001", "--price", low.toPlainString(), "--client-order-id", "cli-1", "--url", url,
                "--api-key", p.pro);
        assertThat(submitted.exitCode()).as(submitted.output()).isZero();
        JsonNode order = JSON.readTree(String.join("\n", submitted.stdout()));
        assertThat(order.get("status").asText()).isEqualTo("new");
        DppProcess listed = DppProcess.run(p.env, "orders", "list", "--account", "ems-cli", "--open", "--url", url, "--api-key", p.pro);
        assertThat(JSON.readTree(String.join("\n", listed.stdout())).get("orders").get(0).get("id").asText())
                .isEqualTo(order.get("id").asText());
        DppProcess canceled = DppProcess.run(p.env, "orders", "cancel", order.get("id").asText(), "--url", url, "--api-key", p.pro);
        assertThat(JSON.readTree(String.join("\n", canceled.stdout())).get("status").asText()).isEqualTo("canceled");
        // A refusal is an exit code and a message that says why.
        DppProcess refused = DppProcess.run(p.env, "orders", "submit", "--account", "ems-cli", "--venue", "okx", "--symbol", symbol,
                "--side", "buy", "--quantity", "1", "--price", low.toPlainString(), "--url", url, "--api-key", p.pro);
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.output()).contains("422 rejected (insufficient_balance)");
        DppProcess keyless = DppProcess.run(p.env, "orders", "accounts", "--url", url);
        assertThat(keyless.exitCode()).isEqualTo(1);
        assertThat(keyless.output()).contains("401").contains("--api-key");
    }

    @Test
    void noUserSeesOrTouchesAnotherUsersAccountsOrOrders() throws Exception {
        String account = "ems-private";
        ok(send("POST", "/api/v1/accounts", "{\"name\":\"" + account + "\"}", p.pro), 201);
        ok(send("POST", "/api/v1/accounts/" + account + "/deposits", "{\"asset\":\"" + quote + "\",\"amount\":\"100000\"}", p.pro), 200);
        BigDecimal low = bbo()[0].multiply(new BigDecimal("0.95")).setScale(1, java.math.RoundingMode.DOWN);
        JsonNode mine = ok(send("POST", "/api/v1/orders", order(account, "p1", "buy", "limit", "0.01", low.toPlainString()), p.pro), 201);
        String id = mine.get("id").asText();
        JsonNode deployed = ok(send("POST", "/api/v1/strategies", "{\"strategy\":\"graph:sma-crossover\",\"venue\":\"okx\","
                + "\"symbol\":\"" + symbol + "\",\"account\":\"" + account + "\",\"params\":{\"size\":\"0.01\"}}", p.pro), 201);
        String deployment = deployed.get("id").asText();
        String other = p.enterprise;
        for (String[] r : new String[][] {{"GET", "/api/v1/orders/" + id}, {"DELETE", "/api/v1/orders/" + id},
                {"GET", "/api/v1/accounts/" + account}, {"GET", "/api/v1/accounts/" + account + "/limits"},
                {"GET", "/api/v1/orders?account=" + account}, {"GET", "/api/v1/fills?account=" + account},
                {"GET", "/api/v1/positions?account=" + account}, {"GET", "/api/v1/balances?account=" + account},
                {"DELETE", "/api/v1/orders?account=" + account}, {"POST", "/api/v1/accounts/" + account + "/reset"},
                {"DELETE", "/api/v1/accounts/" + account + "/kill-switch"}, {"GET", "/api/v1/strategies/" + deployment},
                {"POST", "/api/v1/strategies/" + deployment + "/pause"}, {"POST", "/api/v1/strategies/" + deployment + "/stop"},
                {"POST", "/api/v1/strategies/" + deployment + "/start"}}) {
            assertThat(send(r[0], r[1], null, other).statusCode()).as(r[0] + " " + r[1]).isEqualTo(404);
        }
        for (String[] r : new String[][] {{"PATCH", "/api/v1/orders/" + id, "{\"price\":\"" + low + "\"}"},
                {"POST", "/api/v1/accounts/" + account + "/deposits", "{\"asset\":\"USDT\",\"amount\":\"1\"}"},
                {"PUT", "/api/v1/accounts/" + account + "/limits", "{\"max_open_orders\":1}"},
                {"POST", "/api/v1/accounts/" + account + "/kill-switch", "{}"},
                {"POST", "/api/v1/orders", order(account, "p2", "buy", "limit", "0.01", low.toPlainString())},
                {"POST", "/api/v1/strategies", "{\"strategy\":\"graph:sma-crossover\",\"venue\":\"okx\",\"symbol\":\"" + symbol
                        + "\",\"account\":\"" + account + "\"}"}}) {
            assertThat(send(r[0], r[1], r[2], other).statusCode()).as(r[0] + " " + r[1]).isEqualTo(404);
        }
        // Lists of the other user hold nothing of this one's.
        assertThat(ok(send("GET", "/api/v1/orders", null, other), 200).get("orders").toString()).doesNotContain(account);
        assertThat(ok(send("GET", "/api/v1/accounts", null, other), 200).get("accounts").toString()).doesNotContain(account);
        assertThat(ok(send("GET", "/api/v1/strategies", null, other), 200).get("strategies").toString()).doesNotContain(account);
        // The deployment still runs for its owner, who stops it (its orders canceled).
        assertThat(ok(send("GET", "/api/v1/strategies/" + deployment, null, p.pro), 200).get("state").asText()).isEqualTo("running");
        assertThat(ok(send("POST", "/api/v1/strategies/" + deployment + "/stop", null, p.pro), 200).get("state").asText())
                .isEqualTo("stopped");
        // The order is still there, untouched, for its owner.
        assertThat(ok(send("GET", "/api/v1/orders/" + id, null, p.pro), 200).get("status").asText()).isEqualTo("new");
        ok(send("DELETE", "/api/v1/orders/" + id, null, p.pro), 200);
    }
}
