package io.dpp.ems.vault;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.ems.live.VenueHttp;
import io.dpp.runtime.access.Grant;
import io.dpp.runtime.http.HttpProblem;
import io.dpp.runtime.http.JsonBody;
import io.dpp.trading.live.BalanceRead;
import io.dpp.trading.live.HttpCall;
import io.dpp.trading.live.VenueKey;
import io.dpp.trading.live.VenueSigner;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/venue-credentials}: a user's venue API keys, kept sealed in the vault. Add (the
 * secret goes in once and never comes out), list and show (the public key masked, the last test's
 * outcome), test (a signed read-only call to the venue: its balances) and delete. A user sees and
 * uses only their own: another user's credential is answered 404, as one that does not exist.
 * Nothing here logs, counts or answers a secret; a venue's refusal is passed on in the venue's words.
 */
public final class CredentialsApi {

    private static final Logger LOG = LoggerFactory.getLogger(CredentialsApi.class);
    static final int MAX_BODY = 16 * 1024;
    static final int MAX_PER_USER = 50;
    static final int MAX_KEY = 256;
    static final int MAX_SECRET = 4096;
    static final int MAX_PASSPHRASE = 128;
    /** Tests under way at once in this process; beyond, 503 (each is a call to a venue). */
    static final int MAX_TESTS = 8;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern PRINTABLE = Pattern.compile("[\\x20-\\x7e\\n\\r]+");

    private final CredentialStore store;
    private final VenueHttp venues;
    private final VaultMetrics metrics;
    private final Semaphore tests = new Semaphore(MAX_TESTS);

    public CredentialsApi(CredentialStore store, VenueHttp venues, VaultMetrics metrics) {
        this.store = store;
        this.venues = venues;
        this.metrics = metrics;
    }

