package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM while {@code dpp up --replay} is streaming to a WebSocket client: readiness drops first
 * (a load balancer stops sending new clients), the client then gets a close frame with a reason,
 * the recorder commits everything it accepted, and the process exits 0. Every trade the client
 * received live is in history after a restart.
 */
class GracefulShutdownTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    @Test
    void sigtermDuringAReplayDrainsClosesClientsWithAReasonAndFlushesTheRecorder() throws Exception {
        Path fixtures = ReplayCommandTest.fixtures();
        int port = DppProcess.freePort();
        Map<String, String> env = new HashMap<>(Map.of("DPP_HTTP_PORT", Integer.toString(port), "DPP_HTTP_HOST", "127.0.0.1",
                "DPP_DATA_DIR", data.toString(), "DPP_SHUTDOWN_DRAIN_DELAY", "2s"));
        Map<String, Set<String>> received = new TreeMap<>();
        int trades = 0;
        try (DppProcess dpp = DppProcess.start(env, "up", "--replay", fixtures.toString(), "--speed", "1")) {
            dpp.awaitReady(port, Duration.ofSeconds(60));
            StreamApiTest.Client client = StreamApiTest.Client.connect(port);
            client.send("{\"op\":\"subscribe\",\"id\":\"all\",\"channel\":\"trades\",\"venue\":\"*\"}");
            // Mid-replay: the captures run about 30 s at speed 1; stop once a few hundred trades came.
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (tradesIn(client) < 300 && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            assertThat(tradesIn(client)).as("trades before SIGTERM").isGreaterThanOrEqualTo(300);
            JsonNode venues = JSON.readTree(DppProcess.get(port, "/api/v1/venues").body()).get("venues");
            boolean replaying = false;
            for (JsonNode v : venues) {
                replaying |= !v.path("replay_done").asBoolean(false);
            }
            assertThat(replaying).as("the replay is still running at SIGTERM: " + venues).isTrue();

            long t0 = System.nanoTime();
            dpp.sigterm();
            // Readiness drops while the client is still connected (the drain delay keeps serving).
            HttpResponse<String> ready = null;
            long readyBy = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < readyBy && (ready == null || ready.statusCode() != 503)) {
                ready = DppProcess.get(port, "/health/ready");
                Thread.sleep(20);
            }
            assertThat(ready).as("/health/ready answers during the drain").isNotNull();
            assertThat(ready.statusCode()).as("readiness drops first").isEqualTo(503);
            assertThat(client.closed).as("the client is still connected when readiness drops").isNotDone();
            long readyDown = System.nanoTime();

            assertThat(client.closed.get(30, TimeUnit.SECONDS)).as("a close frame on shutdown").isEqualTo(1001);
            long closedAt = System.nanoTime();
            assertThat(client.closeReason).as("the close frame says why").isEqualTo("server shutting down");
            assertThat(dpp.awaitExit(Duration.ofSeconds(30))).as(dpp.exitReport()).isZero();
            long exited = System.nanoTime();
            assertThat(dpp.stdoutText()).contains("received SIGTERM", "stopped cleanly");
            System.out.printf("shutdown: readiness 503 after %d ms, close frame 1001 after %d ms, exit 0 after %d ms%n",
                    (readyDown - t0) / 1_000_000, (closedAt - t0) / 1_000_000, (exited - t0) / 1_000_000);

            for (JsonNode m : client.messages) {
                if ("trade".equals(m.path("type").asText())) {
                    received.computeIfAbsent(m.get("venue").asText() + " " + m.get("symbol").asText(), k -> new HashSet<>())
                            .add(key(m));
                    trades++;
                }
            }
        }

        // The recorder committed what it had accepted: after a restart (history only, no feeds),
        // every trade the client received live is stored.
        try (DppProcess history = DppProcess.start(env, "up", "--target", "historical")) {
            history.awaitReady(port, Duration.ofSeconds(60));
            int found = 0;
            for (Map.Entry<String, Set<String>> e : received.entrySet()) {
                String[] vs = e.getKey().split(" ", 2);
                HttpResponse<String> r = DppProcess.get(port, "/api/v1/trades?venue=" + vs[0] + "&symbol="
                        + URLEncoder.encode(vs[1], StandardCharsets.UTF_8) + "&from=2000-01-01");
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                Set<String> stored = new HashSet<>();
                for (JsonNode t : JSON.readTree(r.body())) {
                    stored.add(key(t));
                }
                assertThat(stored).as("stored trades of " + e.getKey()).containsAll(e.getValue());
                found += e.getValue().size();
            }
            System.out.printf("shutdown: all %d trades the client received (%d instruments) are stored%n", found, received.size());
            assertThat(found).isEqualTo(trades);
            history.sigterm();
            assertThat(history.awaitExit(Duration.ofSeconds(30))).as(history.exitReport()).isZero();
        }
    }

    private static long tradesIn(StreamApiTest.Client client) {
        return client.messages.stream().filter(m -> "trade".equals(m.path("type").asText())).count();
    }

    /** A trade as both APIs spell it: venue time, id, exact price and amount, side. */
    private static String key(JsonNode t) {
        return t.get("timestamp").asText() + " " + t.path("id").asText() + " " + t.get("price").asText() + " "
                + t.get("amount").asText() + " " + t.get("side").asText();
    }
}
