package io.dpp.accounts;

import io.dpp.runtime.access.Grant;
import io.dpp.runtime.http.HttpProblem;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Messages from the operators (docs/support.md "Messages"): admins send announcements and
 * maintenance notices (with the window they concern) to every user, to a plan's users or to one
 * user; each user has an inbox with read state, and is mailed a copy unless they turned
 * announcement mail off. A user's inbox holds what was sent to them from their sign-up on.
 */
final class Messages {

    static final List<String> KINDS = List.of("announcement", "maintenance");
    static final List<String> AUDIENCES = List.of("all", "plan", "user");
    static final int PER_HOUR = 30;
    /** Recipients one message is mailed to at most in one go (the rest still see it in their inbox). */
    static final int MAX_MAILED = 100_000;

    record Message(long id, String kind, String audience, String plan, String user, String subject, String body, String sender,
                   Instant createdAt, Instant startsAt, Instant endsAt, Instant readAt) {
    }

    /** Marks a message read once (a second mark, from a request at the same moment, changes nothing). */
    private static final String MARK_READ = "INSERT INTO message_reads (message_id, user_id, read_at) SELECT CAST(? AS BIGINT),"
            + " CAST(? AS BIGINT), CAST(? AS TIMESTAMP WITH TIME ZONE) WHERE NOT EXISTS (SELECT 1 FROM message_reads WHERE message_id = ?"
            + " AND user_id = ?)";

    private static final String COLUMNS = "m.id, m.kind, m.audience, m.plan, r.name, m.subject, m.body, s.name, m.created_at,"
            + " m.starts_at, m.ends_at";

    private final Sql sql;
    private final UsersDb users;
    private final Mailer mailer;
    private final Clock clock;
    private final RateLimits limits;
    private final Counter sent;

    Messages(UsersDb users, Mailer mailer, Clock clock, LongSupplier ticker, PrometheusRegistry metrics) {
        this.sql = users.sql();
        this.users = users;
        this.mailer = mailer;
        this.clock = clock;
        this.limits = new RateLimits(PER_HOUR, Duration.ofHours(1), "hour", ticker);
        this.sent = Counter.builder().name("dpp_support_messages_sent_total").help("Messages admins sent, by kind")
                .labelNames("kind").register(metrics);
    }

    /** Sends a message (admins); how many users it reached. */
    Map.Entry<Message, Integer> send(Grant grant, String kind, String audience, String plan, Long userId, String subject, String body,
                                     Instant startsAt, Instant endsAt, Users.Actor actor) {
        if (!grant.admin()) {
            throw new HttpProblem(403, "forbidden", "only admins send messages");
        }
        UsersDb.User sender = me(grant);
        if (audience.equals("plan") && plan == null || audience.equals("user") && userId == null) {
            throw Users.bad(audience.equals("plan") ? "plan is required for audience plan" : "user is required for audience user");
        }
        if (startsAt != null && endsAt != null && !endsAt.isAfter(startsAt)) {
            throw Users.bad("ends must be after starts");
        }
        UsersDb.User target = userId == null ? null : users.byId(userId);
        if (audience.equals("user") && target == null) {
            throw new HttpProblem(404, "not_found", "no user " + userId);
        }
        limits.check(sender.name(), "messages per admin");
        Instant now = clock.instant();
        int[] reached = new int[1];
        long id = sql.transaction(c -> {
            List<String> columns = new ArrayList<>(List.of("kind", "audience", "subject", "body", "sender_id", "created_at"));
            List<Object> values = new ArrayList<>(List.of(kind, audience, subject, body, sender.id(), now));
            if (audience.equals("plan")) {
                columns.add("plan");
                values.add(plan);
            }
            if (target != null) {
                columns.add("user_id");
                values.add(target.id());
            }
            if (startsAt != null) {
                columns.add("starts_at");
                values.add(startsAt);
            }
            if (endsAt != null) {
                columns.add("ends_at");
                values.add(endsAt);
            }
            long message = Sql.insert(c, "INSERT INTO messages (" + String.join(", ", columns) + ") VALUES ("
                    + "?, ".repeat(columns.size() - 1) + "?)", values.toArray());
            String where = audience.equals("all") ? "" : audience.equals("plan") ? " AND plan = ?" : " AND id = ?";
            Object[] args = audience.equals("all") ? new Object[0] : audience.equals("plan") ? new Object[] {plan}
                    : new Object[] {target.id()};
            List<String[]> recipients = Sql.query(c, "SELECT email, CASE WHEN notify_announcements THEN 1 ELSE 0 END FROM users"
                    + " WHERE disabled_at IS NULL" + where + " ORDER BY id FETCH FIRST " + MAX_MAILED + " ROWS ONLY",
                    rs -> new String[] {rs.getString(1), rs.getString(2)}, args);
            String text = body + (startsAt == null ? "" : "\n\nFrom " + startsAt + (endsAt == null ? "" : " to " + endsAt) + " (UTC).")
                    + "\n\nYour inbox: GET /api/v1/messages. Turn these mails off with notify_announcements (PATCH /api/v1/users/me).\n";
            for (String[] r : recipients) {
                reached[0]++;
                if (r[0] != null && r[1].equals("1")) {
                    mail(c, r[0], (kind.equals("maintenance") ? "[DPP maintenance] " : "[DPP] ") + subject, text);
                }
            }
            UsersDb.audit(c, now, sender.name(), "message_sent", kind + " " + message, audience + (plan != null ? " " + plan : "")
                    + (target != null ? " " + target.name() : "") + ": " + reached[0] + " users", actor.address());
            return message;
        });
        sent.labelValues(kind).inc();
        mailer.wake();
        return Map.entry(find(grant, id), reached[0]);
    }

