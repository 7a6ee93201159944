package io.dpp.runtime.access;

import io.dpp.runtime.http.HttpProblem;
import io.vertx.ext.web.RoutingContext;

/**
 * An authenticated caller: the user, the key and its plan, with the key's REST rate limiter (one
 * per key, shared by every connection that uses it). Handlers find it on the routing context.
 *
 * @param user  user name
 * @param keyId public id of the API key (the part before the secret), "open" in demo mode
 * @param plan  what the key may use
 * @param rest  the key's REST request limiter
 */
public record Grant(String user, String keyId, Plan plan, RateLimiter rest) {

    /** Routing-context key under which {@link AccessGate} stores the grant. */
    public static final String CONTEXT_KEY = "dpp.grant";

    /** The open demo mode's grant: every venue and channel, no rate limit. */
    public static Grant open() {
        return new Grant("anonymous", "open", Plan.OPEN, RateLimiter.unlimited());
    }

    /** The grant of a request, or null when none was established (no key on a WebSocket upgrade). */
    public static Grant of(RoutingContext ctx) {
        return ctx.get(CONTEXT_KEY);
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
