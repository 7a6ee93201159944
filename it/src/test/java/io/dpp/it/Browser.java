package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driven through chromedriver (Debian's chromium and chromium-driver packages,
 * which {@code .ci/run} installs; found on the PATH), for the console's browser scripts. Keeps
 * screenshots under {@code it/target/screenshots/} and collects the browser's console log, where
 * any error fails the script ({@link #assertNoConsoleErrors()}). Without Chromium or chromedriver
 * the test is skipped with a message, except under {@code CI=true}, where that is a failure.
 */
final class Browser implements AutoCloseable {

    static final Path SCREENSHOTS = DppProcess.ROOT.resolve("it/target/screenshots");

    private final ChromeDriver driver;
    private final List<String> log = new ArrayList<>();
    private final Path profile;
    /** The trace's events not yet read by {@link #pageTasks}. */
    private final List<JsonObject> trace = new ArrayList<>();

    Browser(int width, int height) throws Exception {
        this(width, height, false);
    }

    /**
     * With {@code traced}, Chromium records its timeline while the page runs (the trace category
     * {@code devtools.timeline} and its detailed part, delivered through chromedriver's performance
     * log), which {@link #pageTasks} reads.
     */
    Browser(int width, int height, boolean traced) throws Exception {
        String chromium = tool("chromium", "chromium-browser", "google-chrome");
        String chromedriver = tool("chromedriver");
        profile = Files.createTempDirectory("dpp-browser");
        ChromeOptions options = new ChromeOptions().setBinary(chromium)
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--user-data-dir=" + profile, "--window-size=" + width + "," + height, "--lang=en-US",
                        "--no-first-run", "--disable-extensions", "--disable-background-networking",
                        // A headless page is never in front: without these Chromium treats it as a
                        // background tab (lower process priority, throttled timers), as Puppeteer's
                        // defaults also say.
                        "--disable-renderer-backgrounding", "--disable-background-timer-throttling",
                        "--disable-backgrounding-occluded-windows");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        if (traced) {
            logs.enable(LogType.PERFORMANCE, Level.ALL);
            options.setExperimentalOption("perfLoggingPrefs", Map.of("traceCategories",
                    "devtools.timeline,disabled-by-default-devtools.timeline",
                    "enableNetwork", false, "enablePage", false));
        }
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(chromedriver))
                .usingAnyFreePort().withLogFile(profile.resolve("chromedriver.log").toFile()).build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        driver.manage().window().setSize(new Dimension(width, height));
    }

    WebDriver driver() {
        return driver;
    }

    void open(String url) {
        driver.get(url);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Waits (at most {@code seconds}) until {@code condition} answers non-null and non-false; returns its answer. */
    <T> T await(String what, int seconds, Function<WebDriver, T> condition) {
        try {
            // A part of the page redrawn while the condition read it is read again at the next poll.
            return new WebDriverWait(driver, Duration.ofSeconds(seconds), Duration.ofMillis(100)).withMessage(what)
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("waited " + seconds + " s for " + what + " at " + driver.getCurrentUrl()
                    + "; browser log: " + consoleLog(), e);
        }
    }

    /** Waits for an element matching {@code css} to be displayed. */
    WebElement awaitVisible(String css, int seconds) {
        return await(css + " to show", seconds, d -> d.findElements(By.cssSelector(css)).stream().filter(WebElement::isDisplayed)
                .findFirst().orElse(null));
    }

    /**
     * Clicks the element {@code css} finds, finding it again when the page redrew it between the
     * finding and the click (the console redraws parts of a page as answers arrive).
     */
    void click(String css) {
        for (int attempt = 0; ; attempt++) {
            try {
                awaitVisible(css, 20).click();
                return;
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                if (attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    /** Types {@code keys} into the field {@code css} finds, finding it again if the page redrew it meanwhile. */
    void type(String css, CharSequence... keys) {
        for (int attempt = 0; ; attempt++) {
            try {
                WebElement e = awaitVisible(css, 20);
                script("arguments[0].scrollIntoView({block: 'center'});", e);
                e.sendKeys(keys);
                return;
            } catch (org.openqa.selenium.StaleElementReferenceException | org.openqa.selenium.ElementNotInteractableException e) {
                if (attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    /** Chooses {@code value} in the select {@code css} finds, finding it again if the page redrew it meanwhile. */
    void choose(String css, String value) {
        for (int attempt = 0; ; attempt++) {
            try {
                new org.openqa.selenium.support.ui.Select(awaitVisible(css, 20)).selectByValue(value);
                return;
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                if (attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** Saves a screenshot as {@code it/target/screenshots/NAME.png} and returns its path. */
    Path screenshot(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        Path png = SCREENSHOTS.resolve(name + ".png");
        Files.write(png, driver.getScreenshotAs(OutputType.BYTES));
        System.out.println("screenshot: " + png);
        return png;
    }

    void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Every browser console entry so far (errors, warnings, logs), oldest first. */
    List<String> consoleLog() {
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            log.add(e.getLevel() + " " + e.getMessage());
        }
        return log;
    }

    /** Fails on any error in the browser's console so far (a script error, a failed load, a CSP violation). */
    void assertNoConsoleErrors() {
        assertThat(consoleLog().stream().filter(l -> l.startsWith("SEVERE"))).as("errors in the browser console").isEmpty();
    }

    /**
     * As {@link #assertNoConsoleErrors()}, except the failed requests a script provoked on purpose:
     * each of {@code provoked} is "PATH STATUS" (the browser logs every 4xx answer as an error).
     */
    void assertNoConsoleErrorsBut(String... provoked) {
        assertThat(consoleLog().stream().filter(l -> l.startsWith("SEVERE")).filter(l -> java.util.Arrays.stream(provoked).noneMatch(p -> {
            String[] pathStatus = p.split(" ");
            return l.contains(pathStatus[0] + " - Failed to load resource: the server responded with a status of " + pathStatus[1]);
        }))).as("errors in the browser console").isEmpty();
    }

    /** The page's performance entries of one type, as maps. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> performance(String type) {
        return (List<Map<String, Object>>) script("return performance.getEntriesByType(arguments[0]).map(e => e.toJSON());", type);
    }

    /**
     * A task a page's main thread ran: its wall time and the CPU time the thread had in it (µs),
     * and for a long one what it did (the trace's events within it, longest first).
     */
    record Task(long wallMicros, long cpuMicros, String what) {
    }

    /** Marks this moment in the trace of the page's main thread (a browser made {@code traced}). */
    void traceMark(String name) {
        script("console.timeStamp(arguments[0]);", name);
    }

    /** Moves what Chromium's performance log holds now into {@link #trace}: marks, tasks, and what took 1 ms or more in them. */
    private boolean traceLost;

    private void collectTrace() {
        for (LogEntry e : driver.manage().logs().get(LogType.PERFORMANCE)) {
            JsonObject m = new JsonObject(e.getMessage()).getJsonObject("message");
            JsonObject params = m.getJsonObject("params", new JsonObject());
            if (m.getString("method", "").equals("Tracing.tracingComplete")) {
                traceLost |= params.getBoolean("dataLossOccurred", false);
            } else if (m.getString("method", "").equals("Tracing.dataCollected") && (params.getString("name", "").equals("TimeStamp")
                    || params.getLong("dur", 0L) >= 1000 || params.getString("name", "").equals("RunTask"))) {
                trace.add(params);
            }
        }
    }

    /**
     * Every task the page's main thread ran between two marks ({@link #traceMark}), from Chromium's
     * trace (a browser made {@code traced}). A task's CPU time is the page's own work; its wall
     * time also counts what the machine gave to other processes meanwhile. Chromium hands its
     * trace over in chunks, so this waits (at most 30 s) until the second mark has come. Fails
     * when the trace lost events (its buffer full), so that no task goes unseen.
     */
    List<Task> pageTasks(String from, String to) {
        JsonObject[] marks;
        try {
            // Chromium hands the trace over in chunks: read them until both marks have come.
            marks = StreamApiTest.eventually(Duration.ofSeconds(30), () -> {
                collectTrace();
                JsonObject a = mark(from);
                JsonObject b = mark(to);
                assertThat(a != null && b != null).as("the marks %s and %s in Chromium's trace", from, to).isTrue();
                return new JsonObject[] {a, b};
            });
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(traceLost).as("events lost from Chromium's trace").isFalse();
        JsonObject start = marks[0];
        JsonObject stop = marks[1];
        String page = thread(start);
        long first = start.getLong("ts");
        long last = stop.getLong("ts");
        List<JsonObject> window = trace.stream().filter(e -> thread(e).equals(page) && e.getLong("ts") >= first && e.getLong("ts") <= last)
                .toList();
        trace.removeIf(e -> e.getLong("ts") < last);
        List<Task> tasks = new ArrayList<>();
        for (JsonObject run : window) {
            if (!run.getString("name").equals("RunTask") || !run.containsKey("tdur")) {
                continue;
            }
            long from0 = run.getLong("ts");
            long to0 = from0 + run.getLong("dur");
            String what = run.getLong("tdur") < 20_000 ? "" : window.stream()
                    .filter(e -> e != run && e.getLong("ts") >= from0 && e.getLong("ts") < to0 && !e.getString("name").endsWith("RunTask"))
                    .sorted(java.util.Comparator.comparingLong((JsonObject e) -> -e.getLong("dur", 0L))).limit(8)
                    .map(e -> e.getString("name") + " " + e.getLong("dur", 0L) / 1000 + detail(e))
                    .collect(java.util.stream.Collectors.joining(", "));
            tasks.add(new Task(run.getLong("dur"), run.getLong("tdur"), what));
        }
        return tasks;
    }

    private JsonObject mark(String name) {
        return trace.stream().filter(e -> e.getString("name").equals("TimeStamp")
                && name.equals(e.getJsonObject("args", new JsonObject()).getJsonObject("data", new JsonObject()).getString("message")))
                .findFirst().orElse(null);
    }

    private static String thread(JsonObject event) {
        return event.getValue("pid") + "/" + event.getValue("tid");
    }

    /** Where a trace event's script ran (function, file, line), when it says. */
    private static String detail(JsonObject event) {
        JsonObject layout = event.getJsonObject("args", new JsonObject()).getJsonObject("beginData", new JsonObject());
        if (layout.containsKey("dirtyObjects")) {
            return " (" + layout.getValue("dirtyObjects") + " of " + layout.getValue("totalObjects") + " objects)";
        }
        JsonObject data = event.getJsonObject("args", new JsonObject()).getJsonObject("data", new JsonObject());
        String url = data.getString("url", "");
        return url.isEmpty() ? "" : " (" + data.getString("functionName", "") + " " + url.substring(url.lastIndexOf('/') + 1) + ":"
                + data.getValue("lineNumber", "") + ")";
    }

    @Override
    public void close() {
        driver.quit();
        DppProcess.deleteTree(profile);
    }

    private static String tool(String... names) {
        for (String name : names) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name).toString();
                }
            }
        }
        String why = "no " + names[0] + " on the PATH (Debian: apt-get install chromium chromium-driver)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(why + "; CI=true requires it");
        }
        Assumptions.abort(why + "; the console's browser scripts are skipped");
        return null;
    }
}
