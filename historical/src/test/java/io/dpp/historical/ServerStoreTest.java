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

    /**
     * The server goes away with rows pending and comes back on the same data and ports: the
     * recorder's commit is tried again until it is taken (not ready meanwhile), nothing is given up,
     * every row is stored once, and queries work again on fresh connections.
     */
    @Test
    void aCommitTheServerRefusesWhileRestartingIsTriedAgainAndLosesNothing(@TempDir Path own) throws Exception {
        int http;
        int pg;
        try (java.net.ServerSocket a = new java.net.ServerSocket(0); java.net.ServerSocket b = new java.net.ServerSocket(0)) {
            http = a.getLocalPort();
            pg = b.getLocalPort();
        }
        QuestDbServer restarting = QuestDbServer.start(own, http, pg);
        io.dpp.store.QuestDbStore store = new io.dpp.store.QuestDbStore();
        try {
            store.connect(restarting.ilp(), restarting.pgUrl(), "admin", "quest");
            io.dpp.historical.recorder.RecorderStats stats = new io.dpp.historical.recorder.RecorderStats();
            io.dpp.historical.recorder.Recorder recorder = new io.dpp.historical.recorder.Recorder(store, 1_000_000,
                    java.time.Duration.ofHours(1), stats).retryFor(java.time.Duration.ofSeconds(120));
            io.dpp.core.instrument.Instrument btc = io.dpp.core.instrument.Instrument.builder("kraken", "XBT/USD")
                    .assets("BTC", "USD").type(io.dpp.core.instrument.InstrumentType.SPOT).build();
            io.dpp.core.model.Trade t = new io.dpp.core.model.Trade();
            t.instrument(btc);
            for (int i = 0; i < 100; i++) {
                t.times(1_700_000_000_000_000L + i, 1_700_000_000_000_500L + i);
                t.id().set("t" + i);
                recorder.onEvent(t.set(io.dpp.core.decimal.Decimal64.parse("97000.1"), io.dpp.core.decimal.Decimal64.parse("0.5"),
                        io.dpp.core.model.Side.BUY));
            }
            restarting.close();
            java.util.concurrent.CompletableFuture<Void> commit = java.util.concurrent.CompletableFuture.runAsync(recorder::commit);
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            // The QuestDB client tries for 10 s by itself before the recorder sees the failure.
            while (!recorder.storeAway()) {
                org.assertj.core.api.Assertions.assertThat(System.nanoTime()).as("the recorder noticed the store away")
                        .isLessThan(deadline);
                org.assertj.core.api.Assertions.assertThat(commit).as("the commit waits for the store").isNotDone();
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
            }
            restarting = QuestDbServer.start(own, http, pg);
            commit.get(120, java.util.concurrent.TimeUnit.SECONDS);
            org.assertj.core.api.Assertions.assertThat(recorder.storeAway()).isFalse();
            org.assertj.core.api.Assertions.assertThat(stats.failures()).as("commits given up").isZero();
            org.assertj.core.api.Assertions.assertThat(stats.retries()).as("commits tried again").isPositive();
            org.assertj.core.api.Assertions.assertThat(stats.rows(io.dpp.store.Schema.TRADES)).isEqualTo(100);
            org.assertj.core.api.Assertions.assertThat(recorder.endOfBatch(true)).as("everything durable: acknowledged").isTrue();
            org.assertj.core.api.Assertions.assertThat(store.awaitApplied(io.dpp.store.Schema.TRADES, java.time.Duration.ofSeconds(30)))
                    .isTrue();
            long[] stored = new long[2];
            store.query("SELECT count(), count_distinct(id) FROM trades", java.util.List.of(), r -> {
                stored[0] = r.longValue(0);
                stored[1] = r.longValue(1);
                return false;
            });
            org.assertj.core.api.Assertions.assertThat(stored).as("every row once, read on a fresh connection").containsExactly(100, 100);
        } finally {
            store.stop(java.time.Duration.ofSeconds(5));
            restarting.close();
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
