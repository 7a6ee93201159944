package io.dpp.ems;

import com.zaxxer.hikari.HikariDataSource;
import io.dpp.runtime.db.Database;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The EMS's tables in the relational database the accounts service uses ({@code db/ems}
 * migrations): writes a {@link Journal} batch in one transaction, loads the state the engine starts
 * from, and answers the queries of the APIs (orders, fills, balances, positions) from what is
 * durable.
 */
final class EmsDb implements AutoCloseable {

    /** Everything the engine starts from. */
    record State(List<Journal.AccountRow> accounts, List<Journal.BalanceRow> balances, List<Journal.PositionRow> positions,
                 List<Journal.LimitsRow> limits, List<Journal.OrderRow> openOrders, List<Journal.OrderRow> clientIds,
                 java.util.Map<String, String> settings, long lastOrderId, long lastFillId, long lastAccountId,
                 List<String[]> venueTrades) {
    }

    private final HikariDataSource data;
    private final String description;

    private EmsDb(HikariDataSource data, String description) {
        this.data = data;
        this.description = description;
    }

    /** Opens the database and applies the EMS's migrations. */
    static EmsDb open(Database.Settings settings, Path dataDir) {
        return new EmsDb(Database.open(settings, dataDir, "ems", "accounts.db.url"), Database.description(settings, dataDir));
    }

    String description() {
        return description;
    }

    /** The pool, for the vault's table beside the journal's. */
    HikariDataSource dataSource() {
        return data;
    }

    @Override
    public void close() {
        data.close();
    }

    // ---- the journal -------------------------------------------------------------------------

