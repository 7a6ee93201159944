package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Prometheus server (Debian's package) that scrapes DPP processes every second as the job
 * {@code dpp} and evaluates the shipped alert rules (deploy/prometheus/dpp-alerts.yml, unchanged)
 * every second: the end-to-end alert checks ask its own API which alerts are pending or firing.
 * The scraped processes are a file of targets Prometheus watches, so that a test can name them
 * as it starts them. Skips the test without the package, except under {@code CI=true}.
 */
final class PrometheusServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final int port;
    private final Process server;

    private PrometheusServer(Path dir, int port, Process server) {
        this.dir = dir;
        this.port = port;
        this.server = server;
    }

    /** Starts a server keeping its data, configuration and log in {@code dir}, and waits until it is ready. */
    static PrometheusServer start(Path dir) throws Exception {
        String binary = binary();
        Files.createDirectories(dir);
        Path config = dir.resolve("prometheus.yml");
        Path targets = dir.resolve("targets.json");
        Files.writeString(targets, "[]");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: dpp
                    file_sd_configs:
                      - files: ["%s"]
                        refresh_interval: 1s
                """.formatted(DppProcess.ROOT.resolve("deploy/prometheus/dpp-alerts.yml"), targets));
        int port = DppProcess.freePort();
        Process server = new ProcessBuilder(binary, "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        PrometheusServer p = new PrometheusServer(dir, port, server);
        try {
            p.awaitReady();
        } catch (Exception | AssertionError e) {
            p.close();
            throw e;
        }
        return p;
    }

    /** Scrapes the DPP processes on these ports of 127.0.0.1 from now on (and no other). */
    void targets(int... ports) throws Exception {
        String list = IntStream.of(ports).mapToObj(p -> "\"127.0.0.1:" + p + "\"").collect(Collectors.joining(","));
        Path tmp = dir.resolve("targets.json.tmp");
        Files.writeString(tmp, "[{\"targets\":[" + list + "]}]");
        Files.move(tmp, dir.resolve("targets.json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The result vector of an instant query. */
    List<JsonNode> query(String expr) throws Exception {
        return data("/api/v1/query?query=" + java.net.URLEncoder.encode(expr, StandardCharsets.UTF_8), "result");
    }

    /** The alerts pending or firing now. */
    List<JsonNode> alerts() throws Exception {
        return data("/api/v1/alerts", "alerts");
    }

    /** The state ("pending", "firing") of the alert {@code name} whose labels include {@code labels}; "" when it is not active. */
    String state(String name, Map<String, String> labels) throws Exception {
        for (JsonNode a : alerts()) {
            JsonNode l = a.path("labels");
            if (l.path("alertname").asText().equals(name)
                    && labels.entrySet().stream().allMatch(e -> l.path(e.getKey()).asText().equals(e.getValue()))) {
                return a.path("state").asText();
            }
        }
        return "";
    }

    /** Waits until the alert is firing; returns when (System.nanoTime). */
    long awaitFiring(String name, Map<String, String> labels, Duration timeout) throws Exception {
        return await(name, labels, "firing"::equals, "firing", timeout);
    }

    /** Waits until the alert is neither pending nor firing; returns when (System.nanoTime). */
    long awaitInactive(String name, Map<String, String> labels, Duration timeout) throws Exception {
        return await(name, labels, String::isEmpty, "resolved", timeout);
    }

    private long await(String name, Map<String, String> labels, Predicate<String> until, String what, Duration timeout)
            throws Exception {
        return StreamApiTest.eventually(timeout, () -> {
            String state = state(name, labels);
            assertThat(until.test(state)).as("%s %s within %s (now: '%s'); %s", name, what, timeout, state, log()).isTrue();
            return System.nanoTime();
        });
    }

    private List<JsonNode> data(String path, String field) throws Exception {
        assertThat(server.isAlive()).as("prometheus is running; " + log()).isTrue();
        HttpResponse<String> r = DppProcess.get(port, path);
        assertThat(r).as("prometheus answers " + path).isNotNull();
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(r.body()).path("data").path(field).forEach(out::add);
        return out;
    }

    private void awaitReady() throws Exception {
        StreamApiTest.eventually(Duration.ofSeconds(30), () -> {
            assertThat(server.isAlive()).as("prometheus is running; " + log()).isTrue();
            HttpResponse<String> r = DppProcess.get(port, "/-/ready");
            assertThat(r != null && r.statusCode() == 200).as("prometheus ready within 30 s; " + log()).isTrue();
            return null;
        });
    }

    /** The server's log, for failure messages. */
    String log() {
        try {
            return "prometheus log:\n" + Files.readString(dir.resolve("prometheus.log"));
        } catch (java.io.IOException e) {
            return "no prometheus log";
        }
    }

    @Override
    public void close() throws InterruptedException {
        server.destroy();
        server.waitFor();
    }

    /** Debian's prometheus server on the PATH; the test is skipped without it, except under CI=true. */
    private static String binary() {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, "prometheus"))) {
                return Path.of(d, "prometheus").toString();
            }
        }
        String message = "prometheus not found (Debian's prometheus package; .ci/run installs it)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(message + "; CI=true requires it");
        }
        Assumptions.abort(message + "; skipping");
        return null;
    }
}
