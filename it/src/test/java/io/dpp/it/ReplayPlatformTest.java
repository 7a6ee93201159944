package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./dpp up --replay}: the whole platform on recorded traffic, as a new user runs it offline
 * ({@link ReconnectStormTest}: the same under a reconnect storm).
 */
class ReplayPlatformTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    private Map<String, String> env(int port, String... extra) {
        return env(data, port, extra);
    }

    /** A platform's environment on {@code port} with its data under {@code data}; {@code extra} are name and value pairs. */
    static Map<String, String> env(Path data, int port, String... extra) {
        Map<String, String> env = new HashMap<>(Map.of("DPP_HTTP_PORT", Integer.toString(port),
                "DPP_HTTP_HOST", "127.0.0.1", "DPP_DATA_DIR", data.toString()));
        for (int i = 0; i < extra.length; i += 2) {
            env.put(extra[i], extra[i + 1]);
        }
        return env;
    }

    @Test
    void upReplayReplaysEveryVenueWithNoChecksumFailureOrDecodeError() throws Exception {
        int port = DppProcess.freePort();
        Path fixtures = ReplayCommandTest.fixtures();
        try (DppProcess dpp = DppProcess.start(env(port), "up", "--replay", fixtures.toString(), "--speed", "max")) {
            Duration ready = dpp.awaitReady(port, Duration.ofSeconds(30));
            System.out.println("dpp up --replay reached /health/ready = 200 in " + ready.toMillis() + " ms");
            long t0 = System.nanoTime();
            JsonNode venues = awaitReplayDone(port, Duration.ofSeconds(90));
            System.out.println("every venue replayed and in sync " + (System.nanoTime() - t0) / 1_000_000 + " ms after ready");
            assertThat(venues).as("every venue, each with its captures").hasSize(io.dpp.streams.venue.Venues.ids().size());
            for (JsonNode v : venues) {
                JsonNode c = v.get("counters");
                String name = v.get("venue").asText();
                assertThat(v.get("replay_done").asBoolean()).as(name).isTrue();
                assertThat(c.get("checksum_failures").asLong()).as(name + " " + c).isZero();
                assertThat(c.get("decode_errors").asLong()).as(name + " " + c).isZero();
                assertThat(c.get("sequence_gaps").asLong()).as(name + " " + c).isZero();
                assertThat(c.get("crossed_books").asLong()).as(name + " " + c).isZero();
                assertThat(v.get("books_in_sync").asInt()).as(name).isPositive();
                assertThat(v.get("books_stale").asInt()).as(name).isZero();
                if (name.equals("kraken")) {
                    assertThat(c.get("checksums_verified").asLong()).isEqualTo(2186);
                }
                if (name.equals("okx")) {
                    assertThat(c.get("checksums_verified").asLong()).isEqualTo(290);
                }
            }
            String metrics = DppProcess.get(port, "/metrics").body();
            assertThat(metrics).contains("dpp_feed_messages_total{venue=\"kraken\"}", "dpp_feed_decode_errors_total{venue=\"okx\"} 0.0",
                    "dpp_feed_gaps_total{venue=\"binance\"} 0.0", "dpp_feed_resyncs_total{venue=\"bitfinex\"}",
                    "dpp_feed_reconnects_total{venue=\"bybit\"}", "dpp_feed_connected{venue=\"deribit\"} 1.0",
                    "dpp_feed_last_message_timestamp_seconds{venue=\"coinbase\"}", "dpp_feed_latency_seconds_bucket{venue=\"bitmex\",le=",
                    "dpp_feed_books{state=\"in_sync\",venue=\"kraken\"} 6.0");
            // Replayed messages keep the receive times they were recorded with (2021): no per-stage
            // latency is measured from them (DemoTest sees it measured on live, wall-clock traffic).
            assertThat(metric(metrics, "dpp_bus_delivery_delay_seconds_count{consumer=\"recorder\"}")).isZero();
            assertThat(metric(metrics, "dpp_recorder_delay_seconds_count")).isZero();
            assertThat(metrics).contains("dpp_stream_client_queue_max ", "dpp_history_queries{state=\"queued\"} ");
            HttpResponse<String> one = DppProcess.get(port, "/api/v1/venues/kraken");
            assertThat(one.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(one.body()).get("connections").get(0).get("books")).hasSize(6);
            assertThat(DppProcess.get(port, "/api/v1/venues/nosuch").statusCode()).isEqualTo(404);
            dpp.sigterm();
            assertThat(dpp.awaitExit(Duration.ofSeconds(15))).as(dpp.exitReport()).isZero();
        }
    }

    @Test
    void dppSimServesCapturesStatusAndAConfigurationForUp() throws Exception {
        int simPort = DppProcess.freePort();
        try (DppProcess sim = DppProcess.start(env(DppProcess.freePort()), "sim", "--capture-dir",
                ReplayCommandTest.fixtures().toString(), "--port", Integer.toString(simPort), "--speed", "max")) {
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            HttpResponse<String> status = null;
            while (System.nanoTime() < end && (status == null || status.statusCode() != 200)) {
                Thread.sleep(200);
                status = DppProcess.get(simPort, "/sim/status");
            }
            assertThat(status).as(sim.output()).isNotNull();
            JsonNode venues = JSON.readTree(status.body()).get("venues");
            assertThat(venues).as("every venue, each with its captures").hasSize(io.dpp.streams.venue.Venues.ids().size());
            assertThat(venues.get(0).get("sessions").get(0).get("replayed").asLong()).isZero();
            String config = DppProcess.get(simPort, "/sim/config").body();
            assertThat(config).contains("streams:", "ws-url: ws://127.0.0.1:" + simPort + "/kraken",
                    "rest-url: http://127.0.0.1:" + simPort + "/binance");
            // The venues' private APIs too, for the EMS's live accounts.
            assertThat(config).contains("ems:\n  venues:\n", "    okx:\n      rest-url: http://127.0.0.1:" + simPort + "/okx\n");
            HttpResponse<String> listing = DppProcess.get(simPort, "/kraken/0/public/AssetPairs");
            assertThat(listing.statusCode()).isEqualTo(200);
            assertThat(listing.body()).startsWith("{\"error\":[],\"result\":{");
            assertThat(DppProcess.get(simPort, "/nosuch/x").statusCode()).isEqualTo(404);
            sim.sigterm();
            assertThat(sim.awaitExit(Duration.ofSeconds(10))).isZero();
        }
    }

    @Test
    void badReplayOptionsExitWithUsageErrors() throws Exception {
        DppProcess speed = DppProcess.run(env(DppProcess.freePort()), "up", "--replay", ReplayCommandTest.fixtures().toString(),
                "--speed", "fast");
        assertThat(speed.exitCode()).isEqualTo(2);
        assertThat(speed.stderrText()).contains("--speed must be a number from 0.01 to 1000000, or max");
        // Every number a flag takes is bounded: a replay paced at 1e-300 would never end.
        DppProcess tiny = DppProcess.run(env(DppProcess.freePort()), "up", "--replay", ReplayCommandTest.fixtures().toString(),
                "--speed", "1e-300");
        assertThat(tiny.exitCode()).isEqualTo(2);
        assertThat(tiny.stderrText()).contains("--speed must be a number from 0.01 to 1000000, or max, got 1e-300");
        DppProcess clients = DppProcess.run(env(DppProcess.freePort()), "bench", "fanout", "--clients", "2147483647");
        assertThat(clients.exitCode()).isEqualTo(2);
        assertThat(clients.stderrText()).contains("--clients must be from 1 to 100000, got 2147483647");
        DppProcess faults = DppProcess.run(env(DppProcess.freePort()), "up", "--replay", ReplayCommandTest.fixtures().toString(),
                "--faults", "explode:n=1");
        assertThat(faults.exitCode()).isEqualTo(2);
        assertThat(faults.stderrText()).contains("--faults: unknown fault 'explode'");
        DppProcess empty = DppProcess.run(env(DppProcess.freePort()), "up", "--replay", data.toString());
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.stderrText()).contains("holds no capture of a venue DPP knows");
    }

    /**
     * The simulator closes every socket every 3 seconds for a minute while the feeds are set to
     * reconnect fast and to use only a tenth of each venue's REST allowance: snapshot requests stay
     * within that share (and so within the documented limits), and threads, file descriptors and
     * heap stay bounded.
     */
    static double metric(String text, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " ([0-9.eE+-]+)$").matcher(text);
        if (!m.find()) {
            throw new AssertionError("metric " + name + " missing");
        }
        return Double.parseDouble(m.group(1));
    }

    static JsonNode awaitReplayDone(int port, Duration timeout) throws Exception {
        return awaitReplayDone(port, timeout, null);
    }

    /** As above, sending {@code key} as the API key (null: none, the open demo mode). */
    static JsonNode awaitReplayDone(int port, Duration timeout, String key) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        JsonNode venues = null;
        while (System.nanoTime() < end) {
            HttpResponse<String> r = DppProcess.get(port, "/api/v1/venues", key);
            if (r != null && r.statusCode() == 200) {
                venues = JSON.readTree(r.body()).get("venues");
                boolean all = venues.size() > 0;
                for (JsonNode v : venues) {
                    all &= v.path("replay_done").asBoolean(false) && v.get("books_stale").asInt() == 0
                            && v.get("books_awaiting_snapshot").asInt() == 0;
                }
                if (all) {
                    return venues;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the replay did not finish within " + timeout + ": " + venues);
    }
}
