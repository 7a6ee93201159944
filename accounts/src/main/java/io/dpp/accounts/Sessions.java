package io.dpp.accounts;

import io.dpp.runtime.access.Plan;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Browser sessions. A session is a random 256-bit token in an HttpOnly cookie
 * ({@code dpps_<43 characters>}); the database keeps only its SHA-256, with the user, a CSRF token
 * the browser's state-changing requests echo, and its times. A session ends when it is revoked
 * (sign-out, "sign out everywhere", a password change or reset), when its user is disabled, after
 * {@code accounts.sessions.max-age} in any case, and after {@code accounts.sessions.idle} without a
 * request. Its public id {@code s-<16 hex>} (the hash's start) names it in lists and the audit log.
 */
final class Sessions {

    /** What a token is worth: a grant's parts, or why it is refused. */
    record Found(String user, String keyId, Plan plan, String role, String csrf, String refusal) {
    }

    /** A new session: the token goes into the cookie and is never shown again. */
    record Created(String token, String id, String csrf, Instant expires) {
    }

    /** A session as listed. */
    record Info(String id, Instant created, Instant lastSeen, Instant expires, String address, String userAgent) {
    }

    private static final Pattern TOKEN = Pattern.compile("dpps_[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Sql sql;
    private final Clock clock;
    private final Duration maxAge;
    private final Duration idle;

    Sessions(Sql sql, Clock clock, Duration maxAge, Duration idle) {
        this.sql = sql;
        this.clock = clock;
        this.maxAge = maxAge;
        this.idle = idle;
    }

    /** True when {@code text} has the form of a session token. */
    static boolean isToken(String text) {
        return text.length() == 48 && TOKEN.matcher(text).matches();
    }

    /** The public id of the session whose token hashes to {@code hash}. */
    static String id(String hash) {
        return "s-" + hash.substring(0, 16);
    }

    /** How long a session lasts at most. */
    Duration maxAge() {
        return maxAge;
    }

    /** Opens a session for {@code userId} in the caller's transaction. */
    Created create(Connection c, long userId, String address, String userAgent) throws SQLException {
        String token = "dpps_" + random(32);
        String csrf = random(24);
        String hash = AccountsDb.hash(token);
        Instant now = clock.instant();
        Instant expires = now.plus(maxAge);
        Sql.update(c, "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at, last_seen_at, address,"
                + " user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", hash, userId, csrf, now, expires, now, address, cut(userAgent, 256));
        return new Created(token, id(hash), csrf, expires);
    }

    /**
     * What {@code token} grants now, or null when there is no such session. A valid session's
     * last-seen time moves to now (at most once per key-cache period, since grants are cached).
     */
    Found find(String token) {
        String hash = AccountsDb.hash(token);
        Instant now = clock.instant();
        Found found = sql.one("SELECT u.name, u.role, s.csrf_token, s.expires_at, s.last_seen_at, s.revoked_at, u.disabled_at, "
                + AccountsDb.PLAN_COLUMNS + " FROM sessions s JOIN users u ON u.id = s.user_id JOIN plans p ON p.name = u.plan"
                + " WHERE s.token_hash = ?", rs -> {
                    Instant expires = Sql.time(rs, 4);
                    Instant lastSeen = Sql.time(rs, 5);
                    String refusal = Sql.time(rs, 6) != null ? "this session was signed out; sign in again"
                            : Sql.time(rs, 7) != null ? "this account is disabled"
                            : !now.isBefore(expires) ? "this session expired; sign in again"
                            : !now.isBefore(lastSeen.plus(idle)) ? "this session was idle too long; sign in again" : null;
                    return new Found(rs.getString(1), id(hash), AccountsDb.plan(rs, 8), rs.getString(2), rs.getString(3), refusal);
                }, hash);
        if (found != null && found.refusal() == null) {
            sql.update("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?", now, hash);
        }
        return found;
    }

    /** Signs out one session by its token; false when it was not open. */
    boolean revoke(String token) {
        return sql.update("UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL", clock.instant(),
                AccountsDb.hash(token)) == 1;
    }

    /** Signs out one session of {@code userId} by its public id; false when it was not open. */
    boolean revokeById(long userId, String id) {
        if (!id.matches("s-[0-9a-f]{16}")) {
            return false;
        }
        return sql.update("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND token_hash LIKE ? AND revoked_at IS NULL",
                clock.instant(), userId, id.substring(2) + "%") >= 1;
    }

    /** Signs out every session of {@code userId} in the caller's transaction; how many were open. */
    int revokeAll(Connection c, long userId) throws SQLException {
        return Sql.update(c, "UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", clock.instant(), userId);
    }

    /** The open sessions of {@code userId}, newest first. */
    List<Info> list(long userId) {
        Instant now = clock.instant();
        return sql.query("SELECT token_hash, created_at, last_seen_at, expires_at, address, user_agent FROM sessions"
                + " WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ? ORDER BY created_at DESC", rs ->
                new Info(id(rs.getString(1)), Sql.time(rs, 2), Sql.time(rs, 3), Sql.time(rs, 4), rs.getString(5), rs.getString(6)),
                userId, now).stream().filter(i -> now.isBefore(i.lastSeen().plus(idle))).limit(100).toList();
    }

    /** A url-safe random text of {@code bytes} random bytes. */
    static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String cut(String s, int max) {
        if (s == null) {
            return "";
        }
        return s.length() <= max ? s : s.substring(0, max);
    }
}
