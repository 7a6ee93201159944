package io.dpp.historical;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store on a real QuestDB server process: rows in over ILP/HTTP, queries over the PostgreSQL
 * wire, with the same results as the embedded store, redelivery included.
 */
class ServerStoreTest {

    @TempDir
    static Path dir;

    private static QuestDbServer server;

    @BeforeAll
    static void start() throws Exception {
        server = QuestDbServer.start(dir.resolve("server"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void rowsComeBackExactlyAndRedeliveryAddsNothing() throws Exception {
        RecorderStoreTest.roundTrip(() -> {
            io.dpp.store.QuestDbStore store = new io.dpp.store.QuestDbStore();
            store.connect(server.ilp(), server.pgUrl(), "admin", "quest");
            return store;
        });
    }
}
