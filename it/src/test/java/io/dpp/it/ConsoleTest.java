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
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleTest {

    private static final Pattern CONSOLE_LINK = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/#/verify\\?token=[A-Za-z0-9_-]+)");
    private static final String EMAIL = "trader@example.com";
    private static final String PASSWORD = "candles and books";

    private static GreenMail smtp;
    private static Map<String, String> env;
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
                "DPP_DATA_DIR", Files.createTempDirectory("dpp-console").toString(), "DPP_ACCOUNTS_ACCESS", "keys",
                "DPP_ACCOUNTS_MAIL_HOST", "127.0.0.1", "DPP_ACCOUNTS_MAIL_PORT", Integer.toString(smtp.getSmtp().getPort()),
                "DPP_ACCOUNTS_MAIL_SECURITY", "none", "DPP_ACCOUNTS_PUBLIC_URL", base, "DPP_JAVA_OPTS", AbusePlatform.HEAP));
        platform = DppProcess.start(env, "up", "--replay", fixtures.toString(), "--speed", "0.25", "--venues", "coinbase,bybit");
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
        assertThat(ready).as("first page ready (ms since navigation) on loopback").isLessThan(1000);
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
        browser.open(base + "/#/markets/coinbase/SKL-USD?interval=1s&indicator=none");
        WebElement chart = browser.awaitVisible("#chart[data-loaded=true]", 30);
        long trades = browser.await("trades on the chart", 30, d -> count(chart, "data-trades") > 0 ? count(chart, "data-trades") : null);
        long candles = count(chart, "data-candles");
        assertThat(candles).as("candles from history and the live trades").isPositive();
        browser.await("more live trades", 30, d -> count(chart, "data-trades") > trades + 5);
        browser.await("the order book", 20, d -> browser.all("#book tr.bid").size() >= 5 && browser.all("#book tr.ask").size() >= 5);
        assertThat(browser.all("#tape tbody tr")).isNotEmpty();
        assertThat(browser.find("#last-price").getText()).matches("\\d+(\\.\\d+)?");
        browser.await("coinbase shown connected", 10, d -> browser.all(".venues tbody tr").stream()
                .anyMatch(r -> r.getText().startsWith("coinbase") && r.getText().contains("connected")));
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
    @Order(3)
    void theMarketsPageWorksFromTheKeyboardAndAtAPhonesWidth() throws Exception {
        browser.consoleLog().clear();
        browser.open("about:blank"); // a new document, not a change of the hash of the same one
        browser.open(base + "/#/markets/coinbase/SKL-USD?interval=1m&indicator=none");
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
        browser.open(base + "/#/markets/coinbase/SKL-USD?interval=1s&indicator=none");
        browser.awaitVisible("#chart[data-loaded=true]", 30);
        browser.await("the book at a phone's width", 20, d -> browser.all("#book tr.bid").size() >= 5);
        long overflow = ((Number) browser.script("return document.documentElement.scrollWidth - window.innerWidth;")).longValue();
        assertThat(overflow).as("no sideways scrolling at 390 px").isLessThanOrEqualTo(0);
        browser.screenshot("console-markets-phone");
        browser.resize(1280, 800);
        browser.assertNoConsoleErrors();
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
