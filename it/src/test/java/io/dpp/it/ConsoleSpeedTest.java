package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.client.DppClient;
import io.dpp.client.StreamEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The console's speed in a real browser (headless Chromium): the markets page keeping up with a
 * market of a thousand updates a second, and the strategy creator with a 200-node graph, both
 * without a task in which the page's thread works over 50 ms (its CPU time, from Chromium's trace).
 *
 * <p>The market is the simulator's synthetic one ({@code dpp up --demo --rate 1000 --instruments 1}),
 * not a recording: the busiest instrument of the recorded captures sends about 130 book changes a
 * second at the recorded pace (Coinbase SKL-USD), so a recording replayed at a thousand updates a
 * second of one instrument would be over within three seconds. The synthetic market goes through
 * the same simulator, venue protocol, feed, bus and stream API. Each figure is printed; the
 * checks are the bounds.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@org.junit.jupiter.api.parallel.Isolated("measures the console in a browser")
class ConsoleSpeedTest {

    private static final int RATE = 1000;
    private static final Duration WINDOW = Duration.ofSeconds(10);
    private static final int NODES = 200;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The platform's data (about 2 GB of preallocated database files), deleted after the class. */
    @org.junit.jupiter.api.io.TempDir
    static Path data;
    private static DppProcess platform;
    private static Browser browser;
    private static String base;
    private static int port;
    private static int simPort;

