package io.dpp.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests of both modes, rendered with {@code kubectl kustomize}, validated
 * offline against the Kubernetes and prometheus-operator schemas (deploy/k8s/validate: the
 * kubernetes-models validators plus the TypeScript compiler's excess-property check, which
 * rejects unknown fields); and the Containerfile linted with dockerfilelint. The npm packages
 * are pinned in deploy/k8s/validate/package-lock.json and installed under target/ from the npm
 * registry. Needs node, npm and kubectl: skipped without them, except under CI=true.
 */
class DeployManifestsTest {

    private static final Path ROOT = PrometheusRulesTest.ROOT.toAbsolutePath().normalize();
    private static final Path WORK = Path.of("target", "k8s-validate").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void installValidator() throws Exception {
        String npm = tool("npm");
        tool("node");
        Files.createDirectories(WORK);
        Path source = ROOT.resolve("deploy/k8s/validate");
        boolean changed = !Files.isDirectory(WORK.resolve("node_modules"));
        for (String f : List.of("package.json", "package-lock.json", "validate.mjs")) {
            Path target = WORK.resolve(f);
            changed |= !Files.exists(target) || Files.mismatch(source.resolve(f), target) >= 0;
            Files.copy(source.resolve(f), target, StandardCopyOption.REPLACE_EXISTING);
        }
        if (changed) {
            Result r = run(WORK, 600, npm, "ci", "--no-audit", "--no-fund", "--loglevel=error");
            assertThat(r.exit).as("npm ci in " + WORK + "\n" + r.output).isZero();
        }
    }

    @Test
    void bothModesRenderAndValidateAgainstTheSchemas() throws Exception {
        for (String mode : List.of("monolith", "microservices")) {
            Path rendered = render(mode);
            JsonNode result = validate(mode, rendered);
            assertThat(result.get("errors")).as(mode + ": " + result).isEmpty();
            assertThat(result.get("validated").asInt()).as(mode).isGreaterThanOrEqualTo(mode.equals("monolith") ? 6 : 15);
            for (JsonNode n : result.get("not_validated")) {
                assertThat(n.asText()).as("only CRDs without an offline schema are left out")
                        .matches(".*: (Kafka|KafkaNodePool|Route) .*");
            }
            System.out.println("k8s " + mode + ": " + result);
        }
    }

    @Test
    void theValidatorRejectsUnknownFieldsAndWrongTypes() throws Exception {
        String monolith = Files.readString(render("monolith"));
        Path misspelt = WORK.resolve("misspelt.yaml");
        Files.writeString(misspelt, monolith.replaceFirst("readinessProbe:", "readinesProbe:"));
        JsonNode unknown = validate("misspelt", misspelt);
        assertThat(unknown.get("errors").toString()).contains("readinesProbe", "does not exist");
        Path typed = WORK.resolve("typed.yaml");
        Files.writeString(typed, monolith.replaceFirst("containerPort: ([0-9]+)", "containerPort: \"http-$1\""));
        JsonNode wrongType = validate("typed", typed);
        assertThat(wrongType.get("errors").toString()).contains("containerPort");
    }

    @Test
    void theContainerfilePassesDockerfilelint() throws Exception {
        Path lint = WORK.resolve("node_modules/.bin/dockerfilelint");
        Result ok = run(ROOT, 120, lint.toString(), "Containerfile");
        assertThat(ok.exit).as(ok.output).isZero();
        assertThat(ok.output).contains("Issues: None found");
        Path bad = WORK.resolve("Bad.Containerfile");
        Files.writeString(bad, "FROM ubuntu\nRUN apt-get install curl\nCMD java\n");
        Result refused = run(ROOT, 120, lint.toString(), bad.toString());
        assertThat(refused.exit).as("a Containerfile with issues fails the lint\n" + refused.output).isNotZero();
    }

    private static Path render(String mode) throws Exception {
        Result r = run(ROOT, 120, tool("kubectl"), "kustomize", "deploy/k8s/overlays/" + mode);
        assertThat(r.exit).as("kubectl kustomize " + mode + "\n" + r.output).isZero();
        Path out = WORK.resolve(mode + ".yaml");
        Files.writeString(out, r.output);
        return out;
    }

    private static JsonNode validate(String name, Path file) throws Exception {
        Result r = run(WORK, 300, tool("node"), "validate.mjs", WORK.resolve("generated-" + name).toString(), file.toString());
        String last = r.output.strip().lines().reduce((a, b) -> b).orElse("");
        assertThat(last).as(r.output).startsWith("{");
        JsonNode result = JSON.readTree(last);
        assertThat(r.exit).as(r.output).isEqualTo(result.get("errors").isEmpty() ? 0 : 1);
        return result;
    }

    private static String tool(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name).toString();
            }
        }
        String message = name + " not found (node and npm: Debian's nodejs and npm packages, which .ci/run installs; "
                + "kubectl: a Kubernetes client with kustomize built in)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(message + "; CI=true requires it");
        }
        Assumptions.abort(message + "; skipping");
        return null;
    }

    private record Result(int exit, String output) {
    }

    private static Result run(Path dir, int seconds, String... command) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(seconds, TimeUnit.SECONDS)).as(String.join(" ", command) + " finished").isTrue();
        return new Result(p.exitValue(), output);
    }
}
