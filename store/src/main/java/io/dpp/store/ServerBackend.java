package io.dpp.store;

import io.dpp.core.decimal.Decimal64;
import io.questdb.client.Sender;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A QuestDB server: rows go in over ILP on HTTP (the QuestDB Java client; each HTTP request is one
 * transaction, and {@link TableSink#commit()} returns once the server has committed), queries and
 * statements over the PostgreSQL wire protocol (JDBC), with the same SQL as the embedded store.
 */
final class ServerBackend implements StoreBackend {

    private static final Pattern PARAM = Pattern.compile("\\$(\\d+)");
    private static final Calendar UTC = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
    private static final int POOL = 4;

    private final String ilp;
    private final String jdbcUrl;
    private final Properties credentials = new Properties();
    private final BlockingQueue<Connection> pool = new ArrayBlockingQueue<>(POOL);

    ServerBackend(String ilp, String jdbcUrl, String user, String password) {
        this.ilp = ilp;
        this.jdbcUrl = jdbcUrl;
        credentials.setProperty("user", user);
        credentials.setProperty("password", password);
        credentials.setProperty("sslmode", "disable");
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("SELECT 1");
        } catch (SQLException e) {
            throw new StoreException("cannot reach the QuestDB server at " + jdbcUrl
                    + " (store.server.pg-url, user, password): " + e.getMessage(), e);
        }
    }

    /**
     * The client configuration with the client's own flushing off, unless it says otherwise: a
     * sink's rows go to the server only at its commit, which the recorder acknowledges to the bus
     * after. With the client's default (a flush from inside a row's write once a second has
     * passed), a server away made the write of an event fail, the event counted as a consumer
     * error, and the recorder never reached its commit to wait and try again.
     */
    static String withoutAutoFlush(String ilp) {
        if (ilp.contains("auto_flush=")) {
            return ilp;
        }
        return ilp + (ilp.endsWith(";") ? "" : ";") + "auto_flush=off;";
    }

    @Override
    public String describe() {
        return "QuestDB server (writes: " + ilp.replaceAll("(password|token)=[^;]*", "$1=***") + ", reads: " + jdbcUrl + ")";
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, credentials);
    }

    private Connection borrow() throws SQLException {
        Connection c = pool.poll();
        if (c != null && !c.isClosed()) {
            return c;
        }
        return connect();
    }

    /**
     * Closes every pooled connection: one failed, so the server has probably restarted and the
     * others are as dead; the next statement connects afresh.
     */
    private void dropPool() {
        Connection c;
        while ((c = pool.poll()) != null) {
            release(c, true);
        }
    }

    private void release(Connection c, boolean broken) {
        try {
            if (broken || !pool.offer(c)) {
                c.close();
            }
        } catch (SQLException ignored) {
            // closing a broken connection
        }
    }

    @Override
    public void execute(String sql) {
        try {
            execute(sql, false);
        } catch (StoreException e) {
            if (!(e.getCause() instanceof SQLException)) {
                throw e;
            }
            // A pooled connection the server dropped (it restarted): once more on a fresh one.
            dropPool();
            execute(sql, true);
        }
    }

    private void execute(String sql, boolean fresh) {
        Connection c = null;
        boolean broken = false;
        try {
            c = fresh ? connect() : borrow();
            try (Statement s = c.createStatement()) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            broken = true;
            throw new StoreException("store statement failed: " + e.getMessage() + " in: " + sql, e);
        } finally {
            if (c != null) {
                release(c, broken);
            }
        }
    }

    @Override
    public long query(String sql, List<QueryArg> args, RowHandler handler) {
        long[] rows = new long[1];
        RowHandler counting = r -> {
            rows[0]++;
            return handler.row(r);
        };
        try {
            return query(sql, args, counting, false);
        } catch (StoreException e) {
            if (!(e.getCause() instanceof SQLException) || rows[0] > 0) {
                throw e;
            }
            // Nothing was handed on yet, and a pooled connection the server dropped (it restarted)
            // is the likely cause: once more on a fresh connection.
            dropPool();
            return query(sql, args, counting, true);
        }
    }

    private long query(String sql, List<QueryArg> args, RowHandler handler, boolean fresh) {
        // $n placeholders become JDBC's ?, each bound in order of appearance.
        Matcher m = PARAM.matcher(sql);
        List<QueryArg> bound = new ArrayList<>();
        StringBuilder jdbc = new StringBuilder();
        while (m.find()) {
            bound.add(args.get(Integer.parseInt(m.group(1)) - 1));
            m.appendReplacement(jdbc, "?");
        }
        m.appendTail(jdbc);
        Connection c = null;
        boolean broken = false;
        try {
            c = fresh ? connect() : borrow();
            try (PreparedStatement ps = c.prepareStatement(jdbc.toString())) {
                for (int i = 0; i < bound.size(); i++) {
                    switch (bound.get(i)) {
                        case QueryArg.Text t -> ps.setString(i + 1, t.value());
                        case QueryArg.Timestamp t -> ps.setTimestamp(i + 1, timestamp(t.micros()), UTC);
                        case QueryArg.Int64 l -> ps.setLong(i + 1, l.value());
                    }
                }
                ps.setFetchSize(10_000);
                try (ResultSet rs = ps.executeQuery()) {
                    JdbcRow row = new JdbcRow(rs);
                    long n = 0;
                    while (rs.next()) {
                        n++;
                        if (!handler.row(row)) {
                            break;
                        }
                    }
                    return n;
                }
            }
        } catch (StoreException e) {
            throw e;
        } catch (SQLException e) {
            broken = true;
            throw new StoreException("store query failed: " + e.getMessage() + " in: " + sql, e);
        } catch (Exception e) {
            throw new StoreException("store query failed: " + e.getMessage() + " in: " + sql, e);
        } finally {
            if (c != null) {
                release(c, broken);
            }
        }
    }

    @Override
    public TableSink sink(String table) {
        Set<String> columns = new HashSet<>();
        query("SELECT \"column\" FROM table_columns('" + table + "')", List.of(), r -> {
            columns.add(r.text(0).toString());
            return true;
        });
        if (columns.isEmpty()) {
            throw new StoreException("table " + table + " does not exist on the QuestDB server");
        }
        return new IlpSink(table, columns, Sender.fromConfig(withoutAutoFlush(ilp)));
    }

    @Override
    public void close() {
        Connection c;
        while ((c = pool.poll()) != null) {
            release(c, true);
        }
    }

    private static Timestamp timestamp(long micros) {
        Timestamp t = new Timestamp(Math.floorDiv(micros, 1_000L));
        t.setNanos((int) Math.floorMod(micros, 1_000_000L) * 1_000);
        return t;
    }

    /** Buffers one row's values and writes them in ILP order (symbols first) at append. */
    private static final class IlpSink implements TableSink {

        private static final byte SYM = 1;
        private static final byte TS = 2;
        private static final byte TEXT = 3;
        private static final byte LONG = 4;
        private static final byte BOOL = 5;
        private static final byte DEC = 6;

        private final String table;
        private final Set<String> known;
        private final Sender sender;
        private final List<String> names = new ArrayList<>();
        private byte[] kinds = new byte[16];
        private long[] longs = new long[16];
        private CharSequence[] texts = new CharSequence[16];
        private final io.questdb.client.std.Decimal64 decimal = new io.questdb.client.std.Decimal64();
        private long rowTime;

        IlpSink(String table, Set<String> known, Sender sender) {
            this.table = table;
            this.known = known;
            this.sender = sender;
        }

        @Override
        public int column(String name) {
            if (!known.contains(name)) {
                throw new StoreException("table " + table + " has no column " + name);
            }
            int i = names.indexOf(name);
            if (i >= 0) {
                return i;
            }
            names.add(name);
            if (names.size() > kinds.length) {
                kinds = java.util.Arrays.copyOf(kinds, names.size() * 2);
                longs = java.util.Arrays.copyOf(longs, names.size() * 2);
                texts = java.util.Arrays.copyOf(texts, names.size() * 2);
            }
            return names.size() - 1;
        }

        @Override
        public void newRow(long micros) {
            rowTime = micros;
            java.util.Arrays.fill(kinds, (byte) 0);
        }

        @Override
        public void putSym(int column, CharSequence value) {
            kinds[column] = SYM;
            texts[column] = value;
        }

        @Override
        public void putTimestamp(int column, long micros) {
            kinds[column] = TS;
            longs[column] = micros;
        }

        @Override
        public void putVarchar(int column, CharSequence value) {
            kinds[column] = TEXT;
            texts[column] = value;
        }

        @Override
        public void putInt(int column, int value) {
            putLong(column, value);
        }

        @Override
        public void putLong(int column, long value) {
            kinds[column] = LONG;
            longs[column] = value;
        }

        @Override
        public void putBool(int column, boolean value) {
            kinds[column] = BOOL;
            longs[column] = value ? 1 : 0;
        }

        @Override
        public void putDecimal(int column, long d) {
            if (Decimal64.isNumber(d)) {
                kinds[column] = DEC;
                longs[column] = d;
            }
        }

        @Override
        public void append() {
            sender.table(table);
            for (int i = 0; i < names.size(); i++) {
                if (kinds[i] == SYM) {
                    sender.symbol(names.get(i), texts[i]);
                }
            }
            for (int i = 0; i < names.size(); i++) {
                String n = names.get(i);
                switch (kinds[i]) {
                    case TS -> sender.timestampColumn(n, longs[i], ChronoUnit.MICROS);
                    case TEXT -> sender.stringColumn(n, texts[i]);
                    case LONG -> sender.longColumn(n, longs[i]);
                    case BOOL -> sender.boolColumn(n, longs[i] == 1);
                    case DEC -> {
                        decimal.of(Decimal64.mantissa(longs[i]), Decimal64.scale(longs[i]));
                        sender.decimalColumn(n, decimal);
                    }
                    default -> {
                        // not set in this row: null
                    }
                }
            }
            sender.at(rowTime, ChronoUnit.MICROS);
        }

        @Override
        public void commit() {
            sender.flush();
        }

        @Override
        public void close() {
            sender.close();
        }
    }

    /** {@link StoreRow} over a JDBC result; column indexes from 0 like the embedded store's. */
    private static final class JdbcRow implements StoreRow {

        private final ResultSet rs;

        JdbcRow(ResultSet rs) {
            this.rs = rs;
        }

        @Override
        public long timestamp(int column) {
            try {
                Timestamp t = rs.getTimestamp(column + 1, UTC);
                if (t == null) {
                    return Long.MIN_VALUE;
                }
                return Math.floorDiv(t.getTime(), 1_000L) * 1_000_000L + t.getNanos() / 1_000;
            } catch (SQLException e) {
                throw new StoreException("cannot read a timestamp: " + e.getMessage(), e);
            }
        }

        @Override
        public long decimal(int column, int scale) {
            BigDecimal v = bigDecimal(column);
            if (v == null) {
                return Decimal64.NULL;
            }
            try {
                return Decimal64.fromBigDecimal(v.setScale(scale));
            } catch (ArithmeticException | IllegalArgumentException e) {
                return Decimal64.INVALID;
            }
        }

        @Override
        public BigDecimal bigDecimal(int column) {
            try {
                return rs.getBigDecimal(column + 1);
            } catch (SQLException e) {
                throw new StoreException("cannot read a decimal: " + e.getMessage(), e);
            }
        }

        @Override
        public CharSequence text(int column) {
            try {
                return rs.getString(column + 1);
            } catch (SQLException e) {
                throw new StoreException("cannot read text: " + e.getMessage(), e);
            }
        }

        @Override
        public long longValue(int column) {
            try {
                long v = rs.getLong(column + 1);
                return rs.wasNull() ? Long.MIN_VALUE : v;
            } catch (SQLException e) {
                throw new StoreException("cannot read a long: " + e.getMessage(), e);
            }
        }

        @Override
        public int intValue(int column) {
            try {
                int v = rs.getInt(column + 1);
                return rs.wasNull() ? Integer.MIN_VALUE : v;
            } catch (SQLException e) {
                throw new StoreException("cannot read an int: " + e.getMessage(), e);
            }
        }

        @Override
        public boolean bool(int column) {
            try {
                return rs.getBoolean(column + 1);
            } catch (SQLException e) {
                throw new StoreException("cannot read a boolean: " + e.getMessage(), e);
            }
        }
    }
}
