package io.dpp.it;

import io.dpp.app.Platform;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.FeedState;
import io.dpp.core.model.FeedStatus;
import io.dpp.core.model.MarketEventListener;
import io.dpp.core.decimal.Decimal64;
import io.dpp.runtime.config.DppConfig;
import io.dpp.runtime.http.HttpModule;
import io.dpp.runtime.module.Lifecycle;
import io.dpp.runtime.module.ModuleDescriptor;
import io.dpp.sim.FaultSpec;
import io.dpp.sim.SimServer;
import io.dpp.book.SortedBook;
import io.dpp.streams.live.FeedSetup;
import io.dpp.streams.live.FeedsModule;
import io.dpp.streams.live.VenueFeed;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real feeds (HTTP module and feeds module, in this JVM) against the venue simulator over
 * real sockets, with a consumer that rebuilds every book from the published events and checks that
 * nothing is published from a stale book. Used by the fault tests.
 */
final class SimulatedFeeds implements AutoCloseable {

    /** Fast settings so that faults are found and healed within a test's time. */
    static final Map<String, String> FAST = Map.of(
            "DPP_HTTP_PORT", "0",
            "DPP_HTTP_HOST", "127.0.0.1",
            "DPP_STREAMS_CONNECTION_RECONNECT_INITIAL", "100ms",
            "DPP_STREAMS_CONNECTION_RECONNECT_MAX", "1s",
            "DPP_STREAMS_CONNECTION_PING_AFTER", "300ms",
            "DPP_STREAMS_CONNECTION_DEAD_AFTER", "1500ms",
            "DPP_STREAMS_CONNECTION_RECOVERY_TIMEOUT", "2s",
            "DPP_STREAMS_CONNECTION_STABLE_AFTER", "5s");

    private final SimServer sim;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Lifecycle lifecycle;
    private final FeedsModule feeds;
    private final Consumer consumer = new Consumer();

    SimulatedFeeds(Path captures, double speed, String faults, Map<String, String> env) {
        this(captures, java.util.Set.of(), speed, faults, env);
    }

    SimulatedFeeds(Path captures, java.util.Set<String> venues, double speed, String faults, Map<String, String> env) {
        this(captures, venues, speed, Map.of(), faults, env);
    }

    /** Serves {@code venues} each at its own pace ({@link SimServer#speed(String, double)}). */
    SimulatedFeeds(Path captures, java.util.Set<String> venues, Map<String, Double> speeds, String faults, Map<String, String> env) {
        this(captures, venues, Double.POSITIVE_INFINITY, speeds, faults, env);
    }

    private SimulatedFeeds(Path captures, java.util.Set<String> venues, double speed, Map<String, Double> speeds, String faults,
                           Map<String, String> env) {
        this(paced(SimServer.start(captures, venues, "127.0.0.1", 0, speed, FaultSpec.parse(faults)), speeds), null, env);
    }

    /**
     * Runs the feeds against a simulator already started (a synthetic market, say), each venue as
     * {@code setups} says (null: as the simulator's {@link SimServer#feedSetups()}); closing this closes it.
     */
    SimulatedFeeds(SimServer sim, Map<String, FeedSetup> setups, Map<String, String> env) {
        this.sim = sim;
        Map<String, String> environment = new HashMap<>(FAST);
        environment.putAll(env);
        DppConfig config = DppConfig.load(null, environment, Platform.configSections());
        List<ModuleDescriptor> plan = List.of(HttpModule.descriptor(), io.dpp.runtime.access.OpenAccess.module(),
                io.dpp.bus.BusModule.descriptor(),
                FeedsModule.descriptor(setups == null ? sim.feedSetups() : setups, sim, consumer));
        lifecycle = new Lifecycle(plan, config, registry);
        lifecycle.start(Duration.ofSeconds(10));
        feeds = lifecycle.module(FeedsModule.class);
    }

    private static SimServer paced(SimServer sim, Map<String, Double> speeds) {
        speeds.forEach(sim::speed);
        return sim;
    }

