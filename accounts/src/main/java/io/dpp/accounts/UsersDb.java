package io.dpp.accounts;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The users' rows of the accounts database: people who sign in (email, password hash, role, plan,
 * second factor, lockout, mail preferences), one-time mail tokens, known sign-in addresses and the
 * audit log. Plain SQL over {@link Sql}; the rules live in {@link Users}.
 */
final class UsersDb {

    /** A user's row. Never leaves the service as is: the API shows a view without secrets. */
    record User(long id, String name, String email, String passwordHash, Instant verifiedAt, String role, String plan,
                String totpSecret, boolean totpEnabled, int failedSignIns, Instant lockedUntil, Instant disabledAt,
                Instant createdAt, boolean notifyTickets, boolean notifyAnnouncements, boolean notifySecurity) {

        boolean verified() {
            return verifiedAt != null;
        }
    }

    /** One audit record. */
    record Audit(long id, Instant at, String actor, String action, String target, String detail, String address) {
    }

    private static final String USER_COLUMNS = "id, name, email, password_hash, email_verified_at, role, plan, totp_secret,"
            + " totp_enabled, failed_sign_ins, locked_until, disabled_at, created_at, notify_tickets, notify_announcements,"
            + " notify_security";

    private final Sql sql;

    UsersDb(Sql sql) {
        this.sql = sql;
    }

    Sql sql() {
        return sql;
    }

