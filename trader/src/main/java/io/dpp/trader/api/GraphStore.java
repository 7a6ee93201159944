package io.dpp.trader.api;

import com.zaxxer.hikari.HikariDataSource;
import io.dpp.runtime.db.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Saved graphs in Trader+'s part of the relational database ({@code db/trader}): a row per graph
 * (owner, name, latest version, whether that version compiles) and every version's JSON, the
 * oldest dropped beyond {@link #MAX_VERSIONS}. A graph is its owner's only; a deleted one is gone
 * for everyone. Each method is one transaction, committed before it returns.
 */
final class GraphStore implements AutoCloseable {

    /** Most graphs one owner keeps. */
    static final int MAX_GRAPHS = 200;
    /** Most versions kept of one graph. */
    static final int MAX_VERSIONS = 100;

    /** A graph's row. */
    record Saved(long id, String name, int version, boolean valid, long created, long updated) {
    }

    /** One version. */
    record Version(int version, String body, String sha256, long created) {
    }

    /** Why a write was refused: the caller's mistake (answered 4xx with {@link #status}). */
    static final class Refused extends RuntimeException {
        final int status;
        final String error;

        Refused(int status, String error, String message) {
            super(message, null, false, false);
            this.status = status;
            this.error = error;
        }
    }

    private final HikariDataSource data;

    private GraphStore(HikariDataSource data) {
        this.data = data;
    }

    static GraphStore open(Database.Settings settings, Path dataDir) {
        return new GraphStore(Database.open(settings, dataDir, "trader", "accounts.db.url"));
    }

    /** The owner's graphs, most recently changed first. */
    List<Saved> list(String owner) throws SQLException {
        try (Connection c = data.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT id, name, version, valid, created_at, updated_at FROM graphs"
                     + " WHERE owner = ? AND deleted_at IS NULL ORDER BY updated_at DESC, id DESC")) {
            s.setString(1, owner);
            List<Saved> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(saved(r));
                }
            }
            return out;
        }
    }

    /** A new graph at version 1. */
    Saved create(String owner, String name, String body, boolean valid, long now) throws SQLException {
        try (Connection c = data.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM graphs WHERE owner = ? AND deleted_at IS NULL")) {
                    s.setString(1, owner);
                    try (ResultSet r = s.executeQuery()) {
                        r.next();
                        if (r.getLong(1) >= MAX_GRAPHS) {
                            throw new Refused(409, "too_many", "you keep " + MAX_GRAPHS + " graphs, the most there may be; delete one first");
                        }
                    }
                }
                long id;
                try (PreparedStatement s = c.prepareStatement("INSERT INTO graphs (owner, name, version, valid, created_at, updated_at)"
                        + " VALUES (?, ?, 1, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                    s.setString(1, owner);
                    s.setString(2, name);
                    s.setBoolean(3, valid);
                    s.setLong(4, now);
                    s.setLong(5, now);
                    s.executeUpdate();
                    try (ResultSet k = s.getGeneratedKeys()) {
                        k.next();
                        id = k.getLong(1);
                    }
                }
                addVersion(c, id, 1, body, now);
                c.commit();
                return new Saved(id, name, 1, valid, now, now);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * A new version of the owner's graph; {@code base}, when not null, must be the latest version
     * (else 409: someone saved in between).
     */
    Saved update(String owner, long id, Integer base, String name, String body, boolean valid, long now) throws SQLException {
        try (Connection c = data.getConnection()) {
            c.setAutoCommit(false);
            try {
                Saved current = find(c, owner, id, true);
                if (base != null && base != current.version()) {
                    throw new Refused(409, "conflict", "graph " + id + " is at version " + current.version() + ", not " + base
                            + ": it was saved elsewhere; load it again");
                }
                int version = current.version() + 1;
                try (PreparedStatement s = c.prepareStatement("UPDATE graphs SET name = ?, version = ?, valid = ?, updated_at = ?"
                        + " WHERE id = ?")) {
                    s.setString(1, name);
                    s.setInt(2, version);
                    s.setBoolean(3, valid);
                    s.setLong(4, now);
                    s.setLong(5, id);
                    s.executeUpdate();
                }
                addVersion(c, id, version, body, now);
                try (PreparedStatement s = c.prepareStatement("DELETE FROM graph_versions WHERE graph_id = ? AND version <= ?")) {
                    s.setLong(1, id);
                    s.setInt(2, version - MAX_VERSIONS);
                    s.executeUpdate();
                }
                c.commit();
                return new Saved(id, name, version, valid, current.created(), now);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** The owner's graph and one version of it (the latest when {@code version} is null). */
    Object[] get(String owner, long id, Integer version) throws SQLException {
        try (Connection c = data.getConnection()) {
            Saved saved = find(c, owner, id, false);
            try (PreparedStatement s = c.prepareStatement("SELECT version, body, sha256, created_at FROM graph_versions"
                    + " WHERE graph_id = ? AND version = ?")) {
                s.setLong(1, id);
                s.setInt(2, version == null ? saved.version() : version);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        throw new Refused(404, "not_found", "graph " + id + " has no version " + version
                                + " (the latest " + MAX_VERSIONS + " are kept)");
                    }
                    return new Object[] {saved, new Version(r.getInt(1), r.getString(2), r.getString(3), r.getLong(4))};
                }
            }
        }
    }

    /** The versions kept of the owner's graph, newest first (without their bodies). */
    List<Version> versions(String owner, long id) throws SQLException {
        try (Connection c = data.getConnection()) {
            find(c, owner, id, false);
            try (PreparedStatement s = c.prepareStatement("SELECT version, sha256, created_at FROM graph_versions WHERE graph_id = ?"
                    + " ORDER BY version DESC")) {
                s.setLong(1, id);
                List<Version> out = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(new Version(r.getInt(1), null, r.getString(2), r.getLong(3)));
                    }
                }
                return out;
            }
        }
    }

    /** Deletes the owner's graph (its versions stay in the table, unreachable). */
    void delete(String owner, long id, long now) throws SQLException {
        try (Connection c = data.getConnection()) {
            find(c, owner, id, false);
            try (PreparedStatement s = c.prepareStatement("UPDATE graphs SET deleted_at = ? WHERE id = ?")) {
                s.setLong(1, now);
                s.setLong(2, id);
                s.executeUpdate();
            }
        }
    }

    private static Saved find(Connection c, String owner, long id, boolean lock) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id, name, version, valid, created_at, updated_at FROM graphs"
                + " WHERE id = ? AND owner = ? AND deleted_at IS NULL" + (lock ? " FOR UPDATE" : ""))) {
            s.setLong(1, id);
            s.setString(2, owner);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    // Another owner's graph and a missing one answer the same.
                    throw new Refused(404, "not_found", "you have no graph " + id);
                }
                return saved(r);
            }
        }
    }

    private static Saved saved(ResultSet r) throws SQLException {
        return new Saved(r.getLong(1), r.getString(2), r.getInt(3), r.getBoolean(4), r.getLong(5), r.getLong(6));
    }

    private static void addVersion(Connection c, long id, int version, String body, long now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO graph_versions (graph_id, version, body, sha256, created_at)"
                + " VALUES (?, ?, ?, ?, ?)")) {
            s.setLong(1, id);
            s.setInt(2, version);
            s.setString(3, body);
            s.setString(4, sha256(body));
            s.setLong(5, now);
            s.executeUpdate();
        }
    }

    static String sha256(String text) {
        return io.dpp.core.text.Sha256.hex(text);
    }

    @Override
    public void close() {
        data.close();
    }
}
