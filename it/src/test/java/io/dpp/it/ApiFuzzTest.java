package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A parameter fuzzer driven by the OpenAPI document the platform serves: for every documented
 * parameter of every route (and every property of the backtest body), random, huge, negative,
 * empty, non-ASCII and hostile values, one parameter at a time over a well-formed request. Every
 * answer must be 2xx, or 4xx with a JSON error naming no internals: never 5xx, never a dropped
 * connection, never a crash. A numeric parameter just beyond its documented minimum or maximum
 * must be a 400 that names it. Seeded, so a failure repeats.
 */
@org.junit.jupiter.api.parallel.ResourceLock(AbusePlatform.LOCK)
@org.junit.jupiter.api.extension.ExtendWith(AbusePlatform.Resolver.class)
class ApiFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final long SEED = 20261203L;

    /** Well-formed values for parameters whose schema has no example, default or enum. */
    private static final Map<String, String> BASE = Map.ofEntries(Map.entry("venue", "kraken"), Map.entry("venues", "kraken"),
            Map.entry("symbol", "XBT/USD"), Map.entry("symbols", "XBT/USD"), Map.entry("from", "2000-01-01"),
            Map.entry("to", "2100-01-01"), Map.entry("at", "2030-01-01"), Map.entry("id", "none"),
            Map.entry("name", "sma"), Map.entry("channels", "trades"));

    @Test
    void everyDocumentedParameterAnswers2xxOr4xxJsonWhateverItIsSent(AbusePlatform p) throws Exception {
        JsonNode doc = YAML.readTree(p.get("/api/v1/openapi.yaml", null).body());
        Random random = new Random(SEED);
        int requests = 0;
        int bounded = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            JsonNode get = path.getValue().get("get");
            if (get == null) {
                continue;
            }
            List<JsonNode> params = new ArrayList<>();
            for (JsonNode param : get.path("parameters")) {
                params.add(resolve(doc, param));
            }
            // The well-formed request: required parameters, path parameters and those with a default
            // (an optional one, such as an indicator's own parameters, only when it is the one fuzzed).
            Map<String, String> base = new LinkedHashMap<>();
            for (JsonNode param : params) {
                if (param.path("required").asBoolean(false) || param.path("in").asText().equals("path")
                        || param.path("schema").has("default") || BASE.containsKey(param.get("name").asText())) {
                    base.put(param.get("name").asText(), baseValue(param));
                }
            }
            for (JsonNode param : params) {
                String name = param.get("name").asText();
                JsonNode schema = param.path("schema");
                List<String> values = hostile(random);
                boolean numeric = schema.path("type").asText().equals("integer") || schema.path("type").asText().equals("number");
                if (numeric) {
                    assertThat(schema.has("maximum")).as(path.getKey() + " " + name + ": every number has a documented maximum").isTrue();
                }
                for (String value : values) {
                    Map<String, String> query = new LinkedHashMap<>(base);
                    query.put(name, value);
                    check(p, url(path.getKey(), query), name + "=" + shorten(value));
                    requests++;
                }
                if (numeric) {
                    long max = schema.get("maximum").asLong();
                    long min = schema.path("minimum").asLong(Long.MIN_VALUE);
                    List<String> beyond = new ArrayList<>(List.of(Long.toString(max + 1), "9223372036854775808"));
                    if (min > Long.MIN_VALUE) {
                        beyond.add(Long.toString(min - 1));
                    }
                    for (String value : beyond) {
                        Map<String, String> query = new LinkedHashMap<>(base);
                        query.put(name, value);
                        HttpResponse<String> r = check(p, url(path.getKey(), query), name + "=" + value);
                        assertThat(r.statusCode()).as(path.getKey() + " " + name + "=" + value + ": " + r.body()).isEqualTo(400);
                        assertThat(JSON.readTree(r.body()).path("message").asText()).as("the message names the parameter").contains(name);
                        requests++;
                        bounded++;
                    }
                }
            }
        }
        requests += fuzzBacktestBody(p, doc, random);
        requests += fuzzTradingBodies(p, doc, random);
        System.out.printf("api fuzz: %d requests, %d of them beyond a documented bound (seed %d)%n", requests, bounded, SEED);
        assertThat(bounded).as("numeric parameters checked at their bounds").isGreaterThanOrEqualTo(20);
        p.assertStanding();
    }

    /** Each property of the backtest body, set to every hostile value as a string and as a number. */
    private static int fuzzBacktestBody(AbusePlatform p, JsonNode doc, Random random) throws Exception {
        JsonNode properties = doc.at("/paths/~1api~1v1~1backtests/post/requestBody/content/application~1json/schema/properties");
        assertThat(properties.size()).as("backtest body properties").isGreaterThan(10);
        ObjectNode base = (ObjectNode) JSON.readTree("{\"strategy\":\"sma-crossover\",\"venue\":\"okx\",\"symbol\":\"BTC-USDT\","
                + "\"from\":\"2000-01-01\",\"to\":\"2100-01-01\"}");
        return fuzzProperties(p, "POST", "/api/v1/backtests", base, properties, random, "POST backtests");
    }

    /**
     * Every JSON body the trading routes take (orders, replaces, accounts, deposits, limits, kill
     * switches), read from the OpenAPI document: each property set to every hostile value, as a string
     * and as a number, over a well-formed body, and then bodies that are not what the route takes at
     * all (not JSON, not an object, nested deep, over the size bound). Every route with a JSON body
     * must be covered here or by the backtest fuzzer: a new one without a well-formed body fails.
     */
    /** A graph that compiles, for the saved graphs' routes. */
    private static final String FUZZ_GRAPH = "{\"name\":\"fuzz\",\"nodes\":[{\"id\":\"bars\",\"type\":\"candles\"},"
            + "{\"id\":\"up\",\"type\":\"compare\",\"a\":\"bars.close\",\"op\":\">\",\"b\":0},"
            + "{\"id\":\"buy\",\"type\":\"order\",\"when\":\"up\",\"side\":\"buy\",\"quantity\":1}]}";

    private static int fuzzTradingBodies(AbusePlatform p, JsonNode doc, Random random) throws Exception {
        String account = "fuzz-bodies";
        HttpResponse<String> created = p.send("POST", "/api/v1/accounts", "{\"name\":\"" + account + "\"}", "X-API-Key", p.enterprise,
                "Content-Type", "application/json");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HttpResponse<String> order = p.send("POST", "/api/v1/orders", "{\"account\":\"" + account + "\",\"venue\":\"okx\","
                + "\"symbol\":\"BTC-USDT\",\"side\":\"buy\",\"type\":\"limit\",\"quantity\":\"0.01\",\"price\":\"1\"}",
                "X-API-Key", p.enterprise, "Content-Type", "application/json");
        assertAnswer(order, "the order whose replace is fuzzed");
        String orderId = order.statusCode() < 300 ? JSON.readTree(order.body()).get("id").asText() : "1";
        String token = "A".repeat(43);
        Map<String, String> bases = Map.ofEntries(
                Map.entry("post /api/v1/orders", "{\"account\":\"" + account + "\",\"venue\":\"okx\",\"symbol\":\"BTC-USDT\","
                        + "\"side\":\"buy\",\"type\":\"limit\",\"quantity\":\"0.01\",\"price\":\"1\",\"time_in_force\":\"gtc\"}"),
                Map.entry("patch /api/v1/orders/{id}", "{\"quantity\":\"0.02\",\"price\":\"1\"}"),
                Map.entry("post /api/v1/accounts", "{\"name\":\"" + account + "\",\"kind\":\"paper\"}"),
                Map.entry("post /api/v1/accounts/{name}/deposits", "{\"asset\":\"USDT\",\"amount\":\"10\"}"),
                // A paper account has no venue to adopt amounts from: refused (409), whatever the body says.
                Map.entry("post /api/v1/accounts/{name}/adopt", "{\"assets\":[\"USDT\"]}"),
                Map.entry("put /api/v1/accounts/{name}/limits", "{\"max_order_quantity\":\"1\"}"),
                Map.entry("post /api/v1/accounts/{name}/kill-switch", "{\"reason\":\"fuzz\"}"),
                // A paper account's live flag: refused (409), whatever the body says.
                Map.entry("put /api/v1/accounts/{name}/live", "{\"live\":true}"),
                Map.entry("post /api/v1/kill-switch", "{\"reason\":\"fuzz\"}"),
                Map.entry("post /api/v1/venue-credentials", "{\"name\":\"fuzz-cred\",\"venue\":\"binance\","
                        + "\"api_key\":\"fuzz-key-0123456789\",\"secret\":\"fuzz-secret\"}"),
                Map.entry("post /api/v1/strategies", "{\"strategy\":\"graph:sma-crossover\",\"venue\":\"okx\",\"symbol\":\"BTC-USDT\","
                        + "\"account\":\"" + account + "\",\"params\":{\"size\":\"0.01\"}}"),
                // The users' routes: the caller is a user (not staff), so staff routes answer 403
                // whatever the body; public routes answer their 2xx/4xx, then 429 once an address's
                // allowance is spent.
                Map.entry("post /api/v1/users/sign-up", "{\"email\":\"fuzz@example.com\",\"password\":\"fuzz password 1\"}"),
                Map.entry("post /api/v1/users/verify", "{\"token\":\"" + token + "\"}"),
                Map.entry("post /api/v1/users/verify/resend", "{\"email\":\"fuzz@example.com\"}"),
                Map.entry("post /api/v1/users/sign-in", "{\"email\":\"fuzz@example.com\",\"password\":\"fuzz password 1\"}"),
                Map.entry("post /api/v1/users/password/reset", "{\"email\":\"fuzz@example.com\"}"),
                Map.entry("post /api/v1/users/password/reset/confirm", "{\"token\":\"" + token + "\",\"password\":\"fuzz password 2\"}"),
                Map.entry("patch /api/v1/users/me", "{\"notify_tickets\":true}"),
                Map.entry("post /api/v1/users/me/password", "{\"current_password\":\"not the password\",\"new_password\":\"fuzz password 3\"}"),
                Map.entry("post /api/v1/users/me/totp/confirm", "{\"code\":\"123456\"}"),
                Map.entry("post /api/v1/users/me/totp/disable", "{\"password\":\"not the password\",\"code\":\"123456\"}"),
                Map.entry("post /api/v1/users/me/keys", "{\"plan\":\"enterprise\"}"),
                Map.entry("post /api/v1/users", "{\"email\":\"fuzz2@example.com\"}"),
                Map.entry("patch /api/v1/users/{id}", "{\"role\":\"user\"}"),
                Map.entry("put /api/v1/plans/{name}", "{\"history_days\":1}"),
                Map.entry("post /api/v1/tickets", "{\"subject\":\"fuzz\",\"body\":\"fuzz\",\"category\":\"bug\"}"),
                Map.entry("patch /api/v1/tickets/{id}", "{\"status\":\"closed\"}"),
                Map.entry("post /api/v1/tickets/{id}/messages", "{\"body\":\"fuzz\"}"),
                Map.entry("post /api/v1/tickets/{id}/merge", "{\"into\":1}"),
                Map.entry("post /api/v1/tickets/{id}/satisfaction", "{\"rating\":5}"),
                Map.entry("post /api/v1/feedback", "{\"service\":\"backtests\",\"rating\":4}"),
                Map.entry("post /api/v1/feedback/nps", "{\"score\":9}"),
                Map.entry("post /api/v1/messages", "{\"subject\":\"fuzz\",\"body\":\"fuzz\"}"),
                // Saved graphs: a small graph that compiles.
                Map.entry("post /api/v1/graphs", "{\"graph\":" + FUZZ_GRAPH + "}"),
                Map.entry("post /api/v1/graphs/validate", "{\"graph\":" + FUZZ_GRAPH + "}"),
                Map.entry("put /api/v1/graphs/{id}", "{\"graph\":" + FUZZ_GRAPH + ",\"base_version\":1}"),
                Map.entry("post /api/v1/graphs/{id}/duplicate", "{\"name\":\"fuzz-copy\"}"));
        // Not a body any route takes: refused with a 4xx (an empty body or an object of unknown
        // fields may be taken where every field is optional, so those two need only a good answer).
        List<String> odd = List.of("", "{\"quantity\":{\"$gt\":0}}");
        List<String> malformed = List.of("[]", "null", "42", "\"text\"", "{", "{\"a\":", "not json",
                "[".repeat(5_000) + "]".repeat(5_000), "{\"a\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}",
                "{\"pad\":\"" + "x".repeat(20_000) + "\"}");
        int n = 0;
        int routes = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (String method : List.of("post", "put", "patch")) {
                JsonNode operation = path.getValue().get(method);
                JsonNode schema = operation == null ? null : operation.at("/requestBody/content/application~1json/schema");
                if (schema == null || schema.isMissingNode() || path.getKey().equals("/api/v1/backtests")) {
                    continue;
                }
                if (schema.has("$ref")) {
                    schema = doc.at(schema.get("$ref").asText().substring(1));
                }
                String route = method + " " + path.getKey();
                assertThat(bases).as(route + ": a well-formed body to fuzz from").containsKey(route);
                routes++;
                String url = path.getKey().replace("{name}", account).replace("{id}", orderId);
                ObjectNode base = (ObjectNode) JSON.readTree(bases.get(route));
                n += fuzzProperties(p, method.toUpperCase(java.util.Locale.ROOT), url, base, schema.path("properties"), random, route);
                for (String body : odd) {
                    assertAnswer(p.send(method.toUpperCase(java.util.Locale.ROOT), url, body, "X-API-Key", p.enterprise,
                            "Content-Type", "application/json"), route + " body " + shorten(body));
                    n++;
                }
                for (String body : malformed) {
                    HttpResponse<String> r = p.send(method.toUpperCase(java.util.Locale.ROOT), url, body, "X-API-Key", p.enterprise,
                            "Content-Type", "application/json");
                    assertAnswer(r, route + " body " + shorten(body));
                    assertThat(r.statusCode()).as(route + " body " + shorten(body) + ": " + shorten(r.body())).isBetween(400, 499);
                    n++;
                }
            }
        }
        assertThat(routes).as("trading routes with a JSON body").isGreaterThanOrEqualTo(bases.size());
        // The fuzz may have set the account's kill switch; the global one stays refused (no admin here).
        assertAnswer(p.send("DELETE", "/api/v1/accounts/" + account + "/kill-switch", null, "X-API-Key", p.enterprise),
                "clearing the fuzzed account's kill switch");
        assertThat(p.send("DELETE", "/api/v1/kill-switch", null, "X-API-Key", p.enterprise).statusCode()).isEqualTo(403);
        return n;
    }

    /** Each of {@code properties} set in {@code base} to every hostile value, as a string and as a number; the requests sent. */
    private static int fuzzProperties(AbusePlatform p, String method, String url, ObjectNode base, JsonNode properties, Random random,
                                      String what) throws Exception {
        int n = 0;
        for (Iterator<String> it = properties.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            for (String value : hostile(random)) {
                for (int form = 0; form < 2; form++) {
                    ObjectNode body = base.deepCopy();
                    if (form == 0) {
                        body.put(field, value);
                    } else {
                        body.set(field, numberOrText(value));
                    }
                    assertAnswer(p.send(method, url, body.toString(), "X-API-Key", p.enterprise, "Content-Type", "application/json"),
                            what + " " + field + "=" + shorten(value));
                    n++;
                }
            }
        }
        return n;
    }

    private static JsonNode numberOrText(String value) {
        try {
            return JSON.readTree(value).isNumber() ? JSON.readTree(value) : JSON.getNodeFactory().textNode(value);
        } catch (Exception e) {
            return JSON.getNodeFactory().textNode(value);
        }
    }

    private static HttpResponse<String> check(AbusePlatform p, String url, String what) throws Exception {
        HttpResponse<String> r = p.send("GET", url, null, "X-API-Key", p.enterprise);
        assertAnswer(r, url + " (" + what + ")");
        return r;
    }

    private static void assertAnswer(HttpResponse<String> r, String what) throws Exception {
        int status = r.statusCode();
        assertThat(status).as(what + ": " + shorten(r.body())).isBetween(200, 499);
        if (status >= 400) {
            assertThat(r.headers().firstValue("content-type").orElse("")).as(what).startsWith("application/json");
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.path("status").asInt()).as(what).isEqualTo(status);
            assertThat(body.path("message").asText()).as(what).isNotBlank().doesNotContain("SELECT ").doesNotContain("Exception")
                    .doesNotContain("\tat ");
        }
    }

    /** Values no parameter should be sent, and every one must be answered well. */
    private static List<String> hostile(Random random) {
        StringBuilder noise = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            noise.append((char) (0x21 + random.nextInt(0x5e)));
        }
        return List.of("", " ", "0", "-1", "9223372036854775808", "-9223372036854775809", "1e400", "NaN", "Infinity", "0.5",
                "99999999999999999999999999999999999999", "9".repeat(2000), "ü€𝄞中文", "\u0000\u0001", "../../../etc/passwd",
                "' OR '1'='1' --", "*".repeat(300) + "#", "%", noise.toString(), "x".repeat(7000),
                "9999-12-31T23:59:59.999999999Z", "+999999999-12-31T23:59:59Z", "1970-01-01", "-1d", "PT-1S");
    }

    private static JsonNode resolve(JsonNode doc, JsonNode param) {
        return param.has("$ref") ? doc.at(param.get("$ref").asText().substring(1)) : param;
    }

    private static String baseValue(JsonNode param) {
        String name = param.get("name").asText();
        JsonNode schema = param.path("schema");
        if (schema.path("type").asText().equals("integer") && !schema.has("default")) {
            return schema.path("minimum").asText("1"); // a row id such as a ticket's or a user's
        }
        if (BASE.containsKey(name)) {
            return BASE.get(name);
        }
        if (schema.has("default")) {
            return schema.get("default").asText();
        }
        if (schema.has("enum")) {
            return schema.get("enum").get(0).asText();
        }
        if (schema.has("example")) {
            return schema.get("example").asText();
        }
        return schema.has("minimum") ? schema.get("minimum").asText() : "1";
    }

    private static String url(String template, Map<String, String> params) {
        String path = template;
        StringBuilder query = new StringBuilder();
        for (Map.Entry<String, String> e : params.entrySet()) {
            String encoded = URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8).replace("+", "%20");
            if (path.contains("{" + e.getKey() + "}")) {
                path = path.replace("{" + e.getKey() + "}", encoded.isEmpty() ? "%20" : encoded);
            } else {
                query.append(query.isEmpty() ? "?" : "&").append(e.getKey()).append('=').append(encoded);
            }
        }
        return path + query;
    }

    private static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "...(" + s.length() + ")" : s;
    }
}
