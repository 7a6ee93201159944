package io.dpp.accounts;

import io.dpp.runtime.access.Access;
import io.dpp.runtime.access.AccessGate;
import io.dpp.runtime.access.Grant;
import io.dpp.runtime.http.HttpProblem;
import io.dpp.runtime.rate.TokenBucket;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API keys checked against the accounts database. A key that is not even well formed is refused
 * at once, never cached and never looked up. A well-formed key's outcome is remembered for
 * {@code accounts.key-cache}, so a request costs a map lookup and the database sees each key at
 * most once per period: valid keys in one cache, refusals in another of at most
 * {@value #MAX_REFUSED} entries, so that a flood of made-up keys can neither grow memory nor push
 * valid keys out. Lookups run on a small pool with a bounded queue (503 beyond it), never on an
 * event loop, and concurrent checks of one key share one lookup. Each key has one REST rate
 * limiter for as long as the process runs. Time comes from an injected nano ticker.
 */
final class KeyAccess implements Access {

    private static final Logger LOG = LoggerFactory.getLogger(KeyAccess.class);
    static final int MAX_VALID = 100_000;
    static final int MAX_REFUSED = 10_000;
    static final int MAX_QUEUED_LOOKUPS = 1_000;

    private record Cached(Grant grant, HttpProblem refusal, long expires) {
    }

    private final AccountsDb db;
    private final Sessions sessions;
    private final long ttlNanos;
    private final LongSupplier ticker;
    private final ConcurrentHashMap<String, Cached> valid = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Cached> refused = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CompletableFuture<Cached>> inFlight = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, TokenBucket> limiters = new ConcurrentHashMap<>();
    private final ExecutorService pool;
    private final Counter denied;
    private final Counter lookups;
    private final Usage usage;

    KeyAccess(AccountsDb db, Sessions sessions, Duration ttl, PrometheusRegistry metrics) {
        this(db, sessions, ttl, metrics, System::nanoTime, java.time.Clock.systemUTC());
    }

    KeyAccess(AccountsDb db, Sessions sessions, Duration ttl, PrometheusRegistry metrics, LongSupplier ticker) {
        this(db, sessions, ttl, metrics, ticker, java.time.Clock.systemUTC());
    }

    /** With {@code clock} for the days usage is counted on. */
    KeyAccess(AccountsDb db, Sessions sessions, Duration ttl, PrometheusRegistry metrics, LongSupplier ticker,
              java.time.Clock clock) {
        this.db = db;
        this.sessions = sessions;
        this.ttlNanos = ttl.toNanos();
        this.ticker = ticker;
        this.pool = new ThreadPoolExecutor(1, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(MAX_QUEUED_LOOKUPS), r -> {
            Thread t = new Thread(r, "accounts-keys");
            t.setDaemon(true);
            return t;
        });
        this.usage = new Usage(db.sql(), clock, metrics);
        this.denied = io.dpp.runtime.access.OpenAccess.deniedCounter(metrics);
        this.lookups = Counter.builder().name("dpp_access_key_lookups_total")
                .help("API key checks by outcome: valid, unknown, revoked, error (database lookups), malformed (refused"
                        + " without one), busy (refused: too many lookups queued)").labelNames("outcome")
                .register(metrics);
        io.prometheus.metrics.core.metrics.GaugeWithCallback.builder().name("dpp_access_keys_cached")
                .help("API key outcomes remembered: valid (at most " + MAX_VALID + ") and refused (at most " + MAX_REFUSED + ")")
                .labelNames("kind").callback(cb -> {
                    cb.call(valid.size(), "valid");
                    cb.call(refused.size(), "refused");
                }).register(metrics);
    }

    @Override
    public boolean open() {
        return false;
    }

    @Override
    public CompletionStage<Grant> authenticate(String key) {
        boolean session = key != null && Sessions.isToken(key);
        if (key == null || key.length() > AccessGate.MAX_KEY_LENGTH || (!session && AccountsDb.keyId(key) == null)) {
            lookups.labelValues("malformed").inc();
            return CompletableFuture.failedFuture(new HttpProblem(401, "unauthorized",
                    "not an API key: keys read dpp_<16 hex digits>_<43 characters> (a session cookie dpps_<43 characters>)"));
        }
        long now = ticker.getAsLong();
        Cached c = valid.get(key);
        if (c == null) {
            c = refused.get(key);
        }
        if (c != null && now - c.expires() < 0) {
            return answer(c);
        }
        // The lookup is registered before it is submitted: a lookup that finished before it was
        // registered would stay registered, and answer for the key long after its period.
        CompletableFuture<Cached> mine = new CompletableFuture<>();
        CompletableFuture<Cached> lookup = inFlight.putIfAbsent(key, mine);
        if (lookup == null) {
            lookup = mine;
            try {
                pool.execute(() -> {
                    // Unregistered before it completes: whoever sees the outcome asks anew next time.
                    try {
                        Cached outcome = lookup(key);
                        inFlight.remove(key, mine);
                        mine.complete(outcome);
                    } catch (RuntimeException e) {
                        inFlight.remove(key, mine);
                        mine.completeExceptionally(e);
                    }
                });
            } catch (RejectedExecutionException e) {
                inFlight.remove(key, mine);
                lookups.labelValues("busy").inc();
                HttpProblem busy = new HttpProblem(503, "unavailable", "too many API keys are being checked at once; retry shortly");
                mine.completeExceptionally(busy);
                return CompletableFuture.failedFuture(busy);
            }
        }
        return lookup.thenCompose(KeyAccess::answer);
    }

    private static CompletableFuture<Grant> answer(Cached c) {
        return c.grant() != null ? CompletableFuture.completedFuture(c.grant()) : CompletableFuture.failedFuture(c.refusal());
    }

    private Cached lookup(String key) {
        if (Sessions.isToken(key)) {
            return sessionLookup(key);
        }
        String keyId = AccountsDb.keyId(key);
        AccountsDb.StoredKey stored;
        try {
            stored = db.find(keyId);
        } catch (AccountsException e) {
            LOG.error("API key check failed: {}", e.getMessage());
            lookups.labelValues("error").inc();
            throw new HttpProblem(503, "unavailable", "the accounts database cannot be reached; try again shortly");
        }
        Cached result;
        if (stored == null || !AccountsDb.matches(key, stored)) {
            result = refusal("unknown", "unknown API key");
        } else if (stored.revoked()) {
            result = refusal("revoked", "API key " + keyId + " has been revoked");
        } else {
            lookups.labelValues("valid").inc();
            TokenBucket rest = limiters.compute(keyId, (id, old) -> old != null && old.perSecond() == stored.plan().restPerSecond()
                    ? old : TokenBucket.perSecond(stored.plan().restPerSecond(), ticker));
            result = new Cached(new Grant(stored.user(), keyId, stored.plan(), rest, stored.role(), null), null,
                    ticker.getAsLong() + ttlNanos);
        }
        return remembered(key, result);
    }

    private Cached remembered(String key, Cached result) {
        remember(result.grant() != null ? valid : refused, result.grant() != null ? MAX_VALID : MAX_REFUSED, key, result);
        (result.grant() != null ? refused : valid).remove(key);
        return result;
    }

    /** A browser session's grant: the user's role and plan, one REST limiter per user. */
    private Cached sessionLookup(String token) {
        Sessions.Found found;
        try {
            found = sessions.find(token);
        } catch (AccountsException e) {
            LOG.error("session check failed: {}", e.getMessage());
            lookups.labelValues("error").inc();
            throw new HttpProblem(503, "unavailable", "the accounts database cannot be reached; try again shortly");
        }
        if (found == null || found.refusal() != null) {
            return remembered(token, refusal(found == null ? "unknown" : "revoked",
                    found == null ? "unknown or expired session; sign in again" : found.refusal()));
        }
        lookups.labelValues("valid").inc();
        String limiterKey = "u:" + found.user();
        TokenBucket rest = limiters.compute(limiterKey, (id, old) -> old != null && old.perSecond() == found.plan().restPerSecond()
                ? old : TokenBucket.perSecond(found.plan().restPerSecond(), ticker));
        return remembered(token, new Cached(new Grant(found.user(), found.keyId(), found.plan(), rest, found.role(), found.csrf()),
                null, ticker.getAsLong() + ttlNanos));
    }

    /**
     * Forgets every remembered grant of {@code user} (or, when {@code keyId} is not null, of that
     * key or session only) at once, so that a sign-out, a revoked key or a changed role takes effect
     * in this process now rather than when the cache period ends.
     */
    void forget(String user, String keyId) {
        valid.values().removeIf(c -> c.grant().user().equals(user) && (keyId == null || c.grant().keyId().equals(keyId)));
    }

    private void remember(ConcurrentHashMap<String, Cached> cache, int max, String key, Cached result) {
        if (cache.size() >= max) {
            long now = ticker.getAsLong();
            cache.values().removeIf(c -> now - c.expires() >= 0);
            if (cache.size() >= max) {
                cache.clear(); // all still fresh: start over rather than grow
            }
        }
        cache.put(key, result);
    }

    private Cached refusal(String outcome, String message) {
        lookups.labelValues(outcome).inc();
        return new Cached(null, new HttpProblem(401, "unauthorized", message), ticker.getAsLong() + ttlNanos);
    }

    /** Forgets every remembered grant (a plan changed). */
    void forgetAll() {
        valid.clear();
    }

    /** Keys remembered now: valid ones and refused ones. */
    int[] cached() {
        return new int[] {valid.size(), refused.size()};
    }

    @Override
    public void denied(String api, String reason) {
        denied.labelValues(api, reason).inc();
    }

    /** The keys' and sessions' request counts. */
    Usage usage() {
        return usage;
    }

    @Override
    public void used(Grant grant) {
        usage.count(grant);
    }

    void close() {
        pool.shutdownNow();
        usage.flush();
    }
}
