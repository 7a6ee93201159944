package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples of README.md and docs/*.md run as written. Every fenced {@code sh} block is run by
 * bash against one platform on the synthetic market ({@code dpp record --demo}: {@code dpp up
 * --demo} that also writes its captures), with {@code KEY} (a pro key), {@code DIR} (its captures)
 * and its HTTP port ({@code localhost:8080} in the text) set; {@code curl} fails on an HTTP error.
 * A block marked {@code sh {offline}} runs once the platform has stopped (the command line opens
 * the store itself); one marked {@code sh {not run: why}} is not run, and says why. A synopsis
 * with placeholders is a {@code text} block. Each block must end with status 0 within two minutes.
 */
class DocsExamplesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration BLOCK_TIMEOUT = Duration.ofMinutes(2);

    @TempDir
    Path data;

    /** One fenced block: where it is, how it is marked, what it says. */
    record Block(String where, String info, String text) {
        boolean notRun() {
            return info.contains("{not run");
        }

        boolean offline() {
            return info.contains("{offline}");
        }
    }

    @Test
    void everyShellExampleOfTheDocsRunsAsWritten() throws Exception {
        List<Block> blocks = blocks();
        assertThat(blocks).as("shell examples in README.md and docs/").hasSizeGreaterThan(10);
        int port = DppProcess.freePort();
        Path captures = data.resolve("captures");
        Map<String, String> env = new HashMap<>(Map.of("DPP_HTTP_PORT", Integer.toString(port), "DPP_HTTP_HOST", "127.0.0.1",
                "DPP_DATA_DIR", data.resolve("data").toString()));
        List<String> ran = new ArrayList<>();
        try (DppProcess demo = DppProcess.start(env, "record", "--demo", "--capture-out", captures.toString())) {
            demo.awaitReady(port, Duration.ofSeconds(60));
            String key = key(env);
            env.put("KEY", key);
            env.put("DIR", captures.toString());
            // History to ask for: a few seconds of trades of the instruments the examples name.
            StreamApiTest.eventually(Duration.ofSeconds(60), () -> {
                var r = DppProcess.get(port, "/api/v1/instruments?venue=okx", key);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                JsonNode okx = JSON.readTree(r.body());
                assertThat(okx.toString()).contains("\"BTC-USDT\"", "\"trades\"");
                return okx;
            });
            for (Block b : blocks) {
                if (!b.notRun() && !b.offline()) {
                    run(b, env, port);
                    ran.add(b.where());
                }
            }
            demo.sigterm();
            assertThat(demo.awaitExit(Duration.ofSeconds(30))).as(demo.exitReport()).isZero();
        }
        for (Block b : blocks) {
            if (b.offline()) {
                run(b, env, port);
                ran.add(b.where() + " (offline)");
            }
        }
        List<String> skipped = blocks.stream().filter(Block::notRun).map(b -> b.where() + " " + b.info()).toList();
        System.out.printf("docs: %d examples ran: %s%ndocs: not run: %s%n", ran.size(), ran, skipped);
        assertThat(ran).as("examples that ran").hasSizeGreaterThan(10);
        for (Block b : blocks) {
            if (b.notRun()) {
                assertThat(b.info()).as(b.where() + ": a block not run says why").matches(".*\\{not run: .+}.*");
            }
        }
    }

    /** Runs one block in bash from the project's root; fails with its output unless it ends with 0. */
    private static void run(Block b, Map<String, String> env, int port) throws Exception {
        String script = "set -euo pipefail\nshopt -s expand_aliases\n"
                + "curl() { command curl --fail-with-body --max-time 60 \"$@\"; }\n"
                + b.text().replace("localhost:8080", "127.0.0.1:" + port);
        Path file = Files.createTempFile("dpp-docs-", ".sh");
        Files.writeString(file, script, StandardCharsets.UTF_8);
        Path out = Files.createTempFile("dpp-docs-", ".out");
        ProcessBuilder pb = new ProcessBuilder("bash", file.toString()).directory(DppProcess.ROOT.toFile())
                .redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        boolean ended = p.waitFor(BLOCK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!ended) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        String shown = output.length() > 4000 ? output.substring(0, 2000) + "\n...\n" + output.substring(output.length() - 2000) : output;
        assertThat(ended).as(b.where() + " ended within " + BLOCK_TIMEOUT + ":\n" + b.text() + "\n--- output:\n" + shown).isTrue();
        assertThat(p.exitValue()).as(b.where() + " ran as written:\n" + b.text() + "\n--- output:\n" + shown).isZero();
        Files.deleteIfExists(file);
        Files.deleteIfExists(out);
    }

    /** A pro key, created as docs/accounts.md shows. */
    private static String key(Map<String, String> env) throws Exception {
        DppProcess p = DppProcess.run(env, "keys", "create", "--user", "docs", "--plan", "pro");
        assertThat(p.exitCode()).as(p.output()).isZero();
        return p.stdout().get(0).trim();
    }

    /** Every fenced {@code sh} block of README.md and docs/*.md, in order. */
    static List<Block> blocks() throws Exception {
        List<Path> files = new ArrayList<>();
        files.add(DppProcess.ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.list(DppProcess.ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        List<Block> blocks = new ArrayList<>();
        for (Path f : files) {
            List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (!line.startsWith("```sh")) {
                    continue;
                }
                int start = i;
                StringBuilder text = new StringBuilder();
                for (i++; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
                    text.append(lines.get(i)).append('\n');
                }
                blocks.add(new Block(DppProcess.ROOT.relativize(f) + ":" + (start + 1), line.substring(5).trim(), text.toString()));
            }
        }
        return blocks;
    }
}
