package io.dpp.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dpp export against a server that answers and then falls silent, and one that answers whole:
 * a silent platform ends the export with a message after --idle-timeout and leaves no file; a
 * whole export appears under its name only once complete.
 */
class ExportCommandTest {

    @TempDir
    Path dir;

    private HttpServer server;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/trades", exchange -> {
            exchange.getResponseHeaders().add("content-type", "text/csv");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write("timestamp,local_timestamp,id,price,amount,side,demo\n".getBytes(StandardCharsets.UTF_8));
                body.write("2024-05-01T00:00:01.000000Z,2024-05-01T00:00:01.000100Z,1,60000.1,0.5,buy,false\n"
                        .getBytes(StandardCharsets.UTF_8));
                body.flush();
                if (exchange.getRequestURI().getQuery().contains("symbol=STALL")) {
                    release.await(60, TimeUnit.SECONDS); // the platform falls silent mid-answer
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private int export(String symbol, Path out, ByteArrayOutputStream err) {
        PrintStream before = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return Main.run("export", "--venue", "kraken", "--symbol", symbol, "--channel", "trades", "--from", "2024-05-01",
                    "--to", "2024-05-02", "--url", "http://127.0.0.1:" + server.getAddress().getPort(), "--idle-timeout", "1",
                    "--out", out.toString());
        } finally {
            System.setErr(before);
        }
    }

    @Test
    void aSilentPlatformEndsTheExportWithAMessageAndNoFile() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path out = dir.resolve("stalled.csv");
        assertThat(export("STALL", out, err)).isEqualTo(Main.EXIT_FAILURE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("the platform sent nothing for 1 s; the export is incomplete");
        assertThat(out).doesNotExist();
        assertThat(dir.resolve("stalled.csv.part")).doesNotExist();
    }

    @Test
    void aWholeExportAppearsUnderItsName() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path out = dir.resolve("whole.csv");
        assertThat(export("XBT/USD", out, err)).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(Main.EXIT_OK);
        assertThat(Files.readAllLines(out)).hasSize(2);
        assertThat(dir.resolve("whole.csv.part")).doesNotExist();
    }
}
