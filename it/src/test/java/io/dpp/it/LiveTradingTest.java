package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A live account end to end on the shared trading platform ({@code dpp up --demo}: the OKX feed and
 * OKX's order API both served by the venue simulator): a live account names its venue and one of its
 * owner's venue credentials, sends nothing until its owner sets its live flag, then starts from the
 * venue's balances, trades through the venue's signed order API, books each fill once by its venue
 * trade id, and ends where the venue's own account ends, exactly. An order whose answer is lost is
 * found again by its client order id and never sent twice; the kill switch cancels at the venue.
 */
@org.junit.jupiter.api.parallel.ResourceLock(AbusePlatform.LOCK)
@org.junit.jupiter.api.extension.ExtendWith(AbusePlatform.DemoResolver.class)
class LiveTradingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String SYMBOL = "BTC-USDT";
    private static AbusePlatform p;

    @BeforeAll
    static void platform(AbusePlatform platform) throws Exception {
        p = platform;
        VenueTruth.awaitTradableBook(path -> p.get(path, p.pro).body(), "okx", SYMBOL);
    }

    private static HttpResponse<String> send(String method, String path, String body, String key) {
        return p.keyed(method, path, body, key);
    }

    private static JsonNode ok(HttpResponse<String> r, int status) {
        return AbusePlatform.json(r, status);
    }

    private static HttpResponse<String> sim(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.sim + path))
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String order(String account, String id, String side, String quantity, String price, String tif) {
        return "{\"account\":\"" + account + "\",\"client_order_id\":\"" + id + "\",\"venue\":\"okx\",\"symbol\":\"" + SYMBOL
                + "\",\"side\":\"" + side + "\",\"type\":\"limit\",\"quantity\":\"" + quantity + "\",\"price\":\"" + price
                + "\",\"time_in_force\":\"" + tif + "\"}";
    }

    private static BigDecimal[] bbo() throws Exception {
        JsonNode b = JSON.readTree(p.get("/api/v1/live/bbo?venue=okx&symbol=" + URLEncoder.encode(SYMBOL, StandardCharsets.UTF_8),
                p.pro).body());
        return new BigDecimal[] {new BigDecimal(b.get("bids").get(0).get(0).asText()), new BigDecimal(b.get("asks").get(0).get(0).asText())};
    }

    /** The order as the EMS shows it once {@code done} holds (the venue's answers come in by the poll). */
    private static JsonNode awaitOrder(String id, Predicate<JsonNode> done, String what) throws Exception {
        return StreamApiTest.eventually(Duration.ofSeconds(20), () -> {
            JsonNode o = ok(send("GET", "/api/v1/orders/" + id, null, p.pro), 200);
            assertThat(done).as(what + "; the order: " + o).accepts(o);
            return o;
        });
    }

    /** The account's balances at the venue, read with the credential's signed balance call. */
    private static Map<String, BigDecimal> venueBalances(String credential) throws Exception {
        JsonNode t = ok(send("POST", "/api/v1/venue-credentials/" + credential + "/test", null, p.pro), 200);
        assertThat(t.get("ok").asBoolean()).as(t.toString()).isTrue();
        Map<String, BigDecimal> out = new TreeMap<>();
        t.get("balances").properties().forEach(e -> out.put(e.getKey(), new BigDecimal(e.getValue().asText())));
        return out;
    }

    /**
     * Each of the account's venue trades booked once, and DPP's holdings exactly the venue's: the
     * quote, and the base as cash (the fees paid in it) plus the position.
     */
    private static void assertEndsWhereTheVenueEnds(String account, String credential) throws Exception {
        JsonNode fills = ok(send("GET", "/api/v1/fills?account=" + account + "&limit=1000", null, p.pro), 200).get("fills");
        Set<String> tradeIds = new HashSet<>();
        for (JsonNode f : fills) {
            assertThat(tradeIds.add(f.get("venue_trade_id").asText())).as("a trade booked once: " + fills).isTrue();
        }
        Map<String, BigDecimal> venue = venueBalances(credential);
        JsonNode balances = ok(send("GET", "/api/v1/accounts/" + account, null, p.pro), 200).get("balances");
        BigDecimal position = BigDecimal.ZERO;
        for (JsonNode pos : ok(send("GET", "/api/v1/positions?account=" + account, null, p.pro), 200).get("positions")) {
            position = position.add(new BigDecimal(pos.get("quantity").asText()));
        }
        for (String quote : List.of("USDT", "USD")) {
            assertThat(new BigDecimal(balances.path(quote).asText("0"))).as(quote + " at DPP and at the venue")
                    .isEqualByComparingTo(venue.getOrDefault(quote, BigDecimal.ZERO));
        }
        assertThat(new BigDecimal(balances.path("BTC").asText("0")).add(position)).as("BTC at DPP (cash and position) and at the venue")
                .isEqualByComparingTo(venue.getOrDefault("BTC", BigDecimal.ZERO));
    }

    @Test
    void aLiveAccountTradesOnTheVenueAndEndsWhereTheVenueEnds() throws Exception {
        // The venue account and its key, stored in the vault.
        String secret = "sEcReT-okx-live-0123456789abcdef";
        assertThat(sim("/sim/accounts", "{\"venue\":\"okx\",\"api_key\":\"key-okx-live-abcdefgh\",\"secret\":\"" + secret
                + "\",\"passphrase\":\"live pass\",\"balances\":{\"USDT\":\"100000\",\"BTC\":\"1\"}}").statusCode()).isEqualTo(201);
        ok(send("POST", "/api/v1/venue-credentials", "{\"name\":\"okx-live\",\"venue\":\"okx\",\"api_key\":\"key-okx-live-abcdefgh\","
                + "\"secret\":\"" + secret + "\",\"passphrase\":\"live pass\"}", p.pro), 201);

        // A live account names a venue DPP trades on and a credential of that venue.
        assertThat(send("POST", "/api/v1/accounts", "{\"name\":\"live-x\",\"kind\":\"live\",\"venue\":\"okx\"}", p.pro).statusCode())
                .isEqualTo(400);
        assertThat(ok(send("POST", "/api/v1/accounts", "{\"name\":\"live-x\",\"kind\":\"live\",\"venue\":\"bitstamp\",\"credential\":\"okx-live\"}",
                p.pro), 400).get("message").asText()).contains("binance, binance-futures, okx, bybit, kraken, coinbase, deribit, bitmex");
        assertThat(send("POST", "/api/v1/accounts", "{\"name\":\"paper-x\",\"venue\":\"okx\"}", p.pro).statusCode()).isEqualTo(400);
        String account = "okx-live-1";
        JsonNode created = ok(send("POST", "/api/v1/accounts", "{\"name\":\"" + account + "\",\"kind\":\"live\",\"venue\":\"okx\","
                + "\"credential\":\"okx-live\"}", p.pro), 201);
        assertThat(created.get("live").asBoolean()).isFalse();

        // Nothing goes to the venue before the owner sets the live flag.
        BigDecimal[] top = bbo();
        String buyPrice = top[1].multiply(new BigDecimal("1.001")).setScale(1, RoundingMode.DOWN).toPlainString();
        JsonNode refused = ok(send("POST", "/api/v1/orders", order(account, "early", "buy", "0.01", buyPrice, "ioc"), p.pro), 422);
        assertThat(refused.get("reason").asText()).isEqualTo("not_live");
        // Another user can neither see nor set it; a credential of another venue does not open.
        assertThat(send("PUT", "/api/v1/accounts/" + account + "/live", "{\"live\":true}", p.free).statusCode()).isEqualTo(404);
        assertThat(send("PUT", "/api/v1/accounts/" + account + "/live", "{\"live\":\"yes\"}", p.pro).statusCode()).isEqualTo(400);

        JsonNode live = ok(send("PUT", "/api/v1/accounts/" + account + "/live", "{\"live\":true}", p.pro), 200);
        assertThat(live.get("live").asBoolean()).isTrue();
        assertThat(live.get("venue_connected").asBoolean()).isTrue();
        assertThat(new BigDecimal(live.get("balances").get("USDT").asText())).as("the venue's balances, the account's")
                .isEqualByComparingTo("100000");
        assertThat(new BigDecimal(live.get("balances").get("BTC").asText())).isEqualByComparingTo("1");

        // A marketable buy fills at the venue; each fill is booked once, with the venue's trade id.
        JsonNode buy = ok(send("POST", "/api/v1/orders", order(account, "buy-1", "buy", "0.01", buyPrice, "ioc"), p.pro), 201);
        JsonNode filled = awaitOrder(buy.get("id").asText(), o -> o.get("status").asText().equals("filled"), "the buy filled");
        JsonNode fills = ok(send("GET", "/api/v1/fills?account=" + account + "&order=" + buy.get("id").asText(), null, p.pro), 200)
                .get("fills");
        assertThat(fills.size()).isPositive();
        Set<String> tradeIds = new HashSet<>();
        BigDecimal qty = BigDecimal.ZERO;
        for (JsonNode f : fills) {
            assertThat(tradeIds.add(f.get("venue_trade_id").asText())).as("a trade booked once: " + fills).isTrue();
            qty = qty.add(new BigDecimal(f.get("quantity").asText()));
            assertThat(new BigDecimal(f.get("price").asText())).isLessThanOrEqualTo(new BigDecimal(buyPrice));
        }
        assertThat(qty).isEqualByComparingTo("0.01");
        assertThat(new BigDecimal(filled.get("filled").asText())).isEqualByComparingTo("0.01");

        // A resting bid is at the venue; canceled, it is canceled there.
        String low = top[0].multiply(new BigDecimal("0.95")).setScale(1, RoundingMode.DOWN).toPlainString();
        JsonNode rest = ok(send("POST", "/api/v1/orders", order(account, "rest-1", "buy", "0.02", low, "gtc"), p.pro), 201);
        assertThat(rest.get("status").asText()).isEqualTo("new");
        ok(send("DELETE", "/api/v1/orders/" + rest.get("id").asText(), null, p.pro), 200);
        awaitOrder(rest.get("id").asText(), o -> o.get("status").asText().equals("canceled"), "the bid canceled at the venue");

        // The venue takes an order and its answer is lost: 202, state unknown; the EMS finds it by
        // its client order id (not sending it again) and brings in its fills.
        assertThat(sim("/sim/venues/okx/orders?fault=timeout&count=1", null).statusCode()).isEqualTo(200);
        String sellPrice = bbo()[0].multiply(new BigDecimal("0.999")).setScale(1, RoundingMode.UP).toPlainString();
        JsonNode lost = ok(send("POST", "/api/v1/orders", order(account, "sell-lost", "sell", "0.005", sellPrice, "ioc"), p.pro), 202);
        // OKX's private stream may have told the fill before the answer was given up on.
        assertThat(lost.get("status").asText()).isIn("pending_new", "filled");
        JsonNode found = awaitOrder(lost.get("id").asText(), o -> o.get("status").asText().equals("filled"),
                "the order whose answer was lost, found by its client order id and filled");
        assertThat(new BigDecimal(found.get("filled").asText())).isEqualByComparingTo("0.005");

        assertEndsWhereTheVenueEnds(account, "okx-live");

        // The kill switch cancels the working orders at the venue and refuses new ones.
        JsonNode bid = ok(send("POST", "/api/v1/orders", order(account, "rest-2", "buy", "0.01", low, "gtc"), p.pro), 201);
        ok(send("POST", "/api/v1/accounts/" + account + "/kill-switch", "{\"reason\":\"test\"}", p.pro), 200);
        awaitOrder(bid.get("id").asText(), o -> o.get("status").asText().equals("canceled"), "the kill switch canceled the bid");
        assertThat(ok(send("POST", "/api/v1/orders", order(account, "after-kill", "buy", "0.01", low, "gtc"), p.pro), 422)
                .get("reason").asText()).isEqualTo("kill_switch");
        ok(send("DELETE", "/api/v1/accounts/" + account + "/kill-switch", null, p.pro), 200);

        // The live flag off: nothing more is sent.
        assertThat(ok(send("PUT", "/api/v1/accounts/" + account + "/live", "{\"live\":false}", p.pro), 200).get("live").asBoolean())
                .isFalse();
        assertThat(ok(send("POST", "/api/v1/orders", order(account, "off", "buy", "0.01", low, "gtc"), p.pro), 422)
                .get("reason").asText()).isEqualTo("not_live");
        assertThat(p.metric("dpp_ems_venue_order_seconds_count", "venue=\"okx\"")).isGreaterThanOrEqualTo(4);
    }

    @Test
    void aDifferenceWithTheVenueShowsWithBothAmountsUntilItIsGone() throws Exception {
        String apiKey = "key-okx-diff-abcdefgh";
        String secret = "sEcReT-okx-diff-0123456789abcdef";
        String venueAccount = "{\"venue\":\"okx\",\"api_key\":\"" + apiKey + "\",\"secret\":\"" + secret
                + "\",\"passphrase\":\"diff pass\",\"balances\":{\"USDT\":\"%s\",\"BTC\":\"0.5\"}}";
        assertThat(sim("/sim/accounts", venueAccount.formatted("1000")).statusCode()).isEqualTo(201);
        ok(send("POST", "/api/v1/venue-credentials", "{\"name\":\"okx-diff\",\"venue\":\"okx\",\"api_key\":\"" + apiKey
                + "\",\"secret\":\"" + secret + "\",\"passphrase\":\"diff pass\"}", p.pro), 201);
        String account = "okx-diff-1";
        ok(send("POST", "/api/v1/accounts", "{\"name\":\"" + account + "\",\"kind\":\"live\",\"venue\":\"okx\",\"credential\":\"okx-diff\"}",
                p.pro), 201);
        ok(send("PUT", "/api/v1/accounts/" + account + "/live", "{\"live\":true}", p.pro), 200);
        double counted = p.metric("dpp_ems_live_balance_mismatches_total");

        // A bid works at the venue the whole time: the account is compared all the same.
        String low = bbo()[0].multiply(new BigDecimal("0.95")).setScale(1, RoundingMode.DOWN).toPlainString();
        String bid = ok(send("POST", "/api/v1/orders", order(account, "diff-bid", "buy", "0.001", low, "gtc"), p.pro), 201).get("id").asText();
        String placed = java.time.Instant.now().toString();
        StreamApiTest.eventually(Duration.ofSeconds(20), () -> {
            JsonNode a = ok(send("GET", "/api/v1/accounts/" + account, null, p.pro), 200);
            assertThat(a.get("balances_checked").asText("")).as("compared while the bid works").isGreaterThan(placed);
            assertThat(a.get("venue_differences")).as("nothing differs: the bid holds what it may spend at both").isEmpty();
            return null;
        });

        // 250 USDT arrive at the venue outside DPP (a deposit): the next comparison shows it.
        assertThat(transfer(apiKey, "USDT", "250").statusCode()).isEqualTo(200);
        JsonNode differences = StreamApiTest.eventually(Duration.ofSeconds(20), () -> {
            JsonNode d = ok(send("GET", "/api/v1/accounts/" + account, null, p.pro), 200).get("venue_differences");
            assertThat(d).as("the account's differences with the venue").hasSize(1);
            return d;
        });
        assertThat(differences.get(0).get("asset").asText()).isEqualTo("USDT");
        assertThat(new BigDecimal(differences.get(0).get("venue").asText())).isEqualByComparingTo("1250");
        assertThat(new BigDecimal(differences.get(0).get("dpp").asText())).isEqualByComparingTo("1000");
        assertThat(new BigDecimal(differences.get(0).get("difference").asText())).isEqualByComparingTo("250");
        assertThat(p.metric("dpp_ems_live_balance_differences")).isGreaterThanOrEqualTo(1);
        assertThat(p.metric("dpp_ems_live_balance_mismatches_total")).isGreaterThan(counted);

        // Its owner adopts the venue's amount (a deposit made there): DPP counts 1250, and the comparisons agree.
        JsonNode refused = ok(send("POST", "/api/v1/accounts/" + account + "/adopt", "{\"assets\":[\"BTC\"]}", p.pro), 409);
        assertThat(refused.get("message").asText()).contains("no difference in BTC").contains("differences: USDT");
        JsonNode adopted = ok(send("POST", "/api/v1/accounts/" + account + "/adopt", "{\"assets\":[\"USDT\"]}", p.pro), 200);
        assertThat(new BigDecimal(adopted.get("balances").get("USDT").asText())).isEqualByComparingTo("1250");
        assertThat(adopted.get("venue_differences")).isEmpty();
        String adoptedAt = java.time.Instant.now().toString();
        VenueTruth.awaitNoDifference((method, path, body) -> send(method, path, body, p.pro), account, adoptedAt);

        // Withdrawn again at the venue: the difference shows the other way, until it is adopted too.
        assertThat(transfer(apiKey, "USDT", "-250").statusCode()).isEqualTo(200);
        StreamApiTest.eventually(Duration.ofSeconds(20), () -> {
            JsonNode d = ok(send("GET", "/api/v1/accounts/" + account, null, p.pro), 200).get("venue_differences");
            assertThat(d).hasSize(1);
            assertThat(new BigDecimal(d.get(0).get("difference").asText())).isEqualByComparingTo("-250");
            return null;
        });
        // This time from the command line.
        DppProcess adoptedAgain = DppProcess.run(p.env, "orders", "adopt", "--account", account, "--asset", "USDT",
                "--url", "http://127.0.0.1:" + p.port, "--api-key", p.pro);
        assertThat(adoptedAgain.exitCode()).as(adoptedAgain.output()).isZero();
        assertThat(new BigDecimal(JSON.readTree(String.join("\n", adoptedAgain.stdout())).get("balances").get("USDT").asText()))
                .isEqualByComparingTo("1000");
        VenueTruth.awaitNoDifference((method, path, body) -> send(method, path, body, p.pro), account, java.time.Instant.now().toString());
        ok(send("DELETE", "/api/v1/orders/" + bid, null, p.pro), 200);
        awaitOrder(bid, o -> o.get("status").asText().equals("canceled"), "the bid canceled");
        ok(send("PUT", "/api/v1/accounts/" + account + "/live", "{\"live\":false}", p.pro), 200);
    }

    /** A deposit (or, negative, a withdrawal) at the simulator's OKX account of {@code apiKey}, outside DPP. */
    private static HttpResponse<String> transfer(String apiKey, String asset, String amount) throws Exception {
        return sim("/sim/accounts/transfers", "{\"venue\":\"okx\",\"api_key\":\"" + apiKey + "\",\"asset\":\"" + asset
                + "\",\"amount\":\"" + amount + "\"}");
    }

    /** The BTC spot instrument of each venue the live tests trade on. */
    private static String btcSymbol(String venue) {
        return switch (venue) {
            case "okx" -> SYMBOL;
            case "kraken" -> "XBT/USD";
            case "coinbase" -> "BTC-USD";
            case "deribit" -> "BTC-PERPETUAL";
            case "bitmex" -> "XBTUSD";
            default -> "BTCUSDT";
        };
    }

    /**
     * A live account on {@code venue} whose live flag is set, once the platform's book of the venue's
     * BTC instrument is in sync: a venue account at the simulator (USDT, USD and {@code btc} BTC), its
     * key stored as credential {@code venue-what}, and the account {@code venue-what-1}; its name.
     */
    private static String liveAccount(String venue, String what, String apiKey, String btc) throws Exception {
        VenueTruth.awaitTradableBook(path -> p.get(path, p.pro).body(), venue, btcSymbol(venue));
        String secret = VenueTruth.secret(venue, "sEcReT-" + venue + "-" + what + "-0123456789abcdef");
        String passphrase = venue.equals("okx") ? "\"" + what + " pass\"" : "null";
        assertThat(sim("/sim/accounts", "{\"venue\":\"" + venue + "\",\"api_key\":\"" + apiKey + "\",\"secret\":\"" + secret
                + "\",\"passphrase\":" + passphrase + ",\"balances\":{\"USDT\":\"50000\",\"USD\":\"50000\",\"BTC\":\"" + btc + "\"}}")
                .statusCode()).isEqualTo(201);
        String credential = venue + "-" + what;
        ok(send("POST", "/api/v1/venue-credentials", "{\"name\":\"" + credential + "\",\"venue\":\"" + venue + "\",\"api_key\":\""
                + apiKey + "\",\"secret\":\"" + secret + "\",\"passphrase\":" + passphrase + "}", p.pro), 201);
        String account = venue + "-" + what + "-1";
        ok(send("POST", "/api/v1/accounts", "{\"name\":\"" + account + "\",\"kind\":\"live\",\"venue\":\"" + venue
                + "\",\"credential\":\"" + credential + "\"}", p.pro), 201);
        ok(send("PUT", "/api/v1/accounts/" + account + "/live", "{\"live\":true}", p.pro), 200);
        return account;
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"okx", "binance", "kraken", "binance-futures", "coinbase", "bybit", "deribit",
        "bitmex"})
    void aRestingLiveOrderIsAmendedInPlaceAtTheVenue(String venue) throws Exception {
        String symbol = btcSymbol(venue);
        String apiKey = "key-" + venue + "-amend-abcdefgh";
        // (An inverse contract is margined in the coin: Deribit's and BitMEX's accounts hold some.)
        String account = liveAccount(venue, "amend", apiKey, venue.equals("deribit") || venue.equals("bitmex") ? "0.01" : "0");
        JsonNode book = JSON.readTree(p.get("/api/v1/live/bbo?venue=" + venue + "&symbol=" + URLEncoder.encode(symbol, StandardCharsets.UTF_8),
                p.pro).body());
        BigDecimal low = new BigDecimal(book.get("bids").get(0).get(0).asText()).multiply(new BigDecimal("0.95")).setScale(0, RoundingMode.DOWN);
        JsonNode placed = ok(send("POST", "/api/v1/orders", "{\"account\":\"" + account + "\",\"client_order_id\":\"amend-1\",\"venue\":\""
                + venue + "\",\"symbol\":\"" + symbol + "\",\"side\":\"buy\",\"type\":\"limit\",\"quantity\":\"" + VenueTruth.quantity(venue, "0.004")
                + "\",\"price\":\""
                + low.toPlainString() + "\",\"time_in_force\":\"gtc\"}", p.pro), 201);
        String id = placed.get("id").asText();
        if (venue.equals("binance-futures")) {
            // Its dead man's switch is per symbol: armed for the symbol of the working order.
            StreamApiTest.eventually(Duration.ofSeconds(10), () -> {
                JsonNode truth = AbusePlatform.json(VenueTruth.sim(p.sim, "GET", "/sim/accounts?venue=" + venue + "&api_key=" + apiKey, null), 200);
                assertThat(truth.path("cancel_symbol_at").has(symbol)).as("the symbol's countdown armed: " + truth.path("cancel_symbol_at"))
                        .isTrue();
                return null;
            });
        }
        if (io.dpp.trading.live.OrderProtocol.of(venue).margined()) {
            // A margined account is compared with its venue while its bid works (no fill in flight).
            VenueTruth.awaitNoDifference((method, path, body) -> send(method, path, body, p.pro), account, java.time.Instant.now().toString());
        }

        // Amended in place: a new quantity and price (Binance spot lowers a quantity only, keeping the order's priority).
        boolean binance = venue.equals("binance");
        String quantity = VenueTruth.quantity(venue, binance ? "0.003" : "0.005");
        BigDecimal price = binance ? low : low.subtract(BigDecimal.ONE);
        JsonNode amended = ok(send("PATCH", "/api/v1/orders/" + id, "{\"quantity\":\"" + quantity + "\",\"price\":\"" + price.toPlainString()
                + "\"}", p.pro), 200);
        assertThat(new BigDecimal(amended.get("quantity").asText())).isEqualByComparingTo(quantity);
        assertThat(new BigDecimal(amended.get("price").asText())).isEqualByComparingTo(price);
        assertThat(amended.get("status").asText()).isEqualTo("new");
        JsonNode atVenue = venueOrder(venue, apiKey);
        assertThat(new BigDecimal(atVenue.get("quantity").asText())).as("the venue's order, amended").isEqualByComparingTo(quantity);
        assertThat(new BigDecimal(atVenue.get("price").asText())).isEqualByComparingTo(price);
        if (binance) {
            JsonNode refused = ok(send("PATCH", "/api/v1/orders/" + id, "{\"price\":\"" + low.subtract(BigDecimal.ONE).toPlainString() + "\"}",
                    p.pro), 422);
            assertThat(refused.get("reason").asText()).isEqualTo("invalid_order");
            assertThat(refused.get("message").asText()).contains("keepPriority");
            assertThat(refused.get("order").get("status").asText()).isEqualTo("new");
        }

        // The venue makes the next amendment and its answer is lost: 202, and the lookup brings the venue's terms in.
        assertThat(sim("/sim/venues/" + venue + "/amendments?fault=timeout&count=1", "").statusCode()).isEqualTo(200);
        String smaller = VenueTruth.quantity(venue, "0.002");
        JsonNode lost = ok(send("PATCH", "/api/v1/orders/" + id, "{\"quantity\":\"" + smaller + "\"}", p.pro), 202);
        assertThat(lost.get("status").asText()).isEqualTo("pending_replace");
        awaitOrder(id, o -> o.get("status").asText().equals("new") && new BigDecimal(o.get("quantity").asText()).compareTo(
                new BigDecimal(smaller)) == 0, "the amendment the venue made, looked up");
        assertThat(new BigDecimal(venueOrder(venue, apiKey).get("quantity").asText())).isEqualByComparingTo(smaller);

        ok(send("DELETE", "/api/v1/orders/" + id, null, p.pro), 200);
        awaitOrder(id, o -> o.get("status").asText().equals("canceled"), "canceled");
        VenueTruth.assertEndsAsTheVenue((method, path, body) -> send(method, path, body, p.pro), p.sim, venue, apiKey, account);
    }

    /**
     * Deribit's dead man's switch is its connection's: the EMS sends the account's orders over its
     * private stream's socket, armed with {@code private/enable_cancel_on_disconnect}. When that
     * connection ends, Deribit (here the simulator) cancels the bid resting there, and the EMS, back
     * on a new connection, learns it from the venue.
     */
    @org.junit.jupiter.api.Test
    void deribitCancelsTheOrdersOfAConnectionThatEnds() throws Exception {
        String venue = "deribit";
        String symbol = btcSymbol(venue);
        String apiKey = "key-deribit-cod-abcdefgh";
        String account = liveAccount(venue, "cod", apiKey, "0.01");
        StreamApiTest.eventually(Duration.ofSeconds(20), () -> {
            JsonNode a = ok(send("GET", "/api/v1/accounts/" + account, null, p.pro), 200);
            assertThat(a.get("private_stream").asText()).as(a.toString()).isEqualTo("live");
            assertThat(a.get("cancel_on_disconnect").asText()).as("orders go over the armed connection").isEqualTo("connection");
            return null;
        });
        JsonNode book = JSON.readTree(p.get("/api/v1/live/bbo?venue=" + venue + "&symbol=" + URLEncoder.encode(symbol, StandardCharsets.UTF_8),
                p.pro).body());
        BigDecimal low = new BigDecimal(book.get("bids").get(0).get(0).asText()).multiply(new BigDecimal("0.95")).setScale(0, RoundingMode.DOWN);
        JsonNode placed = ok(send("POST", "/api/v1/orders", "{\"account\":\"" + account + "\",\"client_order_id\":\"cod-1\",\"venue\":\""
                + venue + "\",\"symbol\":\"" + symbol + "\",\"side\":\"buy\",\"type\":\"limit\",\"quantity\":\""
                + VenueTruth.quantity(venue, "0.004") + "\",\"price\":\"" + low.toPlainString() + "\",\"time_in_force\":\"gtc\"}", p.pro), 201);
        assertThat(placed.get("status").asText()).isEqualTo("new");
        assertThat(venueOrder(venue, apiKey).get("status").asText()).isEqualTo("NEW");

        // The venue's gateway drops the account's connections: the bid placed over it is canceled by the venue.
        assertThat(sim("/sim/venues/" + venue + "/private?fault=drop", null).statusCode()).isEqualTo(200);
        assertThat(venueOrder(venue, apiKey).get("status").asText()).as("canceled at the venue as the connection ended").isEqualTo("CANCELED");
        // (An order the venue ended without DPP asking shows as expired at the venue.)
        awaitOrder(placed.get("id").asText(), o -> o.get("status").asText().equals("expired") && o.get("reason").asText().contains("deribit"),
                "the venue's cancel, learned");
        VenueTruth.assertEndsAsTheVenue((method, path, body) -> send(method, path, body, p.pro), p.sim, venue, apiKey, account);
    }

    /** The only order of the simulator's account of {@code apiKey}, as the venue has it. */
    private static JsonNode venueOrder(String venue, String apiKey) throws Exception {
        JsonNode orders = AbusePlatform.json(VenueTruth.sim(p.sim, "GET", "/sim/accounts?venue=" + venue + "&api_key=" + apiKey, null), 200)
                .get("orders");
        assertThat(orders).hasSize(1);
        return orders.get(0);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"okx", "binance", "kraken", "binance-futures", "coinbase", "bybit", "deribit",
        "bitmex"})
    void aNodeGraphDeployedOnALiveAccountTradesAtTheVenue(String venue) throws Exception {
        String symbol = btcSymbol(venue);
        String apiKey = "key-" + venue + "-graph-abcdefgh";
        String account = liveAccount(venue, "graph", apiKey, "0.01");
        String credential = venue + "-graph";

        // Buys 0.002 BTC when flat, sells it when long, never with an order working, at most once
        // per one-second bar: round trips at the venue as fast as its fills come back. (A buy's fee is paid in BTC at OKX and
        // Binance: the 0.01 BTC the account starts with covers the sells; Kraken and Coinbase charge it in USD.)
        String graph = "{\"name\":\"live-round-trips\",\"nodes\":["
                + "{\"id\":\"bars\",\"type\":\"candles\",\"interval\":\"1s\"},"
                + "{\"id\":\"pos\",\"type\":\"assets\"},"
                + "{\"id\":\"working\",\"type\":\"open_orders\"},"
                + "{\"id\":\"flat\",\"type\":\"compare\",\"a\":\"pos.position\",\"op\":\"==\",\"b\":0},"
                + "{\"id\":\"long\",\"type\":\"compare\",\"a\":\"pos.position\",\"op\":\">\",\"b\":0},"
                + "{\"id\":\"idle\",\"type\":\"compare\",\"a\":\"working.count\",\"op\":\"==\",\"b\":0},"
                + "{\"id\":\"priced\",\"type\":\"compare\",\"a\":\"bars.close\",\"op\":\">\",\"b\":0},"
                + "{\"id\":\"enter\",\"type\":\"and\",\"inputs\":[\"flat\",\"idle\",\"priced\"]},"
                + "{\"id\":\"exit\",\"type\":\"and\",\"inputs\":[\"long\",\"idle\",\"priced\"]},"
                + "{\"id\":\"buy\",\"type\":\"order\",\"when\":\"enter\",\"side\":\"buy\",\"quantity\":\"" + VenueTruth.quantity(venue, "0.002") + "\"},"
                + "{\"id\":\"sell\",\"type\":\"order\",\"when\":\"exit\",\"side\":\"sell\",\"quantity\":\"" + VenueTruth.quantity(venue, "0.002") + "\"}]}";
        JsonNode deployed = ok(send("POST", "/api/v1/strategies", "{\"graph\":" + graph + ",\"venue\":\"" + venue + "\",\"symbol\":\"" + symbol
                + "\",\"account\":\"" + account + "\"}", p.pro), 201);
        String id = deployed.get("id").asText();

        StreamApiTest.eventually(Duration.ofSeconds(60), () -> {
            JsonNode orders = ok(send("GET", "/api/v1/orders?account=" + account + "&limit=100", null, p.pro), 200).get("orders");
            assertThat(orders).as("orders the graph filled at the venue").filteredOn(o -> o.get("status").asText().equals("filled"))
                    .hasSizeGreaterThanOrEqualTo(4);
            return null;
        });
        ok(send("POST", "/api/v1/strategies/" + id + "/stop", null, p.pro), 200);
        StreamApiTest.eventually(Duration.ofSeconds(20), () -> {
            assertThat(ok(send("GET", "/api/v1/orders?account=" + account + "&status=open", null, p.pro), 200).get("orders"))
                    .as("open orders once the strategy stopped").isEmpty();
            return null;
        });
        for (JsonNode o : ok(send("GET", "/api/v1/orders?account=" + account + "&limit=500", null, p.pro), 200).get("orders")) {
            assertThat(o.get("status").asText()).as("every order ended: " + o).isIn("filled", "canceled", "rejected", "expired");
            assertThat(o.get("status").asText()).as("no order refused: " + o).isNotEqualTo("rejected");
        }

        if (io.dpp.trading.live.OrderProtocol.of(venue).margined()) {
            // A margined account: its positions and its wallet, as the venue keeps them.
            VenueTruth.assertEndsAsTheVenue((method, path, body) -> send(method, path, body, p.pro), p.sim, venue, apiKey, account);
        } else {
            assertEndsWhereTheVenueEnds(account, credential);
        }
    }
}
