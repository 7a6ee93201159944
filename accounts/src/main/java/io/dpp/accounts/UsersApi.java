package io.dpp.accounts;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.runtime.access.AccessGate;
import io.dpp.runtime.access.Grant;
import io.dpp.runtime.access.Plan;
import io.dpp.runtime.http.HttpProblem;
import io.dpp.runtime.http.JsonBody;
import io.dpp.runtime.http.QueryParams;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The users' REST API (docs/accounts.md "Users"): sign-up, verification, sign-in and out with a
 * session cookie, password change and reset, the second factor, the caller's sessions, API keys
 * and mail preferences under {@code /api/v1/users}; users, plans and the audit log for staff
 * ({@code /api/v1/users/{id}}, {@code /api/v1/plans}, {@code /api/v1/audit}).
 *
 * <p>Sign-up, sign-in, verification and password reset are public routes; everything else needs a
 * grant (an API key or the session cookie, whose state-changing requests echo the CSRF token; the
 * access gate checks both). The work blocks (database, Argon2id): it runs on a pool of two
 * threads with a bounded queue (503 beyond it), never on the event loop. Each address may try
 * {@code accounts.sign-in.per-address-per-minute} sign-ins and
 * {@code accounts.sign-in.sign-ups-per-address-per-hour} sign-ups or mail requests (429 with
 * Retry-After beyond them).
 */
final class UsersApi {

    static final int MAX_BODY = 8 * 1024;
    static final int MAX_LIST = 500;

    /** The public routes (no credential). */
    static final List<String> PUBLIC = List.of("/api/v1/users/sign-up", "/api/v1/users/sign-in", "/api/v1/users/verify",
            "/api/v1/users/verify/resend", "/api/v1/users/password/reset", "/api/v1/users/password/reset/confirm");

    /** Every path that takes a POST (with a body or without). */
    static final List<String> POST_PATHS = List.of("/api/v1/users", "/api/v1/users/sign-up", "/api/v1/users/verify",
            "/api/v1/users/verify/resend", "/api/v1/users/sign-in", "/api/v1/users/password/reset",
            "/api/v1/users/password/reset/confirm", "/api/v1/users/sign-out", "/api/v1/users/sign-out-everywhere",
            "/api/v1/users/me/password", "/api/v1/users/me/totp", "/api/v1/users/me/totp/confirm", "/api/v1/users/me/totp/disable",
            "/api/v1/users/me/keys");

    private final Users users;
    private final AccountsConfig config;
    private final Blocking blocking;
    private final RateLimits signInLimits;
    private final RateLimits signUpLimits;

    UsersApi(Users users, AccountsConfig config, Blocking blocking, LongSupplier ticker) {
        this.users = users;
        this.config = config;
        this.blocking = blocking;
        this.signInLimits = new RateLimits(config.signIn().perAddressPerMinute(), Duration.ofMinutes(1), "minute", ticker);
        this.signUpLimits = new RateLimits(config.signIn().signUpsPerAddressPerHour(), Duration.ofHours(1), "hour", ticker);
    }

    /** Mounts the routes on {@code router} and registers the public ones with {@code gate}. */
    void install(Router router, AccessGate gate) {
        PUBLIC.forEach(gate::publicRoute);
        // Bodies: JSON only (415 before reading), at most MAX_BODY; a POST without a body needs no type.
        BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY);
        for (String path : POST_PATHS) {
            router.post(path).handler(UsersApi::jsonOrEmpty);
            router.post(path).handler(body);
        }
        for (String path : List.of("/api/v1/users/me", "/api/v1/users/:id")) {
            router.patch(path).handler(JsonBody::jsonOnly);
            router.patch(path).handler(body);
        }
        router.put("/api/v1/plans/:name").handler(JsonBody::jsonOnly);
        router.put("/api/v1/plans/:name").handler(body);

