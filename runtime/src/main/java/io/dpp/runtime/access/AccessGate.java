package io.dpp.runtime.access;

import io.dpp.runtime.http.HttpProblem;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Guards every route under {@code /api/} and fails closed: a request reaches a handler only with a
 * {@link Grant} on its routing context. A request carries an API key in {@code X-API-Key} (or
 * {@code Authorization: Bearer KEY}); without one it is answered 401, with an unknown, malformed
 * or revoked one 401, beyond its key's REST rate 429 with {@code Retry-After} (WebSocket
 * handshakes with a key count as requests too), for a venue outside its plan 403.
 *
 * <p>The one exception: a real WebSocket handshake (GET, HTTP/1.1, {@code Upgrade: websocket},
 * {@code Connection: upgrade}, a {@code Sec-WebSocket-Key} and version 13) on a route registered
 * with {@link #webSocketRoute} may come without a key, because a browser cannot set headers on
 * one; it passes marked {@link Grant#DEFERRED_KEY} and the endpoint authenticates with the first
 * message, sending nothing before. An {@code Upgrade} header on anything else changes nothing.
 *
 * <p>A browser signed in through the users API sends no key but its session cookie
 * ({@value #SESSION_COOKIE}, HttpOnly, SameSite=Strict), which the gate checks like a key. Such a
 * request must come from a page of the server's own origin (or {@code http.allowed-origins}) when
 * it names one, and a state-changing one (anything but GET, HEAD and OPTIONS) must echo the
 * session's CSRF token in {@value #CSRF_HEADER}; 403 otherwise. Routes registered with
 * {@link #publicRoute} (sign-up, sign-in, password reset) pass without any credential.
 *
 * <p>In the open demo mode every request gets {@link Grant#open()}, but a browser request from a
 * page of another origin is refused (403), so that a web page a user visits cannot read or drive
 * the platform on the user's machine. The API documents are public.
 */
public final class AccessGate {

    /** The header that carries the key. */
    public static final String HEADER = "X-API-Key";

    /** The cookie that carries a browser session. */
    public static final String SESSION_COOKIE = "dpp_session";

    /** The header a browser session's state-changing requests echo its CSRF token in. */
    public static final String CSRF_HEADER = "X-CSRF-Token";

    /** Longest key text looked at; a longer one is refused without a lookup (keys are 64 characters). */
    public static final int MAX_KEY_LENGTH = 128;

    /** How a client learns the access mode before it has a credential: {@code {"mode": "open"|"keys"}}. */
    public static final String MODE_PATH = "/api/v1/access";
    private static final Set<String> PUBLIC = Set.of("/api/v1/openapi.yaml", "/api/v1/openapi.json", "/api/v1/asyncapi.yaml",
            MODE_PATH);

    /** How often the keys of open WebSocket connections are checked again (answered from the key cache). */
    public static final long KEY_WATCH_MILLIS = 1_000;

    private final Access access;
    private final OriginCheck origins;
    private final WebSocketSlots slots;
    private final KeyWatch keys;
    private final java.time.Duration authTimeout;
    private final Set<String> webSocketRoutes = ConcurrentHashMap.newKeySet();
    private final Set<String> publicRoutes = ConcurrentHashMap.newKeySet();

    private AccessGate(Access access, OriginCheck origins, WebSocketSlots slots, java.time.Duration authTimeout) {
        this.access = access;
        this.authTimeout = authTimeout;
        this.origins = origins;
        this.slots = slots;
        this.keys = new KeyWatch(access);
    }

    /**
     * Installs the gate in front of the API routes.
     *
     * @param allowedOrigins origins (scheme://host[:port]) whose pages may call the APIs in open
     *                       mode besides the server's own
     * @param maxPendingAuth WebSocket connections that may wait for their auth message at once
     * @param authTimeout how long each of them may wait
     */
    public static AccessGate install(Router router, io.vertx.core.Vertx vertx, Access access, List<String> allowedOrigins,
                                     int maxPendingAuth, java.time.Duration authTimeout) {
        AccessGate gate = new AccessGate(access, new OriginCheck(allowedOrigins), new WebSocketSlots(maxPendingAuth),
                authTimeout);
        router.route("/api/*").order(-500).handler(gate::check).failureHandler(gate::counted);
        // The console asks this first: in the open mode there is no sign-in, and asking for the
        // signed-in user would be an error where nothing is wrong.
        String mode = new io.vertx.core.json.JsonObject().put("mode", access.open() ? "open" : "keys").encode();
        router.get(MODE_PATH).handler(ctx -> ctx.response().putHeader("content-type", "application/json")
                .putHeader("cache-control", "no-store").end(mode));
        if (!access.open()) {
            vertx.setPeriodic(KEY_WATCH_MILLIS, t -> gate.keys.check());
        }
        return gate;
    }

    /** Who the gate asks. */
    public Access access() {
        return access;
    }

    /** The bounds on WebSocket connections. */
    public WebSocketSlots slots() {
        return slots;
    }

    /** How long a WebSocket connection opened without a key may take to send its auth message. */
    public java.time.Duration authTimeout() {
        return authTimeout;
    }

    /** The watch on the keys of open WebSocket connections. */
    public KeyWatch keys() {
        return keys;
    }

    /** Lets real WebSocket handshakes on {@code path} defer their key to the first message. */
    public void webSocketRoute(String path) {
        webSocketRoutes.add(path);
    }

    /**
     * Lets requests to {@code path} (exactly) through without a credential and without a grant: the
     * route answers anyone (sign-up, sign-in) and bounds its own use.
     */
    public void publicRoute(String path) {
        publicRoutes.add(path);
    }

    /** An origin as scheme://host:port, or null when {@code origin} is not one (for configuration checks). */
    public static String normalizeOrigin(String origin) {
        return OriginCheck.normalize(origin);
    }

    /**
     * The credential a request carries: its API key (headers), else its session cookie's token;
     * null when it has neither.
     */
    public static String credential(HttpServerRequest request) {
        String key = key(request);
        return key != null ? key : sessionToken(request);
    }

    /** The session cookie's value, or null. */
    public static String sessionToken(HttpServerRequest request) {
        io.vertx.core.http.Cookie cookie = request.getCookie(SESSION_COOKIE);
        return cookie == null || cookie.getValue().isBlank() ? null : cookie.getValue();
    }

    /** The key a request carries in its headers, or null. */
    public static String key(HttpServerRequest request) {
        String key = request.getHeader(HEADER);
        if (key == null) {
            String auth = request.getHeader("Authorization");
            if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                key = auth.substring(7).trim();
            }
        }
        return key == null || key.isBlank() ? null : key.trim();
    }

    /**
     * True for a WebSocket opening handshake as RFC 6455 section 4.1 defines it, not merely a
     * request with an {@code Upgrade} header.
     */
    public static boolean isHandshake(HttpServerRequest r) {
        return r.method() == HttpMethod.GET && r.version() == HttpVersion.HTTP_1_1
                && "websocket".equalsIgnoreCase(r.getHeader("Upgrade"))
                && hasToken(r.getHeader("Connection"), "upgrade")
                && r.getHeader("Sec-WebSocket-Key") != null
                && "13".equals(r.getHeader("Sec-WebSocket-Version"));
    }

    private static boolean hasToken(String header, String token) {
        if (header == null) {
            return false;
        }
        for (String part : header.split(",", 16)) {
            if (part.trim().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    /** Marks a request whose refusal is counted already, so that {@link #counted} does not count it twice. */
    private static final String COUNTED = "dpp.access.denied.counted";

    /**
     * Counts a refusal of this request in {@code dpp_access_denied_total} under {@code api}, once:
     * a route that counts its own refusal (the replay's) is not counted again as it fails.
     */
    public void denied(RoutingContext ctx, String api, String reason) {
        access.denied(api, reason);
        ctx.put(COUNTED, Boolean.TRUE);
    }

    /**
     * Counts the refusals the routes themselves make (a channel or history beyond the plan: 403, a
     * per-user limit: 429) as the gate counts its own, under {@code api="rest"} (or the WebSocket's
     * API for a handshake), then lets the error handler answer.
     */
    private void counted(RoutingContext ctx) {
        if (ctx.get(COUNTED) == null) {
            int status = ctx.failure() instanceof io.dpp.runtime.http.HttpProblem p ? p.status() : ctx.statusCode();
            String reason = status == 401 ? "invalid_key" : status == 403 ? "forbidden" : status == 429 ? "rate_limited" : null;
            if (reason != null) {
                HttpServerRequest request = ctx.request();
                boolean handshake = webSocketRoutes.contains(request.path()) && isHandshake(request);
                denied(ctx, handshake ? "stream" : "rest", reason);
            }
        }
        ctx.next();
    }

    private void check(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (PUBLIC.contains(request.path()) || publicRoutes.contains(request.path())) {
            ctx.next();
            return;
        }
        boolean handshake = webSocketRoutes.contains(request.path()) && isHandshake(request);
        String api = handshake ? "stream" : "rest";
        if (access.open()) {
            String refused = origins.refusal(request);
            if (refused != null) {
                denied(ctx, api, "origin");
                ctx.fail(new HttpProblem(403, "forbidden", refused));
                return;
            }
            ctx.put(Grant.CONTEXT_KEY, Grant.open());
            ctx.next();
            return;
        }
        String key = key(request);
        boolean cookie = false;
        if (key == null) {
            key = sessionToken(request);
            cookie = key != null;
        }
        if (cookie) {
            String refused = origins.refusal(request);
            if (refused != null) {
                denied(ctx, api, "origin");
                ctx.fail(new HttpProblem(403, "forbidden", refused.replace("open mode answers", "a signed-in browser is answered on")));
                return;
            }
        }
        if (key == null) {
            if (handshake) {
                ctx.put(Grant.DEFERRED_KEY, Boolean.TRUE); // authenticates with its first message
                ctx.next();
                return;
            }
            denied(ctx, api, "missing_key");
            ctx.fail(new HttpProblem(401, "unauthorized", "an API key is required: send it in the " + HEADER
                    + " header (dpp keys create --user NAME --plan PLAN makes one), or sign in (POST /api/v1/users/sign-in)"));
            return;
        }
        if (key.length() > MAX_KEY_LENGTH) {
            denied(ctx, api, "invalid_key");
            ctx.fail(new HttpProblem(401, "unauthorized", "not an API key: a key is at most " + MAX_KEY_LENGTH + " characters"));
            return;
        }
        CompletableFuture<Grant> check = access.authenticate(key).toCompletableFuture();
        boolean fromCookie = cookie;
        if (check.isDone()) {
            decide(ctx, api, check, fromCookie); // a cached key: no hop off the event loop
            return;
        }
        // The request waits unread while the database answers: a request that ends meanwhile could
        // no longer be upgraded to a WebSocket.
        request.pause();
        io.vertx.core.Context context = ctx.vertx().getOrCreateContext();
        check.whenComplete((grant, error) -> context.runOnContext(v -> {
            if (!handshake) {
                request.resume();
            }
            decide(ctx, api, check, fromCookie);
        }));
    }

    private void decide(RoutingContext ctx, String api, CompletableFuture<Grant> check, boolean fromCookie) {
        Grant grant;
        try {
            grant = check.join();
        } catch (CompletionException | java.util.concurrent.CancellationException error) {
            Throwable cause = error.getCause() != null ? error.getCause() : error;
            if (cause instanceof HttpProblem p) {
                denied(ctx, api, p.status() == 401 ? "invalid_key" : p.error());
                ctx.fail(p);
            } else {
                ctx.fail(new HttpProblem(503, "unavailable", "API keys cannot be checked now; try again shortly"));
            }
            return;
        }
        if (fromCookie && !grant.session()) {
            denied(ctx, api, "invalid_key");
            ctx.fail(new HttpProblem(401, "unauthorized", "the " + SESSION_COOKIE + " cookie holds no session; sign in again"));
            return;
        }
        if (fromCookie && !safe(ctx.request().method()) && !csrfMatches(grant, ctx.request().getHeader(CSRF_HEADER))) {
            denied(ctx, api, "csrf");
            ctx.fail(new HttpProblem(403, "forbidden", "a signed-in browser's " + ctx.request().method()
                    + " must carry the session's CSRF token in the " + CSRF_HEADER + " header (GET /api/v1/users/me returns it)"));
            return;
        }
        try {
            long wait = grant.rest().tryAcquire();
            if (wait > 0) {
                denied(ctx, api, "rate_limited");
                long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait + 999_999_999L));
                ctx.response().putHeader("Retry-After", Long.toString(seconds));
                throw new HttpProblem(429, "rate_limited", "plan " + grant.plan().name() + " allows "
                        + grant.plan().restPerSecond() + " REST requests per second; retry after " + seconds + " s");
            }
            String venues = ctx.request().getParam("venue");
            if (venues == null) {
                venues = ctx.request().getParam("venues");
            }
            if (venues != null) {
                for (String venue : venues.split(",", 64)) {
                    grant.checkVenue(venue.trim());
                }
            }
        } catch (HttpProblem p) {
            if (p.status() == 403) {
                denied(ctx, api, "forbidden");
            }
            ctx.fail(p);
            return;
        }
        access.used(grant); // what reaches a handler is the key's usage; a refusal above is not
        ctx.put(Grant.CONTEXT_KEY, grant);
        ctx.next();
    }

    private static boolean safe(HttpMethod method) {
        return method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS;
    }

    private static boolean csrfMatches(Grant grant, String sent) {
        return sent != null && grant.csrf() != null && java.security.MessageDigest.isEqual(
                sent.getBytes(java.nio.charset.StandardCharsets.UTF_8), grant.csrf().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
