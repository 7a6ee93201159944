package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The automated accessibility check of the console's pages: axe-core (pinned in
 * {@code it/src/test/axe/package-lock.json}, installed under {@code it/target/axe} with
 * {@code npm ci} from the npm registry) run in the page the browser shows. Needs node and npm
 * (Debian's packages, which {@code .ci/run} installs): skipped without them, except under
 * {@code CI=true}, where that is a failure.
 */
final class Accessibility {

    private static final Path WORK = DppProcess.ROOT.resolve("it/target/axe");
    private static String script;

    private Accessibility() {
    }

    /** axe-core's source, installed once per run. */
    static synchronized String axe() throws Exception {
        if (script != null) {
            return script;
        }
        String npm = tool("npm");
        Files.createDirectories(WORK);
        Path source = DppProcess.ROOT.resolve("it/src/test/axe");
        boolean changed = !Files.isRegularFile(WORK.resolve("node_modules/axe-core/axe.min.js"));
        for (String f : List.of("package.json", "package-lock.json")) {
            Path target = WORK.resolve(f);
            changed |= !Files.exists(target) || Files.mismatch(source.resolve(f), target) >= 0;
            Files.copy(source.resolve(f), target, StandardCopyOption.REPLACE_EXISTING);
        }
        if (changed) {
            Process p = new ProcessBuilder(npm, "ci", "--no-audit", "--no-fund", "--loglevel=error").directory(WORK.toFile())
                    .redirectErrorStream(true).redirectOutput(WORK.resolve("npm.log").toFile()).start();
            assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("npm ci of axe-core within 5 minutes").isTrue();
            assertThat(p.exitValue()).as("npm ci in " + WORK + ": " + Files.readString(WORK.resolve("npm.log"))).isZero();
        }
        script = Files.readString(WORK.resolve("node_modules/axe-core/axe.min.js"));
        return script;
    }

    /**
     * Runs axe on the page the browser shows (WCAG 2 A and AA rules) and returns its serious and
     * critical violations, each as "rule: help (where)".
     */
    @SuppressWarnings("unchecked")
    static List<String> serious(Browser browser) throws Exception {
        browser.script(axe() + "\n;window.__axeLoaded = true;");
        Object result = ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
                        + ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
                        + " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))"
                        + ".catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));");
        List<String> out = new ArrayList<>();
        for (Map<String, Object> v : (List<Map<String, Object>>) result) {
            if ("serious".equals(v.get("impact")) || "critical".equals(v.get("impact"))) {
                out.add(v.get("id") + ": " + v.get("help") + " (" + v.get("nodes") + ")");
            }
        }
        return out;
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
        Assumptions.abort(why + "; the accessibility check is skipped");
        return null;
    }
}