    private static User user(ResultSet rs) throws SQLException {
        return new User(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), Sql.time(rs, 5), rs.getString(6),
                rs.getString(7), rs.getString(8), rs.getBoolean(9), rs.getInt(10), Sql.time(rs, 11), Sql.time(rs, 12),
                Sql.time(rs, 13), rs.getBoolean(14), rs.getBoolean(15), rs.getBoolean(16));
    }

    User byEmail(String email) {
        return sql.one("SELECT " + USER_COLUMNS + " FROM users WHERE email = ?", UsersDb::user, email);
    }

    User byId(long id) {
        return sql.one("SELECT " + USER_COLUMNS + " FROM users WHERE id = ?", UsersDb::user, id);
    }

    User byName(String name) {
        return sql.one("SELECT " + USER_COLUMNS + " FROM users WHERE name = ?", UsersDb::user, name);
    }

    static User byId(Connection c, long id) throws SQLException {
        List<User> u = Sql.query(c, "SELECT " + USER_COLUMNS + " FROM users WHERE id = ?", UsersDb::user, id);
        return u.isEmpty() ? null : u.get(0);
    }

    /**
     * Users matching {@code text} in name or email (null: all), of {@code role} (null: any), by
     * id, {@code limit} from {@code offset}.
     */
    List<User> list(String text, String role, int limit, int offset) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (text != null) {
            where.append(" AND (LOWER(name) LIKE ? OR email LIKE ?)");
            String like = "%" + text.toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            args.add(like);
            args.add(like);
        }
        if (role != null) {
            where.append(" AND role = ?");
            args.add(role);
        }
        return sql.query("SELECT " + USER_COLUMNS + " FROM users" + where + " ORDER BY id OFFSET " + offset + " ROWS FETCH FIRST "
                + limit + " ROWS ONLY", UsersDb::user, args.toArray());
    }

    /** Inserts a user; its id. */
    static long insert(Connection c, String name, String email, String passwordHash, String role, String plan, Instant verifiedAt,
                       Instant now) throws SQLException {
        // Absent values are left out of the statement: Sql binds no nulls.
        List<String> columns = new ArrayList<>(List.of("name", "email", "role", "plan", "created_at"));
        List<Object> values = new ArrayList<>(List.of(name, email, role, plan, now));
        if (passwordHash != null) {
            columns.add("password_hash");
            values.add(passwordHash);
        }
        if (verifiedAt != null) {
            columns.add("email_verified_at");
            values.add(verifiedAt);
        }
        return Sql.insert(c, "INSERT INTO users (" + String.join(", ", columns) + ") VALUES (" + "?, ".repeat(columns.size() - 1)
                + "?)", values.toArray());
    }

    static boolean nameTaken(Connection c, String name) throws SQLException {
        return !Sql.query(c, "SELECT id FROM users WHERE name = ?", rs -> rs.getLong(1), name).isEmpty();
    }

    /** Records a failed sign-in; locks the account until {@code lockUntil} when it reaches {@code max} in a row. */
    int failed(long id, int max, Instant lockUntil) {
        return sql.transaction(c -> {
            Sql.update(c, "UPDATE users SET failed_sign_ins = failed_sign_ins + 1 WHERE id = ?", id);
            int n = Sql.query(c, "SELECT failed_sign_ins FROM users WHERE id = ?", rs -> rs.getInt(1), id).get(0);
            if (n >= max) {
                Sql.update(c, "UPDATE users SET locked_until = ?, failed_sign_ins = 0 WHERE id = ?", lockUntil, id);
            }
            return n;
        });
    }

    static void clearFailures(Connection c, long id) throws SQLException {
        Sql.update(c, "UPDATE users SET failed_sign_ins = 0, locked_until = NULL WHERE id = ?", id);
    }

    static void setPassword(Connection c, long id, String hash) throws SQLException {
        Sql.update(c, "UPDATE users SET password_hash = ? WHERE id = ?", hash, id);
    }

    static void setVerified(Connection c, long id, Instant at) throws SQLException {
        Sql.update(c, "UPDATE users SET email_verified_at = ? WHERE id = ? AND email_verified_at IS NULL", at, id);
    }

    /** Keeps a pending second factor's secret, not enabled yet. */
    static void setTotp(Connection c, long id, String secret, boolean enabled) throws SQLException {
        if (secret == null) {
            Sql.update(c, "UPDATE users SET totp_secret = NULL, totp_enabled = FALSE WHERE id = ?", id);
        } else {
            Sql.update(c, "UPDATE users SET totp_secret = ?, totp_enabled = ? WHERE id = ?", secret, enabled, id);
        }
    }

    static void setPreferences(Connection c, long id, boolean tickets, boolean announcements, boolean security) throws SQLException {
        Sql.update(c, "UPDATE users SET notify_tickets = ?, notify_announcements = ?, notify_security = ? WHERE id = ?",
                tickets, announcements, security, id);
    }

    static void setRole(Connection c, long id, String role) throws SQLException {
        Sql.update(c, "UPDATE users SET role = ? WHERE id = ?", role, id);
    }

    static void setPlan(Connection c, long id, String plan) throws SQLException {
        Sql.update(c, "UPDATE users SET plan = ? WHERE id = ?", plan, id);
    }

    static void setDisabled(Connection c, long id, Instant at) throws SQLException {
        if (at == null) {
            Sql.update(c, "UPDATE users SET disabled_at = NULL WHERE id = ?", id);
        } else {
            Sql.update(c, "UPDATE users SET disabled_at = ? WHERE id = ?", at, id);
        }
    }

    /** Remembers that {@code id} signed in from {@code address}; true when it is the first time. */
    static boolean newAddress(Connection c, long id, String address, Instant now) throws SQLException {
        if (!Sql.query(c, "SELECT 1 FROM sign_in_addresses WHERE user_id = ? AND address = ?", rs -> 1, id, address).isEmpty()) {
            return false;
        }
        Sql.update(c, "INSERT INTO sign_in_addresses (user_id, address, first_seen) VALUES (?, ?, ?)", id, address, now);
        return true;
    }

    // ---- one-time tokens ---------------------------------------------------------------------------

    static void addToken(Connection c, String hash, long userId, String purpose, Instant now, Instant expires) throws SQLException {
        Sql.update(c, "INSERT INTO user_tokens (token_hash, user_id, purpose, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                hash, userId, purpose, now, expires);
    }

    /** Uses a token once: its user's id, or -1 when it is unknown, used, expired or of another purpose. */
    static long useToken(Connection c, String hash, String purpose, Instant now) throws SQLException {
        List<Long> user = Sql.query(c, "SELECT user_id FROM user_tokens WHERE token_hash = ? AND purpose = ? AND used_at IS NULL"
                + " AND expires_at > ?", rs -> rs.getLong(1), hash, purpose, now);
        if (user.isEmpty() || Sql.update(c, "UPDATE user_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL",
                now, hash) != 1) {
            return -1;
        }
        return user.get(0);
    }

    /** Ends every unused token of {@code purpose} of a user (a new link replaces the old ones). */
    static void dropTokens(Connection c, long userId, String purpose, Instant now) throws SQLException {
        Sql.update(c, "UPDATE user_tokens SET used_at = ? WHERE user_id = ? AND purpose = ? AND used_at IS NULL", now, userId, purpose);
    }

    // ---- audit -----------------------------------------------------------------------------------

    static void audit(Connection c, Instant at, String actor, String action, String target, String detail, String address)
            throws SQLException {
        Sql.update(c, "INSERT INTO audit_log (at, actor, action, target, detail, address) VALUES (?, ?, ?, ?, ?, ?)", at,
                Sessions.cut(actor, 254), action, Sessions.cut(target, 256), Sessions.cut(detail, 1024), Sessions.cut(address, 64));
    }

    void audit(Instant at, String actor, String action, String target, String detail, String address) {
        sql.transaction(c -> {
            audit(c, at, actor, action, target, detail, address);
            return null;
        });
    }

    /** Audit records, newest first, filtered by actor and action when not null, before id {@code before} (0: from the newest). */
    List<Audit> audit(String actor, String action, Instant from, long before, int limit) {
        StringBuilder where = new StringBuilder(" WHERE at >= ?");
        List<Object> args = new ArrayList<>();
        args.add(from);
        if (actor != null) {
            where.append(" AND actor = ?");
            args.add(actor);
        }
        if (action != null) {
            where.append(" AND action = ?");
            args.add(action);
        }
        if (before > 0) {
            where.append(" AND id < ?");
            args.add(before);
        }
        return sql.query("SELECT id, at, actor, action, target, detail, address FROM audit_log" + where
                + " ORDER BY id DESC FETCH FIRST " + limit + " ROWS ONLY", rs -> new Audit(rs.getLong(1), Sql.time(rs, 2),
                rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)), args.toArray());
    }
}
