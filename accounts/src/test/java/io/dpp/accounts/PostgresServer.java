package io.dpp.accounts;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real, throwaway PostgreSQL server for tests: a fresh cluster (initdb) in a temporary folder,
 * started with pg_ctl on a free loopback port, removed on close. The binaries come from the
 * machine's PostgreSQL installation ({@code /usr/lib/postgresql/<version>/bin}, or the folder in
 * {@code DPP_PG_BIN}); {@code .ci/run} installs Debian's package when it is missing. PostgreSQL
 * refuses to run as root, so under root the server runs as the {@code postgres} user the package
 * creates. Without PostgreSQL the test is skipped with a message, except under {@code CI=true},
 * where that is a failure.
 */
public final class PostgresServer implements AutoCloseable {

    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asPostgres;

    private PostgresServer(Path bin, Path dir, int port, boolean asPostgres) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asPostgres = asPostgres;
    }

    /** Starts a fresh server (about 2 s). */
    public static PostgresServer start() throws Exception {
        Path bin = binaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("dpp-pg");
        if (root) {
            UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(dir, postgres);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        PostgresServer server = new PostgresServer(bin, dir, port, root);
        server.run(120, bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "dpp",
                "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync");
        server.restart();
        return server;
    }

    /** Stops the server at once, as a crash does (pg_ctl stop -m immediate: no checkpoint, recovery on the next start). */
    public void crash() throws Exception {
        run(60, bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
    }

    /** Starts the server on its data and port (again, after {@link #crash()}). */
    public void restart() throws Exception {
        run(60, bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w", "-t", "60",
                "-l", dir.resolve("server.log").toString(), "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off", "start");
    }

    /** JDBC URL of the server's {@code postgres} database. */
    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    private final java.util.concurrent.atomic.AtomicInteger databases = new java.util.concurrent.atomic.AtomicInteger();

    /** A new empty database on this server, named {@code prefix} and a number, as settings with a pool of {@code pool}. */
    public io.dpp.runtime.db.Database.Settings newDatabase(String prefix, int pool) {
        String name = prefix + "_" + databases.incrementAndGet();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url(), user(), null); java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
        String at = url().substring(0, url().lastIndexOf('/') + 1) + name;
        return new io.dpp.runtime.db.Database.Settings(java.util.Optional.of(at), java.util.Optional.of(user()), java.util.Optional.empty(), pool);
    }

    /** The superuser (trust authentication: no password). */
    public String user() {
        return "dpp";
    }

    @Override
    public void close() throws Exception {
        try {
            if (Files.exists(dir.resolve("data").resolve("postmaster.pid"))) { // not after a crash() without restart()
                run(60, bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void run(int seconds, String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        Path log = Files.createTempFile("dpp-pg-cmd", ".log");
        try {
            Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", full) + " did not finish in " + seconds + " s");
            }
            if (p.exitValue() != 0) {
                String serverLog = Files.exists(dir.resolve("server.log")) ? Files.readString(dir.resolve("server.log")) : "";
                throw new IllegalStateException(String.join(" ", full) + " failed (" + p.exitValue() + "): "
                        + Files.readString(log) + serverLog);
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** The folder with initdb and pg_ctl: DPP_PG_BIN, or the newest /usr/lib/postgresql/N/bin. */
    static Path binaries() throws IOException {
        String configured = System.getenv("DPP_PG_BIN");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path base = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(base)) {
            try (Stream<Path> versions = Files.list(base)) {
                Path found = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparingInt(b -> version(b.getParent().getFileName().toString()))).orElse(null);
                if (found != null) {
                    return found;
                }
            }
        }
        String message = "no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql/*/bin or DPP_PG_BIN; "
                + "install Debian's postgresql package (.ci/run does)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(message + "; CI=true requires PostgreSQL");
        }
        Assumptions.abort(message + "; skipping the PostgreSQL tests");
        return null;
    }

    private static int version(String name) {
        try {
            return Integer.parseInt(name.replaceAll("[^0-9].*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
