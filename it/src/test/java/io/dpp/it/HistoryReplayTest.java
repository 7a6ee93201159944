package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Historical done-when check on one process: {@code dpp up --replay <fixtures> --speed max},
 * then the history API holds exactly what the captures hold ({@link HistoryCheck}), and answers
 * plainly by normalized name, in CSV, and with clear errors.
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
        try (DppProcess dpp = DppProcess.start(env, "up", "--replay", fixtures.toString(), "--speed", "max")) {
            dpp.awaitReady(port, Duration.ofSeconds(60));
            ReplayPlatformTest.awaitReplayDone(port, Duration.ofSeconds(120));
            HistoryCheck.verify(port, expected);
            assertApiAnswersPlainly(port);
            dpp.sigterm();
            assertThat(dpp.awaitExit(Duration.ofSeconds(20))).as(dpp.output()).isZero();
        }
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
        HttpResponse<String> csv = DppProcess.get(port, "/api/v1/trades?venue=" + venue + "&symbol=" + enc(normalized)
                + "&format=csv&limit=1");
        assertThat(csv.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
        assertThat(csv.body().lines().toList()).hasSize(2).first().isEqualTo("timestamp,local_timestamp,id,price,amount,side");
        String[][] bad = {
            {"/api/v1/trades?venue=kraken&symbol=NOPE", "404", "no instrument \"NOPE\" has been recorded on venue \"kraken\""},
            {"/api/v1/trades?venue=kraken", "400", "symbol is required"},
            {"/api/v1/trades?venue=kraken&symbol=BTC-CHF&from=yesterday", "400", "from must be an ISO-8601 time"},
            {"/api/v1/trades?venue=kraken&symbol=BTC-CHF&format=xml", "400", "format must be json or csv"},
            {"/api/v1/trades?venue=kraken&symbol=BTC-CHF&limit=0", "400", "limit must be a whole number"},
            {"/api/v1/candles?venue=kraken&symbol=BTC-CHF&interval=2d", "400", "interval must be"},
            {"/api/v1/book?venue=kraken&symbol=BTC-CHF", "400", "at is required"},
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

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
