package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `./dpp up` as a user and an orchestrator see it: readiness, metrics, signals, exit codes, logs. */
class PlatformProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    private Map<String, String> env(int port, String... extra) {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "DPP_HTTP_PORT", Integer.toString(port),
                "DPP_HTTP_HOST", "127.0.0.1",
                "DPP_DATA_DIR", data.toString()));
        for (int i = 0; i < extra.length; i += 2) {
            env.put(extra[i], extra[i + 1]);
        }
        return env;
    }

    @Test
    void upReachesReadyServesMetricsAndStopsWithExitZeroOnSigterm() throws Exception {
        int port = DppProcess.freePort();
        try (DppProcess dpp = DppProcess.start(env(port), "up")) {
            Duration ready = dpp.awaitReady(port, Duration.ofSeconds(60));
            System.out.println("dpp up reached /health/ready = 200 in " + ready.toMillis() + " ms");

            HttpResponse<String> metrics = DppProcess.get(port, "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).containsPattern("dpp_build_info\\{java_version=\"[^\"]+\",revision=\"[^\"]+\",version=\"[^\"]+\"} 1")
                    .contains("jvm_memory_used_bytes{area=\"heap\"}", "jvm_threads_current", "process_cpu_seconds_total");
            assertThat(DppProcess.get(port, "/health/live").statusCode()).isEqualTo(200);

            long t0 = System.nanoTime();
            dpp.sigterm();
            int exit = dpp.awaitExit(Duration.ofSeconds(10));
            System.out.println("dpp up stopped " + (System.nanoTime() - t0) / 1_000_000 + " ms after SIGTERM, exit " + exit);
            assertThat(exit).as(dpp.output()).isZero();
            assertThat(dpp.stdoutText()).contains("received SIGTERM", "stopped cleanly");
        }
    }

    @Test
    void readinessDropsBeforeTheServerStops() throws Exception {
        int port = DppProcess.freePort();
        try (DppProcess dpp = DppProcess.start(env(port, "DPP_SHUTDOWN_DRAIN_DELAY", "3s"), "up")) {
            dpp.awaitReady(port, Duration.ofSeconds(60));
            dpp.sigterm();
            // Readiness turns 503 as soon as the signal is handled, and stays answered for the drain delay.
            HttpResponse<String> ready = DppProcess.get(port, "/health/ready");
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (ready != null && ready.statusCode() == 200 && System.nanoTime() < end) {
                Thread.sleep(20);
                ready = DppProcess.get(port, "/health/ready");
            }
            assertThat(ready).as("the server still answers during the drain delay").isNotNull();
            assertThat(ready.statusCode()).isEqualTo(503);
            JsonNode body = JSON.readTree(ready.body());
            assertThat(body.get("status").asText()).isEqualTo("DOWN");
            assertThat(body.get("modules").get("http").asText()).isEqualTo("stopping");
            assertThat(DppProcess.get(port, "/health/live").statusCode()).isEqualTo(200);
            assertThat(dpp.awaitExit(Duration.ofSeconds(10))).as(dpp.exitReport()).isZero();
        }
    }

    /**
     * With no venue reachable (every venue pointed at a closed local port, so the test does not
     * depend on this machine's network) the platform stays up and ready, shows each venue
     * unreachable with its next retry, and says once how to run offline.
     */
    @Test
    void unreachableVenuesAreReportedAndThePlatformKeepsRunning() throws Exception {
        int port = DppProcess.freePort();
        int closed = DppProcess.freePort();
        List<String> extra = new ArrayList<>();
        for (String venue : io.dpp.streams.venue.Venues.ids()) {
            String key = "DPP_STREAMS_VENUES_" + venue.toUpperCase().replace('-', '_');
            extra.add(key + "_REST_URL");
            extra.add("http://127.0.0.1:" + closed);
            extra.add(key + "_WS_URL");
            extra.add("ws://127.0.0.1:" + closed);
        }
        try (DppProcess dpp = DppProcess.start(env(port, extra.toArray(String[]::new)), "up")) {
            dpp.awaitReady(port, Duration.ofSeconds(60));
            // Each venue is shown unreachable once its first listing request has failed.
            StreamApiTest.eventually(Duration.ofSeconds(30), () -> {
                JsonNode venues = JSON.readTree(DppProcess.get(port, "/api/v1/venues").body()).get("venues");
                assertThat(venues).hasSize(io.dpp.streams.venue.Venues.ids().size());
                for (JsonNode v : venues) {
                    assertThat(v.get("state").asText()).as(v.toString()).isEqualTo("unreachable");
                    assertThat(v.get("next_retry").asText()).as(v.toString()).matches("\\d{4}-.*Z");
                    assertThat(v.get("last_error").asText()).as(v.toString()).contains("127.0.0.1:" + closed);
                }
                return venues;
            });
            assertThat(DppProcess.get(port, "/health/ready").statusCode()).isEqualTo(200);
            dpp.sigterm();
            assertThat(dpp.awaitExit(Duration.ofSeconds(10))).isZero();
            assertThat(dpp.stdout().stream().filter(l -> l.contains("No venue can be reached")).count()).isEqualTo(1);
            assertThat(dpp.stdoutText()).contains("To run offline on a synthetic market: ./dpp up --demo");
        }
    }

    @Test
    void unknownTargetExitsNonZeroNamingTheValidTargets() throws Exception {
        DppProcess dpp = DppProcess.run(env(DppProcess.freePort()), "up", "--target", "nosuch");
        assertThat(dpp.exitCode()).isEqualTo(2);
        assertThat(dpp.stderrText()).contains("unknown target 'nosuch'",
                "Valid targets: all, streams, historical, trader, ems, accounts");
    }

    @Test
    void aSingleServiceTargetRunsWithHealthAndMetrics() throws Exception {
        int port = DppProcess.freePort();
        try (DppProcess dpp = DppProcess.start(env(port), "up", "--target", "streams")) {
            dpp.awaitReady(port, Duration.ofSeconds(60));
            assertThat(DppProcess.get(port, "/metrics").body()).contains("dpp_build_info");
            dpp.sigterm();
            assertThat(dpp.awaitExit(Duration.ofSeconds(10))).isZero();
            assertThat(dpp.stdoutText()).contains("target streams: modules [http, access, user-events, bus, stream-api, feeds]");
        }
    }

    @Test
    void jsonLogFormatWritesOneObjectPerLine() throws Exception {
        int port = DppProcess.freePort();
        try (DppProcess dpp = DppProcess.start(env(port, "DPP_LOG_FORMAT", "json"), "up")) {
            dpp.awaitReady(port, Duration.ofSeconds(60));
            assertThat(DppProcess.get(port, "/nope").statusCode()).isEqualTo(404);
            dpp.sigterm();
            assertThat(dpp.awaitExit(Duration.ofSeconds(10))).isZero();

            assertThat(dpp.stdout()).hasSizeGreaterThanOrEqualTo(5);
            for (String line : dpp.stdout()) {
                JsonNode event = JSON.readTree(line);
                assertThat(event.isObject()).as(line).isTrue();
                assertThat(event.get("timestamp").asText()).as(line).matches("\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z");
                assertThat(event.get("level").asText()).as(line).isIn("INFO", "WARN", "ERROR", "DEBUG");
                assertThat(event.has("logger")).as(line).isTrue();
                assertThat(event.has("message")).as(line).isTrue();
                assertThat(event.has("module")).as(line).isTrue();
            }
            assertThat(dpp.stdout()).anySatisfy(l -> assertThat(JSON.readTree(l).get("module").asText()).isEqualTo("http"));
            assertThat(dpp.stdoutText()).contains("stopped cleanly");
        }
    }
}
