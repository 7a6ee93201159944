package io.dpp.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.runtime.config.DppConfig;
import io.dpp.runtime.module.Lifecycle;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring files in deploy/: the alert rules are valid for promtool and their unit tests
 * pass; every metric the rules and the Grafana dashboards name is one the whole platform really
 * exports.
 */
class PrometheusRulesTest {

    static final Path ROOT = Path.of(System.getProperty("dpp.root", ".."));
    static final Path DEPLOY = ROOT.resolve("deploy/prometheus");
    private static final Pattern METRIC = Pattern.compile("\\b(?:dpp|jvm|process)_[a-z_]+\\b");

    @TempDir
    static Path data;

    private static Set<String> exported;

    @org.junit.jupiter.api.BeforeAll
    static void startPlatformOnce() throws Exception {
        exported = exportedMetricNames(data);
    }

    @Test
    void promtoolChecksAndTestsTheRules() throws Exception {
        String promtool = promtool();
        assertThat(run(promtool, "check", "rules", "dpp-alerts.yml")).contains("SUCCESS");
        assertThat(run(promtool, "test", "rules", "dpp-alerts.test.yml")).contains("SUCCESS");
    }

    @Test
    void theKubernetesPrometheusRuleCarriesTheSameRules() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper yaml = new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
        com.fasterxml.jackson.databind.JsonNode rules = yaml.readTree(DEPLOY.resolve("dpp-alerts.yml").toFile()).path("groups");
        com.fasterxml.jackson.databind.JsonNode operator = yaml.readTree(ROOT.resolve("deploy/k8s/base/prometheus-rule.yaml").toFile());
        assertThat(operator.path("kind").asText()).isEqualTo("PrometheusRule");
        assertThat(rules.size()).isGreaterThan(3);
        assertThat(operator.path("spec").path("groups")).isEqualTo(rules);
    }

    @Test
    void everyMetricTheRulesNameIsExported() throws Exception {
        Set<String> named = metrics(Files.readString(DEPLOY.resolve("dpp-alerts.yml")));
        assertThat(named).hasSizeGreaterThan(8);
        assertThat(exported).containsAll(named);
    }

    @Test
    void everyDashboardQueryNamesExportedMetrics() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<Path> dashboards;
        try (var files = Files.list(ROOT.resolve("deploy/grafana"))) {
            dashboards = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(dashboards).extracting(f -> f.getFileName().toString())
                .contains("dpp-overview.json", "dpp-feeds.json", "dpp-recorder.json", "dpp-api.json", "dpp-jvm.json");
        for (Path file : dashboards) {
            com.fasterxml.jackson.databind.JsonNode d = json.readTree(file.toFile());
            assertThat(d.path("uid").asText()).as(file + " uid").isNotBlank();
            Set<Integer> ids = new java.util.HashSet<>();
            int queries = 0;
            for (com.fasterxml.jackson.databind.JsonNode panel : d.path("panels")) {
                assertThat(ids.add(panel.path("id").asInt())).as(file + " panel ids unique").isTrue();
                for (com.fasterxml.jackson.databind.JsonNode target : panel.path("targets")) {
                    String expr = target.path("expr").asText();
                    Set<String> named = metrics(expr);
                    if (named.isEmpty()) {
                        assertThat(expr).as(file + ": only Prometheus's own up needs no DPP metric").startsWith("up{");
                    }
                    assertThat(exported).as(file + ": " + expr).containsAll(named);
                    queries++;
                }
            }
            for (com.fasterxml.jackson.databind.JsonNode variable : d.path("templating").path("list")) {
                assertThat(exported).as(file + " variable " + variable.path("name"))
                        .containsAll(metrics(variable.path("definition").asText()));
            }
            assertThat(queries).as(file + " queries").isGreaterThan(4);
        }
    }

    private static Set<String> metrics(String text) {
        Set<String> named = new TreeSet<>();
        Matcher m = METRIC.matcher(text);
        while (m.find()) {
            named.add(m.group());
        }
        return named;
    }

    /** Metric names (as exposed: with _total, _bucket, ...) of a whole platform started in this JVM. */
    static Set<String> exportedMetricNames(Path data) throws Exception {
        DppConfig config = DppConfig.load(null, Map.of("DPP_HTTP_PORT", "0", "DPP_HTTP_HOST", "127.0.0.1",
                "DPP_DATA_DIR", data.toString(), "DPP_LOG_LEVEL", "warn"), Platform.configSections());
        // The registry dpp up uses: build info, JVM and process metrics, then each module's.
        PrometheusRegistry registry = io.dpp.runtime.metrics.ProcessMetrics.create(io.dpp.runtime.metrics.BuildInfo.current());
        Lifecycle platform = new Lifecycle(Platform.modules(), config, registry);
        Set<String> names = new TreeSet<>();
        try {
            platform.start(Duration.ofSeconds(60));
            // API keys are required (the default): one request without a key and one with a
            // made-up key, so that every labelled family has had a chance to appear.
            int port = platform.module(io.dpp.runtime.http.HttpModule.class).port();
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.net.URI uri = java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/live/instruments");
            assertThat(http.send(java.net.http.HttpRequest.newBuilder(uri).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(401);
            assertThat(http.send(java.net.http.HttpRequest.newBuilder(uri).header("X-API-Key", "dpp_0123456789abcdef_" + "A".repeat(43))
                    .build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(401);
            // Every registered family, whether or not it has a data point yet (a venue latency
            // histogram has none until a venue sends something), under the names Prometheus sees.
            for (io.prometheus.metrics.model.snapshots.MetricSnapshot m : registry.scrape()) {
                String name = m.getMetadata().getPrometheusName();
                switch (m) {
                    case io.prometheus.metrics.model.snapshots.CounterSnapshot c -> names.add(name + "_total");
                    case io.prometheus.metrics.model.snapshots.HistogramSnapshot h ->
                            names.addAll(List.of(name + "_bucket", name + "_sum", name + "_count"));
                    case io.prometheus.metrics.model.snapshots.SummarySnapshot q ->
                            names.addAll(List.of(name, name + "_sum", name + "_count"));
                    case io.prometheus.metrics.model.snapshots.InfoSnapshot i -> names.add(name + "_info");
                    default -> names.add(name);
                }
            }
        } finally {
            platform.stop(Duration.ofSeconds(10), Duration.ZERO);
        }
        return names;
    }

    /** promtool from Debian's prometheus package; skipped without it, except under CI=true. */
    static String promtool() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, "promtool"))) {
                return Path.of(dir, "promtool").toString();
            }
        }
        String message = "promtool not found (Debian's prometheus package has it; .ci/run installs it)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(message + "; CI=true requires it");
        }
        Assumptions.abort(message + "; skipping");
        return null;
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(DEPLOY.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
        return output;
    }
}
