package io.dpp.trader.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.dpp.runtime.db.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The deployments' table in the platform's relational database (the accounts service's: embedded
 * H2 by default, PostgreSQL in production), brought up to date by Trader+'s own migrations
 * ({@code db/trader}). Every write commits before it returns.
 */
final class DeploymentDb implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "id, owner, account, strategy, graph, venue, symbols, params, state, reason, created_at, updated_at";

    private final HikariDataSource data;

    private DeploymentDb(HikariDataSource data) {
        this.data = data;
    }

    static DeploymentDb open(Database.Settings settings, Path dataDir) {
        return new DeploymentDb(Database.open(settings, dataDir, "trader", "accounts.db.url"));
    }

    /** Every deployment, by id. */
    List<Deployment> all() throws SQLException {
        List<Deployment> out = new ArrayList<>();
        try (Connection c = data.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM strategy_deployments ORDER BY id");
             ResultSet r = s.executeQuery()) {
            while (r.next()) {
                out.add(new Deployment(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5), r.getString(6),
                        JSON.readValue(r.getString(7), new TypeReference<List<String>>() { }),
                        JSON.readValue(r.getString(8), new TypeReference<Map<String, String>>() { }),
                        r.getString(9), r.getString(10), r.getLong(11), r.getLong(12)));
            }
        } catch (JsonProcessingException e) {
            throw new SQLException("a stored deployment is not readable: " + e.getOriginalMessage(), e);
        }
        return out;
    }

    void insert(Deployment d) throws SQLException {
        try (Connection c = data.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO strategy_deployments (" + COLUMNS
                     + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setLong(1, d.id());
            s.setString(2, d.owner());
            s.setString(3, d.account());
            s.setString(4, d.strategy());
            s.setString(5, d.graph());
            s.setString(6, d.venue());
            s.setString(7, JSON.writeValueAsString(d.symbols()));
            s.setString(8, JSON.writeValueAsString(new java.util.TreeMap<>(d.params())));
            s.setString(9, d.state());
            s.setString(10, d.reason());
            s.setLong(11, d.created());
            s.setLong(12, d.updated());
            s.executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    void updateState(Deployment d) throws SQLException {
        try (Connection c = data.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE strategy_deployments SET state = ?, reason = ?, updated_at = ? WHERE id = ?")) {
            s.setString(1, d.state());
            s.setString(2, d.reason() == null ? null : d.reason().substring(0, Math.min(2000, d.reason().length())));
            s.setLong(3, d.updated());
            s.setLong(4, d.id());
            s.executeUpdate();
        }
    }

    @Override
    public void close() {
        data.close();
    }
}
