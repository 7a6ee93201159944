package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The credential vault end to end on the shared platform ({@code dpp up --replay}, API keys
 * required): a key of each of the eight trading venues is stored, tested with a signed read-only
 * call that the venue simulator checks by the venue's own rules, and answers the balances the
 * simulator's account holds, exactly; a wrong secret is refused in the venue's words; one user never
 * reaches another's credentials; bad input is refused with a message; and no secret appears in an
 * answer, the metrics, the platform's log or {@code dpp config print}.
 */
@org.junit.jupiter.api.parallel.ResourceLock(AbusePlatform.LOCK)
@org.junit.jupiter.api.extension.ExtendWith(AbusePlatform.Resolver.class)
class VenueCredentialsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static AbusePlatform p;
    private static final List<String> SECRETS = new ArrayList<>();

    /** A P-256 key in SEC 1 PEM, as Coinbase issues CDP keys (made for this test only). */
    private static final String COINBASE_KEY = "-----BEGIN EC PRIVATE KEY-----\n"
            + "MHcCAQEEIHp5p1IfJZV5KIOyz/fyXTQao5pOr8dd3niYXKgSVVmtoAoGCCqGSM49\n"
            + "AwEHoUQDQgAENhHMxsIyq5+D+K8SxzIsR8H1+3UO2bdb7Hu6yJedm8pw6/JkLg9r\n"
            + "1r8wxgGtmgW610NK2VExelcpWMJOYrs+Tg==\n-----END EC PRIVATE KEY-----\n";

    @BeforeAll
    static void platform(AbusePlatform platform) {
        p = platform;
    }

    private static String secretOf(String venue, int n) {
        return switch (venue) {
            case "kraken" -> java.util.Base64.getEncoder().encodeToString(("kraken secret number " + n + " ").repeat(3).getBytes());
            case "coinbase" -> COINBASE_KEY;
            default -> "sEcReT-" + venue + "-" + n + "-0123456789abcdef";
        };
    }

    private static HttpResponse<String> sim(String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.sim + "/sim/accounts"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> call(String method, String path, String body, String key) {
        HttpResponse<String> r = p.keyed(method, path, body, key);
        for (String secret : SECRETS) {
            assertThat(r.body()).as(method + " " + path + " never answers a secret").doesNotContain(secret.strip());
        }
        return r;
    }

    private static JsonNode ok(HttpResponse<String> r, int status) {
        return AbusePlatform.json(r, status);
    }

    @Test
    void eachVenuesKeyIsStoredSealedAndTestedWithASignedCallTheVenueChecks() throws Exception {
        Map<String, Map<String, String>> balances = new LinkedHashMap<>();
        balances.put("binance", Map.of("BTC", "1.25", "USDT", "10000.5"));
        balances.put("binance-futures", Map.of("USDT", "2500.125"));
        balances.put("okx", Map.of("BTC", "0.5", "USDT", "123.456789"));
        balances.put("bybit", Map.of("ETH", "3.14159", "USDT", "42"));
        balances.put("kraken", Map.of("XXBT", "0.0001", "ZUSD", "99.99"));
        balances.put("coinbase", Map.of("BTC", "0.3", "USD", "5000"));
        balances.put("deribit", Map.of("BTC", "1.5", "ETH", "20.25"));
        balances.put("bitmex", Map.of("BTC", "0.12345678", "USDT", "1000.5"));
        int n = 0;
        for (Map.Entry<String, Map<String, String>> e : balances.entrySet()) {
            String venue = e.getKey();
            n++;
            String apiKey = venue.equals("coinbase") ? "organizations/dpp-test/apiKeys/key-" + n : "key-" + venue + "-" + n + "-abcdefgh";
            String secret = secretOf(venue, n);
            SECRETS.add(secret);
            ObjectNode account = JSON.createObjectNode().put("venue", venue).put("api_key", apiKey).put("secret", secret);
            ObjectNode credential = JSON.createObjectNode().put("name", venue + "-main").put("venue", venue).put("api_key", apiKey)
                    .put("secret", secret);
            if (venue.equals("okx")) {
                account.put("passphrase", "okx pass phrase");
                credential.put("passphrase", "okx pass phrase");
                SECRETS.add("okx pass phrase");
            }
            account.set("balances", JSON.valueToTree(e.getValue()));
            assertThat(sim(account.toString()).statusCode()).isEqualTo(201);

            JsonNode added = ok(call("POST", "/api/v1/venue-credentials", credential.toString(), p.pro), 201);
            assertThat(added.get("venue").asText()).isEqualTo(venue);
            assertThat(added.get("api_key").asText()).as("masked").isEqualTo(apiKey.substring(0, 4) + "…" + apiKey.substring(apiKey.length() - 4));
            assertThat(added.get("last_test").isNull()).isTrue();

            if (venue.equals("binance")) {
                // Binance's clock 40 s ahead of this machine's: far outside its 5 s receive window,
                // so the test passes only if it is signed at the venue's clock.
                HttpResponse<String> skew = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.sim
                        + "/sim/venues/binance/clock?skew=40000")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(skew.statusCode()).as(skew.body()).isEqualTo(200);
            }
            JsonNode tested = ok(call("POST", "/api/v1/venue-credentials/" + venue + "-main/test", null, p.pro), 200);
            assertThat(tested.get("ok").asBoolean()).as(venue + ": " + tested).isTrue();
            Map<String, BigDecimal> got = new LinkedHashMap<>();
            tested.get("balances").properties().forEach(b -> got.put(b.getKey(), new BigDecimal(b.getValue().asText())));
            assertThat(got).as(venue + " balances, exactly").hasSize(e.getValue().size());
            // Kraken answers its legacy codes (XXBT, ZUSD); DPP shows every venue's assets by their usual names.
            Map<String, String> named = Map.of("XXBT", "BTC", "ZUSD", "USD");
            e.getValue().forEach((asset, amount) -> assertThat(got.get(venue.equals("kraken") ? named.get(asset) : asset))
                    .as(venue + " " + asset).isEqualByComparingTo(amount));
            JsonNode shown = ok(call("GET", "/api/v1/venue-credentials/" + venue + "-main", null, p.pro), 200);
            assertThat(shown.get("last_test").get("ok").asBoolean()).isTrue();
        }
        assertThat(p.metric("dpp_vault_credential_tests_total", "result=\"ok\"")).isGreaterThanOrEqualTo(8);

        // The same key with a wrong secret: the venue refuses, in its own words, and the refusal is kept.
        String wrong = "a-wrong-secret-for-okx-0123456789";
        SECRETS.add(wrong);
        ok(call("POST", "/api/v1/venue-credentials", JSON.createObjectNode().put("name", "okx-wrong").put("venue", "okx")
                .put("api_key", "key-okx-3-abcdefgh").put("secret", wrong).put("passphrase", "okx pass phrase").toString(), p.pro), 201);
        JsonNode refused = ok(call("POST", "/api/v1/venue-credentials/okx-wrong/test", null, p.pro), 200);
        assertThat(refused.get("ok").asBoolean()).isFalse();
        assertThat(refused.get("message").asText()).isEqualTo("okx refused: 50113: Invalid Sign");
        assertThat(refused.get("status").asInt()).isEqualTo(401);
        ok(call("POST", "/api/v1/venue-credentials", JSON.createObjectNode().put("name", "kraken-unknown").put("venue", "kraken")
                .put("api_key", "a-key-kraken-never-issued").put("secret", secretOf("kraken", 99)).toString(), p.pro), 201);
        assertThat(ok(call("POST", "/api/v1/venue-credentials/kraken-unknown/test", null, p.pro), 200).get("message").asText())
                .isEqualTo("kraken refused: EAPI:Invalid key");

        JsonNode listed = ok(call("GET", "/api/v1/venue-credentials", null, p.pro), 200);
        assertThat(listed).extracting(c -> c.get("name").asText()).contains("okx-main", "okx-wrong", "bitmex-main");
        assertThat(listed.toString()).doesNotContain("secret");

        // Another user: none of it exists.
        assertThat(ok(call("GET", "/api/v1/venue-credentials", null, p.enterprise), 200).toString()).doesNotContain("okx-main");
        assertThat(call("GET", "/api/v1/venue-credentials/okx-main", null, p.enterprise).statusCode()).isEqualTo(404);
        assertThat(call("POST", "/api/v1/venue-credentials/okx-main/test", null, p.enterprise).statusCode()).isEqualTo(404);
        assertThat(call("DELETE", "/api/v1/venue-credentials/okx-main", null, p.enterprise).statusCode()).isEqualTo(404);
        ok(call("POST", "/api/v1/venue-credentials/okx-main/test", null, p.pro), 200);

        // Deleted is gone.
        ok(call("DELETE", "/api/v1/venue-credentials/okx-wrong", null, p.pro), 204);
        assertThat(call("GET", "/api/v1/venue-credentials/okx-wrong", null, p.pro).statusCode()).isEqualTo(404);
        assertThat(call("DELETE", "/api/v1/venue-credentials/okx-wrong", null, p.pro).statusCode()).isEqualTo(404);

        // No secret in the metrics, the platform's log or the printed configuration.
        String metrics = p.metrics();
        String log = p.output();
        DppProcess print = DppProcess.run(p.env, "config", "print");
        for (String secret : SECRETS) {
            for (String line : secret.strip().split("\n")) {
                if (line.startsWith("-----")) {
                    continue;
                }
                assertThat(metrics).doesNotContain(line);
                assertThat(log).doesNotContain(line);
                assertThat(print.output()).doesNotContain(line);
            }
        }
        assertThat(log).contains("venue credential okx-main (okx) of abuse-pro added, key key-…efgh");
        p.assertStanding();
    }

    @Test
    void badCredentialsAreRefusedWithAMessageAndNothingKept() throws Exception {
        String base = "{\"name\":\"bad\",\"venue\":\"binance\",\"api_key\":\"k-0123456789abc\",\"secret\":\"s\"}";
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put(base.replace("binance", "nasdaq"), "venue must be one DPP trades on");
        cases.put(base.replace("binance", "okx"), "an OKX key needs its passphrase");
        cases.put(base.replace("binance", "kraken").replace("\"s\"", "\"not base64!\""), "secret: a Kraken secret is base64");
        cases.put(base.replace("binance", "coinbase"), "secret: a Coinbase secret is an EC private key in PEM");
        cases.put(base.replace("\"bad\"", "\"" + "n".repeat(65) + "\""), "name");
        cases.put(base.replace("\"bad\"", "\"../etc\""), "a credential name is");
        cases.put(base.replace("\"s\"", "\"" + "s".repeat(4097) + "\""), "secret");
        cases.put(base.replace("\"s\"", "\"tab\\there\""), "secret must be printable ASCII");
        cases.put(base.replace("}", ",\"extra\":1}"), "extra");
        cases.put(base.replace(",\"secret\":\"s\"", ""), "secret is required");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> r = call("POST", "/api/v1/venue-credentials", c.getKey(), p.pro);
            assertThat(r.statusCode()).as(c.getKey() + " -> " + r.body()).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).get("message").asText()).contains(c.getValue());
        }
        assertThat(ok(call("GET", "/api/v1/venue-credentials", null, p.pro), 200).toString()).doesNotContain("\"bad\"");
        ok(call("POST", "/api/v1/venue-credentials", base, p.pro), 201);
        assertThat(call("POST", "/api/v1/venue-credentials", base, p.pro).statusCode()).isEqualTo(409);
        assertThat(call("POST", "/api/v1/venue-credentials/..%2Fx/test", null, p.pro).statusCode()).isIn(400, 404);
        ok(call("DELETE", "/api/v1/venue-credentials/bad", null, p.pro), 204);
    }

    @Test
    void theCommandLineAddsListsTestsAndDeletesWithoutTheSecretOnItsArguments() throws Exception {
        String apiKey = "cli-key-bybit-0123456789";
        String secret = "cli-secret-bybit-0123456789abcdef";
        SECRETS.add(secret);
        assertThat(sim(JSON.createObjectNode().put("venue", "bybit").put("api_key", apiKey).put("secret", secret)
                .set("balances", JSON.createObjectNode().put("USDC", "7.5")).toString()).statusCode()).isEqualTo(201);
        Map<String, String> env = new java.util.HashMap<>(p.env);
        env.put("DPP_API_KEY", p.pro);
        env.put("DPP_VENUE_SECRET", secret);
        DppProcess add = DppProcess.run(env, "credentials", "add", "bybit-cli", "--venue", "bybit", "--api-key-id", apiKey);
        assertThat(add.exitCode()).as(add.output()).isZero();
        assertThat(add.output()).contains("\"api_key\" : \"cli-…6789\"").doesNotContain(secret);
        env.remove("DPP_VENUE_SECRET");
        DppProcess test = DppProcess.run(env, "credentials", "test", "bybit-cli");
        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(JSON.readTree(String.join("\n", test.stdout())).get("balances").get("USDC").asText()).isEqualTo("7.5");
        DppProcess list = DppProcess.run(env, "credentials", "list");
        assertThat(list.output()).contains("bybit-cli").doesNotContain(secret);
        DppProcess delete = DppProcess.run(env, "credentials", "delete", "bybit-cli");
        assertThat(delete.exitCode()).as(delete.output()).isZero();
        DppProcess gone = DppProcess.run(env, "credentials", "test", "bybit-cli");
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.output()).contains("404");
    }
}
