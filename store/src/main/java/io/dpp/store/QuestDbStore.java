package io.dpp.store;

import io.dpp.runtime.module.ModuleContext;
import io.dpp.runtime.module.ModuleDescriptor;
import io.dpp.runtime.module.RuntimeModule;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store of history: QuestDB, embedded (the default: in the process, files under
 * {@code <data.dir>/questdb}) or a QuestDB server (ILP over HTTP for writes, PostgreSQL wire for
 * reads). Both run the same SQL on the same tables ({@link Schema}), created when missing.
 */
public final class QuestDbStore implements RuntimeModule {

    public static final String NAME = "store";

    private static final Logger LOG = LoggerFactory.getLogger(QuestDbStore.class);

    private StoreBackend backend;
    private volatile boolean ready;

    /** The registry entry: started on demand by the recorder, the history API and the backtester. */
    public static ModuleDescriptor descriptor() {
        return new ModuleDescriptor(NAME, ModuleDescriptor.ON_DEMAND, List.of(), QuestDbStore::new);
    }

    @Override
    public void start(ModuleContext context) throws Exception {
        StoreConfig config = context.config(StoreConfig.class);
        if (config.kind().equals("server")) {
            StoreConfig.Server s = config.server();
            connect(s.ilp(), s.pgUrl(), s.user(), s.password());
        } else {
            open(context.dataDir().resolve("questdb"));
        }
        LOG.info("store: {}", backend.describe());
        io.prometheus.metrics.core.metrics.GaugeWithCallback.builder().name("dpp_store_wal_pending_transactions")
                .help("Transactions committed to a table's write-ahead log and not yet applied (visible to queries only once applied)")
                .labelNames("table")
                .callback(cb -> walTables((table, pending, suspended) -> cb.call(pending, table)))
                .register(context.metrics());
        io.prometheus.metrics.core.metrics.GaugeWithCallback.builder().name("dpp_store_wal_suspended")
                .help("1 when QuestDB suspended a table's write-ahead log (nothing more is applied until it is resumed; see its log)")
                .labelNames("table")
                .callback(cb -> walTables((table, pending, suspended) -> cb.call(suspended ? 1 : 0, table)))
                .register(context.metrics());
    }

    /** One table's write-ahead log: transactions not yet applied, and whether it is suspended. */
    @FunctionalInterface
    interface WalState {
        void table(String table, long pending, boolean suspended);
    }

    /** Reads the state of every table's write-ahead log; nothing when the store cannot answer. */
    void walTables(WalState out) {
        if (!ready) {
            return;
        }
        try {
            query("SELECT name, writerTxn, sequencerTxn, suspended FROM wal_tables()", List.of(), r -> {
                out.table(r.text(0).toString(), Math.max(0, r.longValue(2) - r.longValue(1)), r.bool(3));
                return true;
            });
        } catch (RuntimeException e) {
            LOG.debug("store: the write-ahead log state could not be read: {}", e.toString());
        }
    }

    /** Opens (creating when new) an embedded database at {@code dir}, with every table. */
    public void open(Path dir) throws IOException {
        backend = new EmbeddedBackend(dir);
        createSchema();
    }

    /**
     * Uses a QuestDB server, creating missing tables.
     *
     * @param ilp    the QuestDB client configuration for writes, e.g. {@code http::addr=host:9000;}
     * @param pgUrl  JDBC URL of its PostgreSQL wire endpoint, e.g. {@code jdbc:postgresql://host:8812/qdb}
     */
    public void connect(String ilp, String pgUrl, String user, String password) {
        backend = new ServerBackend(ilp, pgUrl, user, password);
        createSchema();
    }

    private void createSchema() {
        // Several processes may start on one QuestDB server at once (a recorder and history replicas):
        // a change another one made between the check and the statement is taken as done.
        String create = "CREATE TABLE IF NOT EXISTS ";
        for (String ddl : Schema.ddl()) {
            if (ddl.startsWith(create)) {
                String table = ddl.substring(create.length(), ddl.indexOf(' ', create.length()));
                alter(ddl, () -> hasColumn(table, "ts"));
            } else {
                execute(ddl);
            }
        }
        for (Schema.AddedColumn c : Schema.addedColumns()) {
            if (!hasColumn(c.table(), c.column())) {
                alter(c.ddl(), () -> hasColumn(c.table(), c.column()));
                LOG.info("store: added column {}.{} ({})", c.table(), c.column(), c.type());
            }
        }
        for (Schema.WidenedKey k : Schema.widenedKeys()) {
            if (!column(k.table(), k.column(), true)) {
                alter(k.ddl(), () -> column(k.table(), k.column(), true));
                LOG.info("store: {} deduplicates on ({}) from now on", k.table(), String.join(", ", k.keys()));
            }
        }
        ready = true;
    }

