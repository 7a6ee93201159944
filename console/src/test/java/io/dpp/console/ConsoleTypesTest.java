package io.dpp.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The console's JavaScript type-checked from its JSDoc by the TypeScript compiler ({@code
 * --checkJs}): every module, against the DOM's types and uPlot's own declarations (from its
 * WebJar). The compiler is pinned in console/src/test/types/package-lock.json and
 * installed under target/ from the npm registry; the console itself has no build step and users
 * need no Node. Needs node and npm: skipped without them, except under CI=true.
 */
class ConsoleTypesTest {

    private static final Path SOURCES = Path.of("src/main/resources/io/dpp/console/web").toAbsolutePath();
    private static final Path TYPES = Path.of("src/test/types").toAbsolutePath();
    private static final Path WORK = Path.of("target", "types").toAbsolutePath();
    @Test
    void everyModuleTypeChecks() throws Exception {
        String npm = tool("npm");
        String node = tool("node");
        Files.createDirectories(WORK);
        boolean changed = !Files.isDirectory(WORK.resolve("node_modules"));
        for (String f : List.of("package.json", "package-lock.json")) {
            Path target = WORK.resolve(f);
            changed |= !Files.exists(target) || Files.mismatch(TYPES.resolve(f), target) >= 0;
            Files.copy(TYPES.resolve(f), target, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.copy(TYPES.resolve("tsconfig.json"), WORK.resolve("tsconfig.json"), StandardCopyOption.REPLACE_EXISTING);
        if (changed) {
            Result r = run(WORK, 600, npm, "ci", "--no-audit", "--no-fund", "--loglevel=error");
            assertThat(r.exit).as("npm ci in " + WORK + "\n" + r.output).isZero();
        }
        Path web = WORK.resolve("web");
        deleteTree(web);
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                Path target = web.resolve(SOURCES.relativize(p).toString());
                Files.createDirectories(target.getParent());
                Files.copy(p, target);
            }
        }
        Path uplot = web.resolve("vendor/uplot/uPlot.esm.d.ts");
        Files.createDirectories(uplot.getParent());
        try (InputStream d = getClass().getClassLoader().getResourceAsStream(
                "META-INF/resources/webjars/uplot/" + ConsoleAssets.UPLOT_VERSION + "/dist/uPlot.d.ts")) {
            assertThat(d).as("uPlot's declarations in its WebJar").isNotNull();
            Files.copy(d, uplot);
        }
        List<Path> modules;
        try (Stream<Path> files = Files.walk(web)) {
            modules = files.filter(p -> p.toString().endsWith(".js") && !p.startsWith(web.resolve("vendor"))).toList();
        }
        assertThat(modules).as("the console's modules").hasSizeGreaterThan(10);

        Result r = run(WORK, 300, node, WORK.resolve("node_modules/typescript/bin/tsc").toString(), "-p", "tsconfig.json");
        System.out.println("console types: tsc --checkJs over " + modules.size() + " modules: exit " + r.exit + "\n" + r.output);
        assertThat(r.output).as("the TypeScript compiler's findings").isEmpty();
        assertThat(r.exit).isZero();
    }

    private record Result(int exit, String output) {
    }

    private static Result run(Path dir, int seconds, String... command) throws Exception {
        Path log = Files.createTempFile("dpp-tsc", ".txt");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " took over " + seconds + " s");
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8).strip());
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String tool(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name).toString();
            }
        }
        String why = "no " + name + " on the PATH (Debian: apt-get install nodejs npm)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(why + "; CI=true requires it");
        }
        Assumptions.abort(why + "; the console's type check is skipped");
        return null;
    }
}
