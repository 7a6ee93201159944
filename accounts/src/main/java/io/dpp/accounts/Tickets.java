package io.dpp.accounts;

import io.dpp.runtime.access.Grant;
import io.dpp.runtime.http.HttpProblem;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Support tickets (docs/support.md): a user opens a ticket about data, trading, billing, their
 * account or a bug, and it becomes a thread of replies; staff see every ticket in a queue, assign,
 * reply, write internal notes users never see, merge duplicates and change priority and status.
 * Each priority promises a first response and a resolution within a time ({@link #TARGETS}); the
 * due times are kept on the ticket, breaches are exported as {@code dpp_support_breaches} and
 * alerted on. A user sees only their own tickets: another's is 404, as one that does not exist.
 */
final class Tickets {

    static final List<String> CATEGORIES = List.of("data", "trading", "billing", "account", "bug");
    static final List<String> PRIORITIES = List.of("low", "normal", "high", "urgent");
    static final List<String> STATUSES = List.of("open", "pending", "solved", "closed");

    /** First-response and resolution targets of a priority. */
    record Target(Duration firstResponse, Duration resolution) {
    }

    /** What each priority promises. */
    static final Map<String, Target> TARGETS = Map.of(
            "urgent", new Target(Duration.ofHours(1), Duration.ofHours(8)),
            "high", new Target(Duration.ofHours(4), Duration.ofHours(24)),
            "normal", new Target(Duration.ofHours(24), Duration.ofHours(72)),
            "low", new Target(Duration.ofHours(72), Duration.ofDays(7)));

    /** Tickets one user may open per hour, and replies they may write per hour. */
    static final int TICKETS_PER_HOUR = 20;
    static final int MESSAGES_PER_HOUR = 120;
    static final int MAX_BODY = 20_000;

    record Ticket(long id, long userId, String owner, String subject, String category, String priority, String status,
                  String venue, String strategy, Long assigneeId, String assignee, Long mergedInto, Instant createdAt,
                  Instant updatedAt, Instant firstResponseDue, Instant resolutionDue, Instant firstResponseAt, Instant solvedAt) {
    }

    record Message(long id, String author, boolean staff, String body, boolean internal, Instant createdAt) {
    }

    /** A file attached to a ticket, without its bytes. */
    record Attachment(long id, String name, String contentType, int size, String sha256, String uploader, Instant createdAt) {
    }

    /** A file's bytes with what it is. */
    record File(Attachment meta, byte[] data) {
    }

    private static final String COLUMNS = "t.id, t.user_id, u.name, t.subject, t.category, t.priority, t.status, t.venue, t.strategy,"
            + " t.assignee_id, a.name, t.merged_into, t.created_at, t.updated_at, t.first_response_due, t.resolution_due,"
            + " t.first_response_at, t.solved_at FROM tickets t JOIN users u ON u.id = t.user_id"
            + " LEFT JOIN users a ON a.id = t.assignee_id";

    private final Sql sql;
    private final UsersDb users;
    private final Mailer mailer;
    private final Clock clock;
    private final String publicUrl;
    private final RateLimits ticketLimits;
    private final RateLimits messageLimits;
    private final Counter opened;
    private final Counter messages;

    Tickets(UsersDb users, Mailer mailer, Clock clock, String publicUrl, LongSupplier ticker, PrometheusRegistry metrics) {
        this.sql = users.sql();
        this.users = users;
        this.mailer = mailer;
        this.clock = clock;
        this.publicUrl = publicUrl;
        this.ticketLimits = new RateLimits(TICKETS_PER_HOUR, Duration.ofHours(1), "hour", ticker);
        this.messageLimits = new RateLimits(MESSAGES_PER_HOUR, Duration.ofHours(1), "hour", ticker);
        this.opened = Counter.builder().name("dpp_support_tickets_opened_total").help("Tickets opened, by category")
                .labelNames("category").register(metrics);
        this.messages = Counter.builder().name("dpp_support_messages_total")
                .help("Ticket messages by who wrote them (user, staff) and kind (reply, note: internal)").labelNames("by", "kind")
                .register(metrics);
        // The gauges show what refreshMetrics() last counted: a scrape never waits for the database.
        GaugeWithCallback.builder().name("dpp_support_tickets").help("Tickets by status (merged ones left out)").labelNames("status")
                .callback(cb -> {
                    Map<String, Long> counts = countsSeen;
                    for (String s : STATUSES) {
                        cb.call(counts.getOrDefault(s, 0L), s);
                    }
                }).register(metrics);
        GaugeWithCallback.builder().name("dpp_support_breaches")
                .help("Open or pending tickets past a target: first_response (no staff reply by its due time), resolution (not solved"
                        + " by its due time)").labelNames("target").callback(cb -> {
                            long[] b = breachesSeen;
                            cb.call(b[0], "first_response");
                            cb.call(b[1], "resolution");
                        }).register(metrics);
    }

    private static Ticket ticket(ResultSet rs) throws SQLException {
        long assignee = rs.getLong(10);
        Long assigneeId = rs.wasNull() ? null : assignee;
        long merged = rs.getLong(12);
        Long mergedInto = rs.wasNull() ? null : merged;
        return new Ticket(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getString(8), rs.getString(9), assigneeId, rs.getString(11), mergedInto, Sql.time(rs, 13),
                Sql.time(rs, 14), Sql.time(rs, 15), Sql.time(rs, 16), Sql.time(rs, 17), Sql.time(rs, 18));
    }

    // ---- users -----------------------------------------------------------------------------------

    /** Opens a ticket with its first message. */
    Ticket open(Grant grant, String subject, String body, String category, String priority, String venue, String strategy,
                Users.Actor actor) {
        UsersDb.User u = me(grant);
        ticketLimits.check(u.name(), "tickets per user");
        Instant now = clock.instant();
        Target target = TARGETS.get(priority);
        long id = sql.transaction(c -> {
            List<String> columns = new ArrayList<>(List.of("user_id", "subject", "category", "priority", "status", "created_at",
                    "updated_at", "first_response_due", "resolution_due"));
            List<Object> values = new ArrayList<>(List.of(u.id(), subject, category, priority, "open", now, now,
                    now.plus(target.firstResponse()), now.plus(target.resolution())));
            if (venue != null) {
                columns.add("venue");
                values.add(venue);
            }
            if (strategy != null) {
                columns.add("strategy");
                values.add(strategy);
            }
            long ticket = Sql.insert(c, "INSERT INTO tickets (" + String.join(", ", columns) + ") VALUES ("
                    + "?, ".repeat(columns.size() - 1) + "?)", values.toArray());
            Sql.update(c, "INSERT INTO ticket_messages (ticket_id, author_id, body, internal, created_at) VALUES (?, ?, ?, ?, ?)",
                    ticket, u.id(), body, false, now);
            return ticket;
        });
        opened.labelValues(category).inc();
        messages.labelValues("user", "reply").inc();
        return find(id);
    }

    /**
     * Tickets the caller may see, newest first: a user's own; for staff every ticket, filtered by
     * status, priority, category, assignee ({@code me}, {@code none} or a user id) and owner.
     */
    List<Ticket> list(Grant grant, String status, String priority, String category, String assignee, Long owner, int limit,
                      int offset) {
        UsersDb.User u = me(grant);
        StringBuilder where = new StringBuilder(" WHERE t.merged_into IS NULL");
        List<Object> args = new ArrayList<>();
        if (!grant.staff()) {
            where.append(" AND t.user_id = ?");
            args.add(u.id());
        } else if (owner != null) {
            where.append(" AND t.user_id = ?");
            args.add(owner);
        }
        for (String[] f : new String[][] {{"t.status", status}, {"t.priority", priority}, {"t.category", category}}) {
            if (f[1] != null) {
                where.append(" AND ").append(f[0]).append(" = ?");
                args.add(f[1]);
            }
        }
        if (assignee != null && grant.staff()) {
            if (assignee.equals("none")) {
                where.append(" AND t.assignee_id IS NULL");
            } else {
                where.append(" AND t.assignee_id = ?");
                args.add(assignee.equals("me") ? u.id() : Long.parseLong(assignee));
            }
        }
        return sql.query("SELECT " + COLUMNS + where + " ORDER BY t.id DESC OFFSET " + offset + " ROWS FETCH FIRST " + limit
                + " ROWS ONLY", Tickets::ticket, args.toArray());
    }

    /** A ticket the caller may see, with its messages (internal notes for staff only); 404 otherwise. */
    Map.Entry<Ticket, List<Message>> get(Grant grant, long id) {
        Ticket t = visible(grant, id);
        List<Message> thread = sql.query("SELECT m.id, u.name, u.role, m.body, m.internal, m.created_at FROM ticket_messages m"
                + " JOIN users u ON u.id = m.author_id WHERE m.ticket_id = ?" + (grant.staff() ? "" : " AND m.internal = FALSE")
                + " ORDER BY m.id", rs -> new Message(rs.getLong(1), rs.getString(2), !rs.getString(3).equals(Grant.USER),
                rs.getString(4), rs.getBoolean(5), Sql.time(rs, 6)), id);
        return Map.entry(t, thread);
    }

    /**
     * Adds a reply (or, for staff, an internal note). A user's reply reopens a pending or solved
     * ticket; a staff reply marks it pending (waiting for the user), counts as the first response,
     * and is mailed to the user unless they turned ticket mail off.
     */
    Message reply(Grant grant, long id, String body, boolean internal, Users.Actor actor) {
        Ticket t = visible(grant, id);
        if (internal && !grant.staff()) {
            throw new HttpProblem(403, "forbidden", "only support staff write internal notes");
        }
        if (t.status().equals("closed") || t.mergedInto() != null) {
            throw new HttpProblem(409, "conflict", "ticket " + id + " is closed" + (t.mergedInto() != null ? " (merged into "
                    + t.mergedInto() + ")" : "") + "; open a new one");
        }
        UsersDb.User u = me(grant);
        messageLimits.check(u.name(), "ticket messages per user");
        boolean staffReply = grant.staff() && u.id() != t.userId();
        Instant now = clock.instant();
        long mid = sql.transaction(c -> {
            long message = Sql.insert(c, "INSERT INTO ticket_messages (ticket_id, author_id, body, internal, created_at)"
                    + " VALUES (?, ?, ?, ?, ?)", id, u.id(), body, internal, now);
            if (!internal) {
                String status = staffReply ? "pending" : "open";
                Sql.update(c, "UPDATE tickets SET status = ?, updated_at = ? WHERE id = ?", status, now, id);
                if (!staffReply && t.solvedAt() != null) {
                    Sql.update(c, "UPDATE tickets SET solved_at = NULL WHERE id = ?", id);
                }
                if (staffReply && t.firstResponseAt() == null) {
                    Sql.update(c, "UPDATE tickets SET first_response_at = ? WHERE id = ?", now, id);
                }
                if (staffReply) {
                    UsersDb.User owner = UsersDb.byId(c, t.userId());
                    if (owner.email() != null && owner.notifyTickets()) {
                        mailer.enqueue(c, owner.email(), "Re: [DPP #" + id + "] " + t.subject(), u.name() + " replied to your ticket #"
                                + id + ":\n\n" + body + "\n\nReply at " + publicUrl + "/api/v1/tickets/" + id + "/messages\n", "ticket");
                    }
                }
            } else {
                Sql.update(c, "UPDATE tickets SET updated_at = ? WHERE id = ?", now, id);
            }
            if (grant.staff()) {
                UsersDb.audit(c, now, u.name(), internal ? "ticket_note" : "ticket_reply", "ticket " + id, "", actor.address());
            }
            return message;
        });
        messages.labelValues(grant.staff() ? "staff" : "user", internal ? "note" : "reply").inc();
        if (staffReply && !internal) {
            mailer.wake();
        }
        return new Message(mid, u.name(), grant.staff(), body, internal, now);
    }

    /**
     * Changes status, priority or assignee. A user may close their ticket or reopen a solved one;
     * staff may change anything. A new priority moves the due times (from the ticket's opening).
     */
    Ticket update(Grant grant, long id, String status, String priority, Long assignee, boolean unassign, Users.Actor actor) {
        Ticket t = visible(grant, id);
        if (!grant.staff()) {
            if (priority != null || assignee != null || unassign) {
                throw new HttpProblem(403, "forbidden", "only support staff change a ticket's priority or assignee");
            }
            if (status != null && !(status.equals("closed") || (status.equals("open") && t.status().equals("solved")))) {
                throw new HttpProblem(403, "forbidden", "you may close your ticket, or reopen it once solved; support sets the rest");
            }
        }
        if (t.mergedInto() != null) {
            throw new HttpProblem(409, "conflict", "ticket " + id + " was merged into " + t.mergedInto());
        }
        if (assignee != null) {
            UsersDb.User a = users.byId(assignee);
            if (a == null || a.role().equals(Grant.USER)) {
                throw Users.bad("assignee must be the id of a support or admin user");
            }
        }
        Instant now = clock.instant();
        String actorName = grant.user();
        sql.transaction(c -> {
            StringBuilder what = new StringBuilder();
            if (status != null && !status.equals(t.status())) {
                Sql.update(c, "UPDATE tickets SET status = ? WHERE id = ?", status, id);
                if (status.equals("solved") || status.equals("closed")) {
                    if (t.solvedAt() == null) {
                        Sql.update(c, "UPDATE tickets SET solved_at = ? WHERE id = ?", now, id);
                    }
                } else {
                    Sql.update(c, "UPDATE tickets SET solved_at = NULL WHERE id = ?", id);
                }
                what.append("status ").append(t.status()).append(" -> ").append(status).append("; ");
            }
            if (priority != null && !priority.equals(t.priority())) {
                Target target = TARGETS.get(priority);
                Sql.update(c, "UPDATE tickets SET priority = ?, first_response_due = ?, resolution_due = ? WHERE id = ?", priority,
                        t.createdAt().plus(target.firstResponse()), t.createdAt().plus(target.resolution()), id);
                what.append("priority ").append(t.priority()).append(" -> ").append(priority).append("; ");
            }
            if (assignee != null) {
                Sql.update(c, "UPDATE tickets SET assignee_id = ? WHERE id = ?", assignee, id);
                what.append("assignee ").append(assignee).append("; ");
            } else if (unassign) {
                Sql.update(c, "UPDATE tickets SET assignee_id = NULL WHERE id = ?", id);
                what.append("unassigned; ");
            }
            Sql.update(c, "UPDATE tickets SET updated_at = ? WHERE id = ?", now, id);
            if (grant.staff()) {
                UsersDb.audit(c, now, actorName, "ticket_updated", "ticket " + id, what.toString().trim(), actor.address());
            }
            return null;
        });
        return find(id);
    }

    /** Merges a duplicate into another ticket (staff): the duplicate closes and points at it; a note says so on both. */
    Ticket merge(Grant grant, long id, long into, Users.Actor actor) {
        if (!grant.staff()) {
            throw new HttpProblem(403, "forbidden", "only support staff merge tickets");
        }
        if (id == into) {
            throw Users.bad("into must be another ticket");
        }
        Ticket t = visible(grant, id);
        Ticket target = find(into);
        if (target == null) {
            throw new HttpProblem(404, "not_found", "no ticket " + into);
        }
        if (t.mergedInto() != null || target.mergedInto() != null) {
            throw new HttpProblem(409, "conflict", "ticket " + (t.mergedInto() != null ? id : into) + " was merged already");
        }
        UsersDb.User u = me(grant);
        Instant now = clock.instant();
        sql.transaction(c -> {
            Sql.update(c, "UPDATE tickets SET merged_into = ?, status = 'closed', solved_at = ?, updated_at = ? WHERE id = ?", into, now,
                    now, id);
            Sql.update(c, "INSERT INTO ticket_messages (ticket_id, author_id, body, internal, created_at) VALUES (?, ?, ?, ?, ?)",
                    into, u.id(), "Ticket #" + id + " (" + t.owner() + ": " + t.subject() + ") was merged into this one.", true, now);
            Sql.update(c, "INSERT INTO ticket_messages (ticket_id, author_id, body, internal, created_at) VALUES (?, ?, ?, ?, ?)",
                    id, u.id(), "This ticket was merged into #" + into + ", where the conversation goes on.", false, now);
            UsersDb.audit(c, now, u.name(), "ticket_merged", "ticket " + id, "into " + into, actor.address());
            return null;
        });
        return find(id);
    }

    /** Attaches a file to a ticket the caller may see (type and size checked by {@link Attachments}). */
    Attachment attach(Grant grant, long id, String name, byte[] data, Users.Actor actor) {
        Ticket t = visible(grant, id);
        if (t.status().equals("closed") || t.mergedInto() != null) {
            throw new HttpProblem(409, "conflict", "ticket " + id + " is closed; open a new one");
        }
        String type = Attachments.type(name, data);
        UsersDb.User u = me(grant);
        messageLimits.check(u.name(), "ticket messages and files per user");
        String sha = AccountsDb.sha256(data);
        Instant now = clock.instant();
        long aid = sql.transaction(c -> {
            long count = Sql.query(c, "SELECT COUNT(*) FROM ticket_attachments WHERE ticket_id = ?", rs -> rs.getLong(1), id).get(0);
            if (count >= Attachments.MAX_PER_TICKET) {
                throw new HttpProblem(409, "conflict", "ticket " + id + " has " + count + " files, the most it takes");
            }
            long a = Sql.insert(c, "INSERT INTO ticket_attachments (ticket_id, uploader_id, name, content_type, size, sha256, data,"
                    + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", id, u.id(), name, type, data.length, sha, data, now);
            Sql.update(c, "UPDATE tickets SET updated_at = ? WHERE id = ?", now, id);
            if (grant.staff()) {
                UsersDb.audit(c, now, u.name(), "ticket_file", "ticket " + id, name + " (" + data.length + " bytes)", actor.address());
            }
            return a;
        });
        return new Attachment(aid, name, type, data.length, sha, u.name(), now);
    }

    /** The files of a ticket (the caller must see it). */
    List<Attachment> attachments(long id) {
        return sql.query("SELECT a.id, a.name, a.content_type, a.size, a.sha256, u.name, a.created_at FROM ticket_attachments a"
                + " JOIN users u ON u.id = a.uploader_id WHERE a.ticket_id = ? ORDER BY a.id", rs -> new Attachment(rs.getLong(1),
                rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5), rs.getString(6), Sql.time(rs, 7)), id);
    }

    /** A file of a ticket the caller may see; 404 otherwise. */
    File file(Grant grant, long id, long attachment) {
        visible(grant, id);
        File f = sql.one("SELECT a.id, a.name, a.content_type, a.size, a.sha256, u.name, a.created_at, a.data FROM ticket_attachments a"
                + " JOIN users u ON u.id = a.uploader_id WHERE a.ticket_id = ? AND a.id = ?", rs -> new File(new Attachment(rs.getLong(1),
                rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5), rs.getString(6), Sql.time(rs, 7)), rs.getBytes(8)),
                id, attachment);
        if (f == null) {
            throw new HttpProblem(404, "not_found", "ticket " + id + " has no file " + attachment);
        }
        return f;
    }

    // ---- queries ---------------------------------------------------------------------------------

    Ticket find(long id) {
        return sql.one("SELECT " + COLUMNS + " WHERE t.id = ?", Tickets::ticket, id);
    }

    private Ticket visible(Grant grant, long id) {
        Ticket t = find(id);
        if (t == null || (!grant.staff() && !t.owner().equals(grant.user()))) {
            throw new HttpProblem(404, "not_found", "no ticket " + id);
        }
        return t;
    }

    /** Tickets by status, merged ones left out. */
    /** What the gauges last counted; refreshed by {@link #refreshMetrics()}. */
    private volatile Map<String, Long> countsSeen = Map.of();
    private volatile long[] breachesSeen = {0, 0};

    /**
     * Counts tickets by status and breaches again for the gauges (off the scrape: the accounts
     * service calls it on a schedule). Keeps the previous counts while the database is away.
     */
    void refreshMetrics() {
        try {
            Map<String, Long> counts = new java.util.HashMap<>();
            sql.query("SELECT status, COUNT(*) FROM tickets WHERE merged_into IS NULL GROUP BY status", rs -> counts.put(rs.getString(1),
                    rs.getLong(2)));
            // Open or pending tickets past their first-response and resolution due times, now.
            Instant now = clock.instant();
            Long first = sql.one("SELECT COUNT(*) FROM tickets WHERE merged_into IS NULL AND status IN ('open', 'pending')"
                    + " AND first_response_at IS NULL AND first_response_due < ?", rs -> rs.getLong(1), now);
            Long resolution = sql.one("SELECT COUNT(*) FROM tickets WHERE merged_into IS NULL AND status IN ('open', 'pending')"
                    + " AND resolution_due < ?", rs -> rs.getLong(1), now);
            countsSeen = Map.copyOf(counts);
            breachesSeen = new long[] {first, resolution};
        } catch (AccountsException e) {
            // The database is away (DatabaseProbe reports it): the gauges keep their last counts.
        }
    }

    private UsersDb.User me(Grant grant) {
        UsersDb.User u = users.byName(grant.user());
        if (u == null) {
            throw new HttpProblem(404, "not_found", "no user " + grant.user());
        }
        return u;
    }
}