        // public
        router.post("/api/v1/users/sign-up").handler(ctx -> {
            JsonNode b = JsonBody.object(ctx, Set.of("email", "password"));
            limit(ctx, signUpLimits, "sign-ups and mail requests");
            String email = JsonBody.text(b, "email", true, 254);
            String password = JsonBody.text(b, "password", true, 1024);
            call(ctx, 202, () -> {
                users.signUp(email, password, actor(ctx, "-"));
                return Map.of("status", "verification_sent", "message", "if " + Users.email(email) + " can be signed up, a"
                        + " verification link is on its way; open it, then sign in");
            });
        });
        router.get("/api/v1/users/verify").handler(ctx -> {
            String token = ctx.request().getParam("token");
            call(ctx, 200, () -> Map.of("status", "verified", "email", users.verify(token, actor(ctx, "-"))));
        });
        router.post("/api/v1/users/verify").handler(ctx -> {
            String token = JsonBody.text(JsonBody.object(ctx, Set.of("token")), "token", true, 64);
            call(ctx, 200, () -> Map.of("status", "verified", "email", users.verify(token, actor(ctx, "-"))));
        });
        router.post("/api/v1/users/verify/resend").handler(ctx -> {
            String email = JsonBody.text(JsonBody.object(ctx, Set.of("email")), "email", true, 254);
            limit(ctx, signUpLimits, "sign-ups and mail requests");
            call(ctx, 202, () -> {
                users.resendVerification(email, actor(ctx, "-"));
                return Map.of("status", "accepted", "message", "if " + Users.email(email) + " waits for verification, a new link"
                        + " is on its way");
            });
        });
        router.post("/api/v1/users/sign-in").handler(this::signIn);
        router.post("/api/v1/users/password/reset").handler(ctx -> {
            String email = JsonBody.text(JsonBody.object(ctx, Set.of("email")), "email", true, 254);
            limit(ctx, signUpLimits, "sign-ups and mail requests");
            call(ctx, 202, () -> {
                users.requestReset(email, actor(ctx, "-"));
                return Map.of("status", "accepted", "message", "if " + Users.email(email) + " has an account, a reset link is on its"
                        + " way");
            });
        });
        router.post("/api/v1/users/password/reset/confirm").handler(ctx -> {
            JsonNode b = JsonBody.object(ctx, Set.of("token", "password"));
            limit(ctx, signInLimits, "sign-in attempts");
            String token = JsonBody.text(b, "token", true, 64);
            String password = JsonBody.text(b, "password", true, 1024);
            call(ctx, 200, () -> {
                users.confirmReset(token, password, actor(ctx, "-"));
                return Map.of("status", "reset", "message", "the password is changed and every session signed out; sign in");
            });
        });

