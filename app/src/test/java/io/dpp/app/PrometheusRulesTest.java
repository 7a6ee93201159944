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
 * The alert rules in deploy/prometheus: valid for promtool, their unit tests pass, and every
 * metric they name is one the whole platform really exports.
 */
class PrometheusRulesTest {

    static final Path DEPLOY = Path.of(System.getProperty("dpp.root", "..")).resolve("deploy/prometheus");

    @TempDir
    Path data;

    @Test
    void promtoolChecksAndTestsTheRules() throws Exception {
        String promtool = promtool();
        assertThat(run(promtool, "check", "rules", "dpp-alerts.yml")).contains("SUCCESS");
        assertThat(run(promtool, "test", "rules", "dpp-alerts.test.yml")).contains("SUCCESS");
    }

    @Test
    void everyMetricTheRulesNameIsExported() throws Exception {
        Set<String> exported = exportedMetricNames(data);
        Set<String> named = new TreeSet<>();
        Matcher m = Pattern.compile("\\bdpp_[a-z_]+\\b").matcher(Files.readString(DEPLOY.resolve("dpp-alerts.yml")));
        while (m.find()) {
            named.add(m.group());
        }
        assertThat(named).hasSizeGreaterThan(8);
        assertThat(exported).containsAll(named);
    }

    /** Metric names (as exposed: with _total, _bucket, ...) of a whole platform started in this JVM. */
    static Set<String> exportedMetricNames(Path data) throws Exception {
        DppConfig config = DppConfig.load(null, Map.of("DPP_HTTP_PORT", "0", "DPP_HTTP_HOST", "127.0.0.1",
                "DPP_DATA_DIR", data.toString(), "DPP_ACCOUNTS_ACCESS", "open", "DPP_LOG_LEVEL", "warn"), Platform.configSections());
        PrometheusRegistry registry = new PrometheusRegistry();
        Lifecycle platform = new Lifecycle(Platform.modules(), config, registry);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            platform.start(Duration.ofSeconds(60));
            // Labelled series appear once used: one API request, and the feeds have tried to
            // connect by now (no venue is reachable here).
            int port = platform.module(io.dpp.runtime.http.HttpModule.class).port();
            java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/live/instruments")).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            Thread.sleep(1500);
            ExpositionFormats.init().getPrometheusTextFormatWriter().write(out, registry.scrape());
        } finally {
            platform.stop(Duration.ofSeconds(10), Duration.ZERO);
        }
        Set<String> names = new TreeSet<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                String name = parts[2];
                switch (parts[3]) {
                    case "counter" -> names.add(name.endsWith("_total") ? name : name + "_total");
                    case "histogram" -> names.addAll(List.of(name + "_bucket", name + "_sum", name + "_count"));
                    default -> names.add(name);
                }
            } else if (!line.startsWith("#") && !line.isBlank()) {
                names.add(line.replaceAll("[{ ].*", ""));
            }
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
