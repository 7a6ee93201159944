package io.dpp.ems;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The EMS's metrics ({@code dpp_ems_*}, docs/operations.md). */
final class EmsMetrics {

    private final LongAdder accepted = new LongAdder();
    private final Map<String, LongAdder> rejected = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> closed = new ConcurrentHashMap<>();
    private final LongAdder fills = new LongAdder();
    private final LongAdder funding = new LongAdder();
    private final LongAdder busy = new LongAdder();
    private final LongAdder unusable = new LongAdder();
    private final LongAdder journalFailures = new LongAdder();
    private final LongAdder journalRows = new LongAdder();
    private volatile boolean globalKill;
    private Histogram commitSeconds;
    private Histogram venueSeconds;
    private final LongAdder balanceMismatches = new LongAdder();
    private final LongAdder deadManFailures = new LongAdder();
    private final java.util.concurrent.atomic.AtomicInteger balanceDifferences = new java.util.concurrent.atomic.AtomicInteger();
    private final Map<String, LongAdder> streamPushes = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> streamDrops = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> liveFills = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> lateFills = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> streamsLive = new ConcurrentHashMap<>();

    EmsMetrics register(PrometheusRegistry registry) {
        CounterWithCallback.builder().name("dpp_ems_orders_accepted").help("Orders the EMS accepted and sent to a venue")
                .callback(cb -> cb.call(accepted.sum())).register(registry);
        CounterWithCallback.builder().name("dpp_ems_orders_rejected").help("Orders the EMS refused, by reason code")
                .labelNames("reason").callback(cb -> rejected.forEach((r, n) -> cb.call(n.sum(), r))).register(registry);
        CounterWithCallback.builder().name("dpp_ems_orders_closed").help("Orders that ended, by final state")
                .labelNames("state").callback(cb -> closed.forEach((s, n) -> cb.call(n.sum(), s))).register(registry);
        CounterWithCallback.builder().name("dpp_ems_fills").help("Fills")
                .callback(cb -> cb.call(fills.sum())).register(registry);
        CounterWithCallback.builder().name("dpp_ems_funding_payments").help("Funding payments booked to paper positions in perpetuals")
                .callback(cb -> cb.call(funding.sum())).register(registry);
        CounterWithCallback.builder().name("dpp_ems_busy").help("Requests refused with 503 because the EMS had ems.max-pending waiting")
                .callback(cb -> cb.call(busy.sum())).register(registry);
        CounterWithCallback.builder().name("dpp_ems_unusable_events")
                .help("Book changes the paper venue could not apply (a price off the instrument's tick ladder); the book is stale until its next snapshot")
                .callback(cb -> cb.call(unusable.sum())).register(registry);
        CounterWithCallback.builder().name("dpp_ems_journal_failures")
                .help("Journal batches that could not be written; after one the EMS refuses everything until restarted")
                .callback(cb -> cb.call(journalFailures.sum())).register(registry);
        CounterWithCallback.builder().name("dpp_ems_journal_rows").help("Rows the journal wrote")
                .callback(cb -> cb.call(journalRows.sum())).register(registry);
        GaugeWithCallback.builder().name("dpp_ems_global_kill_switch").help("1 while the global kill switch is set")
                .callback(cb -> cb.call(globalKill ? 1 : 0)).register(registry);
        commitSeconds = Histogram.builder().name("dpp_ems_journal_commit_seconds").help("Time to write and commit a journal batch")
                .classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1)
                .classicOnly().register(registry);
        CounterWithCallback.builder().name("dpp_ems_live_balance_mismatches")
                .help("Assets found different between a live account's venue and DPP, at each comparison (when the venue is opened, and every ems.live.balance-check-interval)")
                .callback(cb -> cb.call(balanceMismatches.sum())).register(registry);
        CounterWithCallback.builder().name("dpp_ems_live_dead_man_failures")
                .help("Renewals of a venue's dead man's switch (ems.live.cancel-on-disconnect) that failed; the venue cancels the account's orders if none succeeds in time")
                .callback(cb -> cb.call(deadManFailures.sum())).register(registry);
        GaugeWithCallback.builder().name("dpp_ems_live_balance_differences")
                .help("Assets whose balance differs between a live account's venue and DPP now, over every live account (the last comparison of each)")
                .callback(cb -> cb.call(balanceDifferences.get())).register(registry);
        CounterWithCallback.builder().name("dpp_ems_live_stream_pushes").help("Pushes of orders and fills read from the venues' private streams")
                .labelNames("venue").callback(cb -> streamPushes.forEach((v, n) -> cb.call(n.sum(), v))).register(registry);
        CounterWithCallback.builder().name("dpp_ems_live_stream_drops")
                .help("Private stream connections that ended or were refused (each connects again by itself)")
                .labelNames("venue").callback(cb -> streamDrops.forEach((v, n) -> cb.call(n.sum(), v))).register(registry);
        GaugeWithCallback.builder().name("dpp_ems_live_streams").help("Live accounts' private streams logged in and subscribed now")
                .labelNames("venue").callback(cb -> streamsLive.forEach((v, n) -> cb.call(n.get(), v))).register(registry);
        CounterWithCallback.builder().name("dpp_ems_live_fills")
                .help("Live fills booked, by where DPP learned of them first: the venue's private stream, its answer to the order, or a query")
                .labelNames("venue", "source").callback(cb -> liveFills.forEach((k, n) -> {
                    int bar = k.indexOf('|');
                    cb.call(n.sum(), k.substring(0, bar), k.substring(bar + 1));
                })).register(registry);
        CounterWithCallback.builder().name("dpp_ems_live_late_fills")
                .help("Live contract fills that reached DPP after a newer one: the position replayed in the venue's order")
                .labelNames("venue").callback(cb -> lateFills.forEach((v, n) -> cb.call(n.sum(), v))).register(registry);
        venueSeconds = Histogram.builder().name("dpp_ems_venue_order_seconds")
                .help("Round trip of a live order's placement: sent to the venue's acknowledgement").labelNames("venue")
                .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10)
                .classicOnly().register(registry);
        return this;
    }

    void accepted() {
        accepted.increment();
    }

    void rejected(String reason) {
        rejected.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    void closed(OrderState state) {
        closed.computeIfAbsent(state.wire(), r -> new LongAdder()).increment();
    }

    void fill() {
        fills.increment();
    }

    void funding() {
        funding.increment();
    }

    void busy() {
        busy.increment();
    }

    void unusableEvent() {
        unusable.increment();
    }

    void journalFailed() {
        journalFailures.increment();
    }

    void committed(int rows, long nanos) {
        journalRows.add(rows);
        if (commitSeconds != null) {
            commitSeconds.observe(nanos / 1e9);
        }
    }

    void balanceMismatch() {
        balanceMismatches.increment();
    }

    void deadManFailure() {
        deadManFailures.increment();
    }

    /** The number of assets that differ from their venues now, over every live account. */
    void balanceDifferences(int count) {
        balanceDifferences.set(count);
    }

    void venueRoundTrip(String venue, long nanos) {
        if (venueSeconds != null && nanos > 0) {
            venueSeconds.labelValues(venue).observe(nanos / 1e9);
        }
    }

    void streamPush(String venue) {
        streamPushes.computeIfAbsent(venue, k -> new LongAdder()).increment();
    }

    /** A private stream logged in and subscribed. */
    void streamUp(String venue) {
        streamsLive.computeIfAbsent(venue, k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
    }

    /** A private stream's connection ended or was refused; {@code wasLive}: it had been subscribed. */
    void streamDown(String venue, boolean wasLive) {
        if (wasLive) {
            streamsLive.computeIfAbsent(venue, k -> new java.util.concurrent.atomic.AtomicInteger()).decrementAndGet();
        }
        streamDrops.computeIfAbsent(venue, k -> new LongAdder()).increment();
    }

    /** A live fill booked, learned first from {@code source}: stream, answer or query. */
    void liveFill(String venue, String source) {
        liveFills.computeIfAbsent(venue + "|" + source, k -> new LongAdder()).increment();
    }

    /** A live contract fill that came after a newer one: its position was replayed in the venue's order. */
    void lateFill(String venue) {
        lateFills.computeIfAbsent(venue, k -> new LongAdder()).increment();
    }

    void globalKill(boolean on) {
        globalKill = on;
    }
}
