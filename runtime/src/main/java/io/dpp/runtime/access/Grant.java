package io.dpp.runtime.access;

import io.dpp.runtime.http.HttpProblem;
import io.dpp.runtime.rate.TokenBucket;
import io.vertx.ext.web.RoutingContext;

/**
 * An authenticated caller: the user, the key (or browser session) and its plan, with its REST rate
 * limiter (one per key, shared by every connection that uses it), the user's role, and for a
 * browser session the token its state-changing requests must echo. Handlers find it on the
 * routing context.
 *
 * @param user  user name
 * @param keyId public id of the API key (the part before the secret), {@code s-<id>} for a browser
 *              session, "open" in demo mode
 * @param plan  what the key may use
 * @param rest  the key's REST request limiter
 * @param role  {@link #USER}, {@link #SUPPORT} or {@link #ADMIN}
 * @param csrf  the session's CSRF token, or null when the caller sent an API key (a key is never
 *              sent by a browser on its own, so it needs none)
 */
public record Grant(String user, String keyId, Plan plan, TokenBucket rest, String role, String csrf) {

    /** Role of a customer: their own objects only. */
    public static final String USER = "user";
    /** Role of support staff: every ticket, feedback and user's profile besides their own objects. */
    public static final String SUPPORT = "support";
    /** Role of an administrator: everything. */
    public static final String ADMIN = "admin";
    /** The roles, from least to most allowed. */
    public static final java.util.List<String> ROLES = java.util.List.of(USER, SUPPORT, ADMIN);

    public Grant {
        if (!ROLES.contains(role)) {
            throw new IllegalArgumentException("role must be one of " + ROLES + ", got " + role);
        }
    }

    /** A grant of an API key of a user with role {@link #USER}. */
    public Grant(String user, String keyId, Plan plan, TokenBucket rest) {
        this(user, keyId, plan, rest, USER, null);
    }

    /** True for support staff and administrators. */
    public boolean staff() {
        return role.equals(SUPPORT) || role.equals(ADMIN);
    }

    /** True for administrators. */
    public boolean admin() {
        return role.equals(ADMIN);
    }

    /** True when the caller came with a browser session rather than an API key. */
    public boolean session() {
        return csrf != null;
    }

    /** Routing-context key under which {@link AccessGate} stores the grant. */
    public static final String CONTEXT_KEY = "dpp.grant";

    /**
     * Routing-context key {@link AccessGate} sets on a real WebSocket handshake that carries no key:
     * the endpoint authenticates with its first message instead.
     */
    public static final String DEFERRED_KEY = "dpp.grant.deferred";

    /** The open demo mode's grant: every venue and channel, no rate limit. */
    public static Grant open() {
        return new Grant("anonymous", "open", Plan.OPEN, TokenBucket.unlimited());
    }

    /**
     * The grant of a request. Access control fails closed: a handler that finds none (a route the
     * gate did not cover, a handshake that deferred its key) refuses with 401 instead of assuming
     * an unlimited caller.
     */
    public static Grant of(RoutingContext ctx) {
        Grant grant = ctx.get(CONTEXT_KEY);
        if (grant == null) {
            throw new HttpProblem(401, "unauthorized", "an API key is required: send it in the " + AccessGate.HEADER + " header");
        }
        return grant;
    }

    /**
     * The grant of a WebSocket handshake, or null when the gate let a real handshake through
     * without a key (the endpoint must then wait for an auth message and send nothing before);
     * 401 for anything else without a grant.
     */
    public static Grant ofHandshake(RoutingContext ctx) {
        Grant grant = ctx.get(CONTEXT_KEY);
        if (grant == null && !Boolean.TRUE.equals(ctx.get(DEFERRED_KEY))) {
            return of(ctx);
        }
        return grant;
    }

    /** True when the plan allows {@code venue}. */
    public boolean allowsVenue(String venue) {
        return plan.allowsVenue(venue);
    }

    /** 403 unless the plan allows {@code venue}. */
    public void checkVenue(String venue) {
        if (venue != null && !plan.allowsVenue(venue)) {
            throw forbidden("plan " + plan.name() + " does not include venue \"" + venue + "\"; it includes " + plan.venues());
        }
    }

    /** 403 unless the plan allows {@code channel}. */
    public void checkChannel(String channel) {
        if (!plan.allowsChannel(channel)) {
            throw forbidden("plan " + plan.name() + " does not include channel \"" + channel + "\"; it includes " + plan.channels());
        }
    }

    /** 403 when {@code fromMicros} lies before the plan's history depth (as of now). */
    public void checkHistory(long fromMicros, long nowMicros) {
        long earliest = plan.earliestMicros(nowMicros);
        if (fromMicros < earliest) {
            throw forbidden("plan " + plan.name() + " reaches " + plan.historyDays() + " days of history: from must be at or after "
                    + io.dpp.core.time.Timestamps.toIso(earliest));
        }
    }

    /** The earliest time (epoch micros) this grant's history reaches now. */
    public long earliestMicros(long nowMicros) {
        return plan.earliestMicros(nowMicros);
    }

    private static HttpProblem forbidden(String message) {
        return new HttpProblem(403, "forbidden", message);
    }
}
