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
     * Processes starting at once on a fresh server (a recorder and API replicas in a rolling
     * deployment) all create and migrate the schema: each must start, whichever of them made a
     * change first. QuestDB may report a column another connection just added as existing to an
     * ALTER while its table listing does not show it yet (seen in RollingUpgradeTest: "column
     * 'demo' already exists" with no demo column listed), so a store looks again before giving up.
     */
    @Test
    void storesStartingAtOnceOnAFreshServerAllStart(@TempDir Path own) throws Exception {
        try (QuestDbServer fresh = QuestDbServer.start(own.resolve("server"))) {
            int n = 6;
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            java.util.List<java.util.concurrent.CompletableFuture<io.dpp.store.QuestDbStore>> starts = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                starts.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    io.dpp.store.QuestDbStore store = new io.dpp.store.QuestDbStore();
                    store.connect(fresh.ilp(), fresh.pgUrl(), "admin", "quest");
                    return store;
                }, java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()));
            }
            go.countDown();
            for (var start : starts) {
                io.dpp.store.QuestDbStore store = start.get(120, java.util.concurrent.TimeUnit.SECONDS);
                org.assertj.core.api.Assertions.assertThat(store.isReady()).isTrue();
                store.stop(java.time.Duration.ofSeconds(5));
            }
        }
    }

    /**
     * The race of the test above, made certain: a column another process added is in the table's
     * write-ahead log but not yet applied (the WAL suspended here; a loaded server's apply job late). The table's listing lacks it, and adding it again is refused as existing; a store
     * starting then must take the change as made and start.
     */
    @Test
    void aStoreStartsWhileAnotherProcesssColumnIsNotYetApplied(@TempDir Path own) throws Exception {
        try (QuestDbServer fresh = QuestDbServer.start(own.resolve("server"), java.util.Map.of("QDB_DEV_MODE_ENABLED", "true"))) {
            io.dpp.store.QuestDbStore first = new io.dpp.store.QuestDbStore();
            first.connect(fresh.ilp(), fresh.pgUrl(), "admin", "quest");
            first.execute("ALTER TABLE book_changes DROP COLUMN demo");
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (listed(first, "book_changes", "demo")) { // the drop is applied by the WAL job
                org.assertj.core.api.Assertions.assertThat(System.nanoTime()).as("the drop applied").isLessThan(deadline);
                java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
            }
            first.execute("ALTER TABLE book_changes SUSPEND WAL");
            first.execute("ALTER TABLE book_changes ADD COLUMN demo BOOLEAN");
            org.assertj.core.api.Assertions.assertThat(listed(first, "book_changes", "demo")).as("not applied yet").isFalse();
            io.dpp.store.QuestDbStore second = new io.dpp.store.QuestDbStore();
            second.connect(fresh.ilp(), fresh.pgUrl(), "admin", "quest");
            org.assertj.core.api.Assertions.assertThat(second.isReady()).isTrue();
            first.execute("ALTER TABLE book_changes RESUME WAL");
            second.stop(java.time.Duration.ofSeconds(5));
            first.stop(java.time.Duration.ofSeconds(5));
        }
    }

    private static boolean listed(io.dpp.store.QuestDbStore store, String table, String column) {
        boolean[] found = {false};
        store.query("SELECT \"column\" FROM table_columns('" + table + "')", java.util.List.of(), r -> {
            found[0] |= column.contentEquals(r.text(0));
            return true;
        });
        return found[0];
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