        // the caller
        router.post("/api/v1/users/sign-out").handler(ctx -> {
            Grant g = Grant.of(ctx);
            String token = AccessGate.sessionToken(ctx.request());
            expireCookie(ctx);
            call(ctx, 200, () -> {
                users.signOut(g.session() ? token : null, g, actor(ctx, g.user()));
                return Map.of("status", "signed_out");
            });
        });
        router.post("/api/v1/users/sign-out-everywhere").handler(ctx -> {
            Grant g = Grant.of(ctx);
            expireCookie(ctx);
            call(ctx, 200, () -> Map.of("status", "signed_out", "sessions", users.signOutEverywhere(g, actor(ctx, g.user()))));
        });
        router.get("/api/v1/users/me").handler(ctx -> {
            Grant g = Grant.of(ctx);
            call(ctx, 200, () -> me(users.me(g), g));
        });
        router.patch("/api/v1/users/me").handler(ctx -> {
            Grant g = Grant.of(ctx);
            JsonNode b = JsonBody.object(ctx, Set.of("notify_tickets", "notify_announcements", "notify_security"));
            Boolean tickets = JsonBody.bool(b, "notify_tickets");
            Boolean announcements = JsonBody.bool(b, "notify_announcements");
            Boolean security = JsonBody.bool(b, "notify_security");
            call(ctx, 200, () -> {
                users.preferences(g, tickets, announcements, security, actor(ctx, g.user()));
                return me(users.me(g), g);
            });
        });
        router.post("/api/v1/users/me/password").handler(ctx -> {
            Grant g = Grant.of(ctx);
            JsonNode b = JsonBody.object(ctx, Set.of("current_password", "new_password"));
            String current = JsonBody.text(b, "current_password", true, 1024);
            String next = JsonBody.text(b, "new_password", true, 1024);
            call(ctx, 200, () -> {
                users.changePassword(g, current, next, actor(ctx, g.user()));
                return Map.of("status", "changed", "message", "the password is changed; your other sessions are signed out");
            });
        });
        router.post("/api/v1/users/me/totp").handler(ctx -> {
            Grant g = Grant.of(ctx);
            JsonBody.object(ctx, Set.of());
            call(ctx, 200, () -> users.totpSetup(g, actor(ctx, g.user())));
        });
        router.post("/api/v1/users/me/totp/confirm").handler(ctx -> {
            Grant g = Grant.of(ctx);
            String code = JsonBody.text(JsonBody.object(ctx, Set.of("code")), "code", true, 16);
            call(ctx, 200, () -> {
                users.totpConfirm(g, code, actor(ctx, g.user()));
                return Map.of("status", "enabled");
            });
        });
        router.post("/api/v1/users/me/totp/disable").handler(ctx -> {
            Grant g = Grant.of(ctx);
            JsonNode b = JsonBody.object(ctx, Set.of("password", "code"));
            String password = JsonBody.text(b, "password", true, 1024);
            String code = JsonBody.text(b, "code", true, 16);
            call(ctx, 200, () -> {
                users.totpDisable(g, password, code, actor(ctx, g.user()));
                return Map.of("status", "disabled");
            });
        });
        router.get("/api/v1/users/me/sessions").handler(ctx -> {
            Grant g = Grant.of(ctx);
            call(ctx, 200, () -> Map.of("sessions", users.sessions().list(users.me(g).id()).stream().map(s -> sessionView(s, g))
                    .toList()));
        });
        router.delete("/api/v1/users/me/sessions/:id").handler(ctx -> {
            Grant g = Grant.of(ctx);
            String id = ctx.pathParam("id");
            call(ctx, 200, () -> {
                if (!users.sessions().revokeById(users.me(g).id(), id)) {
                    throw new HttpProblem(404, "not_found", "you have no open session " + JsonBody.cut(id));
                }
                users.audit(actor(ctx, g.user()), "session_revoked", id, "");
                users.forgetSession(g.user(), id);
                return Map.of("status", "signed_out", "session", id);
            });
        });
        router.get("/api/v1/users/me/usage").handler(ctx -> {
            Grant g = Grant.of(ctx);
            call(ctx, 200, () -> usageView(g, users.usage(g), users.keys(g), users.sessions().list(users.me(g).id()), gate.slots()));
        });
        router.get("/api/v1/users/me/keys").handler(ctx -> {
            Grant g = Grant.of(ctx);
            call(ctx, 200, () -> Map.of("keys", users.keys(g).stream().map(UsersApi::keyView).toList()));
        });
        router.post("/api/v1/users/me/keys").handler(ctx -> {
            Grant g = Grant.of(ctx);
            String plan = JsonBody.text(JsonBody.object(ctx, Set.of("plan")), "plan", false, 64);
            call(ctx, 201, () -> {
                AccountsDb.CreatedKey k = users.createKey(g, plan, actor(ctx, g.user()));
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("key", k.key());
                out.put("key_id", k.keyId());
                out.put("plan", k.plan());
                out.put("message", "the key is shown this once: keep it now");
                return out;
            });
        });
        router.delete("/api/v1/users/me/keys/:id").handler(ctx -> {
            Grant g = Grant.of(ctx);
            String id = ctx.pathParam("id");
            call(ctx, 200, () -> {
                users.revokeKey(g, id, actor(ctx, g.user()));
                return Map.of("status", "revoked", "key_id", id);
            });
        });

