package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.historical.QuestDbServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dpp up --replay} recording into a QuestDB server (a real server process started from the
 * questdb jar) instead of the embedded store: the same history ({@link HistoryCheck}).
 */
class ServerStoreReplayTest {

    @TempDir
    Path tmp;

    @Test
    void historyInAQuestDbServerHoldsExactlyTheCapturedTradesCandlesAndBooks() throws Exception {
        Path fixtures = ReplayCommandTest.fixtures();
        var expected = HistoryCheck.expected(fixtures);
        try (QuestDbServer questdb = QuestDbServer.start(tmp.resolve("questdb"))) {
            int port = DppProcess.freePort();
            Map<String, String> env = Map.of("DPP_HTTP_PORT", Integer.toString(port), "DPP_HTTP_HOST", "127.0.0.1",
                    "DPP_DATA_DIR", tmp.resolve("data").toString(), "DPP_STORE_KIND", "server",
                    "DPP_STORE_SERVER_ILP", questdb.ilp(), "DPP_STORE_SERVER_PG_URL", questdb.pgUrl());
            try (DppProcess dpp = DppProcess.start(env, "up", "--replay", fixtures.toString(), "--speed", "max")) {
                dpp.awaitReady(port, Duration.ofSeconds(60));
                assertThat(dpp.stdoutText()).contains("store: QuestDB server");
                ReplayPlatformTest.awaitReplayDone(port, Duration.ofSeconds(120));
                HistoryCheck.verify(port, expected);
                dpp.sigterm();
                assertThat(dpp.awaitExit(Duration.ofSeconds(20))).as(dpp.exitReport()).isZero();
            }
            assertThat(tmp.resolve("data/questdb")).as("nothing embedded was opened").doesNotExist();
        }
    }
}
