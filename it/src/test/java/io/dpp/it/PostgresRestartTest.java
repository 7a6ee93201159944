package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpp.accounts.PostgresServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL crashing under load: the accounts service ({@code --target accounts}) on a real
 * PostgreSQL server while an admin's API key creates users over the API without pause. The
 * server is stopped at once ({@code pg_ctl stop -m immediate}, as a crash) and started again on
 * its data once a real Prometheus server scraping the service fires the alert DppDatabaseDown
 * (after 30 s). Required: while it is away the service reports not ready and
 * {@code dpp_database_up{part="accounts"}} is 0 (what the alert reads), each
 * request meanwhile fails with a 503 that says the database failed (never another status, never
 * a hang past the client's timeout), the service takes requests again by itself once the server
 * is back, the alert resolves, and every user whose creation was acknowledged (201) is in the
 * database exactly once. Prints how long the server was away and how long the service took to notice and to recover.
 */
@Tag("resilience") // the second test stage: ./dpp test --resilience
class PostgresRestartTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path data;

    @Test
    void theAccountsServiceWaitsForPostgresAndLosesNothingItAcknowledged() throws Exception {
        PostgresServer pg = PostgresServer.start();
        try {
            int port = DppProcess.freePort();
            Map<String, String> env = new HashMap<>(Map.of("DPP_HTTP_PORT", Integer.toString(port), "DPP_HTTP_HOST", "127.0.0.1",
                    "DPP_DATA_DIR", data.toString(), "DPP_ACCOUNTS_ACCESS", "keys", "DPP_ACCOUNTS_DB_URL", pg.url(),
                    "DPP_ACCOUNTS_DB_USER", pg.user()));
            DppProcess made = DppProcess.run(env, "users", "create", "--email", "admin@example.com", "--role", "admin");
            assertThat(made.exitCode()).as(made.output()).isZero();
            DppProcess keyed = DppProcess.run(env, "keys", "create", "--user", "admin@example.com", "--plan", "enterprise");
            assertThat(keyed.exitCode()).as(keyed.output()).isZero();
            String key = keyed.stdout().get(0).trim();

            PrometheusServer prometheus = PrometheusServer.start(data.resolve("prometheus"));
            Map<String, String> instance = Map.of("instance", "127.0.0.1:" + port, "part", "accounts");
            prometheus.targets(port);
            try (prometheus; DppProcess accounts = DppProcess.start(env, "up", "--target", "accounts")) {
                accounts.awaitReady(port, Duration.ofSeconds(90));
                Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
                List<String> failures = new CopyOnWriteArrayList<>();
                Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
                AtomicLong lastAcknowledged = new AtomicLong();
                AtomicBoolean writing = new AtomicBoolean(true);
                Thread writer = new Thread(() -> write(port, key, writing, acknowledged, failures, statuses, lastAcknowledged),
                        "user-writer");
                writer.start();
                try {
                    awaitAcknowledged(acknowledged, 30, failures);

                    long crashed = System.nanoTime();
                    pg.crash();
                    long notReady = awaitReadiness(port, 503, Duration.ofSeconds(60)) - crashed;
                    String metrics = DppProcess.get(port, "/metrics").body();
                    assertThat(SplitModeTest.sum(metrics, "dpp_database_up", "part=\"accounts\"")).as(metrics).isZero();
                    awaitFailures(statuses, failures);
                    // The outage lasts until Prometheus, scraping the service, fires the alert (30 s).
                    long alert = prometheus.awaitFiring("DppDatabaseDown", instance, Duration.ofSeconds(90));
                    long restarted = System.nanoTime();
                    pg.restart();
                    long back = System.nanoTime();
                    long readyAgain = awaitReadiness(port, 200, Duration.ofSeconds(60)) - back;
                    long resolved = prometheus.awaitInactive("DppDatabaseDown", instance, Duration.ofSeconds(60)) - back;
                    int before = acknowledged.size();
                    awaitAcknowledged(acknowledged, before + 30, failures);
                    long writingAgain = lastAcknowledged.get() - back;
                    metrics = DppProcess.get(port, "/metrics").body();
                    assertThat(SplitModeTest.sum(metrics, "dpp_database_up", "part=\"accounts\"")).isEqualTo(1);
                    assertThat(SplitModeTest.sum(metrics, "dpp_database_probe_failures_total", "part=\"accounts\"")).isPositive();
                    System.out.printf("postgres restart: away %.1f s; the accounts service not ready %.1f s after the crash, ready"
                                    + " again %.1f s after the server was back, writing again within %.1f s; %d users acknowledged,"
                                    + " answers %s%n", (back - crashed) / 1e9, notReady / 1e9, readyAgain / 1e9,
                            Math.max(0, writingAgain) / 1e9, acknowledged.size(), statuses);
                    System.out.printf("postgres restart: DppDatabaseDown firing %.1f s after the crash, resolved %.1f s after the"
                            + " server was back%n", (alert - crashed) / 1e9, resolved / 1e9);
                    assertThat(restarted).isGreaterThan(crashed);
                } finally {
                    writing.set(false);
                    writer.join(30_000);
                }
                assertThat(failures).as("every failed request a 503 saying the database failed").isEmpty();
                assertThat(statuses.keySet()).as("answers by status").containsOnly(201, 503);

                // Every acknowledged user is there, once.
                Map<String, Integer> stored = new HashMap<>();
                try (Connection c = DriverManager.getConnection(pg.url(), pg.user(), null);
                     Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT email FROM users WHERE email LIKE 'load-%'")) {
                    while (rs.next()) {
                        stored.merge(rs.getString(1), 1, Integer::sum);
                    }
                }
                for (String email : acknowledged.keySet()) {
                    assertThat(stored.get(email)).as("acknowledged user %s stored once", email).isEqualTo(1);
                }
                accounts.sigterm();
                assertThat(accounts.awaitExit(Duration.ofSeconds(30))).as(accounts.exitReport()).isZero();
                assertThat(accounts.output()).contains("does not answer: not ready until it does").contains("answers again after");
            }
        } finally {
            pg.close();
        }
    }

    /**
     * Creates users one after another until told to stop: each 201 is acknowledged; any other
     * answer but a 503 naming the database, or no answer within 15 s, is a failure.
     */
    private static void write(int port, String key, AtomicBoolean writing, Map<String, Integer> acknowledged, List<String> failures,
                              Map<Integer, AtomicInteger> statuses, AtomicLong lastAcknowledged) {
        int n = 0;
        Set<String> sent = new HashSet<>();
        while (writing.get()) {
            String email = "load-" + (++n) + "@example.com";
            sent.add(email);
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/users"))
                    .timeout(Duration.ofSeconds(15)).header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\"}")).build();
            try {
                HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                statuses.computeIfAbsent(r.statusCode(), k -> new AtomicInteger()).incrementAndGet();
                if (r.statusCode() == 201) {
                    acknowledged.put(email, 1);
                    lastAcknowledged.set(System.nanoTime());
                } else if (r.statusCode() == 503) {
                    JsonNode body = JSON.readTree(r.body());
                    if (!body.path("message").asText().contains("database")) {
                        failures.add(email + ": 503 without the reason: " + r.body());
                    }
                } else {
                    failures.add(email + ": " + r.statusCode() + " " + r.body());
                }
            } catch (Exception e) {
                failures.add(email + ": " + e);
            }
        }
    }

    private static void awaitAcknowledged(Map<String, Integer> acknowledged, int count, List<String> failures) throws Exception {
        StreamApiTest.eventually(Duration.ofSeconds(60), () -> {
            assertThat(acknowledged.size()).as("users acknowledged; failures " + failures).isGreaterThanOrEqualTo(count);
            return null;
        });
    }

    private static void awaitFailures(Map<Integer, AtomicInteger> statuses, List<String> failures) throws Exception {
        StreamApiTest.eventually(Duration.ofSeconds(60), () -> {
            assertThat(statuses.get(503)).as("requests refused while the database is away; failures " + failures).isNotNull();
            return null;
        });
    }

    /** Waits until /health/ready answers {@code status}; returns when ({@link System#nanoTime()}). */
    private static long awaitReadiness(int port, int status, Duration timeout) throws Exception {
        StreamApiTest.eventually(timeout, () -> {
            HttpResponse<String> r = DppProcess.get(port, "/health/ready");
            assertThat(r == null ? -1 : r.statusCode()).as("/health/ready").isEqualTo(status);
            return null;
        });
        return System.nanoTime();
    }
}
