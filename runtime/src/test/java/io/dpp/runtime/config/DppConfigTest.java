package io.dpp.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dpp.runtime.RuntimeSections;
import io.dpp.runtime.http.HttpConfig;
import io.dpp.runtime.logging.LogConfig;
import io.dpp.runtime.module.ShutdownConfig;
import io.smallrye.config.ConfigMapping;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DppConfigTest {

    @TempDir
    Path dir;

    private Path file(String yaml) throws IOException {
        Path f = dir.resolve("dpp.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private static DppConfig load(Path file, Map<String, String> env) {
        return DppConfig.load(file, env, RuntimeSections.all());
    }

    @Test
    void defaultsComeFromTheJar() {
        DppConfig config = load(null, Map.of());
        assertThat(config.section(HttpConfig.class).port()).isEqualTo(8080);
        assertThat(config.section(HttpConfig.class).host()).isEqualTo("0.0.0.0");
        assertThat(config.section(DataConfig.class).dir()).isEqualTo(Path.of("./data"));
        assertThat(config.section(LogConfig.class).format()).isEqualTo(LogConfig.Format.TEXT);
        assertThat(config.section(ShutdownConfig.class).timeout()).isEqualTo(Duration.ofSeconds(8));
        assertThat(config.entries()).allMatch(e -> e.source().equals("default"));
    }

    @Test
    void fileOverridesDefaultsAndEnvironmentOverridesTheFile() throws IOException {
        Path f = file("http:\n  port: 9090\nlog:\n  format: json\nshutdown:\n  drain-delay: 500ms\n");
        DppConfig config = load(f, Map.of("DPP_HTTP_PORT", "7070", "DPP_DATA_DIR", "/var/lib/dpp",
                "PATH", "/usr/bin", "DPP_FIXTURES", "../shared/fixtures"));
        assertThat(config.section(HttpConfig.class).port()).isEqualTo(7070);
        assertThat(config.section(DataConfig.class).dir()).isEqualTo(Path.of("/var/lib/dpp"));
        assertThat(config.section(LogConfig.class).format()).isEqualTo(LogConfig.Format.JSON);
        assertThat(config.section(ShutdownConfig.class).drainDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.entries()).contains(
                new DppConfig.Entry("http.port", "7070", "environment DPP_HTTP_PORT"),
                new DppConfig.Entry("log.format", "json", f.toString()),
                new DppConfig.Entry("http.host", "0.0.0.0", "default"));
    }

    @Test
    void environmentReachesDashedKeys() {
        DppConfig config = load(null, Map.of("DPP_SHUTDOWN_DRAIN_DELAY", "2s", "DPP_SHUTDOWN_TIMEOUT", "1m"));
        assertThat(config.section(ShutdownConfig.class).drainDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.section(ShutdownConfig.class).timeout()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void wrongTypesNameTheKey() {
        assertThatThrownBy(() -> load(null, Map.of("DPP_HTTP_PORT", "abc")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.port").hasMessageContaining("abc");
        assertThatThrownBy(() -> load(null, Map.of("DPP_SHUTDOWN_TIMEOUT", "soon")))
                .hasMessageContaining("shutdown.timeout").hasMessageContaining("expected a duration");
        assertThatThrownBy(() -> load(null, Map.of("DPP_LOG_FORMAT", "xml")))
                .hasMessageContaining("log.format").hasMessageContaining("json,text");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        ConfigException e = (ConfigException) catchThrowable(() -> load(null,
                Map.of("DPP_HTTP_PORT", "70000", "DPP_LOG_LEVEL", "loud", "DPP_SHUTDOWN_DRAIN_DELAY", "9s")));
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "http.port: must be between 0 and 65535, got 70000",
                "log.level: must be one of trace, debug, info, warn, error, off; got \"loud\"",
                "shutdown.drain-delay: must be shorter than shutdown.timeout (8s), got 9s");
    }

    @Test
    void typesRangesAndUnknownKeysAreReportedTogether() throws IOException {
        Path f = file("http:\n  prot: 1\nshutdown:\n  timeout: soon\n");
        ConfigException e = (ConfigException) catchThrowable(() -> load(f, Map.of("DPP_HTTP_PORT", "abc", "DPP_LOG_LEVEL", "loud",
                "DPP_HTTP_IDLE_TIMEOUT", "2d")));
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "http.prot: unknown key in " + f + " (did you mean \"http.port\"?)",
                "shutdown.timeout = \"soon\": expected a duration such as 500ms, 10s, 5m, 2h or PT10S, got \"soon\"",
                "http.port = \"abc\": Expected an integer value, got \"abc\"",
                "log.level: must be one of trace, debug, info, warn, error, off; got \"loud\"",
                "http.idle-timeout: must be from 1s to 24h, got 2d");
    }

    @Test
    void unknownKeysInTheFileAreErrors() throws IOException {
        Path f = file("http:\n  prot: 1\nhttpp:\n  port: 1\n");
        assertThatThrownBy(() -> load(f, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.prot")
                .hasMessageContaining("httpp.port: unknown key in " + f + " (sections: http, data, log, shutdown)");
    }

    @Test
    void missingOrBrokenFilesAreNamed() throws IOException {
        assertThatThrownBy(() -> load(dir.resolve("nope.yaml"), Map.of()))
                .hasMessageContaining("--config " + dir.resolve("nope.yaml") + ": no such file");
        Path broken = file("http:\n  port: [1\n");
        assertThatThrownBy(() -> load(broken, Map.of())).hasMessageContaining("not valid YAML");
    }

    @ConfigMapping(prefix = "vault")
    interface VaultConfig {
        String user();

        String password();
    }

    @Test
    void printsTheEffectiveTreeWithSourcesAndMasksSecrets() throws IOException {
        Path f = file("vault:\n  user: ops\n  password: hunter2\n");
        List<ConfigSection<?>> sections = new ArrayList<>(RuntimeSections.all());
        sections.add(ConfigSection.of("vault", VaultConfig.class));
        DppConfig config = DppConfig.load(f, Map.of("DPP_HTTP_PORT", "9999"), sections);
        assertThat(config.section(VaultConfig.class).password()).isEqualTo("hunter2");

        String yaml = ConfigPrinter.render(config.entries());
        assertThat(yaml).doesNotContain("hunter2")
                .contains("http:\n").contains("\n  host: 0.0.0.0\n").contains("\n  port: 9999  # environment DPP_HTTP_PORT\n")
                .contains("vault:\n  # password: ******  (secret, not printed; from " + f + ")\n  user: ops  # " + f + "\n")
                .contains("data:\n  dir: ./data\n");
    }

    @Test
    void whatPrintWritesReadsBackToTheSameConfiguration() throws IOException {
        List<ConfigSection<?>> sections = new ArrayList<>(RuntimeSections.all());
        sections.add(ConfigSection.of("vault", VaultConfig.class));
        Map<String, String> env = Map.of("DPP_HTTP_PORT", "9999", "DPP_VAULT_PASSWORD", "hunter2");
        DppConfig first = DppConfig.load(file("vault:\n  user: ops\nshutdown:\n  timeout: 20s\n"), env, sections);
        String printed = ConfigPrinter.render(first.entries());
        assertThat(printed).doesNotContain("hunter2");
        Path again = dir.resolve("printed.yaml");
        Files.writeString(again, printed);
        DppConfig second = DppConfig.load(again, env, sections); // valid YAML, every key known
        assertThat(values(second)).isEqualTo(values(first));
        assertThat(second.section(VaultConfig.class).password()).isEqualTo("hunter2");
        // A section of secrets only is no empty section read back as a value.
        DppConfig secretsOnly = DppConfig.load(file("vault:\n  user: ops\n"), Map.of("DPP_VAULT_PASSWORD", "x"), sections);
        assertThat(ConfigPrinter.render(secretsOnly.entries())).contains("  # password: ******");
    }

    private static Map<String, String> values(DppConfig config) {
        Map<String, String> out = new java.util.TreeMap<>();
        config.entries().forEach(e -> out.put(e.key(), e.value()));
        return out;
    }

    @Test
    void masksSecretsInsideValues() {
        assertThat(ConfigPrinter.printable("store.server.ilp", "http::addr=questdb:9000;username=admin;password=quest;"))
                .isEqualTo("http::addr=questdb:9000;username=admin;password=******;");
        assertThat(ConfigPrinter.printable("bus.kafka.client.\"sasl.jaas.config\"",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"dpp\" password=\"s3cr3t\";"))
                .isEqualTo("org.apache.kafka.common.security.plain.PlainLoginModule required username=\"dpp\" password=\"******\";");
        assertThat(ConfigPrinter.printable("accounts.db.url", "jdbc:postgresql://pg:5432/dpp?user=dpp&password=x1&ssl=true"))
                .isEqualTo("jdbc:postgresql://pg:5432/dpp?user=dpp&password=******&ssl=true");
        assertThat(ConfigPrinter.printable("bus.kafka.bootstrap-servers", "https://ops:hunter2@kafka:9093"))
                .isEqualTo("https://ops:******@kafka:9093");
        assertThat(ConfigPrinter.printable("store.server.ilp", "tcp::addr=q:9009;token=abc123;"))
                .isEqualTo("tcp::addr=q:9009;token=******;");
        assertThat(ConfigPrinter.printable("http.host", "0.0.0.0")).isEqualTo("0.0.0.0");
        assertThat(ConfigPrinter.printable("vault.password", "anything")).isEqualTo(ConfigPrinter.MASK);
    }

    @Test
    void recognisesSecretKeys() {
        assertThat(ConfigPrinter.isSecret("accounts.database.password")).isTrue();
        assertThat(ConfigPrinter.isSecret("venues.binance.api-key")).isTrue();
        assertThat(ConfigPrinter.isSecret("kafka.sasl.token")).isTrue();
        assertThat(ConfigPrinter.isSecret("http.port")).isFalse();
        assertThat(ConfigPrinter.isSecret("keys.required")).isFalse();
    }

    private static Throwable catchThrowable(Runnable r) {
        try {
            r.run();
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError("expected an exception");
    }
}
