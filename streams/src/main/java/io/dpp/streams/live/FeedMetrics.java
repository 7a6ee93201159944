package io.dpp.streams.live;

import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Collection;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The {@code dpp_feed_*} metrics, one series per venue (no unbounded labels). Counters are read
 * from the feeds' own counters when scraped, so the hot path pays nothing for them; only the
 * venue-to-receive latency histogram is observed per event.
 */
public final class FeedMetrics {

    private final Histogram latency;
    private final Counter snapshotRequests;
    private final Counter connectionAttempts;
    private final Counter busPauses;
    private final Counter busPausedSeconds;
    private final Counter busHeld;

    public FeedMetrics(PrometheusRegistry registry, Supplier<Collection<VenueFeed>> feeds) {
        counter(registry, feeds, "dpp_feed_messages", "WebSocket messages received", f -> f.totals().messages());
        counter(registry, feeds, "dpp_feed_decode_errors", "Messages that could not be decoded (counted and skipped)",
                f -> f.totals().decodeErrors());
        counter(registry, feeds, "dpp_feed_gaps", "Sequence gaps detected", f -> f.totals().sequenceGaps());
        counter(registry, feeds, "dpp_feed_checksum_failures", "Book checksums that did not match",
                f -> f.totals().checksumFailures());
        counter(registry, feeds, "dpp_feed_checksums_verified", "Book checksums verified", f -> f.totals().checksumsVerified());
        counter(registry, feeds, "dpp_feed_crossed_books", "Books found crossed", f -> f.totals().crossedBooks());
        counter(registry, feeds, "dpp_feed_resyncs", "Books rebuilt from a fresh snapshot after a break",
                f -> f.totals().resyncs());
        counter(registry, feeds, "dpp_feed_reconnects", "Connections re-opened after a loss or a planned rotation",
                VenueFeed::reconnects);
        counter(registry, feeds, "dpp_feed_events", "Normalized events published (trades, book changes, quotes, ...)",
                f -> f.totals().events());
        gauge(registry, feeds, "dpp_feed_connected", "Open WebSocket connections", VenueFeed::connectedCount);
        gauge(registry, feeds, "dpp_feed_connections", "WebSocket connections the venue's plan needs", VenueFeed::plannedCount);
        gauge(registry, feeds, "dpp_feed_last_message_timestamp_seconds", "When the venue last sent a message other than a pong (epoch seconds)",
                f -> f.lastMessageMicros() <= 0 ? 0 : f.lastMessageMicros() / 1e6);
        GaugeWithCallback.builder().name("dpp_feed_books").help("Books by state: in_sync, stale, awaiting_snapshot")
                .labelNames("venue", "state")
                .callback(cb -> {
                    for (VenueFeed f : feeds.get()) {
                        int[] s = f.bookStates();
                        cb.call(s[0], f.venueId(), "in_sync");
                        cb.call(s[1], f.venueId(), "stale");
                        cb.call(s[2], f.venueId(), "awaiting_snapshot");
                    }
                }).register(registry);
        latency = Histogram.builder().name("dpp_feed_latency_seconds")
                .help("Venue timestamp to local receive time of trades, book changes and quotes")
                .labelNames("venue")
                .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
                .classicOnly()
                .register(registry);
        snapshotRequests = Counter.builder().name("dpp_feed_snapshot_requests")
                .help("REST book snapshot requests by outcome: ok, rate_limited, error")
                .labelNames("venue", "outcome").register(registry);
        connectionAttempts = Counter.builder().name("dpp_feed_connection_attempts")
                .help("WebSocket connection attempts by outcome: ok, failed")
                .labelNames("venue", "outcome").register(registry);
        busPauses = Counter.builder().name("dpp_feed_bus_pauses")
                .help("Times a connection stopped reading because the bus was full (a consumer behind): back-pressure")
                .labelNames("venue").register(registry);
        busPausedSeconds = Counter.builder().name("dpp_feed_bus_paused_seconds")
                .help("Time connections spent not reading because the bus was full").labelNames("venue").register(registry);
        busHeld = Counter.builder().name("dpp_feed_bus_held_events")
                .help("Events the full bus refused at first: held by their connection, which stopped reading, and published in order once there was room")
                .labelNames("venue").register(registry);
    }

    void busPaused(String venue) {
        busPauses.labelValues(venue).inc();
    }

    void busResumed(String venue, long pausedNanos) {
        busPausedSeconds.labelValues(venue).inc(pausedNanos / 1e9);
    }

    void busHeld(String venue, long events) {
        busHeld.labelValues(venue).inc(events);
    }

    /** The latency histogram of a venue, to observe seconds. */
    public DistributionDataPoint latency(String venue) {
        return latency.labelValues(venue);
    }

    void snapshotRequest(String venue, String outcome) {
        snapshotRequests.labelValues(venue, outcome).inc();
    }

    void connectionAttempt(String venue, boolean ok) {
        connectionAttempts.labelValues(venue, ok ? "ok" : "failed").inc();
    }

    private static void counter(PrometheusRegistry registry, Supplier<Collection<VenueFeed>> feeds, String name,
                                String help, ToDoubleFunction<VenueFeed> value) {
        CounterWithCallback.builder().name(name).help(help).labelNames("venue")
                .callback(cb -> {
                    for (VenueFeed f : feeds.get()) {
                        cb.call(value.applyAsDouble(f), f.venueId());
                    }
                }).register(registry);
    }

    private static void gauge(PrometheusRegistry registry, Supplier<Collection<VenueFeed>> feeds, String name, String help,
                              ToDoubleFunction<VenueFeed> value) {
        GaugeWithCallback.builder().name(name).help(help).labelNames("venue")
                .callback(cb -> {
                    for (VenueFeed f : feeds.get()) {
                        cb.call(value.applyAsDouble(f), f.venueId());
                    }
                }).register(registry);
    }
}
