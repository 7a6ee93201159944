package io.dpp.historical;

import io.questdb.ServerMain;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real QuestDB server in a process of its own, started from the questdb jar on the test class
 * path (the same release DPP embeds), HTTP (ILP) and PostgreSQL wire on free loopback ports.
 */
public final class QuestDbServer implements AutoCloseable {

    private final Process process;
    private final int httpPort;
    private final int pgPort;
    private final Path log;

    private QuestDbServer(Process process, int httpPort, int pgPort, Path log) {
        this.process = process;
        this.httpPort = httpPort;
        this.pgPort = pgPort;
        this.log = log;
    }

    /** Starts a server with its data under {@code root}; returns once it accepts PostgreSQL connections. */
    public static QuestDbServer start(Path root) throws IOException, InterruptedException {
        return start(root, freePort(), freePort());
    }

    /**
     * Starts a server with its data under {@code root} on the given HTTP (ILP) and PostgreSQL wire
     * ports: the same server again after {@link #close()}, as a restart is.
     */
    public static QuestDbServer start(Path root, int http, int pg) throws IOException, InterruptedException {
        return start(root, http, pg, java.util.Map.of());
    }

    /**
     * A server with settings of its own on top, as QuestDB's environment variables ({@code QDB_*}),
     * e.g. {@code QDB_DEV_MODE_ENABLED=true}, which lets a test suspend a table's WAL.
     */
    public static QuestDbServer start(Path root, java.util.Map<String, String> settings) throws IOException, InterruptedException {
        return start(root, freePort(), freePort(), settings);
    }

    private static QuestDbServer start(Path root, int http, int pg, java.util.Map<String, String> settings)
            throws IOException, InterruptedException {
        Files.createDirectories(root);
        String jar = Path.of(ServerMain.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder b = new ProcessBuilder(List.of(java, "-cp", jar, "io.questdb.ServerMain", "-d", root.toString()));
        b.environment().put("QDB_HTTP_BIND_TO", "127.0.0.1:" + http);
        b.environment().put("QDB_PG_NET_BIND_TO", "127.0.0.1:" + pg);
        b.environment().put("QDB_HTTP_MIN_ENABLED", "false");
        b.environment().put("QDB_LINE_TCP_ENABLED", "false");
        b.environment().put("QDB_LINE_UDP_ENABLED", "false");
        b.environment().put("QDB_TELEMETRY_ENABLED", "false");
        b.environment().put("QDB_SHARED_WORKER_COUNT", "2");
        b.environment().putAll(settings);
        Path log = root.resolve("server-output.txt");
        b.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        QuestDbServer server = new QuestDbServer(b.start(), http, pg, log);
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            if (!server.process.isAlive()) {
                throw new IllegalStateException("QuestDB server exited: " + Files.readString(log));
            }
            if (accepts(pg) && accepts(http)) {
                return server;
            }
            Thread.sleep(100);
        }
        server.close();
        throw new IllegalStateException("QuestDB server did not start within 60 s: " + Files.readString(log));
    }

    /** The client configuration for writes. */
    public String ilp() {
        return "http::addr=127.0.0.1:" + httpPort + ";";
    }

    /** The JDBC URL for reads. */
    public String pgUrl() {
        return "jdbc:postgresql://127.0.0.1:" + pgPort + "/qdb";
    }

    public int httpPort() {
        return httpPort;
    }

    public int pgPort() {
        return pgPort;
    }

    public Path log() {
        return log;
    }

    /** Kills the server (SIGKILL, as a crash or an OOM kill), waiting until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
