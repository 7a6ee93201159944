package io.dpp.accounts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Plain JDBC with the accounts database's conventions: arguments bound by type ({@link Instant}
 * as a timestamp), rows read by a lambda, work in one transaction, and every failure an
 * {@link AccountsException} that names the database. Arguments are never null: a statement that
 * clears a column says {@code = NULL} in its text.
 */
final class Sql {

    /** Reads one row. */
    interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Work on one connection, in one transaction. */
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final DataSource data;
    private final String description;

    Sql(DataSource data, String description) {
        this.data = data;
        this.description = description;
    }

    /** Every row of {@code sql}. */
    <T> List<T> query(String sql, Row<T> row, Object... args) {
        try (Connection c = data.getConnection()) {
            return query(c, sql, row, args);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** The first row of {@code sql}, or null. */
    <T> T one(String sql, Row<T> row, Object... args) {
        List<T> rows = query(sql, row, args);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** Runs an update; the count of rows it changed. */
    int update(String sql, Object... args) {
        try (Connection c = data.getConnection()) {
            return update(c, sql, args);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** Runs {@code work} in one transaction, rolled back when it throws. */
    <T> T transaction(Work<T> work) {
        try (Connection c = data.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    static <T> List<T> query(Connection c, String sql, Row<T> row, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row.read(rs));
                }
            }
            return out;
        }
    }

    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    /** The time in a nullable timestamp column. */
    static Instant time(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            switch (a) {
                case String s -> ps.setString(i + 1, s);
                case Long l -> ps.setLong(i + 1, l);
                case Integer n -> ps.setInt(i + 1, n);
                case Boolean b -> ps.setBoolean(i + 1, b);
                case Instant t -> ps.setTimestamp(i + 1, Timestamp.from(t));
                case null -> throw new IllegalArgumentException("argument " + (i + 1) + " of " + ps + " is null");
                default -> throw new IllegalArgumentException("cannot bind a " + a.getClass().getName());
            }
        }
    }

    private AccountsException failed(SQLException e) {
        return new AccountsException(description + " failed: " + e.getMessage(), e);
    }
}