    /**
     * Runs a schema change; when it fails because another process made it meanwhile, goes on. On a
     * WAL table QuestDB applies a change asynchronously: an ALTER checks against the table's newest
     * metadata, so it says "already exists" for a column another connection just added, while the
     * table's column listing may show it only once the change is applied (seen under load in
     * RollingUpgradeTest).
     * That answer settles it; otherwise {@code done} is looked at again for a few seconds.
     */
    private void alter(String ddl, java.util.function.BooleanSupplier done) {
        try {
            execute(ddl);
        } catch (StoreException e) {
            boolean exists = e.getMessage() != null && e.getMessage().contains("already exists");
            for (int look = 0; !exists && !done.getAsBoolean(); look++) {
                if (look == ALTER_LOOKS) {
                    throw e;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(250));
            }
            LOG.info("store: another process made the change first ({})", ddl);
        }
    }

    /** How many times, a quarter second apart, a failed schema change looks whether another process made it. */
    private static final int ALTER_LOOKS = 20;

    /**
     * True when {@code table} has {@code column}. Both are the schema's own constants, never user
     * input. Right after a crash QuestDB may still be repairing a table's files as the store starts,
     * and answers "could not consistently read" until it is done: that read is tried again, for a
     * few seconds at most (seen once in CI after kill -9 mid-ingest, SplitModeTest).
     */
    private boolean hasColumn(String table, String column) {
        return column(table, column, false);
    }

    /** True when {@code table} has {@code column} (and, with {@code inKey}, when it is part of its deduplication key). */
    private boolean column(String table, String column, boolean inKey) {
        for (int attempt = 1; ; attempt++) {
            try {
                return readColumn(table, column, inKey);
            } catch (StoreException e) {
                if (attempt >= 10 || e.getMessage() == null || !e.getMessage().contains("could not consistently read")) {
                    throw e;
                }
                LOG.info("store: {} is not consistently readable yet ({}); trying again", table, e.getMessage());
                java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(100L * attempt));
            }
        }
    }

    private boolean readColumn(String table, String column, boolean inKey) {
        boolean[] found = {false};
        query("SELECT \"column\", upsertKey FROM table_columns('" + table + "')", List.of(), r -> {
            if (column.contentEquals(r.text(0))) {
                found[0] = !inKey || r.bool(1);
                return false;
            }
            return true;
        });
        return found[0];
    }

    @Override
    public boolean isReady() {
        return ready;
    }

    @Override
    public void stop(Duration budget) {
        ready = false;
        if (backend != null) {
            backend.close();
        }
    }

    /** Where the data lives. */
    public String describe() {
        return backend.describe();
    }

    /** A sink of rows into {@code table}; the caller uses it from one thread and closes it. */
    public TableSink sink(String table) {
        return backend.sink(table);
    }

    /** Runs a DDL or other statement without results. */
    public void execute(String sql) {
        backend.execute(sql);
    }

    /**
     * Runs a query ({@code $1}, {@code $2}, ... bind {@code args}), handing each row to
     * {@code handler} until it returns false.
     *
     * @return rows handed over
     */
    public long query(String sql, List<QueryArg> args, RowHandler handler) {
        return backend.query(sql, args, handler);
    }

    /**
     * As {@link #query}, keeping the statement compiled for the next call (the embedded store
     * compiles each query anew otherwise, a millisecond or more, most of a small query's time). Only
     * for SQL text that is a constant of the code, never built from what a user sends: the cache
     * holds a bounded number of statements and compiles anew beyond it.
     */
    public long queryPrepared(String sql, List<QueryArg> args, RowHandler handler) {
        return backend.queryPrepared(sql, args, handler);
    }

    /** Waits until every committed transaction of {@code table} is applied and visible to queries. */
    public boolean awaitApplied(String table, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            long[] txn = new long[] {-1, -2};
            query("SELECT writerTxn, sequencerTxn, suspended FROM wal_tables() WHERE name = $1",
                    List.of(QueryArg.text(table)), r -> {
                        if (r.bool(2)) {
                            throw new StoreException("table " + table + " is suspended: see the log of the " + describe());
                        }
                        txn[0] = r.longValue(0);
                        txn[1] = r.longValue(1);
                        return false;
                    });
            if (txn[0] == txn[1]) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }
}
