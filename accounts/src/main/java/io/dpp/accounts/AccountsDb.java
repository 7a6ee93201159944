package io.dpp.accounts;

import com.zaxxer.hikari.HikariDataSource;
import io.dpp.runtime.access.Plan;
import io.dpp.runtime.db.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The accounts database: plans, users and API keys, in the embedded H2 file database (the default,
 * under {@code <data.dir>/accounts}) or in PostgreSQL, with the same schema through Flyway
 * migrations ({@code db/accounts}) applied on open.
 *
 * <p>An API key reads {@code dpp_<id>_<secret>}: the id finds the row, and only the SHA-256 of the
 * whole key is stored, so the key is shown once, when it is made, and never again.
 */
public final class AccountsDb implements AutoCloseable {

    /** An API key as printed once at creation, with what it belongs to. */
    public record CreatedKey(String key, String keyId, String user, String plan) {
    }

    /** A key as listed: never the key itself. */
    public record KeyInfo(String keyId, String user, String plan, Instant created, Instant revoked) {
    }

    /** A stored key, for validation. */
    record StoredKey(String keyId, String hash, String user, Plan plan, boolean revoked, String role) {
    }

    private static final Pattern KEY = Pattern.compile("dpp_([0-9a-f]{16})_([A-Za-z0-9_-]{43})");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,127}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HikariDataSource data;
    private final String description;
    private final Sql sql;

    private AccountsDb(HikariDataSource data, String description) {
        this.data = data;
        this.description = description;
        this.sql = new Sql(data, description);
    }

    /**
     * Opens the database {@code db} names (the embedded one under {@code dataDir} when its URL is
     * empty) and brings its schema up to date.
     *
     * @throws AccountsException naming accounts.db.url when it cannot be reached or migrated
     */
    public static AccountsDb open(AccountsConfig.Db db, Path dataDir) {
        Database.Settings settings = settings(db);
        String description = db.url().filter(u -> !u.isBlank()).isEmpty()
                ? "the embedded accounts database " + dataDir.toAbsolutePath().normalize().resolve("accounts")
                : "the accounts database " + db.url().get();
        try {
            return new AccountsDb(Database.open(settings, dataDir, "accounts", "accounts.db.url"), description);
        } catch (IllegalStateException e) {
            throw new AccountsException(e.getMessage().replace(Database.description(settings, dataDir), description), e);
        }
    }

    /** The shared database settings of the {@code accounts.db} section. */
    public static Database.Settings settings(AccountsConfig.Db db) {
        return new Database.Settings(db.url(), db.user(), db.password(), db.poolSize());
    }

    /** The embedded database's URL (see {@link Database#embeddedUrl}). */
    static String embeddedUrl(Path dataDir) {
        return Database.embeddedUrl(dataDir);
    }

    /** Which database this is, for messages. */
    HikariDataSource dataSource() {
        return data;
    }

    public String description() {
        return description;
    }

    // ---- plans ---------------------------------------------------------------------------------

    /** The plan columns {@link #plan(ResultSet, int)} reads, of table alias p. */
    static final String PLAN_COLUMNS = "p.name, p.venues, p.channels, p.history_days, p.rest_per_second, p.ws_subscriptions,"
            + " p.ws_messages_per_second, p.ws_connections";

    /** Every plan, by name. */
    public List<Plan> plans() {
        return query("SELECT name, venues, channels, history_days, rest_per_second, ws_subscriptions, ws_messages_per_second,"
                + " ws_connections FROM plans ORDER BY rest_per_second, name", List.of(), AccountsDb::plan);
    }

    /** A plan's description, or null when there is no such plan. */
    public String planDescription(String name) {
        List<String> d = query("SELECT description FROM plans WHERE name = ?", List.of(name), rs -> rs.getString(1));
        return d.isEmpty() ? null : d.get(0);
    }

    /** Creates or replaces the plan of {@code plan.name()}. */
    public void putPlan(Plan plan, String description) {
        String venues = String.join(",", plan.venues());
        String channels = String.join(",", plan.channels());
        sql.transaction(c -> {
            Object[] values = {venues, channels, plan.historyDays(), plan.restPerSecond(), plan.wsSubscriptions(),
                    plan.wsMessagesPerSecond(), plan.wsConnections(), description, plan.name()};
            if (Sql.update(c, "UPDATE plans SET venues = ?, channels = ?, history_days = ?, rest_per_second = ?, ws_subscriptions = ?,"
                    + " ws_messages_per_second = ?, ws_connections = ?, description = ? WHERE name = ?", values) == 0) {
                Sql.update(c, "INSERT INTO plans (venues, channels, history_days, rest_per_second, ws_subscriptions,"
                        + " ws_messages_per_second, ws_connections, description, name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", values);
            }
            return null;
        });
    }

    // ---- keys ----------------------------------------------------------------------------------

    /**
     * Makes a key on {@code plan} for {@code user}, creating the user on first use.
     *
     * @throws AccountsException for an unknown plan or a user name that is not allowed
     */
    public CreatedKey createKey(String user, String plan) {
        if (user == null || !USER.matcher(user).matches()) {
            throw new AccountsException("user name must be 1-128 letters, digits or . _ @ -, starting with a letter or digit; got \""
                    + user + "\"");
        }
        if (plans().stream().noneMatch(p -> p.name().equals(plan))) {
            throw new AccountsException("no plan \"" + plan + "\"; plans are "
                    + plans().stream().map(Plan::name).toList() + " (dpp keys plans lists them)");
        }
        byte[] id = new byte[8];
        byte[] secret = new byte[32];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(secret);
        String keyId = HexFormat.of().formatHex(id);
        String key = "dpp_" + keyId + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Timestamp now = Timestamp.from(Instant.now());
        transaction(c -> {
            long userId;
            try (PreparedStatement find = c.prepareStatement("SELECT id FROM users WHERE name = ?")) {
                find.setString(1, user);
                try (ResultSet rs = find.executeQuery()) {
                    userId = rs.next() ? rs.getLong(1) : -1;
                }
            }
            if (userId < 0) {
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO users (name, created_at) VALUES (?, ?)")) {
                    insert.setString(1, user);
                    insert.setTimestamp(2, now);
                    insert.executeUpdate();
                }
                try (PreparedStatement find = c.prepareStatement("SELECT id FROM users WHERE name = ?")) {
                    find.setString(1, user);
                    try (ResultSet rs = find.executeQuery()) {
                        rs.next();
                        userId = rs.getLong(1);
                    }
                }
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO api_keys (key_id, user_id, plan, key_hash, created_at) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, keyId);
                insert.setLong(2, userId);
                insert.setString(3, plan);
                insert.setString(4, hash(key));
                insert.setTimestamp(5, now);
                insert.executeUpdate();
            }
            return null;
        });
        return new CreatedKey(key, keyId, user, plan);
    }

    /** Keys, of one user or of all when {@code user} is null, oldest first. */
    public List<KeyInfo> keys(String user) {
        String sql = "SELECT k.key_id, u.name, k.plan, k.created_at, k.revoked_at FROM api_keys k JOIN users u ON u.id = k.user_id"
                + (user == null ? "" : " WHERE u.name = ?") + " ORDER BY k.created_at, k.key_id";
        return query(sql, user == null ? List.of() : List.of(user), rs -> new KeyInfo(rs.getString(1), rs.getString(2),
                rs.getString(3), rs.getTimestamp(4).toInstant(),
                rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant()));
    }

    /** Revokes a key by its id; false when there is no such key or it was revoked already. */
    public boolean revoke(String keyId) {
        return transaction(c -> {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE api_keys SET revoked_at = ? WHERE key_id = ? AND revoked_at IS NULL")) {
                update.setTimestamp(1, Timestamp.from(Instant.now()));
                update.setString(2, keyId);
                return update.executeUpdate() == 1;
            }
        });
    }

    /** The id part of a well-formed key, or null when {@code key} is not one. */
    static String keyId(String key) {
        var m = KEY.matcher(key);
        return m.matches() ? m.group(1) : null;
    }

    /** The stored key with that id, with its user and plan, or null. */
    StoredKey find(String keyId) {
        List<StoredKey> found = query("SELECT k.key_id, k.key_hash, u.name, k.revoked_at, p.name, p.venues, p.channels,"
                        + " p.history_days, p.rest_per_second, p.ws_subscriptions, p.ws_messages_per_second, p.ws_connections,"
                        + " u.role, u.disabled_at"
                        + " FROM api_keys k JOIN users u ON u.id = k.user_id JOIN plans p ON p.name = k.plan WHERE k.key_id = ?",
                List.of(keyId), rs -> new StoredKey(rs.getString(1), rs.getString(2), rs.getString(3),
                        new Plan(rs.getString(5), list(rs.getString(6)), list(rs.getString(7)), rs.getInt(8), rs.getInt(9),
                                rs.getInt(10), rs.getInt(11), rs.getInt(12)),
                        rs.getTimestamp(4) != null || rs.getTimestamp(14) != null, rs.getString(13)));
        return found.isEmpty() ? null : found.get(0);
    }

    /** True when {@code key} hashes to {@code stored.hash}, compared in constant time. */
    static boolean matches(String key, StoredKey stored) {
        return MessageDigest.isEqual(hash(key).getBytes(StandardCharsets.US_ASCII),
                stored.hash().getBytes(StandardCharsets.US_ASCII));
    }

    static String hash(String key) {
        return sha256(key.getBytes(StandardCharsets.UTF_8));
    }

    /** The SHA-256 of {@code bytes} in hex. */
    static String sha256(byte[] bytes) {
        return io.dpp.core.text.Sha256.hex(bytes);
    }

    @Override
    public void close() {
        data.close();
    }

    // ---- plumbing ------------------------------------------------------------------------------

    private static Plan plan(ResultSet rs) throws SQLException {
        return plan(rs, 1);
    }

    /** The columns used by {@link #PLAN_COLUMNS}, read from {@code first} on. */
    static Plan plan(ResultSet rs, int first) throws SQLException {
        int f = first - 1;
        return new Plan(rs.getString(f + 1), list(rs.getString(f + 2)), list(rs.getString(f + 3)), rs.getInt(f + 4),
                rs.getInt(f + 5), rs.getInt(f + 6), rs.getInt(f + 7), rs.getInt(f + 8));
    }

    private static Set<String> list(String csv) {
        Set<String> out = new LinkedHashSet<>();
        Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
        return out;
    }

    private <T> List<T> query(String text, List<String> args, Sql.Row<T> row) {
        return sql.query(text, row, args.toArray());
    }

    private <T> T transaction(Sql.Work<T> work) {
        return sql.transaction(work);
    }

    /** The database, for the other stores of the accounts service (users, tickets). */
    Sql sql() {
        return sql;
    }
}