    private void mail(java.sql.Connection c, String to, String subject, String text) throws SQLException {
        mailer.enqueue(c, to, subject, text, "announcement");
    }

    /** The caller's inbox, newest first (only unread ones with {@code unread}); for admins with {@code sent}, every message sent. */
    List<Message> inbox(Grant grant, boolean unread, boolean sentOnes, int limit) {
        UsersDb.User u = me(grant);
        if (sentOnes) {
            if (!grant.admin()) {
                throw new HttpProblem(403, "forbidden", "only admins list the messages sent");
            }
            return sql.query("SELECT " + COLUMNS + ", NULL FROM messages m JOIN users s ON s.id = m.sender_id"
                    + " LEFT JOIN users r ON r.id = m.user_id ORDER BY m.id DESC FETCH FIRST " + limit + " ROWS ONLY", Messages::message);
        }
        return sql.query("SELECT " + COLUMNS + ", x.read_at FROM messages m JOIN users s ON s.id = m.sender_id"
                + " LEFT JOIN users r ON r.id = m.user_id LEFT JOIN message_reads x ON x.message_id = m.id AND x.user_id = ?"
                + " WHERE m.created_at >= ? AND (m.audience = 'all' OR (m.audience = 'plan' AND m.plan = ?) OR (m.audience = 'user'"
                + " AND m.user_id = ?))" + (unread ? " AND x.read_at IS NULL" : "") + " ORDER BY m.id DESC FETCH FIRST " + limit
                + " ROWS ONLY", Messages::message, u.id(), u.createdAt(), u.plan(), u.id());
    }

    /** One message of the caller's inbox (admins: any); 404 otherwise. */
    Message find(Grant grant, long id) {
        return inboxOne(grant, id);
    }

    /** Marks a message of the caller's inbox read. */
    Message read(Grant grant, long id) {
        Message m = inboxOne(grant, id);
        UsersDb.User u = me(grant);
        if (m.readAt() == null) {
            sql.update(MARK_READ, id, u.id(), clock.instant(), id, u.id());
        }
        return inboxOne(grant, id);
    }

    /** Marks every message of the caller's inbox read; how many were unread. */
    int readAll(Grant grant) {
        List<Message> unread = inbox(grant, true, false, 10_000);
        UsersDb.User u = me(grant);
        Instant now = clock.instant();
        sql.transaction(c -> {
            for (Message m : unread) {
                Sql.update(c, MARK_READ, m.id(), u.id(), now, m.id(), u.id());
            }
            return null;
        });
        return unread.size();
    }

    private Message inboxOne(Grant grant, long id) {
        UsersDb.User u = me(grant);
        Message m = sql.one("SELECT " + COLUMNS + ", x.read_at FROM messages m JOIN users s ON s.id = m.sender_id"
                + " LEFT JOIN users r ON r.id = m.user_id LEFT JOIN message_reads x ON x.message_id = m.id AND x.user_id = ?"
                + " WHERE m.id = ?", Messages::message, u.id(), id);
        boolean mine = m != null && !m.createdAt().isBefore(u.createdAt()) && (m.audience().equals("all")
                || (m.audience().equals("plan") && m.plan().equals(u.plan())) || (m.audience().equals("user") && u.name().equals(m.user())));
        if (m == null || !(mine || grant.admin())) {
            throw new HttpProblem(404, "not_found", "no message " + id);
        }
        return m;
    }

    private static Message message(java.sql.ResultSet rs) throws SQLException {
        return new Message(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getString(8), Sql.time(rs, 9), Sql.time(rs, 10), Sql.time(rs, 11), Sql.time(rs, 12));
    }

    private UsersDb.User me(Grant grant) {
        UsersDb.User u = users.byName(grant.user());
        if (u == null) {
            throw new HttpProblem(404, "not_found", "no user " + grant.user());
        }
        return u;
    }
}
