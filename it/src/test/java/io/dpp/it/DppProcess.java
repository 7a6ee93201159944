package io.dpp.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@code ./dpp} process started the way a user starts it, with its output collected line by
 * line. The launcher execs the JVM, so signals sent to this process reach the platform itself.
 */
final class DppProcess implements AutoCloseable {

    static final Path ROOT = Path.of(System.getProperty("dpp.root", "..")).toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private DppProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code ./dpp ARGS} with extra environment variables. */
    static DppProcess start(Map<String, String> env, String... args) {
        return start(0, env, args);
    }

    /**
     * Starts {@code ./dpp ARGS} at a lower scheduling priority ({@code nice -n niceness}): for a
     * test that measures a client (a browser) which in use runs on a machine of its own, not on the
     * server's cores.
     */
    static DppProcess start(int niceness, Map<String, String> env, String... args) {
        if (!Files.isRegularFile(ROOT.resolve("app/target/dpp.jar"))) {
            throw new IllegalStateException("app/target/dpp.jar is missing: run these tests with ./dpp test");
        }
        List<String> command = new ArrayList<>();
        if (niceness != 0) {
            command.addAll(List.of("nice", "-n", Integer.toString(niceness)));
        }
        command.add(ROOT.resolve("dpp").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile());
        // Tests of other features run the APIs in the open demo mode unless they choose
        // (AccessTest and StreamApiTest use API keys from the accounts database).
        builder.environment().put("DPP_ACCOUNTS_ACCESS", "open");
        builder.environment().putAll(env);
        try {
            // Files, not pipes: a pipe read while the process exits can lose its last lines.
            Path out = Files.createTempFile("dpp-stdout", ".txt");
            Path err = Files.createTempFile("dpp-stderr", ".txt");
            // Deleted by close(), or when the tests end for a command run to completion (run()).
            out.toFile().deleteOnExit();
            err.toFile().deleteOnExit();
            builder.redirectOutput(out.toFile()).redirectError(err.toFile());
            return new DppProcess(builder.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code ./dpp ARGS} to completion (at most 60 s). */
    static DppProcess run(Map<String, String> env, String... args) throws InterruptedException {
        DppProcess p = start(env, args);
        if (!p.process.waitFor(60, TimeUnit.SECONDS)) {
            p.process.destroyForcibly();
            throw new AssertionError("./dpp " + String.join(" ", args) + " did not finish in 60 s");
        }
        return p;
    }

    /** Ports handed out by {@link #freePort}: below Linux's ephemeral range, each once per run. */
    private static final int FIRST_PORT = 20_000;
    private static final int PORTS = 12_000;
    private static final java.util.concurrent.atomic.AtomicInteger NEXT_PORT =
            new java.util.concurrent.atomic.AtomicInteger((int) (ProcessHandle.current().pid() % 100) * 100);

    /**
     * A port nothing listens on, for a platform started next. Not the OS's pick of a free port: that
     * comes from the ephemeral range (32768-60999), from which every outgoing connection of the
     * concurrent tests also takes its local port, so one took such a port between this call and
     * the platform's bind once in CI ("Address already in use"). These come from below the range,
     * each once per run of the suite, checked free by binding.
     */
    static int freePort() {
        for (int tries = 0; tries < PORTS; tries++) {
            int port = FIRST_PORT + Math.floorMod(NEXT_PORT.getAndIncrement(), PORTS);
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new java.net.InetSocketAddress("0.0.0.0", port));
                return port;
            } catch (IOException e) {
                // taken: the next one
            }
        }
        throw new IllegalStateException("no free port in " + FIRST_PORT + ".." + (FIRST_PORT + PORTS - 1));
    }

    /** GET on localhost; status -1 when nothing answers. */
    static HttpResponse<String> get(int port, String path) {
        return get(port, path, null);
    }

    /** GET on localhost with an API key in the X-API-Key header (none when null); null when nothing answers. */
    static HttpResponse<String> get(int port, String path, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).GET();
        if (key != null) {
            request.header("X-API-Key", key);
        }
        Asked a = send(HTTP, request.build(), Duration.ofSeconds(10));
        if (a.cause() != null && !(a.cause() instanceof IOException)) {
            throw new IllegalStateException(a.cause());
        }
        return a.response();
    }

    /** The answer to one request, or why there was none ({@code cause}: the exception, if one ended it). */
    record Asked(HttpResponse<String> response, String failure, Throwable cause) {
    }

    /**
     * GET on localhost over a connection of its own (HTTP/1.1, a new client), so that one stuck
     * connection cannot take a retry down with it, as the shared client's pooled connection can;
     * says why when nothing answers within {@code wait}.
     */
    static Asked getOnce(int port, String path, Duration wait) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2))
                .build();
        try {
            return send(client, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(wait).GET().build(),
                    wait.plusSeconds(1));
        } finally {
            // Not close(): that waits for a request still under way, the very case this is for.
            client.shutdownNow();
        }
    }

    /**
     * Sends {@code request} and waits at most {@code deadline} for the whole answer: a deadline
     * besides the request's own timeout, because a response whose body never comes must fail the
     * test, not hang the suite (seen once: a simulator status lost under a reconnect storm).
     */
    private static Asked send(HttpClient client, HttpRequest request, Duration deadline) {
        java.util.concurrent.CompletableFuture<HttpResponse<String>> answer = client.sendAsync(request,
                HttpResponse.BodyHandlers.ofString());
        try {
            return new Asked(answer.get(deadline.toMillis(), TimeUnit.MILLISECONDS), null, null);
        } catch (java.util.concurrent.TimeoutException e) {
            answer.cancel(true);
            return new Asked(null, "no answer within " + deadline, null);
        } catch (java.util.concurrent.ExecutionException e) {
            return new Asked(null, String.valueOf(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The JVM's thread dump (SIGQUIT makes it print one to its stdout), for a failure that needs to
     * show what each thread was doing; a sentence saying why when no dump came.
     */
    String threadDump() throws Exception {
        int before = stdoutText().length();
        try {
            new ProcessBuilder("kill", "-QUIT", Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            return "no thread dump: " + e;
        }
        try {
            // The dump ends with the JNI references' count, once every thread is written.
            String added = StreamApiTest.eventually(Duration.ofSeconds(10), () -> {
                String text = stdoutText();
                String tail = text.length() > before ? text.substring(before) : "";
                org.assertj.core.api.Assertions.assertThat(tail).contains("Full thread dump", "JNI global refs");
                return tail;
            });
            return added.substring(added.indexOf("Full thread dump"));
        } catch (AssertionError e) {
            return "no thread dump came within 10 s";
        }
    }

    /** Polls /health/ready until 200; returns how long it took. */
    Duration awaitReady(int port, Duration timeout) throws InterruptedException {
        long t0 = System.nanoTime();
        long deadline = t0 + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("dpp exited with " + process.exitValue() + " before ready:\n" + output());
            }
            HttpResponse<String> r = get(port, "/health/ready");
            if (r != null && r.statusCode() == 200) {
                return Duration.ofNanos(System.nanoTime() - t0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not ready within " + timeout + ":\n" + output());
    }

    /** Sends SIGTERM (what Process.destroy does on Unix). */
    void sigterm() {
        process.destroy();
    }

    /** Kills the process with SIGKILL (kill -9) and waits until it is gone. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Waits for the exit; returns the exit code, or fails after the timeout. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("dpp did not exit within " + timeout + ":\n" + output());
        }
        return process.exitValue();
    }

    int exitCode() {
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The lines written to stdout so far. */
    List<String> stdout() {
        return read(stdout).lines().toList();
    }

    String stdoutText() {
        return read(stdout).stripTrailing();
    }

    String stderrText() {
        return read(stderr).stripTrailing();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes {@code dir} and everything in it (a platform's data directory, a browser profile), quietly. */
    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }

    String output() {
        return "--- stdout ---\n" + stdoutText() + "\n--- stderr ---\n" + stderrText();
    }

    /**
     * The description of an exit that was not the expected one: first what the process logged from
     * the last signal it received on (its stop), without the Kafka clients' connection chatter and
     * at most {@value #STOP_LINES} lines, then the whole output. A CI log that shows only the start
     * of a long failure message still shows why the stop went wrong.
     */
    String exitReport() {
        List<String> lines = stdoutText().lines().toList();
        int from = 0;
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).contains("received SIG")) {
                from = i;
                break;
            }
        }
        String stop = lines.subList(from, lines.size()).stream()
                .filter(l -> !l.contains("o.a.k.clients.NetworkClient") && !l.contains("o.a.k.c.p.internals.Sender"))
                .limit(STOP_LINES).collect(java.util.stream.Collectors.joining("\n"));
        return "--- its stop ---\n" + stop + "\n" + output();
    }

    private static final int STOP_LINES = 60;

    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        Files.deleteIfExists(stdout);
        Files.deleteIfExists(stderr);
    }
}
