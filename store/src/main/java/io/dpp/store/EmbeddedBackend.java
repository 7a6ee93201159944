package io.dpp.store;

import io.questdb.ServerMain;
import io.questdb.cairo.CairoEngine;
import io.questdb.cairo.ColumnType;
import io.questdb.cairo.TableToken;
import io.questdb.cairo.TableWriter;
import io.questdb.cairo.security.AllowAllSecurityContext;
import io.questdb.cairo.sql.BindVariableService;
import io.questdb.cairo.sql.Record;
import io.questdb.cairo.sql.RecordCursor;
import io.questdb.cairo.sql.RecordCursorFactory;
import io.questdb.cairo.sql.TableReferenceOutOfDateException;
import io.questdb.cairo.sql.RecordMetadata;
import io.questdb.cairo.wal.WalWriter;
import io.questdb.griffin.SqlException;
import io.questdb.griffin.SqlExecutionContextImpl;
import io.questdb.griffin.engine.functions.bind.BindVariableServiceImpl;
import io.questdb.log.LogFactory;
import io.questdb.std.Decimal128;
import io.questdb.std.Decimal256;
import io.questdb.std.Decimals;
import io.questdb.std.str.Utf8StringSink;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * QuestDB embedded in the process, its files under a directory. It runs QuestDB's own server core
 * (worker pools that apply WAL transactions, refresh materialized views and purge old files) with
 * every network endpoint switched off: rows go in through {@link WalWriter}s and queries run on
 * the engine directly. QuestDB logs to {@code <dir>/log/} (errors only), not to the process output.
 */
final class EmbeddedBackend implements StoreBackend {

    private static final String LOG_CONF = """
            # Written by DPP: QuestDB's own log goes to files under log/, errors only.
            writers=file
            w.file.class=io.questdb.log.LogRollingFileWriter
            w.file.location=%s/questdb.log.${date:yyyyMMdd}
            w.file.level=ERROR,CRITICAL,ADVISORY
            w.file.rollEvery=day
            w.file.lifeDuration=14d
            """;

    private final Path root;
    private ServerMain server;
    private CairoEngine engine;
    private final PreparedCache prepared = new PreparedCache();

