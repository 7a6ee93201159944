package io.dpp.accounts;

import io.dpp.runtime.access.Grant;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each API key (and browser session) used: REST requests the access gate let through, by UTC
 * day, in the accounts database's {@code key_usage}. A request costs one atomic add to an in-memory
 * count; {@link #flush()} (every {@link #EVERY}, and at stop) adds the counts to the database, so
 * that every process serving the APIs adds to the same rows. A count that cannot be written is kept
 * for the next flush and counted in {@code dpp_access_usage_flush_failures_total}. Memory holds one
 * entry per key used since the last flush; rows older than {@link #KEEP_DAYS} days are deleted.
 */
final class Usage {

    private static final Logger LOG = LoggerFactory.getLogger(Usage.class);
    static final Duration EVERY = Duration.ofSeconds(10);
    static final int KEEP_DAYS = 90;
    /** Postgres' and H2's SQLSTATE for a duplicate key (two processes inserting one day's row). */
    private static final String UNIQUE_VIOLATION = "23505";

    private record Key(String user, String keyId, LocalDate day) {
    }

    /** One day's count of one key. */
    record Day(String keyId, LocalDate day, long requests) {
    }

    /** A user's counts from some day until {@code today} (UTC). */
    record Report(LocalDate today, List<Day> days) {
    }

    private final Sql sql;
    private final Clock clock;
    private final ConcurrentHashMap<Key, Long> pending = new ConcurrentHashMap<>();
    private final Counter failures;
    private LocalDate pruned;

    Usage(Sql sql, Clock clock, PrometheusRegistry metrics) {
        this.sql = sql;
        this.clock = clock;
        this.failures = Counter.builder().name("dpp_access_usage_flush_failures_total")
                .help("Flushes of the API keys' request counts to the accounts database that failed (kept for the next)")
                .register(metrics);
    }

    /** One REST request of {@code grant} let through. */
    void count(Grant grant) {
        pending.merge(new Key(grant.user(), grant.keyId(), LocalDate.now(clock.withZone(ZoneOffset.UTC))), 1L, Long::sum);
    }

    /** Adds what was counted since the last flush to the database. */
    synchronized void flush() {
        for (Key k : List.copyOf(pending.keySet())) {
            Long n = pending.remove(k);
            if (n == null) {
                continue;
            }
            try {
                add(k, n);
            } catch (AccountsException e) {
                pending.merge(k, n, Long::sum);
                failures.inc();
                LOG.warn("API key usage not written yet (kept for the next flush): {}", e.getMessage());
                return;
            }
        }
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        if (!today.equals(pruned)) {
            try {
                sql.update("DELETE FROM key_usage WHERE usage_day < ?", today.minusDays(KEEP_DAYS));
                pruned = today;
            } catch (AccountsException e) {
                LOG.warn("old API key usage not deleted yet: {}", e.getMessage());
            }
        }
    }

    /** Adds {@code n} to the key's row of the day, making it when missing (and racing another process's insert). */
    private void add(Key k, long n) {
        for (int attempt = 1; ; attempt++) {
            try {
                sql.transaction(c -> {
                    if (Sql.update(c, "UPDATE key_usage SET requests = requests + ? WHERE key_id = ? AND usage_day = ?", n, k.keyId(),
                            k.day()) == 0) {
                        Sql.update(c, "INSERT INTO key_usage (key_id, usage_day, user_name, requests) VALUES (?, ?, ?, ?)", k.keyId(),
                                k.day(), k.user(), n);
                    }
                    return null;
                });
                return;
            } catch (AccountsException e) {
                // Another process made the row between the update and the insert: add to it.
                if (attempt >= 2 || !(e.getCause() instanceof SQLException q) || !UNIQUE_VIOLATION.equals(q.getSQLState())) {
                    throw e;
                }
            }
        }
    }

    /** {@code user}'s counts from {@code from} (a UTC day) on, written ones and this process's unwritten ones. */
    List<Day> of(String user, LocalDate from) {
        List<Day> out = new ArrayList<>(sql.query("SELECT key_id, usage_day, requests FROM key_usage WHERE user_name = ? AND usage_day >= ?"
                + " ORDER BY usage_day, key_id", rs -> new Day(rs.getString(1), rs.getObject(2, LocalDate.class), rs.getLong(3)), user, from));
        pending.forEach((k, n) -> {
            if (k.user().equals(user) && !k.day().isBefore(from)) {
                out.add(new Day(k.keyId(), k.day(), n));
            }
        });
        return out;
    }
}