    /** The feeds module running. */
    FeedsModule feeds() {
        return feeds;
    }

    /** The bus the feeds publish into (the in-process ring). */
    io.dpp.bus.Bus bus() {
        return lifecycle.module(io.dpp.bus.BusModule.class).bus();
    }

    /** The value of counter {@code name} (without _total) with exactly these labels; 0 when it has none yet. */
    double counter(String name, Map<String, String> labels) {
        for (var snapshot : registry.scrape()) {
            if (snapshot.getMetadata().getName().equals(name)
                    && snapshot instanceof io.prometheus.metrics.model.snapshots.CounterSnapshot c) {
                for (var point : c.getDataPoints()) {
                    boolean match = true;
                    for (Map.Entry<String, String> l : labels.entrySet()) {
                        match &= l.getValue().equals(point.getLabels().get(l.getKey()));
                    }
                    if (match) {
                        return point.getValue();
                    }
                }
            }
        }
        return 0;
    }

    /** Waits until every venue's replay is delivered and every book is in sync again; false on timeout. */
    boolean awaitDone(Duration timeout) throws Exception {
        return awaitEachDone(java.util.Set.of(), timeout).size() == feeds.feeds().size();
    }

    /**
     * Waits until each venue is done: its replay delivered and every one of its books in sync, or,
     * for the venues in {@code rebuilt} (feeds that cannot show a lost message), its replay
     * delivered and then every one of its books rebuilt from a snapshot once more. Re-checks on each
     * event the feeds publish (at least every 200 ms); returns the venues done when all are, or at
     * the timeout.
     */
    java.util.Set<String> awaitEachDone(java.util.Set<String> rebuilt, Duration timeout) throws Exception {
        Map<String, Long> deliveredAt = new HashMap<>();
        return awaitEach(v -> {
            String id = v.getString("venue");
            if (!rebuilt.contains(id)) {
                return inSync(v);
            }
            return v.getBoolean("replay_done", false)
                    && consumer.everyBookSnapshottedAfter(deliveredAt.computeIfAbsent(id, k -> System.nanoTime()), id);
        }, timeout).keySet();
    }

    /**
     * Waits until {@code done} holds for every venue's {@code /api/v1/venues} entry, re-checking on
     * each event the feeds publish (at least every 200 ms); returns when each venue was first seen
     * done ({@link System#nanoTime()}), with the venues not done by the timeout left out.
     */
    Map<String, Long> awaitEach(java.util.function.Predicate<JsonObject> done, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        Map<String, Long> doneAt = new TreeMap<>();
        while (true) {
            List<JsonObject> venues = venues();
            for (JsonObject v : venues) {
                if (!doneAt.containsKey(v.getString("venue")) && done.test(v)) {
                    doneAt.put(v.getString("venue"), System.nanoTime());
                }
            }
            long left = end - System.nanoTime();
            if (doneAt.size() == venues.size() || left <= 0) {
                return doneAt;
            }
            consumer.awaitEvent(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
        }
    }

    /** True when a venue's replay is delivered and every one of its books is in sync. */
    static boolean inSync(JsonObject v) {
        return v != null && v.getBoolean("replay_done", false) && v.getInteger("books_stale") == 0
                && v.getInteger("books_awaiting_snapshot") == 0 && v.getInteger("books_in_sync") > 0;
    }

    /** What /api/v1/venues shows of each venue. */
    List<JsonObject> venues() throws Exception {
        List<JsonObject> out = new ArrayList<>();
        for (VenueFeed f : feeds.feeds()) {
            out.add(f.describe(sim).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS));
        }
        return out;
    }

    /** What /api/v1/venues shows, by venue id. */
    Map<String, JsonObject> byVenue() throws Exception {
        Map<String, JsonObject> out = new TreeMap<>();
        for (JsonObject v : venues()) {
            out.put(v.getString("venue"), v);
        }
        return out;
    }