    @BeforeAll
    static void start() throws Exception {
        port = DppProcess.freePort();
        simPort = DppProcess.freePort();
        base = "http://127.0.0.1:" + port;
        Map<String, String> env = Map.of("DPP_HTTP_PORT", Integer.toString(port), "DPP_HTTP_HOST", "127.0.0.1",
                "DPP_DATA_DIR", data.toString(), "DPP_ACCOUNTS_ACCESS", "open",
                "DPP_JAVA_OPTS", AbusePlatform.HEAP);
        // The browser runs on the user's machine in use; here it shares two cores with a platform
        // busy with a thousand updates a second (more than a core), so the platform yields to it.
        // (At nice 19 it yielded too much: the stream fell seconds behind while the browser drew.)
        platform = DppProcess.start(10, env, "up", "--demo", "--rate", Integer.toString(RATE), "--instruments", "1",
                "--venues", "coinbase", "--sim-port", Integer.toString(simPort));
        platform.awaitReady(port, Duration.ofSeconds(90));
        browser = new Browser(1280, 800, true);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    @Order(1)
    void theChartAndTheBookKeepUpWithAThousandUpdatesASecond() throws Exception {
        browser.open(base + "/#/markets/coinbase/BTC-USD?interval=1s&indicator=none");
        WebElement chart = browser.awaitVisible("#chart[data-loaded=true]", 30);
        browser.await("live trades on the chart", 30, d -> Long.parseLong(pageTrades(chart)[0]) > 0);
        browser.await("the book drawn", 20, d -> browser.find("#book").getDomAttribute("data-received") != null);
        // Every long task and every frame from now on.
        browser.script("window.dppLongTasks = []; window.dppFrames = 0;"
                + "new PerformanceObserver((l) => l.getEntries().forEach((e) => window.dppLongTasks.push(Math.round(e.duration))))"
                + ".observe({ type: 'longtask' });"
                + LONG_FRAMES
                + "const tick = () => { window.dppFrames++; requestAnimationFrame(tick); }; requestAnimationFrame(tick);");
        browser.traceMark("markets-from");

        AtomicLong clientTrades = new AtomicLong();
        AtomicReference<StreamEvent.Trade> lastTrade = new AtomicReference<>();
        // Every trade id the plain stream client received, in order: what the page's counts are held to.
        List<String> clientIds = java.util.Collections.synchronizedList(new ArrayList<>());
        try (DppClient client = DppClient.builder(URI.create(base)).build()) {
            client.subscribe(DppClient.Request.of("trades", "coinbase", "BTC-USD"), e -> {
                clientTrades.incrementAndGet();
                lastTrade.set((StreamEvent.Trade) e);
                clientIds.add(((StreamEvent.Trade) e).id());
            }).awaitSubscribed(Duration.ofSeconds(10));
            // The client well into the stream, so that the trade the page last counted is one it has too.
            browser.await("the stream client receiving trades", 30, d -> clientTrades.get() >= 200);

            JsonObject before = counters();
            String[] pageStart = pageTrades(chart);
            long clientBefore = clientTrades.get();
            long frames0 = ((Number) browser.script("return window.dppFrames;")).longValue();
            long start = System.nanoTime();
            // How far behind the platform the drawn book is, sampled in the page through the window
            // (the page's own timer: no driver call meanwhile, which would be work on its thread too).
            browser.script("window.dppLags = []; window.dppSampler = setInterval(() => window.dppLags.push("
                    + "Date.now() - Number(document.getElementById('book').dataset.received)), 250);");
            Thread.sleep(WINDOW.toMillis()); // the measurement's window, not a wait for a condition
            @SuppressWarnings("unchecked")
            List<Long> lags = new ArrayList<>(((List<Number>) browser.script("clearInterval(window.dppSampler); return window.dppLags;"))
                    .stream().map(Number::longValue).toList());
            double seconds = (System.nanoTime() - start) / 1e9;
            JsonObject after = counters();
            String[] pageEnd = pageTrades(chart);
            long pageTrades = Long.parseLong(pageEnd[0]) - Long.parseLong(pageStart[0]);
            long streamed = clientTrades.get() - clientBefore;
            long frames = ((Number) browser.script("return window.dppFrames;")).longValue() - frames0;
            @SuppressWarnings("unchecked")
            List<Number> longTasks = (List<Number>) browser.script("return window.dppLongTasks;");
            browser.traceMark("markets-to");
            List<Browser.Task> pageTasks = browser.pageTasks("markets-from", "markets-to");
            long updates = after.getLong("book_changes") - before.getLong("book_changes") + after.getLong("trades")
                    - before.getLong("trades");
            Collections.sort(lags);
            System.out.printf("console markets at %d updates/s: %.0f book changes and trades/s from the venue, page %.0f trades/s"
                            + " (stream client %.0f/s), book drawn %d ms behind the platform (median, max %d ms), %.0f frames/s,"
                            + " long tasks %s (the page's work in them %s), %s%n", RATE, updates / seconds, pageTrades / seconds, streamed / seconds,
                    lags.get(lags.size() / 2), lags.get(lags.size() - 1), frames / seconds, longTasks, frameWork(), cpu(pageTasks));
            browser.screenshot("console-speed-markets");

            assertThat(updates / seconds).as("updates per second the venue sent through the feed").isGreaterThanOrEqualTo(RATE * 0.9);
            // The page took exactly the trades a plain stream client took between the two trades it had
            // last counted when the window opened and closed: none lost, none twice (identified by trade
            // id, so that neither side's lag at the window's ends counts).
            browser.await("the stream client at the page's last trade", 10, d -> clientIds.contains(pageEnd[1]));
            int from = clientIds.indexOf(pageStart[1]);
            int to = clientIds.indexOf(pageEnd[1]);
            assertThat(from).as("the page's last trade when the window opened (" + pageStart[1] + ") is one the client has")
                    .isNotNegative();
            assertThat((long) (to - from)).as("trades the page took between trades " + pageStart[1] + " and " + pageEnd[1])
                    .isEqualTo(pageTrades);
            assertThat(lags.get(lags.size() - 1)).as("the drawn book's age at worst (it is sent every 200 ms)").isLessThan(1000L);
            assertResponsive(longTasks, pageTasks, "on the markets page");

            // The market ends: the page's last trade is the stream's last, nothing left behind.
            HttpResponse<String> end = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + simPort + "/sim/end"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(end.statusCode()).as(end.body()).isBetween(200, 299);
            browser.await("the venue's replay done", 30, d -> venue().getBoolean("replay_done", false));
            // Trades still on their way to the client and the page when the venue is done: the
            // client's last trade is read at each look, so the two meet at the stream's last.
            browser.await("the page's last trade being the stream client's last", 20, d -> {
                StreamEvent.Trade last = lastTrade.get();
                String row = browser.find("#tape tbody tr").getText();
                return last.id().equals(pageTrades(chart)[1])
                        && row.contains(last.price().toPlainString()) && row.contains(last.amount().toPlainString());
            });
        }
        browser.assertNoConsoleErrors();
    }

    @Test
    @Order(2)
    void theEditorStaysResponsiveWithATwoHundredNodeGraph() throws Exception {
        Path file = Files.createTempDirectory("dpp-graph").resolve("two-hundred-nodes.json");
        Files.writeString(file, bigGraph().encodePrettily());
        browser.open(base + "/#/strategies");
        browser.driver().navigate().refresh(); // a fresh document: the markets page's observers go
        browser.awaitVisible(".palette-item", 30);
        WebElement input = browser.find("input[type=file]");
        browser.script("arguments[0].hidden = false;"
                + "window.dppLongTasks = []; window.dppEvents = [];"
                + "new PerformanceObserver((l) => l.getEntries().forEach((e) => window.dppLongTasks.push(Math.round(e.duration))))"
                + ".observe({ type: 'longtask' });"
                + LONG_FRAMES
                + "new PerformanceObserver((l) => l.getEntries().forEach((e) => window.dppEvents.push(e.name + ' ' + Math.round(e.duration))))"
                + ".observe({ type: 'event', durationThreshold: 16 });"
                + "window.dppImport = performance.now();"
                + "new MutationObserver((m, o) => { if (document.querySelectorAll('[data-node]').length >= " + NODES + ") {"
                + " o.disconnect(); window.dppDrawn = performance.now();"
                + " requestAnimationFrame(() => setTimeout(() => { window.dppPainted = performance.now(); })); } })"
                + ".observe(document.getElementById('canvas'), { childList: true, subtree: true });", input);
        input.sendKeys(file.toString());
        browser.await("the 200 nodes painted", 30, d -> browser.script("return window.dppPainted;") != null);
        double load = ((Number) browser.script("return window.dppPainted - window.dppImport;")).doubleValue();
        @SuppressWarnings("unchecked")
        List<Number> loadTasks = new ArrayList<>((List<Number>) browser.script("const t = window.dppLongTasks; window.dppLongTasks = [];"
                + " window.dppLongFrames = []; return t;"));
        browser.await("the server's validation: no problem", 20, d -> "0".equals(browser.find("#problems").getDomAttribute("data-count")));
        browser.script("window.dppLongTasks = []; window.dppEvents = []; window.dppLongFrames = [];");
        browser.traceMark("editor-from");

        // Interactions a person makes on a big graph: drag a node, zoom, select, edit a field, undo.
        WebElement node = browser.find("svg [data-node=sma_10] rect.head");
        Actions drag = new Actions(browser.driver()).clickAndHold(node);
        for (int i = 0; i < 20; i++) {
            drag.moveByOffset(8, 4);
        }
        drag.release().perform();
        new Actions(browser.driver()).click(browser.find("svg [data-node=sma_20] rect.head")).perform();
        browser.await("sma_20 in the inspector", 10, d -> browser.find("#inspector input[aria-label='Node id']")
                .getDomProperty("value").equals("sma_20"));
        browser.type("#inspector input[data-field=period]", Keys.chord(Keys.CONTROL, "a"), "50", Keys.TAB);
        browser.await("the edit taken", 10, d -> browser.find("#graph-status").getText().equals("changed"));
        for (int i = 0; i < 3; i++) {
            browser.click("button[aria-label='Zoom in']");
        }
        browser.click("button[aria-label='Zoom out']");
        browser.click("#undo");
        @SuppressWarnings("unchecked")
        List<Number> tasks = (List<Number>) browser.script("return window.dppLongTasks;");
        @SuppressWarnings("unchecked")
        List<String> events = (List<String>) browser.script("return window.dppEvents;");
        browser.traceMark("editor-to");
        List<Browser.Task> pageTasks = browser.pageTasks("editor-from", "editor-to");
        int worst = events.stream().mapToInt(e -> Integer.parseInt(e.substring(e.lastIndexOf(' ') + 1))).max().orElse(0);
        System.out.printf("console editor with %d nodes: import to painted %.0f ms (long tasks while loading %s);"
                + " interactions: slowest event %d ms of %s, long tasks %s (the page's work in them %s), %s%n", NODES, load, loadTasks,
                worst, events, tasks, frameWork(), cpu(pageTasks));
        browser.screenshot("console-speed-editor");

        assertThat(browser.all("[data-node]")).hasSize(NODES);
        assertThat(load).as("import of a %d-node graph until painted (ms)", NODES).isLessThan(1000);
        assertResponsive(tasks, pageTasks, "while dragging, zooming, selecting and editing");
        // 200 ms is where responsiveness stops being "good" by the web's interaction measure (INP).
        assertThat(worst).as("the slowest input event's duration, input to next paint (ms)").isLessThan(200);
        browser.assertNoConsoleErrors();
    }

    /**
     * Records every animation frame over 50 ms with what took its time (Chromium's Long Animation
     * Frames API): the scripts (invoker, function, file, position, ms, of which forced layout) and
     * the rendering (from its start, and from style and layout's), so that a failure says where;
     * {@code work} is the page's own part, its scripts and its rendering.
     */
    private static final String LONG_FRAMES = "window.dppLongFrames = []; new PerformanceObserver((l) => l.getEntries()"
            + ".forEach((e) => window.dppLongFrames.push({ ms: Math.round(e.duration),"
            + " work: Math.round(e.scripts.reduce((t, s) => t + s.duration, 0) + (e.renderStart ? e.startTime + e.duration - e.renderStart : 0)),"
            + " rendering: e.renderStart ? Math.round(e.startTime + e.duration - e.renderStart) : 0,"
            + " styleAndLayout: e.styleAndLayoutStart ? Math.round(e.startTime + e.duration - e.styleAndLayoutStart) : 0,"
            + " scripts: e.scripts.map((s) => [s.invoker, s.sourceFunctionName, s.sourceURL.split('/').pop() + ':' + s.sourceCharPosition,"
            + " Math.round(s.duration), Math.round(s.forcedStyleAndLayoutDuration)].join(' ')) })))"
            + ".observe({ type: 'long-animation-frame' });";

    private static Object longFrames() {
        return browser.script("return JSON.stringify(window.dppLongFrames);");
    }

    /** The page's own work (scripts and rendering, ms) in each frame that took over 50 ms. */
    @SuppressWarnings("unchecked")
    private static List<Long> frameWork() {
        return ((List<Number>) browser.script("return window.dppLongFrames.map((f) => f.work);")).stream().map(Number::longValue).toList();
    }

    /** The trace's count of the page's tasks and the CPU time of the longest, for the printed figures. */
    private static String cpu(List<Browser.Task> tasks) {
        Browser.Task longest = tasks.stream().max(java.util.Comparator.comparingLong(Browser.Task::cpuMicros)).orElse(null);
        return longest == null ? "no task of the page's in the trace" : String.format("%d tasks on the page's thread, the longest %.1f ms"
                + " of CPU (%.1f ms wall: %s)", tasks.size(), longest.cpuMicros() / 1000.0, longest.wallMicros() / 1000.0, longest.what());
    }

    /**
     * The bound, "no long task over 50 ms", held to the page's own work: no task of the
     * page's main thread took over 50 ms of CPU time (Chromium's trace). A task's wall time also
     * counts the time the machine gave to others meanwhile: here two cores are shared with the
     * platform, the test and the browser's other processes, and in a CI run a frame of 12 ms of
     * script and 36 ms of style and layout by the wall clock was seen where the page had done a
     * fraction of that. Wall time is held to 100 ms, past which a person would notice whatever
     * the cause. A failure prints the frames over 50 ms with what their time went to (Long
     * Animation Frames).
     */
    private static void assertResponsive(List<Number> longTasks, List<Browser.Task> pageTasks, String what) {
        assertThat(pageTasks).as("the page's tasks in Chromium's trace %s", what).isNotEmpty();
        assertThat(pageTasks.stream().mapToLong(Browser.Task::cpuMicros).max().orElse(0) / 1000.0)
                .as("the CPU time of the page's longest task (ms) %s; %s; the frames over 50 ms: %s", what, cpu(pageTasks), longFrames())
                .isLessThanOrEqualTo(50.0);
        assertThat(longTasks).as("long tasks (ms, wall time) %s; the frames: %s", what, longFrames())
                .allSatisfy(ms -> assertThat(ms.longValue()).isLessThan(100L));
    }

    /**
     * A valid 200-node graph laid out on a grid: the candles, 99 moving averages of their closes,
     * 98 comparisons of neighbouring averages, one "or" of the comparisons and one order.
     */
    private static JsonObject bigGraph() {
        JsonArray nodes = new JsonArray();
        JsonObject positions = new JsonObject();
        nodes.add(new JsonObject().put("id", "bars").put("type", "candles").put("symbol", "$symbol").put("interval", "1m"));
        for (int i = 1; i <= 99; i++) {
            nodes.add(new JsonObject().put("id", "sma_" + i).put("type", "sma").put("input", "bars.close").put("period", i + 1));
        }
        JsonArray any = new JsonArray();
        for (int i = 1; i <= 98; i++) {
            nodes.add(new JsonObject().put("id", "above_" + i).put("type", "compare").put("a", "sma_" + i).put("op", ">")
                    .put("b", "sma_" + (i + 1)));
            any.add("above_" + i);
        }
        nodes.add(new JsonObject().put("id", "any").put("type", "or").put("inputs", any));
        nodes.add(new JsonObject().put("id", "buy").put("type", "order").put("when", "any").put("symbol", "$symbol")
                .put("side", "buy").put("kind", "market").put("quantity", "0.01"));
        for (int i = 0; i < nodes.size(); i++) {
            positions.put(nodes.getJsonObject(i).getString("id"), new JsonObject().put("x", (i % 20) * 240).put("y", (i / 20) * 170));
        }
        assertThat(nodes.size()).isEqualTo(NODES);
        return new JsonObject().put("name", "two-hundred-nodes").put("params", new JsonObject().put("symbol", "BTC-USD"))
                .put("nodes", nodes).put("layout", new JsonObject().put("nodes", positions).put("comments", new JsonArray()));
    }

    /** The page's count of trades and the id of the last one it counted, read together on its own thread. */
    private String[] pageTrades(WebElement chart) {
        @SuppressWarnings("unchecked")
        List<Object> read = (List<Object>) browser.script("return [arguments[0].dataset.trades, arguments[0].dataset.lastTrade];", chart);
        return new String[] {String.valueOf(read.get(0)), String.valueOf(read.get(1))};
    }

    private static JsonObject venue() {
        HttpResponse<String> r = DppProcess.get(port, "/api/v1/venues");
        return new JsonObject(r.body()).getJsonArray("venues").getJsonObject(0);
    }

    private static JsonObject counters() {
        return venue().getJsonObject("counters");
    }
}
