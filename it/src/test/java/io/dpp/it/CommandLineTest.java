package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher and the commands that do not start the platform. */
class CommandLineTest {

    @TempDir
    Path tmp;

    /**
     * dpp bench fanout connects its clients with API keys, as a platform runs, and prints what it
     * expected to deliver beside what it delivered (a small run: no speed is asserted here).
     */
    @Test
    void benchFanoutRunsWithKeysAndCountsWhatItExpected() throws Exception {
        DppProcess bench = DppProcess.run(Map.of(), "bench", "fanout", "--clients", "20", "--instruments", "40", "--per-client", "5",
                "--rate", "2000", "--seconds", "1", "--warmup", "0.5");
        assertThat(bench.exitCode()).as(bench.output()).isZero();
        var r = new com.fasterxml.jackson.databind.ObjectMapper().readTree(bench.stdout().get(bench.stdout().size() - 1));
        assertThat(r.get("keys").asBoolean()).isTrue();
        assertThat(r.get("lost").asLong()).isZero();
        long expected = r.get("expected").asLong();
        assertThat(expected).isPositive();
        // The delivery window trails the publishing one by the messages in flight.
        assertThat(r.get("delivered").asLong()).isBetween(expected * 9 / 10, expected * 11 / 10);
    }

    @Test
    void helpListsTheCommands() throws Exception {
        DppProcess dpp = DppProcess.run(Map.of(), "--help");
        assertThat(dpp.exitCode()).isZero();
        assertThat(dpp.stdoutText()).contains("Usage: dpp", "up ", "config ", "version ");
    }

    @Test
    void versionNamesVersionRevisionAndJava() throws Exception {
        DppProcess dpp = DppProcess.run(Map.of(), "version");
        assertThat(dpp.exitCode()).isZero();
        assertThat(dpp.stdoutText()).matches("dpp \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(revision [0-9a-f]{7,}(-dirty)?\\) on Java \\d+.*");
    }

    @Test
    void configPrintShowsEffectiveValuesTheirSourcesAndMasksSecrets() throws Exception {
        Path file = tmp.resolve("dpp.yaml");
        Files.writeString(file, "log:\n  level: debug\n");
        DppProcess dpp = DppProcess.run(Map.of("DPP_HTTP_PORT", "9999", "DPP_ACCOUNTS_DB_URL", "jdbc:postgresql://pg:5432/dpp",
                "DPP_ACCOUNTS_DB_PASSWORD", "hunter2"), "config", "print", "--config", file.toString());
        assertThat(dpp.exitCode()).as(dpp.output()).isZero();
        assertThat(dpp.stdoutText())
                .contains("http:\n").contains("\n  host: 0.0.0.0\n").contains("\n  port: 9999  # environment DPP_HTTP_PORT")
                .contains("  level: debug  # " + file)
                .contains("data:\n  dir: ./data")
                // keys without a default, set only in the environment, are shown too; secrets masked
                .contains("    url: jdbc:postgresql://pg:5432/dpp  # environment DPP_ACCOUNTS_DB_URL")
                .contains("    # password: ******  (secret, not printed; from environment DPP_ACCOUNTS_DB_PASSWORD)")
                .doesNotContain("hunter2");
    }

    @Test
    void invalidConfigurationExitsTwoNamingEveryKey() throws Exception {
        Path file = tmp.resolve("bad.yaml");
        Files.writeString(file, "htttp:\n  port: 1\n");
        DppProcess dpp = DppProcess.run(Map.of("DPP_HTTP_PORT", "abc", "DPP_SHUTDOWN_TIMEOUT", "soon"),
                "up", "--config", file.toString());
        assertThat(dpp.exitCode()).isEqualTo(2);
        assertThat(dpp.stderrText()).contains("http.port = \"abc\"", "shutdown.timeout = \"soon\"",
                "htttp.port: unknown key in " + file);
    }

    @Test
    void launcherUsesTheNewestJdkInTheInstallFolders() throws Exception {
        Path jvms = tmp.resolve("jvm");
        fakeJdk(jvms.resolve("jdk-21"), "21.0.5");
        fakeJdk(jvms.resolve("jdk-22"), "22.0.1");
        fakeJdk(jvms.resolve("jdk-17"), "17.0.9");
        DppProcess dpp = DppProcess.run(isolated(jvms), "jdk");
        assertThat(dpp.exitCode()).as(dpp.output()).isZero();
        assertThat(dpp.stdoutText()).isEqualTo(jvms.resolve("jdk-22") + " (Java 22)");
    }

    @Test
    void launcherSaysWhatToInstallWhenNoJdk21Exists() throws Exception {
        Path jvms = tmp.resolve("jvm");
        fakeJdk(jvms.resolve("java-17-openjdk"), "17.0.15");
        fakeJdk(jvms.resolve("java-1.8.0"), "1.8.0_392");
        DppProcess dpp = DppProcess.run(isolated(jvms), "up");
        assertThat(dpp.exitCode()).isEqualTo(1);
        assertThat(dpp.stderrText())
                .contains("DPP needs a JDK 21 or newer (java and javac), and none was found.")
                .contains(jvms.resolve("java-17-openjdk") + " (Java 17)")
                .contains(jvms.resolve("java-1.8.0") + " (Java 8)")
                .contains("apt-get install openjdk-21-jdk-headless");
    }

    // An environment where the only Java the launcher can see is under jvms: no JAVA_HOME, and a
    // PATH holding just the tools the launcher uses.
    private Map<String, String> isolated(Path jvms) throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        for (String tool : new String[] {"bash", "readlink", "head", "awk", "find", "basename", "dirname", "mktemp",
                "flock", "rm", "touch", "mkdir", "sed", "cat"}) {
            Path real = which(tool);
            Path wrapper = bin.resolve(tool);
            if (real != null && !Files.exists(wrapper)) {
                Files.writeString(wrapper, "#!" + which("bash") + "\nexec " + real + " \"$@\"\n");
                Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        Map<String, String> env = new HashMap<>();
        env.put("PATH", bin.toString());
        env.put("JAVA_HOME", "");
        env.put("DPP_JDK_DIRS", jvms.toString());
        return env;
    }

    private static Path which(String tool) {
        for (String dir : new String[] {"/usr/bin", "/bin", "/usr/local/bin"}) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    private static void fakeJdk(Path home, String version) throws IOException {
        Path bin = Files.createDirectories(home.resolve("bin"));
        String script = "#!/bin/bash\necho 'openjdk version \"" + version + "\" 2024-01-01' >&2\n";
        for (String tool : new String[] {"java", "javac"}) {
            Path p = bin.resolve(tool);
            Files.writeString(p, script);
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
