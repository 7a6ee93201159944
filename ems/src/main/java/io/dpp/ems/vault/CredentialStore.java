package io.dpp.ems.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dpp.trading.live.VenueKey;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Users' venue credentials in the relational database ({@code venue_credentials}), sealed by the
 * {@link Vault}: the plaintext (key, secret, passphrase) exists only in this process's memory while
 * a request needs it, and each record opens only as its owner's record of that name and venue.
 */
public final class CredentialStore {

    /** A credential as listed: never the secret, the public key masked. */
    public record Listed(long id, String owner, String name, String venue, String apiKey, String keyId, Instant created,
                         Instant tested, Boolean testOk, String testMessage) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final DataSource data;
    private final Vault vault;

    public CredentialStore(DataSource data, Vault vault) {
        this.data = data;
        this.vault = vault;
    }

    public Vault vault() {
        return vault;
    }

    static String identity(String owner, String name, String venue) {
        return "venue-credential\n" + owner + "\n" + name + "\n" + venue;
    }

    /** Adds a credential; false when the owner already has one of that name. */
    public boolean add(String owner, String name, String venue, VenueKey key, Instant now) throws SQLException {
        ObjectNode plain = JSON.createObjectNode().put("api_key", key.apiKey()).put("secret", key.secret());
        if (key.passphrase() != null) {
            plain.put("passphrase", key.passphrase());
        }
        byte[] bytes = plain.toString().getBytes(StandardCharsets.UTF_8);
        Vault.Sealed sealed = vault.seal(bytes, identity(owner, name, venue));
        Arrays.fill(bytes, (byte) 0);
        try (Connection c = data.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO venue_credentials (owner, name, venue, api_key_shown, key_id, nonce,"
                     + " sealed, created_at, sealed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, owner);
            ps.setString(2, name);
            ps.setString(3, venue);
            ps.setString(4, key.masked());
            ps.setString(5, sealed.keyId());
            ps.setString(6, sealed.nonce());
            ps.setString(7, sealed.ciphertext());
            ps.setTimestamp(8, Timestamp.from(now));
            ps.setTimestamp(9, Timestamp.from(now));
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (isDuplicate(e)) {
                return false;
            }
            throw e;
        }
    }

    private static boolean isDuplicate(SQLException e) {
        // 23505 unique violation on PostgreSQL and H2
        return "23505".equals(e.getSQLState());
    }

    public int count(String owner) throws SQLException {
        try (Connection c = data.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM venue_credentials WHERE owner = ?")) {
            ps.setString(1, owner);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    public List<Listed> list(String owner) throws SQLException {
        List<Listed> out = new ArrayList<>();
        try (Connection c = data.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, owner, name, venue, api_key_shown, key_id, created_at, tested_at, test_ok,"
                     + " test_message FROM venue_credentials WHERE owner = ? ORDER BY name")) {
            ps.setString(1, owner);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(listed(rs));
                }
            }
        }
        return out;
    }

