package io.dpp.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * yamllint (configuration in .yamllint) over every YAML file of the project outside test
 * resources, and shellcheck over every shell script: the launcher, .ci/run, the benchmark
 * scripts. Both come from Debian's packages; .ci/run installs them when missing. Without them
 * the test is skipped with a message, except under CI=true, where that is a failure.
 */
class LintTest {

    private static final Path ROOT = PrometheusRulesTest.ROOT.toAbsolutePath().normalize();

    @Test
    void yamlFilesPassYamllint() throws Exception {
        List<String> files = files(p -> (p.endsWith(".yml") || p.endsWith(".yaml")) && !p.contains("/src/test/"));
        assertThat(files).contains("deploy/prometheus/dpp-alerts.yml", "deploy/k8s/base/kustomization.yaml",
                "app/src/main/resources/META-INF/dpp/api/openapi.yaml");
        List<String> command = new ArrayList<>(List.of(tool("yamllint"), "-s", "-c", ".yamllint"));
        command.addAll(files);
        run(command);
    }

    @Test
    void shellScriptsPassShellcheck() throws Exception {
        List<String> files = files(p -> p.endsWith(".sh"));
        files.add("dpp");
        files.add(".ci/run");
        List<String> command = new ArrayList<>(List.of(tool("shellcheck")));
        command.addAll(files);
        run(command);
    }

    /** Project files (relative paths) outside build output, dependency and hidden folders, except .ci. */
    private static List<String> files(java.util.function.Predicate<String> which) throws Exception {
        try (Stream<Path> all = Files.walk(ROOT)) {
            return all.filter(Files::isRegularFile).map(p -> ROOT.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.contains("/target/") && !p.startsWith("target/") && !p.contains("node_modules/")
                            && !(p.startsWith(".") && !p.startsWith(".ci/")) && !p.contains("/."))
                    .filter(which).sorted().collect(java.util.stream.Collectors.toCollection(ArrayList::new));
        }
    }

    private static String tool(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name).toString();
            }
        }
        String message = name + " not found (Debian's " + name + " package; .ci/run installs it)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(message + "; CI=true requires it");
        }
        Assumptions.abort(message + "; skipping");
        return null;
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command.subList(0, Math.min(4, command.size()))) + " ...\n" + output).isZero();
    }
}
