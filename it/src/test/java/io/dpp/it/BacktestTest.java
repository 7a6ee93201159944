package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dpp backtest} on history recorded from the fixtures: {@code dpp up --replay} records the
 * captures, then the SMA crossover runs over OKX BTC-USDT's trades and L2 book changes from the
 * store: every recorded event is seen once, fills happen at prices the recorded book offered,
 * and two runs write the same report (JSON and HTML) byte for byte, equal to the report of the same
 * run submitted over REST to the platform that recorded it.
 */
class BacktestTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    /** Waits until the recorder has committed every trade and book change the bus published (its own counts). */
    static void awaitRecorded(int port) throws InterruptedException {
        long committedBy = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            String m = DppProcess.get(port, "/metrics").body();
            double published = SplitModeTest.sum(m, "dpp_bus_published_total", "type=\"trade\"")
                    + SplitModeTest.sum(m, "dpp_bus_published_total", "type=\"book_change\"");
            double recorded = SplitModeTest.sum(m, "dpp_recorder_rows_total", "table=\"trades\"")
                    + SplitModeTest.sum(m, "dpp_recorder_rows_total", "table=\"book_changes\"");
            if (published > 0 && recorded >= published) {
                return;
            }
            assertThat(System.nanoTime()).as("recorded %.0f of %.0f trades and book changes", recorded, published)
                    .isLessThan(committedBy);
            Thread.sleep(100);
        }
    }

    @Test
    void theSmaCrossoverBacktestsOnRecordedHistoryReproducibly() throws Exception {
        Path fixtures = ReplayCommandTest.fixtures();
        int port = DppProcess.freePort();
        Map<String, String> env = Map.of("DPP_HTTP_PORT", Integer.toString(port), "DPP_HTTP_HOST", "127.0.0.1",
                "DPP_DATA_DIR", data.toString());
        String venue = "okx";
        String symbol = "BTC-USDT";
        int trades;
        JsonNode changes;
        String restJson;
        String restHtml;
        JsonNode candles;
        Map<String, String[]> graphReports = new java.util.HashMap<>();
        Set<String> changeTimes = new HashSet<>();
        try (DppProcess dpp = DppProcess.start(env, "up", "--replay", fixtures.toString(), "--speed", "max", "--venues", venue)) {
            dpp.awaitReady(port, Duration.ofSeconds(60));
            ReplayPlatformTest.awaitReplayDone(port, Duration.ofSeconds(120));
            // Every trade and book change published is committed first (the recorder's own count);
            // then what the history API shows must read the same twice, 1.5 s apart (the store makes
            // committed rows visible shortly after the commit).
            awaitRecorded(port);
            String tradesUri = "/api/v1/trades?venue=" + venue + "&symbol=" + symbol + "&from=2000-01-01";
            String changesUri = "/api/v1/book_changes?venue=" + venue + "&symbol=" + symbol + "&from=2000-01-01";
            String seen = "";
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < end) {
                String now = DppProcess.get(port, tradesUri).body().length() + "/" + DppProcess.get(port, changesUri).body().length();
                if (now.equals(seen)) {
                    break;
                }
                seen = now;
                Thread.sleep(1500);
            }
            trades = JSON.readTree(DppProcess.get(port, tradesUri).body()).size();
            changes = JSON.readTree(DppProcess.get(port, changesUri).body());
            candles = JSON.readTree(DppProcess.get(port, "/api/v1/candles?venue=" + venue + "&symbol=" + symbol
                    + "&interval=1s&from=2000-01-01").body());
            for (JsonNode c : changes) {
                changeTimes.add(c.get("local_timestamp").asText());
            }
            // The same run over REST, on the running platform's store.
            HttpClient http = HttpClient.newHttpClient();
            String body = "{\"strategy\":\"sma-crossover\",\"venue\":\"" + venue + "\",\"symbols\":[\"" + symbol + "\"],"
                    + "\"from\":\"2000-01-01\",\"to\":\"2100-01-01\",\"params\":{\"fast\":\"2\",\"slow\":\"4\",\"bar\":\"3ms\","
                    + "\"size\":\"0.1\"},\"equity_every\":\"10ms\",\"latency\":\"1ms\"}";
            String[] rest = restRun(http, port, body);
            restJson = rest[0];
            restHtml = rest[1];
            // The example node graphs over REST: by built-in name, and one given inline.
            for (String graph : GRAPHS) {
                String how = graph.equals("rsi-mean-reversion")
                        ? "\"graph\":" + Files.readString(DppProcess.ROOT.resolve("examples/graphs/" + graph + ".json"))
                        : "\"strategy\":\"graph:" + graph + "\"";
                String graphBody = "{" + how + ",\"venue\":\"" + venue + "\",\"symbols\":[\"" + symbol + "\"],"
                        + "\"from\":\"2000-01-01\",\"to\":\"2100-01-01\",\"params\":" + GRAPH_PARAMS.get(graph) + ","
                        + (onCandles(graph) ? "\"candles\":\"1s\"," : "") + "\"equity_every\":\"10ms\",\"latency\":\"1ms\"}";
                graphReports.put(graph, restRun(http, port, graphBody));
            }
            // Refused plainly: a bad field, an unknown strategy, an unknown instrument, an unknown id.
            String[][] bad = {
                {"{\"venue\":\"okx\",\"symbol\":\"BTC-USDT\",\"from\":\"2000-01-01\",\"to\":\"2100-01-01\"}", "400", "strategy is required"},
                {"{\"strategy\":\"nope\",\"venue\":\"okx\",\"symbol\":\"BTC-USDT\",\"from\":\"2000-01-01\",\"to\":\"2100-01-01\"}",
                    "400", "strategy must be a built-in strategy or graph (sma-crossover, graph:sma-crossover, graph:rsi-mean-reversion,"
                    + " graph:breakout), or send a node graph in the graph field; got \"nope\""},
                {"{\"strategy\":\"sma-crossover\",\"venue\":\"okx\",\"symbol\":\"BTC-USDT\",\"from\":\"yesterday\",\"to\":\"2100-01-01\"}",
                    "400", "from must be an ISO-8601 time"},
                {"{\"strategy\":\"sma-crossover\",\"venue\":\"okx\",\"symbol\":\"NOPE\",\"from\":\"2000-01-01\",\"to\":\"2100-01-01\"}",
                    "404", "no instrument \"NOPE\""},
                {"not json", "400", "the body must be a JSON object"},
                {"{\"graph\":{\"name\":\"g\",\"nodes\":[{\"id\":\"x\",\"type\":\"sma\",\"input\":\"nope\"}]},\"venue\":\"okx\","
                    + "\"symbol\":\"BTC-USDT\",\"from\":\"2000-01-01\",\"to\":\"2100-01-01\"}", "400",
                    "node \"x\" (sma): field \"input\": no node \"nope\""},
                {"{\"strategy\":\"graph:nope\",\"venue\":\"okx\",\"symbol\":\"BTC-USDT\",\"from\":\"2000-01-01\",\"to\":\"2100-01-01\"}",
                    "400", "strategy must be a built-in strategy or graph"},
                {"{\"strategy\":\"graph:breakout\",\"venue\":\"okx\",\"symbol\":\"BTC-USDT\",\"from\":\"2000-01-01\",\"to\":\"2100-01-01\","
                    + "\"params\":{\"entyr\":\"3\"}}", "400", "parameter \"entyr\" is not one of the graph's (did you mean \"entry\"?)"},
                // Typos never run with the defaults: a misspelt field, a parameter the strategy does not declare.
                {"{\"strategy\":\"sma-crossover\",\"venue\":\"okx\",\"symbol\":\"BTC-USDT\",\"from\":\"2000-01-01\","
                    + "\"to\":\"2100-01-01\",\"latncy\":\"5ms\"}", "400", "unknown field \"latncy\" (did you mean \"latency\"?)"},
                {"{\"strategy\":\"sma-crossover\",\"venue\":\"okx\",\"symbol\":\"BTC-USDT\",\"from\":\"2000-01-01\","
                    + "\"to\":\"2100-01-01\",\"params\":{\"fats\":\"2\"}}", "400",
                    "parameter \"fats\" is not one of sma-crossover's (did you mean \"fast\"?)"},
            };
            for (String[] b : bad) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/backtests"))
                        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(b[0])).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(b[0] + " " + r.body()).isEqualTo(Integer.parseInt(b[1]));
                assertThat(JSON.readTree(r.body()).get("message").asText()).contains(b[2]);
            }
            assertThat(DppProcess.get(port, "/api/v1/backtests/none").statusCode()).isEqualTo(404);
            // The CLI while the platform holds the embedded store: the run goes through the platform,
            // the report lands where the command said; a sweep is refused with what to do instead.
            DppProcess through = DppProcess.run(env, "backtest", "--strategy", "sma-crossover", "--venue", venue, "--symbol", symbol,
                    "--from", "2000-01-01", "--to", "2100-01-01", "--param", "fast=2", "--param", "slow=4", "--param", "bar=3ms",
                    "--param", "size=0.1", "--equity-every", "10ms", "--latency", "1ms", "--out", data.resolve("through.json").toString());
            assertThat(through.exitCode()).as(through.output()).isZero();
            JsonNode throughLine = JSON.readTree(through.stdout().get(through.stdout().size() - 1));
            assertThat(throughLine.path("backtest").asText()).as(throughLine.toString()).isNotBlank();
            assertThat(throughLine.path("report").asText()).isEqualTo(data.resolve("through.json").toString());
            assertThat(through.stderrText()).contains("on the platform at http://127.0.0.1:" + port);
            assertThat(Files.readString(data.resolve("through.json"))).as("the report of the run through the platform")
                    .isEqualTo(restJson);
            assertThat(Files.readString(data.resolve("through.html"))).isEqualTo(restHtml);
            DppProcess sweepThrough = DppProcess.run(env, "backtest", "--strategy", "sma-crossover", "--venue", venue, "--symbol",
                    symbol, "--from", "2000-01-01", "--to", "2100-01-01", "--grid", "fast=2,3");
            assertThat(sweepThrough.exitCode()).as(sweepThrough.output()).isEqualTo(2);
            assertThat(sweepThrough.stderrText()).contains("run each point of the sweep with --param, or stop the platform");
            DppProcess refused = DppProcess.run(env, "backtest", "--strategy", "sma-crossover", "--venue", venue, "--symbol", "NOPE",
                    "--from", "2000-01-01", "--to", "2100-01-01");
            assertThat(refused.exitCode()).as(refused.output()).isEqualTo(2);
            assertThat(refused.stderrText()).contains("the platform refused the backtest (404)").contains("no instrument \"NOPE\"");
            dpp.sigterm();
            assertThat(dpp.awaitExit(Duration.ofSeconds(30))).as(dpp.exitReport()).isZero();
        }
        assertThat(trades).as("recorded trades").isPositive();
        assertThat(changeTimes).as("recorded book changes").isNotEmpty();

        String[] args = {"backtest", "--strategy", "sma-crossover", "--venue", venue, "--symbol", symbol, "--from", "2000-01-01",
            "--to", "2100-01-01", "--param", "fast=2", "--param", "slow=4", "--param", "bar=3ms", "--param", "size=0.1",
            "--equity-every", "10ms", "--latency", "1ms"};
        Path first = data.resolve("first.json");
        Path second = data.resolve("second.json");
        JsonNode line = null;
        for (Path out : new Path[] {first, second}) {
            String[] withOut = java.util.Arrays.copyOf(args, args.length + 2);
            withOut[args.length] = "--out";
            withOut[args.length + 1] = out.toString();
            DppProcess run = DppProcess.run(env, withOut);
            assertThat(run.exitCode()).as(run.output()).isZero();
            line = JSON.readTree(run.stdout().get(run.stdout().size() - 1));
            System.out.println("backtest: " + line + " / " + run.stderrText().strip());
        }
        // A range with no data is no silent "0 events": the run fails and says what the store holds.
        DppProcess empty = DppProcess.run(env, "backtest", "--strategy", "sma-crossover", "--venue", venue, "--symbol", symbol,
                "--from", "2000-01-01", "--to", "2000-01-02");
        assertThat(empty.exitCode()).as(empty.output()).isNotZero();
        assertThat(empty.stderrText()).contains("no recorded trades or book changes of " + symbol + " on " + venue
                + " from 2000-01-01T00:00:00.000000Z to 2000-01-02T00:00:00.000000Z (receive time); the store holds " + symbol
                + ": trades from ");
        assertThat(Files.readAllBytes(second)).as("the same report byte for byte").isEqualTo(Files.readAllBytes(first));
        assertThat(restJson).as("the REST run's report equals the CLI's").isEqualTo(Files.readString(first));
        assertThat(restHtml).isEqualTo(Files.readString(data.resolve("first.html")));
        // The HTML page beside it: self-contained (no script, nothing fetched), the same bytes too.
        Path firstHtml = data.resolve("first.html");
        String html = Files.readString(firstHtml);
        assertThat(Files.readAllBytes(data.resolve("second.html"))).isEqualTo(Files.readAllBytes(firstHtml));
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<h2>Equity</h2>", "<h2>Drawdown (%)</h2>", "<polyline",
                "<h2>Fills</h2>").doesNotContain("<script", "src=", "href=");
        assertThat(html.split("<path d=", -1).length - 1).as("one marker per fill").isEqualTo(
                JSON.readTree(first.toFile()).get("fills").asInt());
        JsonNode report = JSON.readTree(first.toFile());
        assertReadsLikeATradingReport(html, report);
        assertThat(line.get("report").asText()).isEqualTo(second.toString());
        assertThat(line.get("html").asText()).isEqualTo(data.resolve("second.html").toString());
        for (String k : new String[] {"events", "trades", "total_return", "sharpe", "sortino", "max_drawdown"}) {
            assertThat(line.has(k)).as(k + " in " + line).isTrue();
        }
        // Every recorded trade and book change (rows sharing a receive time are one change) seen once.
        assertThat(report.get("events").asLong()).isEqualTo(trades + changeTimes.size());
        assertThat(line.get("events").asLong()).isEqualTo(report.get("events").asLong());
        assertThat(report.get("fills").asInt()).as("the crossover traded").isPositive();
        JsonNode m = report.get("metrics");
        for (String k : new String[] {"total_return", "cagr", "sharpe", "sortino", "max_drawdown", "max_drawdown_seconds", "win_rate",
            "profit_factor", "exposure", "fees", "turnover"}) {
            assertThat(m.has(k)).as(k).isTrue();
        }
        assertThat(m.get("fees").asText()).isNotEqualTo("0");
        // The example graphs from their files: the same reports as over REST, byte for byte, and the
        // SMA crossover graph trades exactly like the Java strategy on the same history.
        for (String graph : GRAPHS) {
            Path out = data.resolve(graph + ".json");
            java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("backtest", "--strategy",
                    "examples/graphs/" + graph + ".json", "--venue", venue, "--symbol", symbol, "--from", "2000-01-01", "--to", "2100-01-01",
                    "--equity-every", "10ms", "--latency", "1ms", "--out", out.toString()));
            if (onCandles(graph)) {
                cmd.addAll(java.util.List.of("--candles", "1s"));
            }
            JSON.readTree(GRAPH_PARAMS.get(graph)).fields().forEachRemaining(e -> {
                cmd.add("--param");
                cmd.add(e.getKey() + "=" + e.getValue().asText());
            });
            DppProcess run = DppProcess.run(env, cmd.toArray(new String[0]));
            assertThat(run.exitCode()).as(run.output()).isZero();
            System.out.println("graph " + graph + ": " + run.stdout().get(run.stdout().size() - 1));
            assertThat(Files.readString(out)).as(graph + ": the REST report equals the CLI's").isEqualTo(graphReports.get(graph)[0]);
            assertThat(Files.readString(data.resolve(graph + ".html"))).as(graph + " HTML").isEqualTo(graphReports.get(graph)[1]);
            JsonNode g = JSON.readTree(out.toFile());
            assertThat(g.get("run").get("strategy").asText()).isEqualTo("graph:" + graph);
            assertThat(g.get("run").get("graph_sha256").asText()).hasSize(64);
            assertThat(g.get("orders").asInt()).as(graph + " placed orders on the recorded history").isPositive();
            assertThat(g.get("events").asLong()).isEqualTo(onCandles(graph) ? candles.size() : report.get("events").asLong());
            for (JsonNode f : onCandles(graph) ? JSON.createArrayNode() : g.get("fill_list")) {
                String side = f.get("side").asText().equals("buy") ? "ask" : "bid";
                if (f.get("liquidity").asText().equals("taker")) {
                    assertThat(bookPricesOf(changes)).as(graph + " fill " + f).contains(side + " " + f.get("price").asText());
                }
            }
        }
        assertThat(JSON.readTree(data.resolve("sma-crossover.json").toFile()).get("fill_list")).as("graph fills = Java fills")
                .isEqualTo(report.get("fill_list"));
        DppProcess again = DppProcess.run(env, "backtest", "--strategy", "graph:breakout", "--venue", venue, "--symbol", symbol,
                "--from", "2000-01-01", "--to", "2100-01-01", "--equity-every", "10ms", "--latency", "1ms", "--param", "interval=1s",
                "--param", "entry=4", "--param", "exit=3", "--param", "atr=3", "--param", "stop_atr=1", "--param", "size=0.1", "--candles", "1s",
                "--out", data.resolve("breakout-again.json").toString());
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(Files.readAllBytes(data.resolve("breakout-again.html"))).as("the same graph run twice: the same page")
                .isEqualTo(Files.readAllBytes(data.resolve("breakout.html")));
        // A grid sweep in parallel: every combination, each report equal to the same run on its own.
        Path sweepDir = data.resolve("sweep");
        DppProcess sweep = DppProcess.run(env, "backtest", "--strategy", "graph:sma-crossover", "--venue", venue, "--symbol", symbol,
                "--from", "2000-01-01", "--to", "2100-01-01", "--equity-every", "10ms", "--latency", "1ms", "--param", "interval=3ms",
                "--param", "size=0.1", "--grid", "fast=2,3", "--grid", "slow=4,6", "--parallel", "2", "--out", sweepDir.toString());
        assertThat(sweep.exitCode()).as(sweep.output()).isZero();
        JsonNode sweepLine = JSON.readTree(sweep.stdout().get(sweep.stdout().size() - 1));
        System.out.println("sweep: " + sweepLine);
        assertThat(sweepLine.get("runs").asInt()).isEqualTo(4);
        assertThat(sweepLine.get("parallel").asInt()).isEqualTo(2);
        assertThat(sweepLine.get("best").get("params")).isNotNull();
        JsonNode sweepSummary = JSON.readTree(sweepDir.resolve("sweep.json").toFile());
        assertThat(sweepSummary.get("runs")).extracting(r -> r.get("params").toString()).containsExactly(
                "{\"fast\":\"2\",\"slow\":\"4\"}", "{\"fast\":\"2\",\"slow\":\"6\"}", "{\"fast\":\"3\",\"slow\":\"4\"}",
                "{\"fast\":\"3\",\"slow\":\"6\"}");
        assertThat(Files.readString(sweepDir.resolve("001-fast=2,slow=4.json"))).as("a sweep's run = the run on its own")
                .isEqualTo(Files.readString(data.resolve("sma-crossover.json")));
        DppProcess broken = DppProcess.run(env, "backtest", "--strategy", "examples/graphs/none.json", "--venue", venue, "--symbol", symbol,
                "--from", "2000-01-01", "--to", "2100-01-01");
        assertThat(broken.exitCode()).isEqualTo(2);
        assertThat(broken.stderrText()).contains("no graph file");
        // On candles: one event per one-second candle of the history API; market fills at the next
        // bar's open made worse by the slippage.
        Path onCandles = data.resolve("candles.json");
        DppProcess candleRun = DppProcess.run(env, "backtest", "--strategy", "sma-crossover", "--venue", venue, "--symbol", symbol, "--from",
                "2000-01-01", "--to", "2100-01-01", "--candles", "1s", "--slippage", "0.001", "--param", "fast=1", "--param", "slow=2",
                "--param", "size=0.1", "--equity-every", "1s", "--out", onCandles.toString());
        assertThat(candleRun.exitCode()).as(candleRun.output()).isZero();
        JsonNode candleReport = JSON.readTree(onCandles.toFile());
        System.out.println("backtest on candles: " + candleRun.stdout().get(candleRun.stdout().size() - 1));
        assertThat(candleReport.get("run").get("data").asText()).isEqualTo("candles");
        assertThat(candleReport.get("events").asInt()).isEqualTo(candles.size());
        Set<String> opens = new HashSet<>();
        for (JsonNode k : candles) {
            java.math.BigDecimal open = new java.math.BigDecimal(k.get("open").asText());
            opens.add("buy " + open.multiply(new java.math.BigDecimal("1.001")).stripTrailingZeros().toPlainString());
            opens.add("sell " + open.multiply(new java.math.BigDecimal("0.999")).stripTrailingZeros().toPlainString());
        }
        assertThat(candleReport.get("fills").asInt()).as("the crossover traded on candles").isPositive();
        for (JsonNode f : candleReport.get("fill_list")) {
            assertThat(opens).as("fill " + f).contains(f.get("side").asText() + " " + f.get("price").asText());
        }
        // Taker fills at book prices: each price is a recorded ask (buys) or bid (sells) level.
        Set<String> bookPrices = new HashSet<>();
        for (JsonNode c : changes) {
            bookPrices.add(c.get("side").asText() + " " + new java.math.BigDecimal(c.get("price").asText()).stripTrailingZeros().toPlainString());
        }
        for (JsonNode f : report.get("fill_list")) {
            String side = f.get("side").asText().equals("buy") ? "ask" : "bid";
            assertThat(bookPrices).as("fill " + f).contains(side + " " + f.get("price").asText());
        }
        // Last, as it needs a browser: the report rendered in headless Chromium, its screenshot kept.
        ReportScreenshot.take(firstHtml, DppProcess.ROOT.resolve("it/target/screenshots/backtest-report.png"));
    }

    private static final java.util.List<String> GRAPHS = java.util.List.of("sma-crossover", "rsi-mean-reversion", "breakout");

    /**
     * The SMA crossover graph runs on L2 data with bars of 3 ms by receive time (the recording at full
     * speed packs OKX's minutes of trading into about 200 ms), beside the Java strategy with the same
     * parameters; the other two on one-second candles by venue time (the same bars whatever the
     * recording's pace).
     */
    private static final Map<String, String> GRAPH_PARAMS = Map.of(
            "sma-crossover", "{\"interval\":\"3ms\",\"fast\":\"2\",\"slow\":\"4\",\"size\":\"0.1\"}",
            "rsi-mean-reversion", "{\"interval\":\"1s\",\"period\":\"3\",\"oversold\":\"30\",\"exit\":\"50\",\"discount\":\"0\",\"size\":\"0.1\"}",
            "breakout", "{\"interval\":\"1s\",\"entry\":\"4\",\"exit\":\"3\",\"atr\":\"3\",\"stop_atr\":\"1\",\"size\":\"0.1\"}");

    private static boolean onCandles(String graph) {
        return !graph.equals("sma-crossover");
    }

    private static Set<String> bookPricesOf(JsonNode changes) {
        Set<String> out = new HashSet<>();
        for (JsonNode c : changes) {
            out.add(c.get("side").asText() + " " + new java.math.BigDecimal(c.get("price").asText()).stripTrailingZeros().toPlainString());
        }
        return out;
    }

    /** Submits a backtest over REST, waits for it, and returns its JSON and HTML reports. */
    private static String[] restRun(HttpClient http, int port, String body) throws Exception {
        HttpResponse<String> submitted = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/backtests"))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        String id = JSON.readTree(submitted.body()).get("id").asText();
        assertThat(submitted.headers().firstValue("Location")).hasValue("/api/v1/backtests/" + id);
        JsonNode state = null;
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            state = JSON.readTree(DppProcess.get(port, "/api/v1/backtests/" + id).body());
            if (!state.get("status").asText().matches("queued|running")) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(state.get("status").asText()).as(state.toString()).isEqualTo("done");
        System.out.println("backtest over REST: " + state);
        return new String[] {DppProcess.get(port, "/api/v1/backtests/" + id + "/report").body(),
            DppProcess.get(port, "/api/v1/backtests/" + id + "/report.html").body()};
    }

    /**
     * dpp bench backtest runs the loop over a capture and reports its figures (no speed is asserted
     * here: figures come from the command on a quiet machine, docs/trader.md); a capture without
     * trades is refused plainly.
     */
    @Test
    void benchBacktestReportsTheLoopOverACapture() throws Exception {
        Path fixtures = ReplayCommandTest.fixtures();
        DppProcess bench = DppProcess.run(Map.of(), "bench", "backtest", "--venue", "bitmex", "--capture",
                fixtures.resolve("bitmex/cryptofeed/BITMEX.ws.1.0").toString(), "--seconds", "1", "--warmup", "0.5");
        assertThat(bench.exitCode()).as(bench.output()).isZero();
        JsonNode r = JSON.readTree(bench.stdout().get(bench.stdout().size() - 1));
        System.out.println("bench backtest (in the test suite, not a measurement): " + r);
        assertThat(r.get("events").asLong()).isPositive();
        assertThat(r.get("passes").asLong()).isPositive();
        assertThat(r.get("orders").asLong()).as("the crossover traded").isPositive();
        assertThat(r.get("events_per_sec").asDouble()).isPositive();
        DppProcess booksOnly = DppProcess.run(Map.of(), "bench", "backtest", "--venue", "kraken", "--capture",
                fixtures.resolve("kraken/cryptofeed/KRAKEN.ws.50.0").toString(), "--seconds", "1", "--warmup", "0");
        assertThat(booksOnly.exitCode()).isEqualTo(2);
        assertThat(booksOnly.stderrText()).contains("needs both book changes and trades");
    }

    /**
     * The charts read like a trading report: value ticks, a dated UTC time axis and a legend on each,
     * every fill marked with its exact side, quantity and price, values on hover, no script.
     */
    private static void assertReadsLikeATradingReport(String html, JsonNode report) {
        String first = report.get("first_event").asText();
        String day = first.substring(0, 10);
        assertThat(html.split("<div class=\"legend\">", -1).length - 1).as("a legend on each chart").isEqualTo(3);
        assertThat(html).contains(">" + day + "</text>", ">UTC</text>", "buy fill", "sell fill", "<title>");
        for (String chart : html.split("<svg ", -1)) {
            if (chart.startsWith("width")) {
                assertThat(chart.split("text-anchor=\"end\"", -1).length - 1).as("value ticks and UTC on a chart").isGreaterThan(3);
                assertThat(chart).as("a dated time axis").contains(">" + day + "</text>");
            }
        }
        for (JsonNode f : report.get("fill_list")) {
            String title = "<title>" + f.get("side").asText() + " " + f.get("quantity").asText() + " at " + f.get("price").asText()
                    + ", " + f.get("time").asText().replace('T', ' ').replace("Z", "").substring(0, 23) + " UTC</title>";
            assertThat(html).as("the fill's marker tells its side, quantity and exact price").contains(title);
        }
    }
}
