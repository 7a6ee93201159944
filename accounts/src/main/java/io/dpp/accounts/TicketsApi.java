package io.dpp.accounts;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.runtime.access.Grant;
import io.dpp.runtime.http.HttpProblem;
import io.dpp.runtime.http.JsonBody;
import io.dpp.runtime.http.QueryParams;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The support tickets' REST API under {@code /api/v1/tickets} (docs/support.md). A user sees and
 * writes to their own tickets only (another's is 404); support staff and admins see the queue,
 * assign, reply, write internal notes, merge and change priority and status. Bodies are JSON of
 * known fields; the work runs on the accounts service's blocking pool.
 */
final class TicketsApi {

    static final int MAX_BODY = 32 * 1024;
    static final int MAX_LIST = 500;
    static final Set<String> OPEN_FIELDS = Set.of("subject", "body", "category", "priority", "venue", "strategy");

    /** File uploads held in memory at once. */
    static final int MAX_UPLOADS = 8;

    private final java.util.concurrent.atomic.AtomicInteger uploads = new java.util.concurrent.atomic.AtomicInteger();
    private final Tickets tickets;
    private final Blocking blocking;
    private final Clock clock;

    TicketsApi(Tickets tickets, Blocking blocking, Clock clock) {
        this.tickets = tickets;
        this.blocking = blocking;
        this.clock = clock;
    }

    void install(Router router) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY);
        for (String path : List.of("/api/v1/tickets", "/api/v1/tickets/:id/messages", "/api/v1/tickets/:id/merge")) {
            router.post(path).handler(JsonBody::jsonOnly);
            router.post(path).handler(body);
        }
        router.patch("/api/v1/tickets/:id").handler(JsonBody::jsonOnly);
        router.patch("/api/v1/tickets/:id").handler(body);

        // Files: the raw bytes as the body, at most Attachments.MAX_BYTES, held in memory (never on
        // disk) by at most MAX_UPLOADS requests at once (503 beyond them, before a byte is read).
        String files = "/api/v1/tickets/:id/attachments";
        router.post(files).handler(this::uploadSlot);
        router.post(files).handler(BodyHandler.create(false).setBodyLimit(Attachments.MAX_BYTES));
        router.post(files).handler(ctx -> {
            Grant g = Grant.of(ctx);
            long id = id(ctx);
            String name = ctx.request().getParam("name");
            byte[] data = ctx.body() == null || ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
            blocking.call(ctx, 201, () -> attachmentView(tickets.attach(g, id, name, data, actor(ctx, g)), id));
        });
        router.get("/api/v1/tickets/:id/attachments/:file").handler(ctx -> {
            Grant g = Grant.of(ctx);
            long id = id(ctx);
            long file = id(ctx, "file");
            blocking.run(ctx, () -> tickets.file(g, id, file), f -> ctx.response()
                    .putHeader("Content-Type", f.meta().contentType())
                    .putHeader("Content-Disposition", "attachment; filename=\"" + f.meta().name() + "\"")
                    .putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader("Content-Security-Policy", "default-src 'none'; sandbox")
                    .putHeader("Cache-Control", "private, no-store")
                    .end(io.vertx.core.buffer.Buffer.buffer(f.data())));
        });

        router.post("/api/v1/tickets").handler(ctx -> {
            Grant g = Grant.of(ctx);
            JsonNode b = JsonBody.object(ctx, OPEN_FIELDS);
            String subject = line(required(JsonBody.text(b, "subject", true, 200), "subject"), "subject");
            String text = required(JsonBody.text(b, "body", true, Tickets.MAX_BODY), "body");
            String category = oneOf(JsonBody.text(b, "category", true, 16), "category", Tickets.CATEGORIES);
            String priority = b.hasNonNull("priority") ? oneOf(JsonBody.text(b, "priority", true, 8), "priority", Tickets.PRIORITIES)
                    : "normal";
            String venue = name(JsonBody.text(b, "venue", false, 32), "venue", "[a-z][a-z0-9-]{0,31}");
            String strategy = name(JsonBody.text(b, "strategy", false, 64), "strategy", "[A-Za-z0-9][A-Za-z0-9:._-]{0,63}");
            blocking.call(ctx, 201, () -> view(tickets.open(g, subject, text, category, priority, venue, strategy, actor(ctx, g))));
        });
        router.get("/api/v1/tickets").handler(ctx -> {
            Grant g = Grant.of(ctx);
            String status = optional(ctx, "status", Tickets.STATUSES);
            String priority = optional(ctx, "priority", Tickets.PRIORITIES);
            String category = optional(ctx, "category", Tickets.CATEGORIES);
            String assignee = ctx.request().getParam("assignee");
            if (assignee != null && !assignee.matches("me|none|[0-9]{1,18}")) {
                throw Users.bad("assignee must be me, none or a user id; got \"" + JsonBody.cut(assignee) + "\"");
            }
            long owner = QueryParams.bounded(ctx, "user", 0L, 1L, 999_999_999_999_999_999L);
            int limit = QueryParams.bounded(ctx, "limit", 100, 1, MAX_LIST);
            int offset = QueryParams.bounded(ctx, "offset", 0, 0, 1_000_000);
            blocking.call(ctx, 200, () -> {
                Instant now = clock.instant();
                return Map.of("tickets", tickets.list(g, status, priority, category, assignee, owner == 0 ? null : owner, limit, offset)
                        .stream().map(t -> view(t, now)).toList());
            });
        });
        router.get("/api/v1/tickets/:id").handler(ctx -> {
            Grant g = Grant.of(ctx);
            long id = id(ctx);
            blocking.call(ctx, 200, () -> {
                Map.Entry<Tickets.Ticket, List<Tickets.Message>> t = tickets.get(g, id);
                Map<String, Object> out = view(t.getKey());
                out.put("messages", t.getValue().stream().map(TicketsApi::messageView).toList());
                out.put("attachments", tickets.attachments(id).stream().map(a -> attachmentView(a, id)).toList());
                return out;
            });
        });
        router.post("/api/v1/tickets/:id/messages").handler(ctx -> {
            Grant g = Grant.of(ctx);
            long id = id(ctx);
            JsonNode b = JsonBody.object(ctx, Set.of("body", "internal"));
            String text = required(JsonBody.text(b, "body", true, Tickets.MAX_BODY), "body");
            boolean internal = Boolean.TRUE.equals(JsonBody.bool(b, "internal"));
            blocking.call(ctx, 201, () -> messageView(tickets.reply(g, id, text, internal, actor(ctx, g))));
        });
        router.patch("/api/v1/tickets/:id").handler(ctx -> {
            Grant g = Grant.of(ctx);
            long id = id(ctx);
            JsonNode b = JsonBody.object(ctx, Set.of("status", "priority", "assignee"));
            String status = b.hasNonNull("status") ? oneOf(JsonBody.text(b, "status", true, 8), "status", Tickets.STATUSES) : null;
            String priority = b.hasNonNull("priority") ? oneOf(JsonBody.text(b, "priority", true, 8), "priority", Tickets.PRIORITIES)
                    : null;
            JsonNode a = b.get("assignee");
            boolean unassign = a != null && a.isNull();
            Long assignee = null;
            if (a != null && !a.isNull()) {
                if (!a.isIntegralNumber() || a.longValue() < 1) {
                    throw Users.bad("assignee must be a user id, or null to unassign");
                }
                assignee = a.longValue();
            }
            Long chosen = assignee;
            blocking.call(ctx, 200, () -> view(tickets.update(g, id, status, priority, chosen, unassign, actor(ctx, g))));
        });
        router.post("/api/v1/tickets/:id/merge").handler(ctx -> {
            Grant g = Grant.of(ctx);
            long id = id(ctx);
            JsonNode into = JsonBody.object(ctx, Set.of("into")).get("into");
            if (into == null || !into.isIntegralNumber() || into.longValue() < 1) {
                throw Users.bad("into must be the id of the ticket to merge into");
            }
            long target = into.longValue();
            blocking.call(ctx, 200, () -> view(tickets.merge(g, id, target, actor(ctx, g))));
        });
    }

    // ---- views -----------------------------------------------------------------------------------

    private Map<String, Object> view(Tickets.Ticket t) {
        return view(t, clock.instant());
    }

    static Map<String, Object> view(Tickets.Ticket t, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("user", t.owner());
        m.put("subject", t.subject());
        m.put("category", t.category());
        m.put("priority", t.priority());
        m.put("status", t.status());
        m.put("venue", t.venue());
        m.put("strategy", t.strategy());
        m.put("assignee", t.assignee());
        m.put("merged_into", t.mergedInto());
        m.put("created", t.createdAt().toString());
        m.put("updated", t.updatedAt().toString());
        m.put("first_response_due", t.firstResponseDue().toString());
        m.put("resolution_due", t.resolutionDue().toString());
        m.put("first_response", t.firstResponseAt() == null ? null : t.firstResponseAt().toString());
        m.put("solved", t.solvedAt() == null ? null : t.solvedAt().toString());
        boolean active = t.mergedInto() == null && (t.status().equals("open") || t.status().equals("pending"));
        m.put("first_response_breached", t.firstResponseAt() == null ? active && now.isAfter(t.firstResponseDue())
                : t.firstResponseAt().isAfter(t.firstResponseDue()));
        m.put("resolution_breached", t.solvedAt() == null ? active && now.isAfter(t.resolutionDue())
                : t.solvedAt().isAfter(t.resolutionDue()));
        return m;
    }

    static Map<String, Object> attachmentView(Tickets.Attachment a, long ticket) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("name", a.name());
        m.put("content_type", a.contentType());
        m.put("size", a.size());
        m.put("sha256", a.sha256());
        m.put("uploader", a.uploader());
        m.put("created", a.createdAt().toString());
        m.put("url", "/api/v1/tickets/" + ticket + "/attachments/" + a.id());
        return m;
    }

    /** Takes one of {@value #MAX_UPLOADS} upload places for this request (given back when it ends), or 503. */
    private void uploadSlot(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/")) {
            throw new HttpProblem(415, "unsupported_media_type", "send the file's bytes as the body (application/octet-stream),"
                    + " not a form; name it with ?name=");
        }
        if (uploads.incrementAndGet() > MAX_UPLOADS) {
            uploads.decrementAndGet();
            throw new HttpProblem(503, "unavailable", "too many files are being uploaded at once; retry shortly");
        }
        ctx.addEndHandler(v -> uploads.decrementAndGet());
        ctx.next();
    }

    static Map<String, Object> messageView(Tickets.Message msg) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", msg.id());
        m.put("author", msg.author());
        m.put("staff", msg.staff());
        m.put("internal", msg.internal());
        m.put("body", msg.body());
        m.put("created", msg.createdAt().toString());
        return m;
    }

    // ---- parameters ------------------------------------------------------------------------------

    private static Users.Actor actor(RoutingContext ctx, Grant g) {
        return new Users.Actor(g.user(), UsersApi.address(ctx));
    }

    private static long id(RoutingContext ctx) {
        return id(ctx, "id");
    }

    /** A path parameter that is a row id: 1 to 10^18 - 1, 400 otherwise. */
    static long id(RoutingContext ctx, String name) {
        String id = ctx.pathParam(name);
        if (id == null || !id.matches("[0-9]{1,18}") || Long.parseLong(id) < 1) {
            throw Users.bad(name + " must be a whole number from 1 to 999999999999999999; got \"" + JsonBody.cut(String.valueOf(id))
                    + "\"");
        }
        return Long.parseLong(id);
    }

    private static String required(String text, String field) {
        if (text.isBlank()) {
            throw Users.bad(field + " must not be empty");
        }
        return text.strip();
    }

    /** A text of one line: no control characters (it goes into mail subjects). */
    static String line(String text, String field) {
        if (text.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7F)) {
            throw Users.bad(field + " must be one line, without control characters");
        }
        return text;
    }

    private static String oneOf(String value, String field, List<String> allowed) {
        if (!allowed.contains(value)) {
            throw Users.bad(field + " must be one of " + allowed + "; got \"" + JsonBody.cut(value) + "\"");
        }
        return value;
    }

    private static String name(String value, String field, String pattern) {
        if (value != null && !value.matches(pattern)) {
            throw Users.bad(field + " must match " + pattern + "; got \"" + JsonBody.cut(value) + "\"");
        }
        return value;
    }

    private static String optional(RoutingContext ctx, String param, List<String> allowed) {
        String v = ctx.request().getParam(param);
        if (v == null || v.isBlank()) {
            return null;
        }
        if (!allowed.contains(v)) {
            throw new HttpProblem(400, "bad_request", param + " must be one of " + allowed + "; got \"" + JsonBody.cut(v) + "\"");
        }
        return v;
    }
}
