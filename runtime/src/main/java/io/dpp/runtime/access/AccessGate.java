package io.dpp.runtime.access;

import io.dpp.runtime.http.HttpProblem;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Guards every route under {@code /api/}: a request carries an API key in {@code X-API-Key} (or
 * {@code Authorization: Bearer KEY}); without one it is answered 401, with an unknown or revoked
 * one 401, beyond its key's REST rate 429 with {@code Retry-After}, for a venue outside its plan
 * 403. The grant is left on the routing context for the handlers' own entitlement checks
 * (channels, history depth). WebSocket endpoints may instead authenticate with their first
 * message, so an upgrade without a key header passes through without a grant. The API documents
 * are public.
 */
public final class AccessGate {

    /** The header that carries the key. */
    public static final String HEADER = "X-API-Key";

    private static final Set<String> PUBLIC = Set.of("/api/v1/openapi.yaml", "/api/v1/openapi.json", "/api/v1/asyncapi.yaml");

    private AccessGate() {
    }

    /** Installs the gate in front of the API routes. */
    public static void install(Router router, Access access) {
        router.route("/api/*").order(-500).handler(ctx -> check(ctx, access));
    }

    /** The key a request carries in its headers, or null. */
    public static String key(io.vertx.core.http.HttpServerRequest request) {
        String key = request.getHeader(HEADER);
        if (key == null) {
            String auth = request.getHeader("Authorization");
            if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                key = auth.substring(7).trim();
            }
        }
        return key == null || key.isBlank() ? null : key.trim();
    }

    private static void check(RoutingContext ctx, Access access) {
        if (PUBLIC.contains(ctx.request().path())) {
            ctx.next();
            return;
        }
        if (access.open()) {
            ctx.put(Grant.CONTEXT_KEY, Grant.open());
            ctx.next();
            return;
        }
        String key = key(ctx.request());
        boolean upgrade = "websocket".equalsIgnoreCase(ctx.request().getHeader("Upgrade"));
        if (key == null) {
            if (upgrade) {
                ctx.next(); // authenticates with its first message
                return;
            }
            access.denied("rest", "missing_key");
            ctx.fail(new HttpProblem(401, "unauthorized", "an API key is required: send it in the " + HEADER
                    + " header (dpp keys create --user NAME --plan PLAN makes one)"));
            return;
        }
        java.util.concurrent.CompletableFuture<Grant> check = access.authenticate(key).toCompletableFuture();
        if (check.isDone()) {
            decide(ctx, access, upgrade, check); // a cached key: no hop off the event loop
            return;
        }
        // The request waits unread while the database answers: a request that ends meanwhile could
        // no longer be upgraded to a WebSocket.
        ctx.request().pause();
        io.vertx.core.Context context = ctx.vertx().getOrCreateContext();
        check.whenComplete((grant, error) -> context.runOnContext(v -> {
            if (!upgrade) {
                ctx.request().resume();
            }
            decide(ctx, access, upgrade, check);
        }));
    }

    private static void decide(RoutingContext ctx, Access access, boolean upgrade, java.util.concurrent.CompletableFuture<Grant> check) {
        Grant grant;
        try {
            grant = check.join();
        } catch (CompletionException | java.util.concurrent.CancellationException error) {
            Throwable cause = error.getCause() != null ? error.getCause() : error;
            if (cause instanceof HttpProblem p) {
                access.denied(upgrade ? "stream" : "rest", p.status() == 401 ? "invalid_key" : p.error());
            }
            ctx.fail(cause);
            return;
        }
        try {
            if (!upgrade) {
                long wait = grant.rest().tryAcquire();
                if (wait > 0) {
                    access.denied("rest", "rate_limited");
                    long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait + 999_999_999L));
                    ctx.response().putHeader("Retry-After", Long.toString(seconds));
                    throw new HttpProblem(429, "rate_limited", "plan " + grant.plan().name() + " allows "
                            + grant.plan().restPerSecond() + " REST requests per second; retry after " + seconds + " s");
                }
            }
            String venues = ctx.request().getParam("venue");
            if (venues == null) {
                venues = ctx.request().getParam("venues");
            }
            if (venues != null) {
                for (String venue : venues.split(",")) {
                    grant.checkVenue(venue.trim());
                }
            }
        } catch (HttpProblem p) {
            if (p.status() == 403) {
                access.denied(upgrade ? "stream" : "rest", "forbidden");
            }
            ctx.fail(p);
            return;
        }
        ctx.put(Grant.CONTEXT_KEY, grant);
        ctx.next();
    }
}