    public Optional<Listed> find(String owner, String name) throws SQLException {
        try (Connection c = data.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, owner, name, venue, api_key_shown, key_id, created_at, tested_at, test_ok,"
                     + " test_message FROM venue_credentials WHERE owner = ? AND name = ?")) {
            ps.setString(1, owner);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(listed(rs)) : Optional.empty();
            }
        }
    }

    private static Listed listed(ResultSet rs) throws SQLException {
        Timestamp tested = rs.getTimestamp(8);
        boolean ok = rs.getBoolean(9);
        Boolean testOk = rs.wasNull() ? null : ok;
        return new Listed(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getTimestamp(7).toInstant(), tested == null ? null : tested.toInstant(), testOk, rs.getString(10));
    }

    /** The owner's credential opened, or empty when there is none of that name. */
    public Optional<VenueKey> open(String owner, String name) throws SQLException, Vault.OpenFailed {
        try (Connection c = data.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT venue, key_id, nonce, sealed FROM venue_credentials WHERE owner = ? AND name = ?")) {
            ps.setString(1, owner);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(key(vault.open(new Vault.Sealed(rs.getString(2), rs.getString(3), rs.getString(4)),
                        identity(owner, name, rs.getString(1)))));
            }
        }
    }

    private static VenueKey key(byte[] plain) throws Vault.OpenFailed {
        try {
            JsonNode n = JSON.readTree(plain);
            return new VenueKey(n.path("api_key").asText(), n.path("secret").asText(),
                    n.hasNonNull("passphrase") ? n.path("passphrase").asText() : null);
        } catch (java.io.IOException e) {
            throw new Vault.OpenFailed("the opened record is not a credential");
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    public boolean delete(String owner, String name) throws SQLException {
        try (Connection c = data.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM venue_credentials WHERE owner = ? AND name = ?")) {
            ps.setString(1, owner);
            ps.setString(2, name);
            return ps.executeUpdate() > 0;
        }
    }

    public void tested(long id, Instant at, boolean ok, String message) throws SQLException {
        try (Connection c = data.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE venue_credentials SET tested_at = ?, test_ok = ?, test_message = ? WHERE id = ?")) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setBoolean(2, ok);
            ps.setString(3, message == null ? null : message.length() > 500 ? message.substring(0, 500) : message);
            ps.setLong(4, id);
            ps.executeUpdate();
        }
    }

    /** Records per master key id, for the rotation's progress. */
    public java.util.Map<String, Long> countsByKey() throws SQLException {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        try (Connection c = data.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT key_id, COUNT(*) FROM venue_credentials GROUP BY key_id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    /**
     * Re-seals every record not under the current master key, {@code batch} at a time; each row is replaced
     * only if nobody changed it meanwhile (compare and set on its key id and nonce), so that several
     * processes may rotate at once. Returns how many were re-sealed; a record that does not open is
     * counted in {@code failures} and left as it is.
     */
    public int rotate(int batch, java.util.concurrent.atomic.AtomicLong failures, Instant now) throws SQLException {
        long[] after = {0};
        int total = 0;
        while (true) {
            int[] done = rotateAfter(after, batch, failures, now);
            total += done[0];
            if (done[1] < batch) {
                return total;
            }
        }
    }

    /**
     * One batch of {@link #rotate}: records after id {@code after[0]} (moved on to the last one read);
     * returns {re-sealed, read}.
     */
    private int[] rotateAfter(long[] after, int batch, java.util.concurrent.atomic.AtomicLong failures, Instant now) throws SQLException {
        record Row(long id, String owner, String name, String venue, Vault.Sealed sealed) {
        }
        List<Row> rows = new ArrayList<>();
        try (Connection c = data.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, owner, name, venue, key_id, nonce, sealed FROM venue_credentials"
                     + " WHERE key_id <> ? AND id > ? ORDER BY id")) {
            ps.setString(1, vault.currentKey());
            ps.setLong(2, after[0]);
            ps.setMaxRows(batch);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            new Vault.Sealed(rs.getString(5), rs.getString(6), rs.getString(7))));
                }
            }
        }
        int done = 0;
        for (Row r : rows) {
            after[0] = r.id();
            String identity = identity(r.owner(), r.name(), r.venue());
            byte[] plain;
            try {
                plain = vault.open(r.sealed(), identity);
            } catch (Vault.OpenFailed e) {
                failures.incrementAndGet();
                continue;
            }
            Vault.Sealed fresh = vault.seal(plain, identity);
            Arrays.fill(plain, (byte) 0);
            try (Connection c = data.getConnection();
                 PreparedStatement ps = c.prepareStatement("UPDATE venue_credentials SET key_id = ?, nonce = ?, sealed = ?, sealed_at = ?"
                         + " WHERE id = ? AND key_id = ? AND nonce = ?")) {
                ps.setString(1, fresh.keyId());
                ps.setString(2, fresh.nonce());
                ps.setString(3, fresh.ciphertext());
                ps.setTimestamp(4, Timestamp.from(now));
                ps.setLong(5, r.id());
                ps.setString(6, r.sealed().keyId());
                ps.setString(7, r.sealed().nonce());
                done += ps.executeUpdate();
            }
        }
        return new int[] {done, rows.size()};
    }
}