    /** Every feed status received, as "venue symbol STATE" ("venue * STATE" for venue-wide ones). */
    List<String> statuses() {
        return consumer.statuses();
    }

    JsonObject simStatus() {
        return sim.status();
    }

    /**
     * Makes the consumer take {@code perBookChange} over each book change from now on, as a slow
     * listener would: the feed's thread then reads the socket more slowly than the simulator writes.
     */
    void slowDownConsumer(Duration perBookChange) {
        consumer.delayNanos = perBookChange.toNanos();
    }

    /** Each book as the consumer rebuilt it from the events: "venue symbol" to its levels, best first. */
    Map<String, List<String>> books() {
        return consumer.books();
    }

    List<String> violations() {
        return consumer.violations();
    }

    @Override
    public void close() {
        lifecycle.stop(Duration.ofSeconds(5), Duration.ZERO);
        sim.close();
    }

    /** Rebuilds books from events and checks that no change comes from a book known to be stale. */
    static final class Consumer implements MarketEventListener {
        private final Map<Instrument, SortedBook> books = new LinkedHashMap<>();
        private final Map<Instrument, Boolean> stale = new HashMap<>();
        private final Map<Instrument, Long> lastSnapshotNanos = new HashMap<>();
        private final List<String> statuses = new ArrayList<>();
        private final List<String> violations = new ArrayList<>();
        private volatile long delayNanos;

        @Override
        public synchronized void onBookChange(BookChange c) {
            if (delayNanos > 0) {
                long until = System.nanoTime() + delayNanos;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            }
            Instrument i = c.instrument();
            if (Boolean.TRUE.equals(stale.get(i)) && !c.snapshot()) {
                violations.add(i.venue() + " " + i.nativeSymbol() + ": a change was published while the book was stale");
            }
            SortedBook b = books.computeIfAbsent(i, k -> new SortedBook());
            if (c.snapshot()) {
                b.clear();
                stale.put(i, false);
                lastSnapshotNanos.put(i, System.nanoTime());
            }
            for (int n = 0; n < c.levelCount(); n++) {
                b.set(c.isBid(n), c.price(n), c.size(n));
            }
            notifyAll();
        }

        @Override
        public synchronized void onFeedStatus(FeedStatus s) {
            statuses.add(s.venue() + " " + (s.instrument() == null ? "*" : s.instrument().nativeSymbol()) + " " + s.state());
            if (s.instrument() != null && (s.state() == FeedState.GAP_DETECTED || s.state() == FeedState.DISCONNECTED)) {
                stale.put(s.instrument(), true);
            }
            notifyAll();
        }

        synchronized Map<String, List<String>> books() {
            Map<String, List<String>> out = new TreeMap<>();
            books.forEach((i, b) -> {
                List<String> levels = new ArrayList<>();
                for (boolean bid : new boolean[] {true, false}) {
                    for (int n = 0; n < b.depth(bid); n++) {
                        levels.add((bid ? "bid " : "ask ") + Decimal64.toString(b.price(bid, n)) + " "
                                + Decimal64.toString(b.size(bid, n)));
                    }
                }
                out.put(i.venue() + " " + i.nativeSymbol(), levels);
            });
            return out;
        }

        /** True when every book of a venue (and at least one) has had a snapshot after {@code nanos}. */
        synchronized boolean everyBookSnapshottedAfter(long nanos, String venue) {
            boolean any = false;
            for (Map.Entry<Instrument, Long> e : lastSnapshotNanos.entrySet()) {
                if (e.getKey().venue().equals(venue)) {
                    if (e.getValue() <= nanos) {
                        return false;
                    }
                    any = true;
                }
            }
            return any;
        }

        /** Waits until the next event arrives or {@code nanos} pass. */
        synchronized void awaitEvent(long nanos) throws InterruptedException {
            TimeUnit.NANOSECONDS.timedWait(this, nanos);
        }

        synchronized List<String> statuses() {
            return List.copyOf(statuses);
        }

        synchronized List<String> violations() {
            return List.copyOf(violations);
        }
    }
}
