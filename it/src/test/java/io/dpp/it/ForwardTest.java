package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trader+ forward tests end to end: a node graph deployed with {@code dpp run} trades a paper
 * account on {@code dpp up --replay} over recorded OKX traffic, and a backtest over the history
 * that same run recorded produces exactly its fills and profit. The deployment is made on a first
 * platform (replaying another venue) and resumes when the platform restarts on the same data
 * directory, before the first OKX event; {@code dpp strategies} pauses, stops and starts
 * deployments, a stopped one leaves no working order, and refused requests say why.
 */
class ForwardTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The paper venue and the backtest fill alike: the same latency and fee rates. */
    private static final String LATENCY = "10ms";
    private static final String MAKER = "0.0002";
    private static final String TAKER = "0.001";
    private static final String[] PARAMS = {"--param", "symbol=BTC-USDT", "--param", "interval=3ms", "--param", "fast=2",
        "--param", "slow=4", "--param", "size=0.1"};

    @TempDir
    Path data;

    @Test
    void aGraphRunOnPaperFillsExactlyAsItsBacktestOnTheHistoryRecordedInTheSameRun() throws Exception {
        Path fixtures = ReplayCommandTest.fixtures();
        int port = DppProcess.freePort();
        Map<String, String> env = new HashMap<>(Map.of("DPP_HTTP_PORT", Integer.toString(port), "DPP_HTTP_HOST", "127.0.0.1",
                "DPP_DATA_DIR", data.toString(), "DPP_EMS_PAPER_LATENCY", LATENCY, "DPP_EMS_PAPER_MAKER_FEE", MAKER,
                "DPP_EMS_PAPER_TAKER_FEE", TAKER));
        // Replayed at full speed, a strategy may send more orders per wall-clock second than the default limit.
        env.put("DPP_EMS_RISK_ORDERS_PER_SECOND", "100000");

        // A first platform (replaying another venue): the accounts, their cash and the deployments.
        try (DppProcess dpp = DppProcess.start(env, "up", "--replay", fixtures.toString(), "--speed", "max", "--venues", "bitstamp")) {
            dpp.awaitReady(port, Duration.ofSeconds(60));
            for (String account : List.of("paper-1", "paper-2")) {
                ok(send(port, "POST", "/api/v1/accounts", "{\"name\":\"" + account + "\"}"), 201);
                ok(send(port, "POST", "/api/v1/accounts/" + account + "/deposits", "{\"asset\":\"USDT\",\"amount\":\"10000\"}"), 200);
            }
            DppProcess run = DppProcess.run(env, args("run", "--strategy", "graph:sma-crossover", "--account", "paper-1", "--venue", "okx",
                    "--symbol", "BTC-USDT"));
            assertThat(run.exitCode()).as(run.output()).isZero();
            JsonNode deployed = JSON.readTree(run.stdoutText().strip());
            assertThat(deployed.path("id").asText()).isEqualTo("1");
            assertThat(deployed.path("state").asText()).isEqualTo("running");
            assertThat(deployed.path("client_order_id_prefix").asText()).isEqualTo("s1-");

            // A second one, on its own account, paused: it must come back paused and trade nothing.
            DppProcess second = DppProcess.run(env, args("run", "--strategy", "sma-crossover", "--account", "paper-2", "--venue", "okx",
                    "--symbol", "BTC-USDT", "--param", "fast=2", "--param", "slow=4", "--param", "bar=3ms", "--param", "size=0.1"));
            assertThat(second.exitCode()).as(second.output()).isZero();
            DppProcess paused = DppProcess.run(env, "strategies", "pause", "2");
            assertThat(paused.exitCode()).as(paused.output()).isZero();
            assertThat(JSON.readTree(paused.stdoutText()).path("state").asText()).isEqualTo("paused");
            DppProcess again = DppProcess.run(env, "strategies", "pause", "2");
            assertThat(again.exitCode()).isEqualTo(1);
            assertThat(again.output()).contains("409").contains("only a running one pauses");

            // Refused, with the reason: an account that is not the user's, a misspelt parameter, another user's deployment.
            DppProcess noAccount = DppProcess.run(env, args("run", "--strategy", "graph:sma-crossover", "--account", "nope", "--venue", "okx",
                    "--symbol", "BTC-USDT"));
            assertThat(noAccount.exitCode()).isEqualTo(1);
            assertThat(noAccount.output()).contains("404").contains("no trading account nope of yours");
            DppProcess typo = DppProcess.run(env, "run", "--strategy", "sma-crossover", "--account", "paper-1", "--venue", "okx",
                    "--symbol", "BTC-USDT", "--param", "fats=2");
            assertThat(typo.exitCode()).isEqualTo(1);
            assertThat(typo.output()).contains("400").contains("did you mean \"fast\"");
            assertThat(send(port, "GET", "/api/v1/strategies/99", null).statusCode()).isEqualTo(404);
            assertThat(send(port, "GET", "/api/v1/strategies/abc", null).statusCode()).isEqualTo(400);
            assertThat(send(port, "POST", "/api/v1/strategies/1/start", null).statusCode()).isEqualTo(409);
        }

        // The same data directory replays OKX: both deployments resume before its first event.
        try (DppProcess dpp = DppProcess.start(env, "up", "--replay", fixtures.toString(), "--speed", "max", "--venues", "okx")) {
            dpp.awaitReady(port, Duration.ofSeconds(60));
            ReplayPlatformTest.awaitReplayDone(port, Duration.ofSeconds(120));
            BacktestTest.awaitRecorded(port);
            // The backtest over the history this run recorded (the CLI hands it to the platform, which holds the store).
            Path report = data.resolve("forward-backtest.json");
            DppProcess backtest = DppProcess.run(env, args("backtest", "--strategy", "graph:sma-crossover", "--venue", "okx", "--symbol",
                    "BTC-USDT", "--from", "2000-01-01", "--to", "2100-01-01", "--latency", LATENCY, "--maker-fee", MAKER, "--taker-fee",
                    TAKER, "--cash", "USDT=10000", "--out", report.toString()));
            assertThat(backtest.exitCode()).as(backtest.output()).isZero();
            JsonNode r = JSON.readTree(report.toFile());
            List<String> backtested = new ArrayList<>();
            for (JsonNode f : r.get("fill_list")) {
                backtested.add(fill(f));
            }
            JsonNode status = settled(port, "1", r.path("events").asLong());
            assertThat(status.path("state").asText()).isEqualTo("running");
            assertThat(status.path("errors").asLong()).isZero();
            assertThat(status.path("rejects").asLong()).isZero();
            assertThat(status.path("fills").asLong()).as("the graph traded").isGreaterThanOrEqualTo(4);
            JsonNode pausedOne = settled(port, "2", r.path("events").asLong());
            assertThat(pausedOne.path("state").asText()).isEqualTo("paused");
            assertThat(pausedOne.path("orders").asLong()).as("a paused deployment sends nothing").isZero();
            assertThat(pausedOne.path("events").asLong()).as("it still follows the market").isPositive();

            // The paper fills, in the order the EMS made them.
            List<String> paper = new ArrayList<>();
            for (JsonNode f : ok(send(port, "GET", "/api/v1/fills?account=paper-1&limit=1000", null), 200).get("fills")) {
                paper.add(fill(f));
            }
            assertThat(paper).hasSize(status.path("fills").asInt());

            assertThat(paper).as("paper fills = backtest fills").isEqualTo(backtested);
            BigDecimal profit = new BigDecimal(r.at("/metrics/final_equity").asText())
                    .subtract(new BigDecimal(r.at("/metrics/starting_equity").asText()));
            assertThat(new BigDecimal(status.path("profit").asText())).as("the deployment's profit = the backtest's")
                    .isEqualByComparingTo(profit);
            assertThat(r.path("events").asLong()).as("the strategy saw the events the backtest replays")
                    .isEqualTo(status.path("events").asLong());

            // Its metrics.
            String metrics = DppProcess.get(port, "/metrics").body();
            assertThat(SplitModeTest.sum(metrics, "dpp_strategy_fills_total", "deployment=\"1\""))
                    .isEqualTo(status.path("fills").asDouble());
            assertThat(SplitModeTest.sum(metrics, "dpp_strategy_state", "deployment=\"1\",state=\"running\""))
                    .isEqualTo(1.0);

            // Stopped, it leaves no working order; started again, it runs afresh on the same account.
            DppProcess stop = DppProcess.run(env, "strategies", "stop", "1");
            assertThat(stop.exitCode()).as(stop.output()).isZero();
            assertThat(JSON.readTree(stop.stdoutText()).path("state").asText()).isEqualTo("stopped");
            JsonNode open = ok(send(port, "GET", "/api/v1/orders?account=paper-1&status=open", null), 200);
            assertThat(open.path("orders")).as("working orders after the stop").isEmpty();
            DppProcess start = DppProcess.run(env, "strategies", "start", "1");
            assertThat(start.exitCode()).as(start.output()).isZero();
            assertThat(JSON.readTree(start.stdoutText()).path("state").asText()).isEqualTo("running");
            DppProcess list = DppProcess.run(env, "strategies", "list");
            assertThat(JSON.readTree(list.stdoutText()).path("strategies")).hasSize(2);
        }
    }

    private static String[] args(String... head) {
        List<String> all = new ArrayList<>(List.of(head));
        if (head[0].equals("run") && head[2].startsWith("graph:") || head[0].equals("backtest")) {
            all.addAll(List.of(PARAMS));
        }
        return all.toArray(String[]::new);
    }

    /** A fill as both the EMS and the backtest report show it: time, side, price, quantity, fee, liquidity. */
    private static String fill(JsonNode f) {
        return f.path("time").asText() + " " + f.path("side").asText().toLowerCase(java.util.Locale.ROOT) + " "
                + new BigDecimal(f.path("price").asText()).stripTrailingZeros().toPlainString() + " "
                + new BigDecimal(f.path("quantity").asText()).stripTrailingZeros().toPlainString() + " "
                + new BigDecimal(f.path("fee").asText()).stripTrailingZeros().toPlainString() + " " + f.path("liquidity").asText();
    }

    /**
     * The deployment's status once it has received {@code events} events (the backtest's count over the
     * recorded history): the EMS may still be working through the replay when the recorder has it all.
     */
    private static JsonNode settled(int port, String id, long events) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            JsonNode s = ok(send(port, "GET", "/api/v1/strategies/" + id, null), 200);
            if (s.path("events").asLong() >= events) {
                return s;
            }
            assertThat(System.nanoTime()).as("deployment %s has not received the %d events yet: %s", id, events, s).isLessThan(end);
            Thread.sleep(100);
        }
    }

    private static HttpResponse<String> send(int port, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode ok(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }
}
