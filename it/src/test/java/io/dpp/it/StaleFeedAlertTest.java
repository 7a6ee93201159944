package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stale-feed alert end to end: a real Prometheus server (Debian's package) scrapes
 * {@code dpp up --replay} and evaluates the shipped rules (deploy/prometheus/dpp-alerts.yml,
 * unchanged); the simulator hangs one venue (its sockets stay open, nothing arrives, pings go
 * unanswered, reconnecting does not help) and Prometheus's own API shows DppFeedStale firing for
 * that venue alone, then resolving once the venue resumes.
 */
class StaleFeedAlertTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String VENUE = "kraken";

    @TempDir
    Path data;

    @Test
    void staleFeedAlertFiresWhenTheSimulatorStallsAVenueAndResolvesWhenItResumes() throws Exception {
        Path fixtures = ReplayCommandTest.fixtures();
        int port = DppProcess.freePort();
        int simPort = DppProcess.freePort();
        Map<String, String> env = Map.of("DPP_HTTP_PORT", Integer.toString(port), "DPP_HTTP_HOST", "127.0.0.1",
                "DPP_DATA_DIR", data.resolve("dpp").toString());
        PrometheusServer prometheus = PrometheusServer.start(data.resolve("prometheus"));
        prometheus.targets(port);
        // Three venues at a quarter of the recorded pace: their 30 s captures last two minutes, longer
        // than the test, so the two venues left alone keep sending (a venue whose capture is over
        // sends nothing more and is stale by right).
        try (DppProcess dpp = DppProcess.start(env, "up", "--replay", fixtures.toString(), "--speed", "0.25",
                "--venues", VENUE + ",binance,bitfinex", "--sim-port", Integer.toString(simPort))) {
            dpp.awaitReady(port, Duration.ofSeconds(60));
            // Prometheus has seen the venue fresh before it hangs.
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (prometheus.query("time() - dpp_feed_last_message_timestamp_seconds{venue=\"" + VENUE + "\"} < 5").isEmpty()) {
                assertThat(System.nanoTime()).as("Prometheus scraped a fresh " + VENUE + " feed; " + prometheus.log()).isLessThan(end);
                Thread.sleep(500);
            }
            Set<String> staleVenues = new TreeSet<>();
            long t0 = System.nanoTime();
            HttpResponse<String> stall = post(simPort, "/sim/venues/" + VENUE + "/stall");
            assertThat(stall.statusCode()).as(stall.body()).isEqualTo(200);
            assertThat(JSON.readTree(stall.body()).get("stalled").asBoolean()).isTrue();

            // 30 s of silence, then the rule's 15 s "for".
            String state = "";
            end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!state.equals("firing")) {
                assertThat(System.nanoTime()).as("DppFeedStale firing for " + VENUE + "; " + prometheus.log()).isLessThan(end);
                Thread.sleep(1000);
                state = "";
                for (JsonNode a : prometheus.alerts()) {
                    if (a.path("labels").path("alertname").asText().equals("DppFeedStale")) {
                        staleVenues.add(a.path("labels").path("venue").asText());
                        if (a.path("labels").path("venue").asText().equals(VENUE)) {
                            state = a.path("state").asText();
                        }
                    }
                }
            }
            long firing = System.nanoTime();
            assertThat(staleVenues).as("only the hung venue is stale").containsExactly(VENUE);
            JsonNode status = JSON.readTree(DppProcess.get(port, "/api/v1/venues/" + VENUE).body());
            long reconnects = 0;
            for (JsonNode c : status.path("connections")) {
                reconnects += c.path("reconnects").asLong();
            }
            assertThat(reconnects).as("the feed reconnected (dead-after) and still got nothing: " + status).isPositive();

            HttpResponse<String> resume = post(simPort, "/sim/venues/" + VENUE + "/resume");
            assertThat(resume.statusCode()).as(resume.body()).isEqualTo(200);
            boolean active = true;
            end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (active) {
                assertThat(System.nanoTime()).as("DppFeedStale resolved for " + VENUE + "; " + prometheus.log()).isLessThan(end);
                Thread.sleep(1000);
                active = false;
                for (JsonNode a : prometheus.alerts()) {
                    active |= a.path("labels").path("alertname").asText().equals("DppFeedStale")
                            && a.path("labels").path("venue").asText().equals(VENUE);
                }
            }
            long resolved = System.nanoTime();
            System.out.printf("alert: DppFeedStale{venue=%s} firing %d s after the stall, resolved %d s after the resume; "
                    + "the platform reported %s%n", VENUE, (firing - t0) / 1_000_000_000, (resolved - firing) / 1_000_000_000,
                    status.path("connections"));
            dpp.sigterm();
            assertThat(dpp.awaitExit(Duration.ofSeconds(30))).as(dpp.exitReport()).isZero();
        } finally {
            prometheus.close();
        }
    }

    private static HttpResponse<String> post(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
