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
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Feedback and messages over REST (docs/support.md): ratings, NPS answers and ticket satisfaction
 * under {@code /api/v1/feedback} and {@code /api/v1/tickets/{id}/satisfaction}, with aggregates for
 * staff; the inbox and the admins' announcements under {@code /api/v1/messages}.
 */
final class SupportApi {

    static final int MAX_BODY = 32 * 1024;

    private final Feedback feedback;
    private final Messages messages;
    private final Tickets tickets;
    private final Blocking blocking;
    private final Clock clock;

    SupportApi(Feedback feedback, Messages messages, Tickets tickets, Blocking blocking, Clock clock) {
        this.feedback = feedback;
        this.messages = messages;
        this.tickets = tickets;
        this.blocking = blocking;
        this.clock = clock;
    }

    void install(Router router) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY);
        for (String path : List.of("/api/v1/feedback", "/api/v1/feedback/nps", "/api/v1/tickets/:id/satisfaction", "/api/v1/messages")) {
            router.post(path).handler(JsonBody::jsonOnly);
            router.post(path).handler(body);
        }

        // ---- feedback
        router.post("/api/v1/feedback").handler(ctx -> {
            Grant g = Grant.of(ctx);
            JsonNode b = JsonBody.object(ctx, Set.of("service", "subject", "rating", "comment"));
            String service = JsonBody.text(b, "service", true, 32);
            String subject = JsonBody.text(b, "subject", false, 128);
            int rating = JsonBody.bounded(b, "rating", -1, 1, 5);
            if (rating < 0) {
                throw Users.bad("rating is required: a whole number from 1 to 5");
            }
            String comment = JsonBody.text(b, "comment", false, Feedback.MAX_COMMENT);
            blocking.call(ctx, 201, () -> entryView(feedback.rate(g, service, subject, rating, comment)));
        });
        router.post("/api/v1/feedback/nps").handler(ctx -> {
            Grant g = Grant.of(ctx);
            JsonNode b = JsonBody.object(ctx, Set.of("score", "comment"));
            int score = JsonBody.bounded(b, "score", -1, 0, 10);
            if (score < 0) {
                throw Users.bad("score is required: a whole number from 0 to 10");
            }
            String comment = JsonBody.text(b, "comment", false, Feedback.MAX_COMMENT);
            blocking.call(ctx, 201, () -> entryView(feedback.nps(g, score, comment)));
        });
        router.post("/api/v1/tickets/:id/satisfaction").handler(ctx -> {
            Grant g = Grant.of(ctx);
            long id = TicketsApi.id(ctx, "id");
            JsonNode b = JsonBody.object(ctx, Set.of("rating", "comment"));
            int rating = JsonBody.bounded(b, "rating", -1, 1, 5);
            if (rating < 0) {
                throw Users.bad("rating is required: a whole number from 1 to 5");
            }
            String comment = JsonBody.text(b, "comment", false, Feedback.MAX_COMMENT);
            blocking.call(ctx, 201, () -> {
                Tickets.Ticket t = tickets.find(id);
                if (t == null) {
                    throw new HttpProblem(404, "not_found", "no ticket " + id);
                }
                return entryView(feedback.satisfaction(g, t, rating, comment));
            });
        });
        router.get("/api/v1/feedback").handler(ctx -> {
            Grant g = Grant.of(ctx);
            String kind = ctx.request().getParam("kind");
            if (kind != null && !List.of("rating", "nps", "csat").contains(kind)) {
                throw Users.bad("kind must be rating, nps or csat; got \"" + JsonBody.cut(kind) + "\"");
            }
            int days = QueryParams.bounded(ctx, "days", 30, 1, 3660);
            int limit = QueryParams.bounded(ctx, "limit", 100, 1, 500);
            Instant now = clock.instant();
            blocking.call(ctx, 200, () -> Map.of("feedback", feedback.list(g, kind, now.minus(Duration.ofDays(days)), now.plusSeconds(1),
                    limit).stream().map(SupportApi::entryView).toList()));
        });
        router.get("/api/v1/feedback/summary").handler(ctx -> {
            int days = QueryParams.bounded(ctx, "days", 90, 1, 366);
            Grant g = Grant.of(ctx);
            if (!g.staff()) {
                throw new HttpProblem(403, "forbidden", "only support staff and admins read the feedback's aggregates");
            }
            Instant now = clock.instant();
            blocking.call(ctx, 200, () -> feedback.summary(now.minus(Duration.ofDays(days)), now.plusSeconds(1)));
        });

        // ---- messages
        router.post("/api/v1/messages").handler(ctx -> {
            Grant g = Grant.of(ctx);
            JsonNode b = JsonBody.object(ctx, Set.of("kind", "audience", "plan", "user", "subject", "body", "starts", "ends"));
            String kind = b.hasNonNull("kind") ? JsonBody.text(b, "kind", true, 16) : "announcement";
            if (!Messages.KINDS.contains(kind)) {
                throw Users.bad("kind must be one of " + Messages.KINDS + "; got \"" + JsonBody.cut(kind) + "\"");
            }
            String audience = b.hasNonNull("audience") ? JsonBody.text(b, "audience", true, 8) : "all";
            if (!Messages.AUDIENCES.contains(audience)) {
                throw Users.bad("audience must be one of " + Messages.AUDIENCES + "; got \"" + JsonBody.cut(audience) + "\"");
            }
            String plan = JsonBody.text(b, "plan", false, 64);
            JsonNode user = b.get("user");
            if (user != null && !user.isNull() && (!user.isIntegralNumber() || user.longValue() < 1)) {
                throw Users.bad("user must be a user's id");
            }
            Long userId = user == null || user.isNull() ? null : user.longValue();
            String subject = JsonBody.text(b, "subject", true, 200);
            String text = JsonBody.text(b, "body", true, 20_000);
            if (subject.isBlank() || text.isBlank()) {
                throw Users.bad((subject.isBlank() ? "subject" : "body") + " must not be empty");
            }
            TicketsApi.line(subject, "subject");
            Instant starts = time(b, "starts");
            Instant ends = time(b, "ends");
            blocking.call(ctx, 201, () -> {
                Map.Entry<Messages.Message, Integer> sent = messages.send(g, kind, audience, plan, userId, subject.strip(), text.strip(),
                        starts, ends, new Users.Actor(g.user(), UsersApi.address(ctx)));
                Map<String, Object> out = messageView(sent.getKey());
                out.put("recipients", sent.getValue());
                return out;
            });
        });
        router.get("/api/v1/messages").handler(ctx -> {
            Grant g = Grant.of(ctx);
            boolean unread = flag(ctx, "unread");
            boolean sentOnes = flag(ctx, "sent");
            int limit = QueryParams.bounded(ctx, "limit", 100, 1, 500);
            blocking.call(ctx, 200, () -> Map.of("messages", messages.inbox(g, unread, sentOnes, limit).stream()
                    .map(SupportApi::messageView).toList()));
        });
        router.post("/api/v1/messages/read-all").handler(ctx -> {
            Grant g = Grant.of(ctx);
            blocking.call(ctx, 200, () -> Map.of("read", messages.readAll(g)));
        });
        router.get("/api/v1/messages/:id").handler(ctx -> {
            Grant g = Grant.of(ctx);
            long id = TicketsApi.id(ctx, "id");
            blocking.call(ctx, 200, () -> messageView(messages.find(g, id)));
        });
        router.post("/api/v1/messages/:id/read").handler(ctx -> {
            Grant g = Grant.of(ctx);
            long id = TicketsApi.id(ctx, "id");
            blocking.call(ctx, 200, () -> messageView(messages.read(g, id)));
        });
    }

    static Map<String, Object> entryView(Feedback.Entry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("user", e.user());
        m.put("kind", e.kind());
        m.put("service", e.service());
        m.put("subject", e.subject());
        m.put("score", e.score());
        m.put("comment", e.comment());
        m.put("created", e.createdAt().toString());
        return m;
    }

    static Map<String, Object> messageView(Messages.Message msg) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", msg.id());
        m.put("kind", msg.kind());
        m.put("audience", msg.audience());
        m.put("plan", msg.plan());
        m.put("user", msg.user());
        m.put("subject", msg.subject());
        m.put("body", msg.body());
        m.put("sender", msg.sender());
        m.put("created", msg.createdAt().toString());
        m.put("starts", msg.startsAt() == null ? null : msg.startsAt().toString());
        m.put("ends", msg.endsAt() == null ? null : msg.endsAt().toString());
        m.put("read", msg.readAt() != null);
        return m;
    }

    private static boolean flag(RoutingContext ctx, String name) {
        String v = ctx.request().getParam(name);
        if (v == null || v.isBlank()) {
            return false;
        }
        if (!v.equals("true") && !v.equals("false")) {
            throw Users.bad(name + " must be true or false; got \"" + JsonBody.cut(v) + "\"");
        }
        return v.equals("true");
    }

    private static Instant time(JsonNode b, String field) {
        String v = JsonBody.text(b, field, false, 40);
        if (v == null) {
            return null;
        }
        try {
            Instant t = Instant.parse(v);
            if (t.isBefore(Instant.EPOCH) || t.isAfter(Instant.parse("9999-12-31T23:59:59Z"))) {
                throw Users.bad(field + " must lie from 1970 to 9999");
            }
            return t;
        } catch (DateTimeParseException e) {
            throw Users.bad(field + " must be an ISO-8601 UTC time such as 2026-12-24T02:00:00Z; got \"" + JsonBody.cut(v) + "\"");
        }
    }
}