        // staff
        // Parameters are read before the role is checked, so that a bad one is a 400 for anyone.
        router.get("/api/v1/users").handler(ctx -> {
            String q = ctx.request().getParam("q");
            if (q != null && q.length() > 254) {
                throw Users.bad("q must be at most 254 characters");
            }
            String role = ctx.request().getParam("role");
            if (role != null && !Grant.ROLES.contains(role)) {
                throw Users.bad("role must be one of " + Grant.ROLES + "; got \"" + JsonBody.cut(role) + "\"");
            }
            int limit = QueryParams.bounded(ctx, "limit", 100, 1, MAX_LIST);
            int offset = QueryParams.bounded(ctx, "offset", 0, 0, 1_000_000);
            staff(ctx);
            call(ctx, 200, () -> Map.of("users", users.db().list(q == null || q.isBlank() ? null : q.trim(), role, limit, offset)
                    .stream().map(u -> userView(u, true)).toList()));
        });
        router.post("/api/v1/users").handler(ctx -> {
            Grant g = admin(ctx);
            JsonNode b = JsonBody.object(ctx, Set.of("email", "password", "role", "plan"));
            String email = JsonBody.text(b, "email", true, 254);
            String password = JsonBody.text(b, "password", false, 1024);
            String role = JsonBody.text(b, "role", false, 16);
            String plan = JsonBody.text(b, "plan", false, 64);
            call(ctx, 201, () -> userView(users.create(email, password, role == null ? Grant.USER : role, plan == null ? "free" : plan,
                    actor(ctx, g.user())), true));
        });
        router.get("/api/v1/users/:id").handler(ctx -> {
            long id = userId(ctx);
            staff(ctx);
            call(ctx, 200, () -> {
                UsersDb.User u = users.db().byId(id);
                if (u == null) {
                    throw new HttpProblem(404, "not_found", "no user " + id);
                }
                return userView(u, true);
            });
        });
        router.patch("/api/v1/users/:id").handler(ctx -> {
            long id = userId(ctx);
            Grant g = admin(ctx);
            JsonNode b = JsonBody.object(ctx, Set.of("role", "plan", "disabled", "verified"));
            String role = JsonBody.text(b, "role", false, 16);
            String plan = JsonBody.text(b, "plan", false, 64);
            Boolean disabled = JsonBody.bool(b, "disabled");
            Boolean verified = JsonBody.bool(b, "verified");
            call(ctx, 200, () -> userView(users.update(g, id, role, plan, disabled, verified, actor(ctx, g.user())), true));
        });
        router.get("/api/v1/plans").handler(ctx -> {
            Grant.of(ctx);
            call(ctx, 200, () -> Map.of("plans", users.plans().stream().map(UsersApi::planView).toList()));
        });
        router.put("/api/v1/plans/:name").handler(ctx -> {
            Grant g = admin(ctx);
            String name = ctx.pathParam("name");
            if (!name.matches("[a-z][a-z0-9-]{0,63}")) {
                throw Users.bad("a plan name is 1-64 lower-case letters, digits or -, starting with a letter");
            }
            JsonNode b = JsonBody.object(ctx, Set.of("venues", "channels", "history_days", "rest_per_second", "ws_subscriptions",
                    "ws_messages_per_second", "ws_connections", "description"));
            Plan plan = new Plan(name, list(b, "venues"), list(b, "channels"), JsonBody.bounded(b, "history_days", 7, 0, 36_500),
                    JsonBody.bounded(b, "rest_per_second", 5, 1, 100_000), JsonBody.bounded(b, "ws_subscriptions", 10, 1, 100_000),
                    JsonBody.bounded(b, "ws_messages_per_second", 5, 1, 100_000), JsonBody.bounded(b, "ws_connections", 3, 1, 10_000));
            String description = JsonBody.text(b, "description", false, 512);
            call(ctx, 200, () -> planView(users.putPlan(g, plan, description == null ? "" : description, actor(ctx, g.user()))));
        });
        router.get("/api/v1/audit").handler(ctx -> {
            String actor = ctx.request().getParam("actor");
            String action = ctx.request().getParam("action");
            if ((actor != null && actor.length() > 254) || (action != null && !action.matches("[a-z_]{1,64}"))) {
                throw Users.bad(actor != null && actor.length() > 254 ? "actor must be at most 254 characters"
                        : "action must be an action name such as sign_in");
            }
            long before = QueryParams.bounded(ctx, "before", 0L, 0L, Long.MAX_VALUE);
            int days = QueryParams.bounded(ctx, "days", 30, 1, 3650);
            int limit = QueryParams.bounded(ctx, "limit", 100, 1, MAX_LIST);
            admin(ctx);
            call(ctx, 200, () -> Map.of("audit", users.db().audit(actor, action, Instant.now().minus(Duration.ofDays(days)), before,
                    limit).stream().map(UsersApi::auditView).toList()));
        });
    }

    private void signIn(RoutingContext ctx) {
        JsonNode b = JsonBody.object(ctx, Set.of("email", "password", "code"));
        try {
            limit(ctx, signInLimits, "sign-in attempts");
        } catch (HttpProblem p) {
            users.countSignIn("rate_limited");
            throw p;
        }
        String email = JsonBody.text(b, "email", true, 254);
        String password = JsonBody.text(b, "password", true, 1024);
        String code = JsonBody.text(b, "code", false, 16);
        String agent = ctx.request().getHeader("User-Agent");
        run(ctx, () -> users.signIn(email, password, code, agent, actor(ctx, "-")), (signedIn) -> {
            Sessions.Created s = signedIn.session();
            ctx.response().addCookie(Cookie.cookie(AccessGate.SESSION_COOKIE, s.token()).setPath("/").setHttpOnly(true)
                    .setSecure(config.sessions().secureCookie()).setSameSite(CookieSameSite.STRICT)
                    .setMaxAge(users.sessions().maxAge().toSeconds()));
            Map<String, Object> out = userView(signedIn.user(), false);
            out.put("session_id", s.id());
            out.put("csrf_token", s.csrf());
            out.put("expires", s.expires().toString());
            JsonBody.send(ctx, 200, out);
        });
    }

    // ---- views -----------------------------------------------------------------------------------

    static Map<String, Object> userView(UsersDb.User u, boolean staff) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", u.id());
        m.put("name", u.name());
        m.put("email", u.email());
        m.put("role", u.role());
        m.put("plan", u.plan());
        m.put("verified", u.verified());
        m.put("totp", u.totpEnabled());
        m.put("created", String.valueOf(u.createdAt()));
        m.put("disabled", u.disabledAt() != null);
        if (staff) {
            m.put("locked_until", u.lockedUntil() == null ? null : u.lockedUntil().toString());
            m.put("failed_sign_ins", u.failedSignIns());
        }
        return m;
    }

    private static Map<String, Object> me(UsersDb.User u, Grant g) {
        Map<String, Object> m = userView(u, false);
        m.put("notify_tickets", u.notifyTickets());
        m.put("notify_announcements", u.notifyAnnouncements());
        m.put("notify_security", u.notifySecurity());
        m.put("via", g.session() ? "session" : "key");
        m.put("session_id", g.session() ? g.keyId() : null);
        m.put("csrf_token", g.csrf());
        return m;
    }

    private static Map<String, Object> sessionView(Sessions.Info s, Grant g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("current", s.id().equals(g.keyId()));
        m.put("created", s.created().toString());
        m.put("last_seen", s.lastSeen().toString());
        m.put("expires", s.expires().toString());
        m.put("address", s.address());
        m.put("user_agent", s.userAgent());
        return m;
    }

    /**
     * The caller's plan, requests per UTC day (oldest first, every day of the period) and per active
     * key, with the stream connections each holds open on this server; browser sessions are one line.
     */
    private static Map<String, Object> usageView(Grant g, Usage.Report usage, List<AccountsDb.KeyInfo> keys,
                                                 List<Sessions.Info> sessions, io.dpp.runtime.access.WebSocketSlots slots) {
        java.time.LocalDate today = usage.today();
        Map<java.time.LocalDate, Long> perDay = new java.util.TreeMap<>();
        for (int i = Users.USAGE_DAYS - 1; i >= 0; i--) {
            perDay.put(today.minusDays(i), 0L);
        }
        Map<String, long[]> perKey = new LinkedHashMap<>(); // key id -> {today, period}
        for (AccountsDb.KeyInfo k : keys) {
            if (k.revoked() == null) {
                perKey.put(k.keyId(), new long[2]);
            }
        }
        perKey.put("sessions", new long[2]);
        for (Usage.Day d : usage.days()) {
            perDay.computeIfPresent(d.day(), (day, n) -> n + d.requests());
            long[] k = perKey.computeIfAbsent(d.keyId().startsWith("s-") ? "sessions" : d.keyId(), id -> new long[2]);
            k[1] += d.requests();
            if (d.day().equals(today)) {
                k[0] += d.requests();
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("plan", g.plan().name());
        out.put("rest_per_second", g.plan().restPerSecond());
        out.put("ws_connections_per_key", g.plan().wsConnections());
        out.put("counted_every_seconds", Usage.EVERY.toSeconds());
        out.put("days", perDay.entrySet().stream().map(e -> Map.of("day", e.getKey().toString(), "requests", e.getValue())).toList());
        out.put("keys", perKey.entrySet().stream().map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key_id", e.getKey());
            m.put("requests_today", e.getValue()[0]);
            m.put("requests_" + Users.USAGE_DAYS + "_days", e.getValue()[1]);
            m.put("stream_connections", e.getKey().equals("sessions")
                    ? sessions.stream().mapToInt(s -> slots.open(s.id())).sum() : slots.open(e.getKey()));
            return m;
        }).toList());
        return out;
    }

    private static Map<String, Object> keyView(AccountsDb.KeyInfo k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key_id", k.keyId());
        m.put("plan", k.plan());
        m.put("created", k.created().toString());
        m.put("revoked", k.revoked() == null ? null : k.revoked().toString());
        return m;
    }

    static Map<String, Object> planView(Plan p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("venues", p.venues());
        m.put("channels", p.channels());
        m.put("history_days", p.historyDays());
        m.put("rest_per_second", p.restPerSecond());
        m.put("ws_subscriptions", p.wsSubscriptions());
        m.put("ws_messages_per_second", p.wsMessagesPerSecond());
        m.put("ws_connections", p.wsConnections());
        return m;
    }

    private static Map<String, Object> auditView(UsersDb.Audit a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("at", a.at().toString());
        m.put("actor", a.actor());
        m.put("action", a.action());
        m.put("target", a.target());
        m.put("detail", a.detail());
        m.put("address", a.address());
        return m;
    }

    // ---- plumbing --------------------------------------------------------------------------------

    private static Set<String> list(JsonNode b, String field) {
        JsonNode v = b.get(field);
        if (v == null || v.isNull()) {
            return Set.of("*");
        }
        if (!v.isArray() || v.size() > 256) {
            throw Users.bad(field + " must be an array of at most 256 names, or [\"*\"] for all");
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode e : v) {
            if (!e.isTextual() || !e.textValue().matches("\\*|[a-z][a-z0-9_-]{0,63}")) {
                throw Users.bad(field + " must hold lower-case names such as binance or trades, or \"*\"");
            }
            out.add(e.textValue());
        }
        return out;
    }

    private static Grant staff(RoutingContext ctx) {
        Grant g = Grant.of(ctx);
        if (!g.staff()) {
            throw new HttpProblem(403, "forbidden", "only support staff and admins may list or read users");
        }
        return g;
    }

    private static Grant admin(RoutingContext ctx) {
        Grant g = Grant.of(ctx);
        if (!g.admin()) {
            throw new HttpProblem(403, "forbidden", "only admins may do this");
        }
        return g;
    }

    private static long userId(RoutingContext ctx) {
        return TicketsApi.id(ctx, "id");
    }

    private static Users.Actor actor(RoutingContext ctx, String name) {
        return new Users.Actor(name, address(ctx));
    }

    static String address(RoutingContext ctx) {
        var remote = ctx.request().remoteAddress();
        String a = remote == null ? "unknown" : remote.hostAddress();
        return a == null ? "unknown" : Sessions.cut(a, 64);
    }

    private static void limit(RoutingContext ctx, RateLimits limits, String what) {
        String address = address(ctx);
        long seconds = limits.take(address);
        if (seconds > 0) {
            ctx.response().putHeader("Retry-After", Long.toString(seconds));
            throw new HttpProblem(429, "rate_limited", "too many " + what + " from " + address + ": "
                    + limits.message(what + " per address", seconds));
        }
    }

    private static void expireCookie(RoutingContext ctx) {
        ctx.response().addCookie(Cookie.cookie(AccessGate.SESSION_COOKIE, "").setPath("/").setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT).setMaxAge(0));
    }

    /** A POST with no body needs no content type; one with a body must say JSON. */
    private static void jsonOrEmpty(RoutingContext ctx) {
        String length = ctx.request().getHeader("Content-Length");
        if (ctx.request().getHeader("Content-Type") == null && (length == null || length.equals("0"))
                && ctx.request().getHeader("Transfer-Encoding") == null) {
            ctx.next();
            return;
        }
        JsonBody.jsonOnly(ctx);
    }

    private void call(RoutingContext ctx, int status, Supplier<Object> work) {
        work().call(ctx, status, work);
    }

    private <T> void run(RoutingContext ctx, Supplier<T> work, java.util.function.Consumer<T> answer) {
        work().run(ctx, work, answer);
    }

    private Blocking work() {
        return blocking;
    }
}