    EmbeddedBackend(Path dir) throws IOException {
        root = dir.toAbsolutePath().normalize();
        Files.createDirectories(root.resolve("conf"));
        Path logDir = Files.createDirectories(root.resolve("log"));
        Path logConf = root.resolve("conf/dpp-log.conf");
        Files.writeString(logConf, LOG_CONF.formatted(logDir), StandardCharsets.UTF_8);
        // QuestDB's logger reads its configuration from the file named by the "out" system property
        // when set; without it, it logs to the process output.
        System.setProperty(LogFactory.CONFIG_SYSTEM_PROPERTY, logConf.toString());
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "QDB_HTTP_ENABLED", "false",
                "QDB_HTTP_MIN_ENABLED", "false",
                "QDB_PG_ENABLED", "false",
                "QDB_LINE_TCP_ENABLED", "false",
                "QDB_LINE_UDP_ENABLED", "false",
                "QDB_TELEMETRY_ENABLED", "false",
                "QDB_METRICS_ENABLED", "false"));
        // QuestDB's write-side workers spin, yield and nap for thousands of idle rounds before they
        // sleep (1000/7000/10000 by default). A platform recording a steady trickle (100 rows/s)
        // wakes them every few milliseconds, so they never reached sleep: six threads took 55% of a
        // core of this 2-vCPU machine doing nothing. Idle after tens of rounds, the platform takes
        // 20%; a busy worker never idles, so ingest is unchanged (`dpp bench recorder`: 1.01-1.06M
        // rows/s before, 0.98-1.00M after, in one run). Decision 027 has the figures.
        for (String pool : List.of("SHARED_WORKER", "WAL_APPLY_WORKER", "MAT_VIEW_REFRESH_WORKER")) {
            env.put("QDB_" + pool + "_YIELD_THRESHOLD", "10");
            env.put("QDB_" + pool + "_NAP_THRESHOLD", "100");
            env.put("QDB_" + pool + "_SLEEP_THRESHOLD", "200");
        }
        try {
            QuietConsole.run(() -> {
                server = ServerMain.create(root.toString(), env);
                server.start();
            });
        } catch (RuntimeException e) {
            throw new StoreException("cannot open the embedded QuestDB at " + root + ": " + e.getMessage()
                    + " (is another DPP process using this data directory?)", e);
        }
        engine = server.getEngine();
    }

    @Override
    public String describe() {
        return "embedded QuestDB at " + root + " (its log: " + root.resolve("log") + ")";
    }

    @Override
    public void close() {
        prepared.close();
        if (server != null) {
            QuietConsole.run(server::close);
        }
    }

    @Override
    public TableSink sink(String table) {
        TableToken token = engine.getTableTokenIfExists(table);
        if (token == null) {
            throw new StoreException("table " + table + " does not exist");
        }
        return new WalSink(engine.getWalWriter(token));
    }

    @Override
    public void execute(String sql) {
        try {
            engine.execute(sql, context(null));
        } catch (SqlException e) {
            throw new StoreException("store statement failed: " + e.getMessage() + " in: " + sql, e);
        }
    }

    @Override
    public long query(String sql, List<QueryArg> args, RowHandler handler) {
        BindVariableService binds = new BindVariableServiceImpl(engine.getConfiguration());
        SqlExecutionContextImpl ctx = context(binds);
        try {
            bind(binds, args);
            try (RecordCursorFactory factory = engine.select(sql, ctx)) {
                return read(factory, ctx, handler);
            }
        } catch (StoreException e) {
            throw e;
        } catch (Exception e) {
            throw new StoreException("store query failed: " + e.getMessage() + " in: " + sql, e);
        }
    }

    @Override
    public long queryPrepared(String sql, List<QueryArg> args, RowHandler handler) {
        Prepared p = prepared.take(sql);
        boolean keep = false;
        try {
            if (p == null) {
                BindVariableService binds = new BindVariableServiceImpl(engine.getConfiguration());
                SqlExecutionContextImpl ctx = context(binds);
                bind(binds, args);
                p = new Prepared(engine.select(sql, ctx), binds, ctx);
            } else {
                // Set in place: the compiled statement holds the variables it was compiled with.
                bind(p.binds, args);
            }
            long n;
            try {
                n = read(p.factory, p.ctx, handler);
            } catch (TableReferenceOutOfDateException e) {
                // A table changed under the compiled statement (a column added): compile it anew.
                p.factory.close();
                p = new Prepared(engine.select(sql, p.ctx), p.binds, p.ctx);
                n = read(p.factory, p.ctx, handler);
            }
            keep = true;
            return n;
        } catch (StoreException e) {
            throw e;
        } catch (Exception e) {
            throw new StoreException("store query failed: " + e.getMessage() + " in: " + sql, e);
        } finally {
            if (p != null) {
                if (keep) {
                    prepared.give(sql, p);
                } else {
                    p.factory.close();
                }
            }
        }
    }

    private static void bind(BindVariableService binds, List<QueryArg> args) throws SqlException {
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case QueryArg.Text t -> binds.setStr(i, t.value());
                case QueryArg.Timestamp t -> binds.setTimestamp(i, t.micros());
                case QueryArg.Int64 l -> binds.setLong(i, l.value());
            }
        }
    }

    private static long read(RecordCursorFactory factory, SqlExecutionContextImpl ctx, RowHandler handler) throws Exception {
        try (RecordCursor cursor = factory.getCursor(ctx)) {
            QuestRow row = new QuestRow(factory.getMetadata(), cursor.getRecord());
            long n = 0;
            while (cursor.hasNext()) {
                n++;
                if (!handler.row(row)) {
                    break;
                }
            }
            return n;
        }
    }

    /** A compiled statement with the bind variables and context it was compiled with; one user at a time. */
    private record Prepared(RecordCursorFactory factory, BindVariableService binds, SqlExecutionContextImpl ctx) {
    }

    /**
     * Compiled statements not in use, a few per statement text, for a bounded number of texts. A
     * caller takes one (or compiles when none is free) and gives it back after reading; what does
     * not fit is closed.
     */
    private static final class PreparedCache {
        private static final int MAX_STATEMENTS = 64;
        private static final int PER_STATEMENT = 4;
        private final java.util.Map<String, java.util.ArrayDeque<Prepared>> free = new java.util.HashMap<>();
        private boolean closed;

        synchronized Prepared take(String sql) {
            java.util.ArrayDeque<Prepared> q = free.get(sql);
            return q == null ? null : q.poll();
        }

        void give(String sql, Prepared p) {
            synchronized (this) {
                java.util.ArrayDeque<Prepared> q = free.get(sql);
                if (q == null && free.size() < MAX_STATEMENTS && !closed) {
                    q = new java.util.ArrayDeque<>();
                    free.put(sql, q);
                }
                if (q != null && q.size() < PER_STATEMENT && !closed) {
                    q.add(p);
                    return;
                }
            }
            p.factory().close();
        }

        synchronized void close() {
            closed = true;
            free.values().forEach(q -> q.forEach(p -> p.factory().close()));
            free.clear();
        }
    }

    private SqlExecutionContextImpl context(BindVariableService binds) {
        SqlExecutionContextImpl ctx = new SqlExecutionContextImpl(engine, 1);
        ctx.with(AllowAllSecurityContext.INSTANCE, binds);
        return ctx;
    }

    /** Rows straight into a WAL writer. */
    private static final class WalSink implements TableSink {

        private final WalWriter writer;
        private final Utf8StringSink text = new Utf8StringSink();
        private TableWriter.Row row;

        WalSink(WalWriter writer) {
            this.writer = writer;
        }

        @Override
        public int column(String name) {
            int i = writer.getMetadata().getColumnIndexQuiet(name);
            if (i < 0) {
                throw new StoreException("table " + writer.getTableToken().getTableName() + " has no column " + name);
            }
            return i;
        }

        @Override
        public void newRow(long micros) {
            row = writer.newRow(micros);
        }

        @Override
        public void putSym(int column, CharSequence value) {
            row.putSym(column, value);
        }

        @Override
        public void putTimestamp(int column, long micros) {
            row.putTimestamp(column, micros);
        }

        @Override
        public void putVarchar(int column, CharSequence value) {
            text.clear();
            text.put(value);
            row.putVarchar(column, text);
        }

        @Override
        public void putInt(int column, int value) {
            row.putInt(column, value);
        }

        @Override
        public void putLong(int column, long value) {
            row.putLong(column, value);
        }

        @Override
        public void putBool(int column, boolean value) {
            row.putBool(column, value);
        }

        @Override
        public void putDecimal(int column, long decimal) {
            if (io.dpp.core.decimal.Decimal64.isNumber(decimal)) {
                row.putDecimal128(column, Wide.high(decimal), Wide.low(decimal));
            }
        }

        @Override
        public void append() {
            row.append();
        }

        @Override
        public void commit() {
            writer.commit();
        }

        @Override
        public void close() {
            writer.close();
        }
    }

    /** {@link StoreRow} over a QuestDB record. */
    private static final class QuestRow implements StoreRow {

        private final RecordMetadata metadata;
        private final Record record;
        private final Decimal128 d128 = new Decimal128();
        private final Decimal256 d256 = new Decimal256();

        QuestRow(RecordMetadata metadata, Record record) {
            this.metadata = metadata;
            this.record = record;
        }

        @Override
        public long timestamp(int column) {
            return record.getTimestamp(column);
        }

        @Override
        public long decimal(int column, int scale) {
            record.getDecimal128(column, d128);
            if (d128.isNull()) {
                return io.dpp.core.decimal.Decimal64.NULL;
            }
            return Wide.toDecimal64(d128.getHigh(), d128.getLow(), scale);
        }

        @Override
        public BigDecimal bigDecimal(int column) {
            int type = metadata.getColumnType(column);
            int scale = ColumnType.getDecimalScale(type);
            switch (ColumnType.tagOf(type)) {
                case ColumnType.DECIMAL8 -> {
                    byte v = record.getDecimal8(column);
                    return v == Decimals.DECIMAL8_NULL ? null : BigDecimal.valueOf(v, scale);
                }
                case ColumnType.DECIMAL16 -> {
                    short v = record.getDecimal16(column);
                    return v == Decimals.DECIMAL16_NULL ? null : BigDecimal.valueOf(v, scale);
                }
                case ColumnType.DECIMAL32 -> {
                    int v = record.getDecimal32(column);
                    return v == Decimals.DECIMAL32_NULL ? null : BigDecimal.valueOf(v, scale);
                }
                case ColumnType.DECIMAL64 -> {
                    long v = record.getDecimal64(column);
                    return v == Decimals.DECIMAL64_NULL ? null : BigDecimal.valueOf(v, scale);
                }
                case ColumnType.DECIMAL128 -> {
                    record.getDecimal128(column, d128);
                    return d128.isNull() ? null : Wide.toBigDecimal(d128.getHigh(), d128.getLow(), scale);
                }
                case ColumnType.DECIMAL256 -> {
                    record.getDecimal256(column, d256);
                    return d256.isNull() ? null
                            : Decimal256.toBigDecimal(d256.getHh(), d256.getHl(), d256.getLh(), d256.getLl(), scale);
                }
                default -> throw new StoreException("column " + metadata.getColumnName(column) + " is "
                        + ColumnType.nameOf(type) + ", not a decimal");
            }
        }

        @Override
        public CharSequence text(int column) {
            int type = metadata.getColumnType(column);
            return switch (ColumnType.tagOf(type)) {
                case ColumnType.SYMBOL -> record.getSymA(column);
                case ColumnType.VARCHAR -> {
                    var v = record.getVarcharA(column);
                    yield v == null ? null : v.toString();
                }
                default -> record.getStrA(column);
            };
        }

        @Override
        public long longValue(int column) {
            return record.getLong(column);
        }

        @Override
        public int intValue(int column) {
            return record.getInt(column);
        }

        @Override
        public boolean bool(int column) {
            return record.getBool(column);
        }
    }
}
