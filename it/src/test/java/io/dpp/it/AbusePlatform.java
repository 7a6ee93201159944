package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One running platform shared by every abuse and fuzz test of the run: {@code dpp up --replay}
 * over recorded traffic with API keys required, a bounded heap (an attack that exhausts memory
 * ends the process, which every check notices), short header and auth bounds so that tests wait
 * seconds, not minutes, and a small backtest memory budget. Started once, closed when the test
 * run ends (JUnit's root store).
 */
final class AbusePlatform implements ExtensionContext.Store.CloseableResource {

    /**
     * The lock every class that uses the shared platform holds (JUnit {@code @ResourceLock}): they
     * share its API keys' rate limits and its state, so they run one after another, while other
     * classes run beside them.
     */
    static final String LOCK = "dpp-abuse-platform";

    /** The heap the platform runs with: every attack must leave it standing within this. */
    static final String HEAP = "-Xmx768m";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    final int port;
    /** The management port: /metrics is served there only. */
    final int management;
    /** The venue simulator's port (POST /sim/accounts there opens a venue account). */
    final int sim;
    final Path data;
    final Map<String, String> env;
    final String free;
    final String pro;
    final String enterprise;
    /**
     * An enterprise key of its own for the upload checks: each user may open 20 tickets an hour,
     * and the API fuzz, which may run before them, opens them as abuse-enterprise.
     */
    final String uploads;
    final double rowsAtStart;
    private final DppProcess process;

    /** The SMTP server the platform mails users through (in this JVM; read what it received). */
    final com.icegreen.greenmail.util.GreenMail smtp;

    /** How the shared platform's market runs: recorded traffic, or the synthetic market that never ends. */
    enum Market { REPLAY, DEMO }

    final Market market;

    private AbusePlatform(Market market) throws Exception {
        this.market = market;
        smtp = new com.icegreen.greenmail.util.GreenMail(new com.icegreen.greenmail.util.ServerSetup(0, "127.0.0.1",
                com.icegreen.greenmail.util.ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        port = DppProcess.freePort();
        management = DppProcess.freePort();
        sim = DppProcess.freePort();
        data = Files.createTempDirectory("dpp-abuse");
        env = new HashMap<>(Map.ofEntries(Map.entry("DPP_HTTP_PORT", Integer.toString(port)), Map.entry("DPP_HTTP_HOST", "127.0.0.1"),
                Map.entry("DPP_HTTP_MANAGEMENT_PORT", Integer.toString(management)), Map.entry("DPP_STREAM_HEARTBEAT", "1s"),
                Map.entry("DPP_DATA_DIR", data.toString()), Map.entry("DPP_ACCOUNTS_ACCESS", "keys"),
                Map.entry("DPP_ACCOUNTS_KEY_CACHE", "1s"), Map.entry("DPP_HTTP_HEADER_TIMEOUT", "2s"),
                Map.entry("DPP_HTTP_MAX_PENDING_AUTH", "20"), Map.entry("DPP_HTTP_AUTH_TIMEOUT", "4s"), Map.entry("DPP_TRADER_BACKTEST_MAX_MEMORY_MB", "64"),
                Map.entry("DPP_JAVA_OPTS", HEAP),
                Map.entry("DPP_ACCOUNTS_MAIL_HOST", "127.0.0.1"), Map.entry("DPP_ACCOUNTS_MAIL_PORT", Integer.toString(smtp.getSmtp().getPort())),
                Map.entry("DPP_ACCOUNTS_MAIL_SECURITY", "none"), Map.entry("DPP_ACCOUNTS_PUBLIC_URL", "https://dpp.example.com"),
                // The fuzzer sends hundreds of sign-ins and sign-ups from this one address; the
                // per-address limits are exercised in UsersApiTest, so here they stay out of the way.
                Map.entry("DPP_ACCOUNTS_SIGN_IN_PER_ADDRESS_PER_MINUTE", "10000"),
                Map.entry("DPP_ACCOUNTS_SIGN_IN_SIGN_UPS_PER_ADDRESS_PER_HOUR", "10000")));
        if (market == Market.DEMO) {
            // Live trading on the simulator: an order whose answer is lost is given up on after 2 s
            // and then looked up by its client order id; working live orders are asked of the venue 5 times a second.
            env.put("DPP_EMS_VAULT_VENUE_TIMEOUT", "2s");
            env.put("DPP_EMS_LIVE_POLL_INTERVAL", "200ms");
            // Live accounts' balances are compared with their venues' every second.
            env.put("DPP_EMS_LIVE_BALANCE_CHECK_INTERVAL", "1s");
        }
        free = key("abuse-free", "free");
        pro = key("abuse-pro", "pro");
        enterprise = key("abuse-enterprise", "enterprise");
        uploads = key("abuse-uploads", "enterprise");
        process = market == Market.REPLAY
                ? DppProcess.start(env, "up", "--replay", ReplayCommandTest.fixtures().toString(), "--speed", "1",
                        "--venues", "kraken,okx,coinbase,bitstamp,binance", "--sim-port", Integer.toString(sim))
                // A market that keeps moving however late a test comes: the recorded captures last
                // 11-31 s, after which every book is quiet and the EMS refuses marketable orders on it.
                // The venues the live trading tests' chaos matrix runs on, one instrument each, at
                // a modest rate: it runs beside other tests for as long as the classes that use it, and a
                // busier market slowed every test after it by half.
                : DppProcess.start(env, "up", "--demo", "--venues", "okx,binance,kraken,binance-futures,coinbase,bybit,deribit,bitmex", "--instruments", "1", "--rate", "60",
                        "--sim-port", Integer.toString(sim));
        process.awaitReady(port, Duration.ofSeconds(90));
        // Wait for something recorded to query, backtest and replay.
        long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        int rows = market == Market.REPLAY ? 1000 : 200;
        while (metric("dpp_recorder_rows_total") < rows && System.nanoTime() < end) {
            Thread.sleep(200);
        }
        rowsAtStart = metric("dpp_recorder_rows_total");
        assertThat(rowsAtStart).as("rows recorded before the attacks").isGreaterThanOrEqualTo(rows);
    }

    /** As {@link Resolver}, the shared platform over the synthetic market ({@code dpp up --demo}), for tests that trade. */
    static final class DemoResolver implements org.junit.jupiter.api.extension.ParameterResolver {
        @Override
        public boolean supportsParameter(org.junit.jupiter.api.extension.ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == AbusePlatform.class;
        }

        @Override
        public Object resolveParameter(org.junit.jupiter.api.extension.ParameterContext parameter, ExtensionContext context) {
            return get(context, Market.DEMO);
        }
    }

    /** Gives tests (and their {@code @BeforeAll} methods) the platform as a parameter. */
    static final class Resolver implements org.junit.jupiter.api.extension.ParameterResolver {
        @Override
        public boolean supportsParameter(org.junit.jupiter.api.extension.ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == AbusePlatform.class;
        }

        @Override
        public Object resolveParameter(org.junit.jupiter.api.extension.ParameterContext parameter, ExtensionContext context) {
            return get(context);
        }
    }

    /** The platform of this test run, started on first use. */
    static AbusePlatform get(ExtensionContext context) {
        return get(context, Market.REPLAY);
    }

    /**
     * The platform over {@code market}, started on first use: the replay platform is shared by the
     * whole run; the demo platform, whose market never ends, lives as long as the test class that
     * asked for it, so that it does not load the machine under every test after it.
     */
    static AbusePlatform get(ExtensionContext context, Market market) {
        ExtensionContext owner = market == Market.REPLAY ? context.getRoot() : context;
        return owner.getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(
                AbusePlatform.class.getName() + "/" + market, k -> {
            try {
                return new AbusePlatform(market);
            } catch (org.opentest4j.TestAbortedException e) {
                throw e; // no recorded traffic outside CI: skipped with the reason
            } catch (Exception e) {
                throw new IllegalStateException("the abuse platform did not start: " + e.getMessage(), e);
            }
        }, AbusePlatform.class);
    }

    private String key(String user, String plan) throws Exception {
        DppProcess p = DppProcess.run(env, "keys", "create", "--user", user, "--plan", plan);
        assertThat(p.exitCode()).as(p.output()).isZero();
        return p.stdout().get(0).trim();
    }

    /** A request to the platform with the given headers (name, value, name, value, ...). */
    HttpResponse<String> send(String method, String path, String body, String... headers) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            for (int i = 0; i + 1 < headers.length; i += 2) {
                b.header(headers[i], headers[i + 1]);
            }
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e + "\n" + process.output(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An answer read off a raw socket. */
    record Raw(int status, String contentType, String body) {
    }

    /**
     * A request written by hand on a socket of its own (Connection: close): for headers the JDK's
     * client will not send ({@code Upgrade}, {@code Connection}).
     */
    Raw raw(String method, String path, String body, String... headers) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1:")
                    .append(port).append("\r\n");
            boolean connection = false;
            for (int i = 0; i + 1 < headers.length; i += 2) {
                head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
                connection |= headers[i].equalsIgnoreCase("Connection");
            }
            byte[] payload = body == null ? new byte[0] : body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (!connection) {
                head.append("Connection: close\r\n");
            }
            head.append("Content-Length: ").append(payload.length).append("\r\n\r\n");
            s.getOutputStream().write(head.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            s.getOutputStream().write(payload);
            s.getOutputStream().flush();
            java.io.InputStream in = s.getInputStream();
            StringBuilder headText = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0) {
                headText.append((char) b);
                if (headText.length() >= 4 && headText.substring(headText.length() - 4).equals("\r\n\r\n")) {
                    break;
                }
            }
            String[] lines = headText.toString().trim().split("\r\n");
            String type = "";
            boolean chunked = false;
            int length = -1;
            for (String line : lines) {
                String lower = line.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-type:")) {
                    type = line.substring(13).trim();
                } else if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
                chunked |= lower.startsWith("transfer-encoding:") && lower.contains("chunked");
            }
            // Read what the head announces; a chunked body (or one of unknown length) to the end of the stream.
            String rest = new String(length >= 0 ? in.readNBytes(length) : in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return new Raw(Integer.parseInt(lines[0].split(" ")[1]), type, chunked ? dechunk(rest) : rest);
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        }
    }

    private static String dechunk(String body) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < body.length()) {
            int eol = body.indexOf("\r\n", i);
            int n = Integer.parseInt(body.substring(i, eol).trim(), 16);
            if (n == 0) {
                break;
            }
            out.append(body, eol + 2, eol + 2 + n);
            i = eol + 2 + n + 2;
        }
        return out.toString();
    }

    /** A request with {@code key} in X-API-Key and, when there is a body, JSON content. */
    HttpResponse<String> keyed(String method, String path, String body, String key) {
        return body == null ? send(method, path, null, "X-API-Key", key)
                : send(method, path, body, "X-API-Key", key, "Content-Type", "application/json");
    }

    /** The answer's JSON body (null when empty), after checking its status. */
    static JsonNode json(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        try {
            return r.body().isEmpty() ? null : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    /** GET with a key in X-API-Key (none when null). */
    HttpResponse<String> get(String path, String key) {
        return key == null ? send("GET", path, null) : send("GET", path, null, "X-API-Key", key);
    }

    /**
     * The metrics text of the management port (of the public port when nothing answers there: a
     * build without one, which {@code AbuseTest} then reports for itself).
     */
    String metrics() {
        HttpResponse<String> r = DppProcess.get(management, "/metrics");
        if (r == null) {
            r = DppProcess.get(port, "/metrics");
        }
        return r == null || r.statusCode() != 200 ? "" : r.body();
    }

    /** The sum of every series of a metric (0 when absent), read from /metrics on the management port. */
    double metric(String name) {
        return metric(name, "");
    }

    /** The sum of the series of a metric whose labels contain {@code label} (0 when none). */
    double metric(String name, String label) {
        String text = metrics();
        double sum = 0;
        for (String line : text.lines().toList()) {
            if ((line.startsWith(name + "{") || line.startsWith(name + " ")) && line.contains(label)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** The platform still runs, answers ready, and has failed no store commit. */
    void assertStanding() {
        assertThat(process.isAlive()).as("the platform is alive (-XX:+ExitOnOutOfMemoryError ends it on exhaustion)\n"
                + process.output()).isTrue();
        HttpResponse<String> ready = DppProcess.get(port, "/health/ready");
        assertThat(ready).as("health answers").isNotNull();
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(metric("dpp_recorder_commit_failures_total")).as("store commit failures").isZero();
    }

    String output() {
        return process.output();
    }

    @Override
    public void close() throws Throwable {
        process.sigterm();
        process.awaitExit(Duration.ofSeconds(30));
        process.close();
        smtp.stop();
        DppProcess.deleteTree(data);
    }
}
