package io.dpp.historical.recorder;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the recorder did, as {@code dpp_recorder_*} metrics: rows committed per table, commits and
 * failed commits, commit latency, and the receive time of the newest committed event (its
 * freshness: now minus that is how far history lags the feeds).
 */
public final class RecorderStats {

    private final Map<String, LongAdder> rows = new ConcurrentHashMap<>();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private volatile long lastCommittedReceiveTime;
    private volatile long pendingRows;
    private Histogram commitSeconds;
    private Histogram delaySeconds;

    /** Registers the metrics in {@code registry}. */
    public RecorderStats register(PrometheusRegistry registry) {
        CounterWithCallback.builder().name("dpp_recorder_rows").help("Rows committed to the store, by table")
                .labelNames("table")
                .callback(cb -> rows.forEach((t, n) -> cb.call(n.sum(), t))).register(registry);
        GaugeWithCallback.builder().name("dpp_recorder_pending_rows")
                .help("Rows written and not yet committed (they are committed within the commit interval)")
                .callback(cb -> cb.call(pendingRows)).register(registry);
        CounterWithCallback.builder().name("dpp_recorder_commits").help("Store commits")
                .callback(cb -> cb.call(commits.get())).register(registry);
        CounterWithCallback.builder().name("dpp_recorder_commit_failures")
                .help("Store commits that failed even when tried again for historical.recorder.store-retry (their rows are lost"
                        + " unless the bus re-delivers them)")
                .callback(cb -> cb.call(failures.get())).register(registry);
        CounterWithCallback.builder().name("dpp_recorder_commit_retries")
                .help("Commits tried again after the store refused one (it restarting or away); the recorder waits meanwhile")
                .callback(cb -> cb.call(retries.get())).register(registry);
        GaugeWithCallback.builder().name("dpp_recorder_last_committed_receive_timestamp_seconds")
                .help("Receive time of the newest event committed to the store (epoch seconds)")
                .callback(cb -> cb.call(lastCommittedReceiveTime / 1e6)).register(registry);
        commitSeconds = Histogram.builder().name("dpp_recorder_commit_seconds").help("Time to commit a batch")
                .classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5)
                .classicOnly().register(registry);
        delaySeconds = Histogram.builder().name("dpp_recorder_delay_seconds")
                .help("Local receipt of the oldest event of a commit to the commit's end: how stale the store can be")
                .classicUpperBounds(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
                .classicOnly().register(registry);
        return this;
    }

    void retried() {
        retries.incrementAndGet();
    }

    /** Commits tried again so far. */
    public long retries() {
        return retries.get();
    }

    void pending(long n) {
        pendingRows = n;
    }

    void rows(String table, long n) {
        rows.computeIfAbsent(table, t -> new LongAdder()).add(n);
    }

    void committed(long n, long nanos, long maxReceiveTime, long oldestReceiveTime, boolean failed) {
        commits.incrementAndGet();
        if (failed) {
            failures.incrementAndGet();
        }
        if (maxReceiveTime > lastCommittedReceiveTime) {
            lastCommittedReceiveTime = maxReceiveTime;
        }
        if (commitSeconds != null) {
            commitSeconds.observe(nanos / 1e9);
        }
        long since = oldestReceiveTime == Long.MAX_VALUE ? -1
                : io.dpp.core.time.Timestamps.sinceReceipt(oldestReceiveTime, io.dpp.core.time.Timestamps.now());
        if (delaySeconds != null && !failed && since >= 0) {
            delaySeconds.observe(since / 1e6);
        }
    }

    /** Rows committed to {@code table} so far. */
    public long rows(String table) {
        LongAdder n = rows.get(table);
        return n == null ? 0 : n.sum();
    }

    /** Commits so far. */
    public long commits() {
        return commits.get();
    }

    /** Commits that failed so far. */
    public long failures() {
        return failures.get();
    }
}
