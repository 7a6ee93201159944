package io.dpp.accounts;

import io.dpp.runtime.access.Access;
import io.dpp.runtime.access.Grant;
import io.dpp.runtime.access.RateLimiter;
import io.dpp.runtime.http.HttpProblem;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API keys checked against the accounts database. A checked key (valid or not) is remembered for
 * {@code accounts.key-cache}, so a request costs a map lookup and the database sees each key at
 * most once per period; lookups run on a small pool of their own, never on an event loop. Each
 * key has one REST rate limiter for as long as the process runs.
 */
final class KeyAccess implements Access {

    private static final Logger LOG = LoggerFactory.getLogger(KeyAccess.class);
    private static final int MAX_CACHED = 100_000;

    private record Cached(Grant grant, HttpProblem refusal, long expires) {
    }

    private final AccountsDb db;
    private final long ttlNanos;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, RateLimiter> limiters = new ConcurrentHashMap<>();
    private final ExecutorService pool;
    private final Counter denied;
    private final Counter lookups;

    KeyAccess(AccountsDb db, Duration ttl, PrometheusRegistry metrics) {
        this.db = db;
        this.ttlNanos = ttl.toNanos();
        this.pool = new ThreadPoolExecutor(1, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "accounts-keys");
            t.setDaemon(true);
            return t;
        });
        this.denied = io.dpp.runtime.access.OpenAccess.deniedCounter(metrics);
        this.lookups = Counter.builder().name("dpp_access_key_lookups_total")
                .help("API key checks that went to the accounts database, by outcome").labelNames("outcome")
                .register(metrics);
    }

    @Override
    public boolean open() {
        return false;
    }

    @Override
    public CompletionStage<Grant> authenticate(String key) {
        long now = System.nanoTime();
        Cached c = cache.get(key);
        if (c != null && now - c.expires() < 0) {
            return c.grant() != null ? CompletableFuture.completedFuture(c.grant()) : CompletableFuture.failedFuture(c.refusal());
        }
        return CompletableFuture.supplyAsync(() -> lookup(key), pool).thenCompose(fresh -> fresh.grant() != null
                ? CompletableFuture.completedFuture(fresh.grant()) : CompletableFuture.failedFuture(fresh.refusal()));
    }

    private Cached lookup(String key) {
        String keyId = AccountsDb.keyId(key);
        Cached result;
        if (keyId == null) {
            result = refusal("malformed", "not an API key: keys read dpp_<16 hex digits>_<43 characters>");
        } else {
            AccountsDb.StoredKey stored;
            try {
                stored = db.find(keyId);
            } catch (AccountsException e) {
                LOG.error("API key check failed: {}", e.getMessage());
                lookups.labelValues("error").inc();
                throw new HttpProblem(503, "unavailable", "the accounts database cannot be reached; try again shortly");
            }
            if (stored == null || !AccountsDb.matches(key, stored)) {
                result = refusal("unknown", "unknown API key");
            } else if (stored.revoked()) {
                result = refusal("revoked", "API key " + keyId + " has been revoked");
            } else {
                lookups.labelValues("valid").inc();
                RateLimiter rest = limiters.compute(keyId, (id, old) -> old != null && old.perSecond() == stored.plan().restPerSecond()
                        ? old : new RateLimiter(stored.plan().restPerSecond()));
                result = new Cached(new Grant(stored.user(), keyId, stored.plan(), rest), null, System.nanoTime() + ttlNanos);
            }
        }
        if (cache.size() >= MAX_CACHED) {
            cache.clear(); // a flood of made-up keys must not grow memory without bound
        }
        cache.put(key, result);
        return result;
    }

    private Cached refusal(String outcome, String message) {
        lookups.labelValues(outcome).inc();
        return new Cached(null, new HttpProblem(401, "unauthorized", message), System.nanoTime() + ttlNanos);
    }

    @Override
    public void denied(String api, String reason) {
        denied.labelValues(api, reason).inc();
    }

    void close() {
        pool.shutdownNow();
    }
}