    /** Writes {@code j} in one transaction; nothing of it is written when this throws. */
    void write(Journal j) throws SQLException {
        try (Connection c = data.getConnection()) {
            c.setAutoCommit(false);
            try {
                writeIn(c, j);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private static void writeIn(Connection c, Journal j) throws SQLException {
        if (!j.accounts.isEmpty()) {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM trading_accounts WHERE id = ?");
                 PreparedStatement ins = c.prepareStatement("INSERT INTO trading_accounts (id, owner, name, kind, created_at, killed,"
                         + " kill_reason, venue, credential, live) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Journal.AccountRow a : j.accounts.values()) {
                    del.setLong(1, a.id());
                    del.addBatch();
                    ins.setLong(1, a.id());
                    ins.setString(2, a.owner());
                    ins.setString(3, a.name());
                    ins.setString(4, a.kind());
                    ins.setTimestamp(5, Timestamp.from(Instant.ofEpochSecond(0, a.created() * 1000)));
                    ins.setBoolean(6, a.killed());
                    ins.setString(7, a.reason());
                    ins.setString(8, a.venue());
                    ins.setString(9, a.credential());
                    ins.setBoolean(10, a.live());
                    ins.addBatch();
                }
                del.executeBatch();
                ins.executeBatch();
            }
        }
        if (!j.orders.isEmpty()) {
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO orders (id, account_id, client_order_id, request_digest, venue,"
                    + " symbol, side, order_type, time_in_force, post_only, reduce_only, quantity, limit_price, stop_price, status,"
                    + " filled, avg_price, fees, reason, tag, created_at, updated_at, transitions)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement upd = c.prepareStatement("UPDATE orders SET quantity = ?, limit_price = ?, status = ?, filled = ?,"
                         + " avg_price = ?, fees = ?, reason = ?, updated_at = ?, transitions = ? WHERE id = ?")) {
                boolean inserts = false;
                boolean updates = false;
                for (Journal.OrderRow o : j.orders.values()) {
                    if (j.inserted.contains(o.id())) {
                        int i = 1;
                        ins.setLong(i++, o.id());
                        ins.setLong(i++, o.accountId());
                        ins.setString(i++, o.clientOrderId());
                        ins.setString(i++, o.digest());
                        ins.setString(i++, o.venue());
                        ins.setString(i++, o.symbol());
                        ins.setString(i++, o.side());
                        ins.setString(i++, o.type());
                        ins.setString(i++, o.timeInForce());
                        ins.setBoolean(i++, o.postOnly());
                        ins.setBoolean(i++, o.reduceOnly());
                        ins.setBigDecimal(i++, o.quantity());
                        decimal(ins, i++, o.limit());
                        decimal(ins, i++, o.stop());
                        ins.setString(i++, o.state());
                        ins.setBigDecimal(i++, o.filled());
                        decimal(ins, i++, o.averagePrice());
                        ins.setBigDecimal(i++, o.fees());
                        ins.setString(i++, o.reason());
                        ins.setString(i++, o.tag());
                        ins.setLong(i++, o.created());
                        ins.setLong(i++, o.updated());
                        ins.setString(i, o.transitions());
                        ins.addBatch();
                        inserts = true;
                    } else {
                        upd.setBigDecimal(1, o.quantity());
                        decimal(upd, 2, o.limit());
                        upd.setString(3, o.state());
                        upd.setBigDecimal(4, o.filled());
                        decimal(upd, 5, o.averagePrice());
                        upd.setBigDecimal(6, o.fees());
                        upd.setString(7, o.reason());
                        upd.setLong(8, o.updated());
                        upd.setString(9, o.transitions());
                        upd.setLong(10, o.id());
                        upd.addBatch();
                        updates = true;
                    }
                }
                if (inserts) {
                    ins.executeBatch();
                }
                if (updates) {
                    upd.executeBatch();
                }
            }
        }
        if (!j.events.isEmpty()) {
            try (PreparedStatement ins = c.prepareStatement(
                    "INSERT INTO order_events (order_id, seq, status, filled, reason, at) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (Journal.EventRow e : j.events) {
                    ins.setLong(1, e.orderId());
                    ins.setInt(2, e.seq());
                    ins.setString(3, e.state());
                    ins.setBigDecimal(4, e.filled());
                    ins.setString(5, e.reason());
                    ins.setLong(6, e.at());
                    ins.addBatch();
                }
                ins.executeBatch();
            }
        }
        if (!j.fills.isEmpty()) {
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO fills (id, order_id, account_id, venue, symbol, side, price,"
                    + " quantity, fee, fee_asset, liquidity, at, venue_trade_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Journal.FillRow f : j.fills) {
                    ins.setLong(1, f.id());
                    ins.setLong(2, f.orderId());
                    ins.setLong(3, f.accountId());
                    ins.setString(4, f.venue());
                    ins.setString(5, f.symbol());
                    ins.setString(6, f.side());
                    ins.setBigDecimal(7, f.price());
                    ins.setBigDecimal(8, f.quantity());
                    ins.setBigDecimal(9, f.fee());
                    ins.setString(10, f.feeAsset());
                    ins.setString(11, f.liquidity());
                    ins.setLong(12, f.at());
                    ins.setString(13, f.venueTradeId());
                    ins.addBatch();
                }
                ins.executeBatch();
            }
        }
        if (!j.balances.isEmpty()) {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM balances WHERE account_id = ? AND asset = ?");
                 PreparedStatement ins = c.prepareStatement("INSERT INTO balances (account_id, asset, amount) VALUES (?, ?, ?)")) {
                for (Journal.BalanceRow b : j.balances.values()) {
                    del.setLong(1, b.accountId());
                    del.setString(2, b.asset());
                    del.addBatch();
                    ins.setLong(1, b.accountId());
                    ins.setString(2, b.asset());
                    ins.setBigDecimal(3, b.amount());
                    ins.addBatch();
                }
                del.executeBatch();
                ins.executeBatch();
            }
        }
        if (!j.positions.isEmpty()) {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM positions WHERE account_id = ? AND venue = ? AND symbol = ?");
                 PreparedStatement ins = c.prepareStatement("INSERT INTO positions (account_id, venue, symbol, quantity, avg_price,"
                         + " realized, fees, funding) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Journal.PositionRow p : j.positions.values()) {
                    del.setLong(1, p.accountId());
                    del.setString(2, p.venue());
                    del.setString(3, p.symbol());
                    del.addBatch();
                    ins.setLong(1, p.accountId());
                    ins.setString(2, p.venue());
                    ins.setString(3, p.symbol());
                    ins.setBigDecimal(4, p.quantity());
                    ins.setBigDecimal(5, p.averagePrice());
                    ins.setBigDecimal(6, p.realized());
                    ins.setBigDecimal(7, p.fees());
                    ins.setBigDecimal(8, p.funding());
                    ins.addBatch();
                }
                del.executeBatch();
                ins.executeBatch();
            }
        }
        if (!j.limits.isEmpty()) {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM risk_limits WHERE account_id = ?");
                 PreparedStatement ins = c.prepareStatement("INSERT INTO risk_limits (account_id, max_order_quantity,"
                         + " max_order_notional, max_position, max_open_orders, orders_per_second, price_band) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (Journal.LimitsRow l : j.limits.values()) {
                    del.setLong(1, l.accountId());
                    del.addBatch();
                    Limits v = l.limits();
                    ins.setLong(1, l.accountId());
                    decimal(ins, 2, v.maxOrderQuantity());
                    decimal(ins, 3, v.maxOrderNotional());
                    decimal(ins, 4, v.maxPosition());
                    integer(ins, 5, v.maxOpenOrders());
                    integer(ins, 6, v.ordersPerSecond());
                    decimal(ins, 7, v.priceBand());
                    ins.addBatch();
                }
                del.executeBatch();
                ins.executeBatch();
            }
        }
        if (!j.settings.isEmpty()) {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM ems_settings WHERE name = ?");
                 PreparedStatement ins = c.prepareStatement("INSERT INTO ems_settings (name, setting_value) VALUES (?, ?)")) {
                boolean inserts = false;
                for (var e : j.settings.entrySet()) {
                    del.setString(1, e.getKey());
                    del.addBatch();
                    if (e.getValue() != null) { // null: the setting is cleared
                        ins.setString(1, e.getKey());
                        ins.setString(2, e.getValue());
                        ins.addBatch();
                        inserts = true;
                    }
                }
                del.executeBatch();
                if (inserts) {
                    ins.executeBatch();
                }
            }
        }
    }

    // ---- what the engine starts from ---------------------------------------------------------

    State load() {
        try (Connection c = data.getConnection()) {
            List<Journal.AccountRow> accounts = list(c, "SELECT id, owner, name, kind, created_at, killed, kill_reason, venue, credential,"
                    + " live FROM trading_accounts ORDER BY id", rs -> new Journal.AccountRow(rs.getLong(1), rs.getString(2), rs.getString(3),
                    rs.getString(4), micros(rs.getTimestamp(5)), rs.getBoolean(6), rs.getString(7), rs.getString(8), rs.getString(9),
                    rs.getBoolean(10)));
            List<Journal.BalanceRow> balances = list(c, "SELECT account_id, asset, amount FROM balances ORDER BY account_id, asset",
                    rs -> new Journal.BalanceRow(rs.getLong(1), rs.getString(2), rs.getBigDecimal(3)));
            List<Journal.PositionRow> positions = list(c, "SELECT account_id, venue, symbol, quantity, avg_price, realized, fees, funding"
                    + " FROM positions ORDER BY account_id, venue, symbol", EmsDb::position);
            List<Journal.LimitsRow> limits = list(c, "SELECT account_id, max_order_quantity, max_order_notional, max_position,"
                    + " max_open_orders, orders_per_second, price_band FROM risk_limits", rs -> new Journal.LimitsRow(rs.getLong(1),
                    new Limits(rs.getBigDecimal(2), rs.getBigDecimal(3), rs.getBigDecimal(4), (Integer) rs.getObject(5, Integer.class),
                            (Integer) rs.getObject(6, Integer.class), rs.getBigDecimal(7))));
            List<Journal.OrderRow> open = list(c, ORDER_COLUMNS + " WHERE status NOT IN ('filled', 'canceled', 'rejected', 'expired')"
                    + " ORDER BY id", EmsDb::order);
            List<Journal.OrderRow> ids = list(c, "SELECT id, account_id, client_order_id FROM orders", rs -> new Journal.OrderRow(
                    rs.getLong(1), rs.getLong(2), rs.getString(3), null, null, null, null, null, null, false, false, null, null, null,
                    null, null, null, null, null, null, 0, 0, null));
            java.util.Map<String, String> settings = new java.util.HashMap<>();
            for (String[] kv : list(c, "SELECT name, setting_value FROM ems_settings", rs -> new String[] {rs.getString(1), rs.getString(2)})) {
                settings.put(kv[0], kv[1]);
            }
            long lastOrder = single(c, "SELECT COALESCE(MAX(id), 0) FROM orders");
            long lastFill = single(c, "SELECT COALESCE(MAX(id), 0) FROM fills");
            long lastAccount = single(c, "SELECT COALESCE(MAX(id), 0) FROM trading_accounts");
            // Live fills' venue trade ids (account, symbol, id): a fill the venue reports again after a restart is not booked twice.
            List<String[]> venueTrades = list(c, "SELECT account_id, symbol, venue_trade_id FROM fills WHERE venue_trade_id IS NOT NULL",
                    rs -> new String[] {Long.toString(rs.getLong(1)), rs.getString(2), rs.getString(3)});
            return new State(accounts, balances, positions, limits, open, ids, settings, lastOrder, lastFill, lastAccount, venueTrades);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the EMS's state from " + description + ": " + e.getMessage(), e);
        }
    }

    // ---- what the APIs read ------------------------------------------------------------------

    static final String ORDER_COLUMNS = "SELECT id, account_id, client_order_id, request_digest, venue, symbol, side, order_type,"
            + " time_in_force, post_only, reduce_only, quantity, limit_price, stop_price, status, filled, avg_price, fees, reason, tag,"
            + " created_at, updated_at, transitions FROM orders";

    /** Orders of {@code accounts} (ids), newest first, only working ones when {@code open}, at most {@code limit}. */
    List<Journal.OrderRow> orders(List<Long> accounts, boolean open, int limit) throws SQLException {
        if (accounts.isEmpty()) {
            return List.of();
        }
        String sql = ORDER_COLUMNS + " WHERE account_id IN (" + "?,".repeat(accounts.size() - 1) + "?)"
                + (open ? " AND status NOT IN ('filled', 'canceled', 'rejected', 'expired')" : "") + " ORDER BY id DESC LIMIT " + limit;
        try (Connection c = data.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < accounts.size(); i++) {
                ps.setLong(i + 1, accounts.get(i));
            }
            return rows(ps, EmsDb::order);
        }
    }

    /** The order of that id, or null. */
    Journal.OrderRow order(long id) throws SQLException {
        try (Connection c = data.getConnection(); PreparedStatement ps = c.prepareStatement(ORDER_COLUMNS + " WHERE id = ?")) {
            ps.setLong(1, id);
            List<Journal.OrderRow> rows = rows(ps, EmsDb::order);
            return rows.isEmpty() ? null : rows.get(0);
        }
    }

    /** The transitions of a stored order, in order: from its row, or from order_events for an order of before version 2. */
    List<Journal.EventRow> transitions(Journal.OrderRow r) throws SQLException {
        return r.transitions() != null ? Transitions.parse(r.id(), r.transitions()) : events(r.id());
    }

    /** The transitions of an order journaled before version 2 of the schema, in order. */
    List<Journal.EventRow> events(long orderId) throws SQLException {
        try (Connection c = data.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT order_id, seq, status, filled, reason, at FROM order_events WHERE order_id = ? ORDER BY seq")) {
            ps.setLong(1, orderId);
            return rows(ps, rs -> new Journal.EventRow(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getBigDecimal(4),
                    rs.getString(5), rs.getLong(6)));
        }
    }

    /** Fills of {@code accounts} at or after {@code since} (epoch micros), oldest first, at most {@code limit}. */
    List<Journal.FillRow> fills(List<Long> accounts, long since, Long orderId, int limit) throws SQLException {
        if (accounts.isEmpty()) {
            return List.of();
        }
        String sql = "SELECT id, order_id, account_id, venue, symbol, side, price, quantity, fee, fee_asset, liquidity, at, venue_trade_id"
                + " FROM fills"
                + " WHERE account_id IN (" + "?,".repeat(accounts.size() - 1) + "?) AND at >= ?" + (orderId == null ? "" : " AND order_id = ?")
                + " ORDER BY at, id LIMIT " + limit;
        try (Connection c = data.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (Long a : accounts) {
                ps.setLong(i++, a);
            }
            ps.setLong(i++, since);
            if (orderId != null) {
                ps.setLong(i, orderId);
            }
            return rows(ps, rs -> new Journal.FillRow(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                    rs.getString(6), rs.getBigDecimal(7), rs.getBigDecimal(8), rs.getBigDecimal(9), rs.getString(10), rs.getString(11),
                    rs.getLong(12), rs.getString(13)));
        }
    }

    List<Journal.BalanceRow> balances(long account) throws SQLException {
        try (Connection c = data.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT account_id, asset, amount FROM balances WHERE account_id = ? ORDER BY asset")) {
            ps.setLong(1, account);
            return rows(ps, rs -> new Journal.BalanceRow(rs.getLong(1), rs.getString(2), rs.getBigDecimal(3)));
        }
    }

    List<Journal.PositionRow> positions(long account) throws SQLException {
        try (Connection c = data.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT account_id, venue, symbol, quantity,"
                + " avg_price, realized, fees, funding FROM positions WHERE account_id = ? ORDER BY venue, symbol")) {
            ps.setLong(1, account);
            return rows(ps, EmsDb::position);
        }
    }

    // ---- plumbing ----------------------------------------------------------------------------

    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private static Journal.PositionRow position(ResultSet rs) throws SQLException {
        return new Journal.PositionRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4), rs.getBigDecimal(5),
                rs.getBigDecimal(6), rs.getBigDecimal(7), rs.getBigDecimal(8));
    }

    private static Journal.OrderRow order(ResultSet rs) throws SQLException {
        return new Journal.OrderRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getString(8), rs.getString(9), rs.getBoolean(10), rs.getBoolean(11), rs.getBigDecimal(12),
                rs.getBigDecimal(13), rs.getBigDecimal(14), rs.getString(15), rs.getBigDecimal(16), rs.getBigDecimal(17),
                rs.getBigDecimal(18), rs.getString(19), rs.getString(20), rs.getLong(21), rs.getLong(22), rs.getString(23));
    }

    private static <T> List<T> list(Connection c, String sql, Row<T> row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            return rows(ps, row);
        }
    }

    private static <T> List<T> rows(PreparedStatement ps, Row<T> row) throws SQLException {
        List<T> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(row.read(rs));
            }
        }
        return out;
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void decimal(PreparedStatement ps, int i, BigDecimal v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.DECIMAL);
        } else {
            ps.setBigDecimal(i, v);
        }
    }

    private static void integer(PreparedStatement ps, int i, Integer v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setInt(i, v);
        }
    }

    private static long micros(Timestamp t) {
        Instant i = t.toInstant();
        return i.getEpochSecond() * 1_000_000 + i.getNano() / 1000;
    }
}
