package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/**
 * The web console in a real browser (headless Chromium) over {@code dpp up --replay} of the
 * recorded traffic, as a person would use it: sign up, verify the address from the mail, sign in;
 * open a market and watch the chart, the book and the tape update live; switch the interval and
 * draw an indicator; move through the page with the keyboard; the same page at a phone's width.
 * Each script keeps its screenshots (it/target/screenshots/console-*.png) and fails on any error
 * in the browser's console. The replay runs at a quarter of the recorded pace so that the market
 * is still live while the scripts run.
 */
@org.junit.jupiter.api.parallel.Isolated("a browser paces its requests to the plan's rate; a loaded machine bunches them into 429s")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleTest {

    private static final Pattern CONSOLE_LINK = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/#/verify\\?token=[A-Za-z0-9_-]+)");
    private static final String EMAIL = "trader@example.com";
    private static final String PASSWORD = "candles and books";

    private static GreenMail smtp;
    private static Map<String, String> env;
    /** The platform's data (about 2 GB of preallocated database files), deleted after the class. */
    @org.junit.jupiter.api.io.TempDir
    static Path data;
    private static DppProcess platform;
    private static Browser browser;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        Path fixtures = ReplayCommandTest.fixtures();
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        int port = DppProcess.freePort();
        base = "http://127.0.0.1:" + port;
        env = new HashMap<>(Map.of("DPP_HTTP_PORT", Integer.toString(port), "DPP_HTTP_HOST", "127.0.0.1",
                "DPP_DATA_DIR", data.toString(), "DPP_ACCOUNTS_ACCESS", "keys",
                "DPP_ACCOUNTS_MAIL_HOST", "127.0.0.1", "DPP_ACCOUNTS_MAIL_PORT", Integer.toString(smtp.getSmtp().getPort()),
                "DPP_ACCOUNTS_MAIL_SECURITY", "none", "DPP_ACCOUNTS_PUBLIC_URL", base, "DPP_JAVA_OPTS", AbusePlatform.HEAP));
        platform = DppProcess.start(env, "up", "--replay", fixtures.toString(), "--speed", "0.2", "--venues", "bybit,coinbase");
        platform.awaitReady(port, Duration.ofSeconds(90));
        browser = new Browser(1280, 800);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (platform != null) {
            platform.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    @Test
    @Order(1)
    void signUpVerifyTheAddressAndSignIn() throws Exception {
        browser.open(base + "/");
        WebElement email = browser.awaitVisible("form input[name=email]", 20);
        assertThat(browser.driver().getCurrentUrl()).as("a visitor is sent to sign in").contains("#/sign-in");
        double ready = ((Number) browser.script("return performance.getEntriesByName('dpp-ready')[0].startTime;")).doubleValue();
        System.out.printf("console first page ready after %.0f ms%n", ready);
        // The figure (790-1030 ms on the reference machine, under the rest of the suite's load) is reported
        // in docs/console.md; here only a regression that a person would notice fails the test, not the
        // load of the machine the suite shares (this bound once failed at 1 s with 1031 ms).
        assertThat(ready).as("first page ready (ms since navigation) on loopback").isLessThan(3000);
        browser.screenshot("console-sign-in");

        browser.find("a[href='#/sign-up']").click();
        browser.awaitVisible("input[autocomplete=new-password]", 10);
        browser.find("input[name=email]").sendKeys(EMAIL);
        browser.find("input[name=password]").sendKeys(PASSWORD);
        browser.find("button[type=submit]").click();
        browser.await("the sign-up's answer", 20, d -> browser.find("p[role=status]").getText().contains(EMAIL));

        MimeMessage mail = awaitMail(EMAIL, "Verify your DPP account");
        Matcher link = CONSOLE_LINK.matcher(GreenMailUtil.getBody(mail));
        assertThat(link.find()).as("the mail links to the console's verify page").isTrue();
        browser.open(link.group(1));
        browser.await("the address verified", 20, d -> browser.find("p[role=status]").getText().contains("verified"));
        // Books are in the paid plans and the recorded traffic is from 2021, older than a year: an
        // admin moves the new user to the plan with every channel and all history.
        DppProcess upgraded = DppProcess.run(env, "users", "set", EMAIL, "--plan", "enterprise");
        assertThat(upgraded.exitCode()).as(upgraded.output()).isZero();

        browser.find("a[href='#/sign-in']").click();
        email = browser.awaitVisible("form input[name=email]", 10);
        email.sendKeys(EMAIL);
        browser.find("input[name=password]").sendKeys("a wrong password");
        browser.find("button[type=submit]").click();
        browser.await("the refusal shown in the form", 20, d -> !browser.find("p.error").getText().isBlank());
        browser.find("input[name=password]").clear();
        browser.find("input[name=password]").sendKeys(PASSWORD);
        browser.find("button[type=submit]").click();
        browser.await("the markets page after signing in", 20, d -> d.getCurrentUrl().contains("#/markets/"));
        assertThat(browser.find("#who").getText()).contains(EMAIL);
        // The two 401 answers the script asked for are the only errors in the log: "who am I" before
        // signing in, and the wrong password (which the form showed).
        List<String> errors = browser.consoleLog().stream().filter(l -> l.startsWith("SEVERE")).toList();
        assertThat(errors).allSatisfy(e -> assertThat(e).containsAnyOf("/api/v1/users/sign-in - ", "/api/v1/users/me - ")
                .contains("status of 401"));
    }

    @Test
    @Order(2)
    void aMarketsChartBookAndTapeUpdateLive() throws Exception {
        browser.consoleLog().clear();
        browser.open(base + "/#/markets/bybit/BTCUSD?interval=1s&indicator=none");
        WebElement chart = browser.awaitVisible("#chart[data-loaded=true]", 30);
        long trades = browser.await("trades on the chart", 30, d -> count(chart, "data-trades") > 0 ? count(chart, "data-trades") : null);
        long candles = count(chart, "data-candles");
        assertThat(candles).as("candles from history and the live trades").isPositive();
        browser.await("more live trades", 30, d -> count(chart, "data-trades") > trades + 5);
        browser.await("the order book", 20, d -> browser.all("#book tr.bid").size() >= 5 && browser.all("#book tr.ask").size() >= 5);
        assertThat(browser.all("#tape tbody tr")).isNotEmpty();
        assertThat(browser.find("#last-price").getText()).matches("\\d+(\\.\\d+)?");
        browser.await("bybit shown connected", 10, d -> browser.all(".venues tbody tr").stream()
                .anyMatch(r -> r.getText().startsWith("bybit") && r.getText().contains("connected")));
        assertThat(browser.find("canvas")).isNotNull();
        browser.screenshot("console-markets");

        browser.find("button[data-interval='1m']").click();
        browser.await("the 1m chart", 20, d -> d.getCurrentUrl().contains("interval=1m")
                && "true".equals(browser.find("#chart").getDomAttribute("data-loaded")));
        assertThat(browser.find("button[data-interval='1m']").getDomAttribute("aria-pressed")).isEqualTo("true");
        new Select(browser.find("#indicator")).selectByValue("sma");
        browser.await("the SMA line in the legend", 20, d -> d.getCurrentUrl().contains("indicator=sma")
                && browser.find("#chart .legend").getText().contains("SMA 20"));
        browser.assertNoConsoleErrors();
    }

    @Test
    @Order(5)
    void theMarketsPageWorksFromTheKeyboardAndAtAPhonesWidth() throws Exception {
        browser.consoleLog().clear();
        browser.open("about:blank"); // a new document, not a change of the hash of the same one
        browser.open(base + "/#/markets/bybit/BTCUSD?interval=1m&indicator=none");
        browser.awaitVisible("#chart[data-loaded=true]", 30);
        // A page just opened: the first Tab starts from the top of the document.
        new Actions(browser.driver()).sendKeys(Keys.TAB).perform();
        assertThat(browser.script("return document.activeElement.textContent;")).as("the first stop is the skip link")
                .isEqualTo("Skip to content");
        String reached = null;
        for (int i = 0; i < 30 && reached == null; i++) {
            new Actions(browser.driver()).sendKeys(Keys.TAB).perform();
            Object interval = browser.script("return document.activeElement.dataset.interval || null;");
            if ("5m".equals(interval)) {
                reached = "5m";
            }
        }
        assertThat(reached).as("the interval buttons are reached with Tab").isEqualTo("5m");
        new Actions(browser.driver()).sendKeys(Keys.ENTER).perform();
        browser.await("the 5m chart chosen from the keyboard", 20, d -> d.getCurrentUrl().contains("interval=5m"));

        browser.resize(390, 844);
        browser.open(base + "/#/markets/bybit/BTCUSD?interval=1s&indicator=none");
        browser.awaitVisible("#chart[data-loaded=true]", 30);
        browser.await("the book at a phone's width", 20, d -> browser.all("#book tr.bid").size() >= 5);
        long overflow = ((Number) browser.script("return document.documentElement.scrollWidth - window.innerWidth;")).longValue();
        assertThat(overflow).as("no sideways scrolling at 390 px").isLessThanOrEqualTo(0);
        browser.screenshot("console-markets-phone");
        browser.resize(1280, 800);
        browser.assertNoConsoleErrors();
    }

    @Test
    @Order(3)
    void buildTheSmaCrossoverOnTheCanvasFixItsProblemAndSaveIt() throws Exception {
        browser.consoleLog().clear();
        browser.open("about:blank");
        browser.open(base + "/#/strategies");
        browser.awaitVisible(".palette-item[data-type=candles]", 20);
        browser.await("the empty graph validated", 20, d -> browser.find("#problems").getDomAttribute("data-count") != null);
        // Nodes from the palette, then dragged apart on the canvas.
        // Each new node appears in the middle of the canvas; it is dragged by its header from there.
        String[][] nodes = {{"candles", "candles", "-330", "0"}, {"sma", "sma", "-110", "-110"}, {"sma", "sma2", "-110", "110"},
            {"crossover", "crossover", "110", "0"}};
        for (String[] n : nodes) {
            browser.find(".palette-item[data-type=" + n[0] + "]").click();
            WebElement head = browser.awaitVisible("svg [data-node=" + n[1] + "] rect.head", 10);
            new Actions(browser.driver()).clickAndHold(head).moveByOffset(Integer.parseInt(n[2]), Integer.parseInt(n[3])).release().perform();
        }
        // The order node is dragged from the palette and dropped where it goes.
        dropFromPalette("order", 330, 0);
        browser.awaitVisible("svg [data-node=order] rect.head", 10);
        wire("candles", "close", "sma", "input");
        wire("candles", "close", "sma2", "input");
        wire("sma", "value", "crossover", "a");
        wire("sma2", "value", "crossover", "b");
        // A condition cannot feed a number: the wire is refused and nothing changes.
        wire("crossover", "value", "sma", "input");
        browser.await("the refusal", 10, d -> browser.find("#toast").getText().contains("takes a number"));
        wire("crossover", "value", "order", "when");
        assertThat(browser.all("svg .wires path")).as("five wires").hasSize(5);

        // One-second bars and short averages, so that the few minutes of recorded trades cross.
        select("candles");
        setField("interval", "1s");
        select("sma");
        setField("period", "1");
        select("sma2");
        setField("period", "2");
        select("order");
        browser.type("#inspector input[aria-label='quantity constant']", "1", Keys.TAB);
        // The order has no side yet: the server's validation names the node and the field.
        browser.await("the problem on the order node", 20, d -> !browser.all("svg [data-node=order].invalid").isEmpty()
                && browser.find("#inspector").getText().contains("field \"side\""));
        browser.screenshot("console-strategy-problem");
        browser.choose("#inspector select[data-field=side]", "buy");
        browser.await("no problem left", 20, d -> "0".equals(browser.find("#problems").getDomAttribute("data-count")));
        assertThat(browser.all("svg .node.invalid")).isEmpty();

        // Undo brings the problem back; redo fixes it again.
        browser.find("#undo").click();
        browser.await("undone", 20, d -> !browser.all("svg [data-node=order].invalid").isEmpty());
        browser.find("#redo").click();
        browser.await("redone", 20, d -> "0".equals(browser.find("#problems").getDomAttribute("data-count")));
        // A comment on the canvas, kept in the graph's layout.
        browser.find("#add-comment").click();
        browser.await("the comment's prompt", 10, d -> org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent().apply(d));
        browser.driver().switchTo().alert().sendKeys("enters on a cross up");
        browser.driver().switchTo().alert().accept();
        browser.await("the comment on the canvas", 10, d -> browser.all("svg .comment").stream()
                .anyMatch(c -> c.getText().contains("enters on a cross up")));
        // It appears in the middle, over the crossover: dragged above it.
        new Actions(browser.driver()).clickAndHold(browser.find("svg .comment rect")).moveByOffset(60, -160).release().perform();

        WebElement name = browser.find("#graph-name");
        name.clear();
        name.sendKeys("my-crossover", Keys.TAB);
        browser.find("#save").click();
        browser.await("saved", 20, d -> browser.find("#graph-status").getText().contains("saved, version"));
        String url = browser.driver().getCurrentUrl();
        assertThat(url).matches(".*#/strategies/\\d+$");
        browser.screenshot("console-strategy-creator");

        browser.open("about:blank");
        browser.open(url);
        browser.await("the saved graph, reloaded", 20, d -> browser.all("svg .node").size() == 5);
        assertThat(browser.all("svg .wires path")).hasSize(5);
        assertThat(browser.find("#graph-name").getDomProperty("value")).isEqualTo("my-crossover");
        // (read as its text content: where the view opens, fitted to the nodes, it may lie outside)
        assertThat(browser.find("svg .comment").getDomProperty("textContent")).isEqualTo("enters on a cross up");
        browser.await("valid after reloading", 20, d -> "0".equals(browser.find("#problems").getDomAttribute("data-count")));
        browser.assertNoConsoleErrors();
    }

    @Test
    @Order(4)
    void deployTheGraphOnPaperSeeItsOrdersAndUseTheOrderTicketAndKillSwitch() throws Exception {
        browser.consoleLog().clear();
        // From the saved graph in the creator (the previous script) to a paper deployment of it.
        browser.find("#paper").click();
        browser.await("the trading page", 20, d -> d.getCurrentUrl().contains("#/trading?graph=")
                && browser.all("#tr-source option").size() > 0);
        browser.find("#tr-new-account").sendKeys("paper-1");
        browser.find("#tr-open").click();
        browser.await("the paper account", 20, d -> browser.find("#tr-account-state").getText().startsWith("paper-1: trading"));
        browser.await("its balance", 20, d -> browser.find("#tr-balances").getText().contains("100000"));

        // The graph deployed first, so that the market moves under it while the ticket is used: its
        // orders (client ids s<id>-<n>) reach the blotter as its averages cross.
        assertThat(new Select(browser.find("#tr-source")).getFirstSelectedOption().getText()).startsWith("my graph: my-crossover");
        browser.find("#tr-dep-venue").sendKeys("bybit");
        browser.find("#tr-dep-symbol").sendKeys("BTCUSD");
        browser.find("#tr-deploy-submit").click();
        browser.await("the deployment", 20, d -> browser.find("#tr-deploy-answer").getText().startsWith("Deployed as"));

        // An order from the ticket, filled against the book, and one the risk checks refuse.
        browser.find("#tk-venue").sendKeys("bybit");
        browser.find("#tk-symbol").sendKeys("BTCUSD");
        browser.find("#tk-quantity").sendKeys("1");
        browser.find("#tk-submit").click();
        browser.await("the order accepted", 20, d -> browser.find("#tr-ticket-answer").getText().startsWith("Accepted"));
        browser.await("the order and its fill in the blotters", 20, d -> !browser.all("#tr-orders tbody tr").isEmpty()
                && !browser.all("#tr-fills tbody tr").isEmpty() && browser.find("#tr-positions").getText().contains("BTCUSD"));
        browser.find("#tk-quantity").clear();
        browser.find("#tk-quantity").sendKeys("100000000");
        browser.find("#tk-submit").click();
        browser.await("the risk checks' answer", 20, d -> browser.find("#tr-ticket-answer").getText().startsWith("Refused by the risk checks"));

        awaitOrShowPlatform("the deployment's orders in the blotter", 90, d -> browser.all("#tr-orders tbody tr").stream()
                .anyMatch(r -> r.getText().matches("(?s).*\\bs\\d+-\\d+\\b.*")),
                () -> "deployments: " + browser.find("#tr-deployments").getText());
        browser.await("the deployment's order count", 20, d -> !"0".equals(browser.find("#tr-deployments-table tbody td:nth-child(5)").getText()));
        browser.screenshot("console-trading");

        browser.find("#tr-kill").click();
        browser.await("the kill switch on", 20, d -> browser.find("#tr-account-state").getText().contains("kill switch on"));
        browser.find("#tk-quantity").clear();
        browser.find("#tk-quantity").sendKeys("1");
        browser.find("#tk-submit").click();
        browser.await("an order refused while killed", 20, d -> browser.find("#tr-ticket-answer").getText()
                .startsWith("Refused by the risk checks") && browser.find("#tr-ticket-answer").getText().contains("kill_switch"));
        browser.find("#tr-unkill").click();
        browser.await("the kill switch off", 20, d -> browser.find("#tr-account-state").getText().contains("trading"));
        browser.click("#tr-deployments-table button[data-op=stop]");
        browser.await("the deployment stopped", 20, d -> browser.find("#tr-deployments-table").getText().contains("stopped"));
        browser.assertNoConsoleErrorsBut("/api/v1/orders 422");
    }

    @Test
    @Order(6)
    void backtestTheGraphReadTheReportSweepAParameterAndCompareRuns() throws Exception {
        browser.consoleLog().clear();
        // From the saved graph in the creator (script 3) to a backtest of it.
        browser.open("about:blank");
        browser.open(base + "/#/strategies");
        new Select(browser.awaitVisible("#my-graphs", 20)).selectByIndex(1);
        browser.await("the saved graph", 20, d -> browser.all("svg .node").size() == 5);
        browser.find("#backtest").click();
        awaitOrShowPlatform("the backtest form", 20, d -> d.getCurrentUrl().contains("#/backtests?graph=")
                && browser.all("#bt-venue option").size() > 0 && browser.all("#bt-source option").size() > 0, () -> "");
        new Select(browser.find("#bt-venue")).selectByValue("bybit");
        new Select(browser.find("#bt-symbol")).selectByValue("BTCUSD");
        assertThat(browser.find("#bt-source").getDomProperty("value")).as("the saved graph is chosen").isEqualTo("0");
        assertThat(browser.find("#bt-from").getDomProperty("value")).startsWith("2021-04-17T");
        browser.find("#bt-run").click();
        browser.await("the report", 60, d -> d.getCurrentUrl().matches(".*#/backtests/[^/?]+$")
                && browser.find("#bt-status").getText().startsWith("done"));
        browser.awaitVisible("#bt-metrics", 20);
        assertThat(browser.find("#bt-metrics").getText()).contains("total return", "max drawdown");
        browser.awaitVisible("#bt-equity canvas", 20);
        browser.await("the price with fills", 20, d -> !browser.all("#bt-price canvas").isEmpty());
        assertThat(browser.find("#bt-progress").getDomProperty("value")).isEqualTo("1");
        browser.screenshot("console-backtest-report");

        // A sweep of the template's fast average over three values, sorted by return.
        browser.open(base + "/#/backtests");
        browser.await("the form", 20, d -> browser.all("#bt-source option").size() > 1 && browser.all("#bt-venue option").size() > 0);
        Select source = new Select(browser.find("#bt-source"));
        source.selectByVisibleText("template: sma-crossover");
        new Select(browser.find("#bt-venue")).selectByValue("bybit");
        new Select(browser.find("#bt-symbol")).selectByValue("BTCUSD");
        browser.find("#bt-params input[data-param=interval]").sendKeys("1s");
        browser.find("#bt-params input[data-param=slow]").sendKeys("5");
        new Select(browser.find("#sweep-param")).selectByValue("fast");
        browser.find("#sweep-values").sendKeys("1, 2, 3");
        browser.find("#sweep-run").click();
        browser.await("the sweep's three runs", 120, d -> "true".equals(browser.find("#sweep-results").getDomAttribute("data-done")));
        List<WebElement> rows = browser.all("#sweep-table tbody tr");
        assertThat(rows).hasSize(3);
        assertThat(rows).allSatisfy(r -> assertThat(r.getText()).contains("done"));
        browser.find("#sweep-table button[data-sort=sharpe]").click();
        assertThat(browser.find("#sweep-table th[aria-sort=descending]").getText()).isEqualTo("Sharpe");
        browser.screenshot("console-backtest-sweep");

        browser.await("the runs listed", 20, d -> browser.all("#bt-runs input[type=checkbox]:not([disabled])").size() >= 3);
        List<WebElement> ticks = browser.all("#bt-runs input[type=checkbox]:not([disabled])");
        ticks.get(0).click();
        ticks.get(1).click();
        browser.find("#compare").click();
        browser.await("the comparison", 30, d -> browser.all("#compare-table thead th").size() == 3
                && !browser.all("#compare-chart canvas").isEmpty());
        browser.screenshot("console-backtest-compare");
        browser.assertNoConsoleErrors();
    }

    @Test
    @Order(7)
    void openATicketAnswerItAsSupportAndReadTheReplyAsTheUser() throws Exception {
        browser.consoleLog().clear();
        browser.open(base + "/#/support");
        browser.awaitVisible("#ticket-subject", 20).sendKeys("The chart stops updating");
        browser.find("#ticket-body").sendKeys("On bybit BTCUSD the candles stop after two minutes.");
        new Select(browser.find("#ticket-category")).selectByValue("data");
        browser.find("#ticket-open").click();
        browser.await("the ticket's page", 20, d -> d.getCurrentUrl().matches(".*#/support/\\d+$"));
        String ticket = browser.driver().getCurrentUrl();
        Path notes = data.resolve("notes.txt");
        Files.writeString(notes, "what I saw\n");
        browser.awaitVisible("#reply-body", 20);
        browser.find("#attach-file").sendKeys(notes.toString());
        browser.await("the file listed", 20, d -> !browser.all("#ticket-files a").isEmpty()
                && browser.find("#ticket-files").getText().contains("notes.txt"));
        browser.open(base + "/#/support");
        new Select(browser.awaitVisible("#feedback-rating", 20)).selectByValue("4");
        browser.find("#feedback-send").click();
        browser.await("the feedback thanked", 20, d -> browser.find("#toast").getText().contains("Thank you"));
        browser.screenshot("console-support");

        // A support agent, made on the command line, sets a password through the console's reset pages.
        DppProcess made = DppProcess.run(env, "users", "create", "--email", "helper@example.com", "--role", "support");
        assertThat(made.exitCode()).as(made.output()).isZero();
        signOut();
        browser.open(base + "/#/reset");
        browser.awaitVisible("form input[name=email]", 20).sendKeys("helper@example.com");
        browser.find("button[type=submit]").click();
        browser.await("the reset requested", 20, d -> !browser.find("p[role=status]").getText().isBlank());
        Matcher reset = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/#/reset/confirm\\?token=[A-Za-z0-9_-]+)")
                .matcher(GreenMailUtil.getBody(awaitMail("helper@example.com", "Reset your DPP password")));
        assertThat(reset.find()).as("the mail links to the console's reset page").isTrue();
        browser.open(reset.group(1));
        browser.awaitVisible("form input[name=password]", 20).sendKeys("helping hands 42");
        browser.find("button[type=submit]").click();
        signIn("helper@example.com", "helping hands 42", "#/support");

        browser.await("the queue", 20, d -> browser.all("#tickets-table tbody tr").stream()
                .anyMatch(r -> r.getText().contains("The chart stops updating") && r.getText().contains(EMAIL)));
        browser.screenshot("console-support-queue");
        browser.find("#tickets-table a").click();
        browser.awaitVisible("#reply-body", 20).sendKeys("Thanks: the replay ended there; pick 1m to see the whole run.");
        browser.find("#reply-send").click();
        browser.await("the reply in the thread", 20, d -> browser.find("#ticket-messages").getText().contains("pick 1m"));
        browser.choose("#ticket-set-status", "solved");
        // Solved once the server says so: the thread is drawn again from its answer.
        browser.await("solved", 20, d -> browser.find("#ticket-facts").getText().startsWith("solved"));
        browser.open(base + "/#/admin");
        browser.await("the administration page", 20, d -> !browser.all("#status-table tbody tr").isEmpty()
                && !browser.all("#users-table tbody tr").isEmpty());
        browser.screenshot("console-admin");
        signOut();

        signIn(EMAIL, PASSWORD, ticket.substring(ticket.indexOf('#')));
        browser.await("the reply, seen by the user", 20, d -> browser.find("#ticket-messages").getText().contains("pick 1m")
                && browser.find("#ticket-messages").getText().contains("(support)"));
        assertThat(browser.find("#ticket-set-status").getDomProperty("value")).isEqualTo("solved");
        browser.open(base + "/#/account");
        browser.awaitVisible("#key-create", 20).click();
        browser.await("a new API key", 20, d -> browser.find("#new-key").getText().contains("dpp_"));
        // The usage: the signed-in browser's requests of today (this script made dozens), and the new key's line.
        browser.await("today's requests of the signed-in browser", 20, d -> {
            List<WebElement> rows = browser.all("#usage-keys tbody tr");
            return rows.size() == 2 && rows.get(1).getText().startsWith("Signed-in browsers")
                    && Long.parseLong(rows.get(1).findElements(org.openqa.selenium.By.cssSelector("td")).get(1).getText()) > 10;
        });
        assertThat(browser.all(".usage-days li")).hasSize(7);
        browser.screenshot("console-account");
        // The two expected answers of the sign-ins' "who am I" while signed out, nothing else.
        assertThat(browser.consoleLog().stream().filter(l -> l.startsWith("SEVERE")))
                .allSatisfy(e -> assertThat(e).contains("/api/v1/users/me - ").contains("status of 401"));
    }

    @Test
    @Order(8)
    void theMainPagesHaveNoSeriousAccessibilityViolations() throws Exception {
        Map<String, List<String>> found = new java.util.LinkedHashMap<>();
        for (String page : List.of("#/markets/bybit/BTCUSD?interval=1m&indicator=sma", "#/strategies", "#/backtests", "#/trading",
                "#/support", "#/account")) {
            browser.open("about:blank");
            browser.open(base + "/" + page);
            browser.await(page + " drawn", 20, d -> "true".equals(browser.script("return document.documentElement.dataset.ready || null;"))
                    && browser.all("main#main > *").size() > 0 && browser.all("main#main p.muted").stream()
                    .noneMatch(p -> p.getText().equals("Loading…")));
            // Let the page's first answers land (lists, charts) before judging it.
            browser.await(page + " settled", 20, d -> (Boolean) browser.script(
                    "return performance.getEntriesByType('resource').filter(r => r.responseEnd === 0).length === 0;"));
            found.put(page, Accessibility.serious(browser));
        }
        signOut();
        found.put("#/sign-in", Accessibility.serious(browser));
        System.out.println("axe serious/critical violations by page: " + found);
        assertThat(found.values()).allSatisfy(v -> assertThat(v).isEmpty());
    }

    private static void signOut() {
        browser.open(base + "/#/markets");
        browser.click("#who button");
        browser.await("signed out", 20, d -> d.getCurrentUrl().contains("#/sign-in"));
    }

    /** Signs in from the sign-in page, which then opens {@code next} (a page of the console). */
    private static void signIn(String email, String password, String next) {
        browser.open("about:blank");
        browser.open(base + "/#/sign-in?next=" + java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8));
        browser.type("form input[name=email]", email);
        browser.type("form input[name=password]", password);
        browser.find("button[type=submit]").click();
        browser.await("signed in as " + email, 20, d -> browser.find("#who").getText().contains(email));
    }

    private static void wire(String from, String port, String to, String field) {
        for (int attempt = 0; ; attempt++) {
            try {
                WebElement out = browser.find("svg [data-node=" + from + "] circle.port.out[data-port=" + port + "]");
                WebElement in = browser.find("svg [data-node=" + to + "] circle.port.in[data-field=" + field + "]");
                new Actions(browser.driver()).clickAndHold(out).moveToElement(in).release().perform();
                return;
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                if (attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    /**
     * Drags a node type from the palette and drops it on the canvas, {@code dx, dy} from its middle.
     * Chromium's driver performs no HTML5 drag and drop, so the page's own dragstart, dragover and
     * drop handlers are given the events a person's drag makes, sharing one DataTransfer.
     */
    private static void dropFromPalette(String type, int dx, int dy) {
        browser.script("const item = document.querySelector('.palette-item[data-type=' + arguments[0] + ']');"
                + "const canvas = document.getElementById('canvas'); const r = canvas.getBoundingClientRect();"
                + "const at = { clientX: r.left + r.width / 2 + arguments[1], clientY: r.top + r.height / 2 + arguments[2],"
                + " bubbles: true, cancelable: true };"
                + "const dataTransfer = new DataTransfer();"
                + "item.dispatchEvent(new DragEvent('dragstart', { dataTransfer, bubbles: true }));"
                + "const over = new DragEvent('dragover', { ...at, dataTransfer }); canvas.dispatchEvent(over);"
                + "if (!over.defaultPrevented) throw new Error('the canvas does not take the dragged node');"
                + "canvas.dispatchEvent(new DragEvent('drop', { ...at, dataTransfer }));"
                + "item.dispatchEvent(new DragEvent('dragend', { dataTransfer, bubbles: true }));", type, dx, dy);
    }

    /** As Browser.await, failing with {@code more} and the platform's log, for what depends on the platform's state. */
    private static void awaitOrShowPlatform(String what, int seconds, java.util.function.Function<org.openqa.selenium.WebDriver, Boolean> condition,
                                            java.util.function.Supplier<String> more) {
        try {
            browser.await(what, seconds, condition);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + more.get() + "\n" + platform.output(), e);
        }
    }

    private static void select(String node) {
        new Actions(browser.driver()).click(browser.find("svg [data-node=" + node + "] rect.head")).perform();
        browser.await(node + " in the inspector", 10, d -> browser.find("#inspector input[aria-label='Node id']")
                .getDomProperty("value").equals(node));
    }

    private static void setField(String field, String value) {
        // Select what is there and type over it: one change event, as a person's edit makes.
        browser.type("#inspector input[data-field=" + field + "]", Keys.chord(Keys.CONTROL, "a"), value, Keys.TAB);
        browser.await(field + " set", 10, d -> browser.find("#inspector input[data-field=" + field + "]").getDomProperty("value")
                .equals(value));
    }

    private static long count(WebElement e, String attribute) {
        String v = e.getDomAttribute(attribute);
        return v == null ? 0 : Long.parseLong(v);
    }

    private static MimeMessage awaitMail(String to, String subject) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end) {
            MimeMessage[] received = smtp.getReceivedMessages();
            for (MimeMessage m : received) {
                if (Arrays.toString(m.getAllRecipients()).contains(to) && subject.equals(m.getSubject())) {
                    return m;
                }
            }
            smtp.waitForIncomingEmail(1000, received.length + 1); // returns when the next mail arrives
        }
        throw new AssertionError("no mail \"" + subject + "\" to " + to + " within 30 s");
    }
}