    public void install(Router router) {
        router.post("/api/v1/venue-credentials").handler(JsonBody::jsonOnly);
        BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY);
        router.post("/api/v1/venue-credentials").handler(body).handler(this::add);
        router.get("/api/v1/venue-credentials").handler(ctx -> {
            Grant g = Grant.of(ctx);
            blocking(ctx, () -> store.list(g.user()).stream().map(CredentialsApi::view).toList(), 200);
        });
        router.get("/api/v1/venue-credentials/:name").handler(ctx -> {
            Grant g = Grant.of(ctx);
            String name = name(ctx.pathParam("name"));
            blocking(ctx, () -> view(store.find(g.user(), name).orElseThrow(() -> notFound(name))), 200);
        });
        router.delete("/api/v1/venue-credentials/:name").handler(ctx -> {
            Grant g = Grant.of(ctx);
            String name = name(ctx.pathParam("name"));
            ctx.vertx().<Boolean>executeBlocking(() -> {
                boolean deleted = store.delete(g.user(), name);
                metrics.records(store.countsByKey());
                return deleted;
            }, false).onComplete(r -> {
                if (r.failed()) {
                    ctx.fail(r.cause());
                } else if (!r.result()) {
                    ctx.fail(notFound(name));
                } else {
                    LOG.info("venue credential {} of {} deleted", name, g.user());
                    ctx.response().setStatusCode(204).end();
                }
            });
        });
        router.post("/api/v1/venue-credentials/:name/test").handler(this::test);
    }

    private void add(RoutingContext ctx) {
        Grant g = Grant.of(ctx);
        JsonNode b = JsonBody.object(ctx, Set.of("name", "venue", "api_key", "secret", "passphrase"));
        String name = name(JsonBody.text(b, "name", true, 64));
        String venue = JsonBody.text(b, "venue", true, 32);
        if (!VenueSigner.VENUES.contains(venue)) {
            throw bad("venue must be one DPP trades on: " + String.join(", ", VenueSigner.VENUES));
        }
        String apiKey = printable(JsonBody.text(b, "api_key", true, MAX_KEY), "api_key");
        String secret = printable(JsonBody.text(b, "secret", true, MAX_SECRET), "secret");
        String passphrase = b.hasNonNull("passphrase") ? printable(JsonBody.text(b, "passphrase", true, MAX_PASSPHRASE), "passphrase") : null;
        if (venue.equals("okx") && passphrase == null) {
            throw bad("an OKX key needs its passphrase");
        }
        VenueKey key = new VenueKey(apiKey, secret, passphrase);
        try {
            // A secret in the wrong form (a Kraken secret that is not base64, a Coinbase key that is
            // not one) is refused now rather than at the first order.
            VenueSigner.of(venue).sign(BalanceRead.request(venue).withHeader("host", "check.invalid"), key, System.currentTimeMillis());
        } catch (IllegalArgumentException e) {
            throw bad("secret: " + e.getMessage());
        }
        blocking(ctx, () -> {
            if (store.count(g.user()) >= MAX_PER_USER) {
                throw new HttpProblem(409, "limit", "a user keeps at most " + MAX_PER_USER + " venue credentials; delete one first");
            }
            if (!store.add(g.user(), name, venue, key, Instant.now())) {
                throw new HttpProblem(409, "conflict", "you already have a venue credential named " + name);
            }
            metrics.added();
            metrics.records(store.countsByKey());
            LOG.info("venue credential {} ({}) of {} added, key {}", name, venue, g.user(), key.masked());
            return view(store.find(g.user(), name).orElseThrow());
        }, 201);
    }

    private void test(RoutingContext ctx) {
        Grant g = Grant.of(ctx);
        String name = name(ctx.pathParam("name"));
        if (!tests.tryAcquire()) {
            throw new HttpProblem(503, "busy", MAX_TESTS + " credential tests are under way; try again shortly");
        }
        ctx.vertx().<Object[]>executeBlocking(() -> {
            CredentialStore.Listed listed = store.find(g.user(), name).orElseThrow(() -> notFound(name));
            VenueKey key;
            try {
                key = store.open(g.user(), name).orElseThrow(() -> notFound(name));
            } catch (Vault.OpenFailed e) {
                metrics.openFailed();
                LOG.error("venue credential {} of {} does not open: {}", name, g.user(), e.getMessage());
                throw new HttpProblem(500, "vault", "the credential cannot be opened by this server's master keys; an operator "
                        + "must restore the key it was sealed under (see the server log)");
            }
            return new Object[] {listed, key};
        }, false).onComplete(opened -> {
            if (opened.failed()) {
                tests.release();
                ctx.fail(opened.cause());
                return;
            }
            CredentialStore.Listed listed = (CredentialStore.Listed) opened.result()[0];
            VenueKey key = (VenueKey) opened.result()[1];
            HttpCall call = BalanceRead.request(listed.venue());
            java.util.concurrent.CompletableFuture<VenueHttp.Answer> sent;
            try {
                // Signed at the venue's clock where the adapter can read it (its server-time call),
                // so that a drifting local clock does not fail the test.
                sent = venues.syncClockIfStale(listed.venue()).thenCompose(offset -> venues.send(listed.venue(), call, key));
            } catch (RuntimeException e) {
                sent = java.util.concurrent.CompletableFuture.failedFuture(e);
            }
            sent.whenComplete((answer, error) -> {
                tests.release();
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("name", listed.name());
                out.put("venue", listed.venue());
                boolean ok = false;
                String message;
                if (error != null) {
                    Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    message = "cannot reach " + listed.venue() + " at " + venues.baseUrl(listed.venue()) + ": "
                            + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
                } else {
                    out.put("round_trip_ms", answer.roundTripNanos() / 1_000_000.0);
                    try {
                        Map<String, BigDecimal> balances = BalanceRead.parse(listed.venue(), answer.status(), answer.body());
                        Map<String, String> shown = new LinkedHashMap<>();
                        balances.forEach((asset, amount) -> shown.put(asset, amount.toPlainString()));
                        out.put("balances", shown);
                        ok = true;
                        message = "signed read-only call answered with " + balances.size() + " balance(s)";
                    } catch (IllegalArgumentException | ArithmeticException e) {
                        out.put("status", answer.status());
                        message = listed.venue() + " refused: " + e.getMessage();
                    }
                }
                out.put("ok", ok);
                out.put("message", message);
                metrics.tested(listed.venue(), ok);
                boolean passed = ok;
                String said = message;
                ctx.vertx().executeBlocking(() -> {
                    store.tested(listed.id(), Instant.now(), passed, said);
                    return null;
                }, false).onComplete(w -> {
                    if (w.failed()) {
                        LOG.warn("could not keep the test outcome of venue credential {}: {}", listed.name(), w.cause().toString());
                    }
                    JsonBody.send(ctx, 200, out);
                });
            });
        });
    }

    private static <T> void blocking(RoutingContext ctx, Callable<T> work, int status) {
        ctx.vertx().executeBlocking(work, false).onComplete(r -> {
            if (r.failed()) {
                ctx.fail(r.cause());
            } else {
                JsonBody.send(ctx, status, r.result());
            }
        });
    }

    static Map<String, Object> view(CredentialStore.Listed c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name());
        m.put("venue", c.venue());
        m.put("api_key", c.apiKey());
        m.put("created_at", c.created().toString());
        if (c.tested() != null) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("at", c.tested().toString());
            t.put("ok", c.testOk());
            t.put("message", c.testMessage());
            m.put("last_test", t);
        } else {
            m.put("last_test", null);
        }
        return m;
    }

    private static String name(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw bad("a credential name is 1-64 letters, digits or . _ - (starting with a letter or digit)");
        }
        return name;
    }

    private static String printable(String value, String field) {
        if (value.isEmpty() || !PRINTABLE.matcher(value).matches()) {
            throw bad(field + " must be printable ASCII, as the venue issued it");
        }
        return value;
    }

    private static HttpProblem notFound(String name) {
        return new HttpProblem(404, "not_found", "you have no venue credential named " + name);
    }

    private static HttpProblem bad(String message) {
        return new HttpProblem(400, "bad_request", message);
    }

    /** The venues a credential may be for. */
    public static List<String> venues() {
        return VenueSigner.VENUES;
    }
}
