package io.dpp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpp.core.model.BookChange;
import io.dpp.core.model.MarketEventListener;
import io.dpp.streams.capture.Capture;
import io.dpp.streams.capture.CaptureKind;
import io.dpp.streams.capture.CaptureReader;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.feed.FeedStats;
import io.dpp.streams.replay.CaptureDirectory;
import io.dpp.streams.replay.CaptureStreams;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.Venue;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.VenueProtocol;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every venue against the simulator over real sockets, without faults and with each fault the
 * simulator injects: the feed notices, rebuilds the book, ends with the same books as the
 * fault-free run, and never publishes a change from a stale book.
 *
 * <p>Every venue runs in one platform: a fault-free run of all of them first (each venue's books
 * are its baseline), then one run per kind of fault, which injects that fault into every venue at
 * once, each at its own message. A venue's checks read only its own books, statuses and counters,
 * and each is reported as a test of its own ({@code kraken / drop@kraken:n=..}), so the suite's time
 * grows with the kinds of fault, not with the venues. A run mostly waits (stalls, reconnect
 * delays), so after the fault-free run {@value #RUNS_AT_ONCE} kinds run at a time, each with its own
 * simulator, ports, metrics registry and lifecycle.
 */
@org.junit.jupiter.api.parallel.Isolated("runs every venue at once against simulators of its own, with 90 s deadlines")
class VenueFaultsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final int RUNS_AT_ONCE = 2;
    /** The kinds of fault, in the order they run. */
    /**
     * How long a silent connection lives: longer than the fault tests' usual 1.5 s, because here two
     * platforms of every venue share two cores, and a busy moment (both starting at once) went past
     * 1.5 s without a pong and declared every venue's connection dead; the stall lasts longer still.
     */
    private static final Map<String, String> DEAD_AFTER = Map.of("DPP_STREAMS_CONNECTION_DEAD_AFTER", "4s");
    private static final String STALL = "6s";
    private static final List<String> KINDS = List.of("drop", "duplicate", "reorder", "corrupt", "close", "stall", "rest-5xx", "rest-429");

    @TestFactory
    Stream<DynamicNode> everyVenueRecoversFromEveryFault() {
        Path root = ReplayCommandTest.fixtures();
        String only = System.getProperty("dpp.venues", "");
        Map<String, Plan> plans = new LinkedHashMap<>();
        for (CaptureDirectory.VenueCaptures v : CaptureDirectory.scan(root).values()) {
            if (only.isBlank() || List.of(only.split(",")).contains(v.venue().id())) {
                plans.put(v.venue().id(), plan(v));
            }
        }
        Run baseline = new Run("no fault", () -> baseline(root, plans));
        Map<String, Run> byKind = new LinkedHashMap<>();
        for (String kind : KINDS) {
            Map<String, Plan> hit = new LinkedHashMap<>();
            plans.forEach((id, p) -> {
                if (p.faults.containsKey(kind)) {
                    hit.put(id, p);
                }
            });
            if (!hit.isEmpty()) {
                byKind.put(kind, new Run(kind, () -> faulty(root, kind, hit, baseline)));
            }
        }
        var pool = Executors.newFixedThreadPool(RUNS_AT_ONCE, r -> {
            Thread t = new Thread(r, "venue-faults");
            t.setDaemon(true);
            return t;
        });
        baseline.run();
        byKind.values().forEach(r -> pool.execute(r::run));
        pool.shutdown();
        List<DynamicNode> venues = new ArrayList<>();
        plans.forEach((id, p) -> {
            List<DynamicTest> tests = new ArrayList<>();
            tests.add(DynamicTest.dynamicTest("no fault", () -> baseline.outcome(id)));
            p.faults.forEach((kind, spec) -> tests.add(DynamicTest.dynamicTest(spec, () -> byKind.get(kind).outcome(id))));
            venues.add(DynamicContainer.dynamicContainer(id, tests));
        });
        return venues.stream();
    }

    /**
     * What a venue's runs need: the pace its captures are replayed at, its faults by kind (each a
     * fault spec aimed at its own message), whether a lost book message shows on its feed, and
     * whether each of its book messages is the whole book.
     */
    private record Plan(String id, double speed, Map<String, String> faults, boolean lossShows, boolean wholeBooks) {
    }

    private static Plan plan(CaptureDirectory.VenueCaptures v) {
        String id = v.venue().id();
        Target target;
        try {
            target = target(v);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        String at = ":n=" + target.message + ",capture=" + target.capture;
        Map<String, String> faults = new LinkedHashMap<>();
        boolean restSnapshot = v.venue().protocol().recovery() == VenueProtocol.Recovery.REST_SNAPSHOT;
        // A lost change shows only on a book the feed holds, and a lost connection rebuilds only books the feed
        // held: where the feed's snapshot requests were slow (a busy machine) and no book was in sync yet when
        // message N left, the simulator hits the next change of a book whose snapshot was served instead.
        String synced = restSnapshot ? ",synced=true" : "";
        for (String kind : List.of("drop", "duplicate", "reorder", "corrupt", "close")) {
            boolean needsHeldBook = kind.equals("drop") || kind.equals("corrupt") || kind.equals("close");
            faults.put(kind, kind + "@" + id + at + (needsHeldBook ? synced : ""));
        }
        faults.put("stall", "stall@" + id + at + ",for=" + STALL + synced);
        if (!target.followed) {
            // No book change in the capture has a later one of its book: losing one (or reading it wrong) leaves a
            // book no rule can tell from the venue's, so those faults say nothing of the feed here.
            faults.remove("drop");
            faults.remove("corrupt");
            System.out.println(id + ": drop and corrupt not run: no book change in " + target.capture + " is followed by one of its book");
        }
        if (restSnapshot) {
            faults.put("rest-5xx", "close@" + id + at + synced + ";rest-5xx@" + id + ":count=2");
            faults.put("rest-429", "close@" + id + at + synced + ";rest-429@" + id + ":count=1,retry-after=1");
        }
        return new Plan(id, speed(v, target), faults, target.lossShows, target.wholeBooks);
    }

    /** One run of every venue in one platform; each venue's outcome is read by its own dynamic test. */
    private static final class Run {
        private final String name;
        private final Body body;
        private final CompletableFuture<Map<String, Throwable>> done = new CompletableFuture<>();

        interface Body {
            /** Runs and returns each venue's failure (venues missing from it passed). */
            Map<String, Throwable> run() throws Exception;
        }

        Run(String name, Body body) {
            this.name = name;
            this.body = body;
        }

        void run() {
            try {
                done.complete(body.run());
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        }

        void outcome(String venue) throws Throwable {
            Map<String, Throwable> failures;
            try {
                // Generous: the runs before this one on its lane may be waited for too.
                failures = done.get(15, TimeUnit.MINUTES);
            } catch (ExecutionException e) {
                throw new AssertionError(name + ": the run of every venue failed", e.getCause());
            }
            Throwable failure = failures.get(venue);
            if (failure != null) {
                throw failure;
            }
        }
    }

    /** Each venue's books at the end of the fault-free run, by venue; filled by {@link #baseline}. */
    private static final Map<String, Map<String, List<String>>> BASELINES = new ConcurrentHashMap<>();

    private static Map<String, Throwable> baseline(Path root, Map<String, Plan> plans) throws Exception {
        Map<String, Throwable> failures = new LinkedHashMap<>();
        try (SimulatedFeeds run = new SimulatedFeeds(root, plans.keySet(), speeds(plans), null, DEAD_AFTER)) {
            java.util.Set<String> done = run.awaitEachDone(java.util.Set.of(), TIMEOUT);
            Map<String, JsonObject> venues = run.byVenue();
            Map<String, List<String>> books = run.books();
            List<String> violations = run.violations();
            for (String id : plans.keySet()) {
                check(failures, id, () -> {
                    JsonObject v = venues.get(id);
                    assertTrue(done.contains(id), id + ": the fault-free replay completes: " + v);
                    JsonObject counters = v.getJsonObject("counters");
                    assertEquals(0, counters.getLong("decode_errors"), counters.encode());
                    assertEquals(0, counters.getLong("checksum_failures"), counters.encode());
                    assertEquals(0, counters.getLong("sequence_gaps"), counters.encode());
                    assertEquals(0, counters.getLong("resyncs"), counters.encode());
                    assertEquals(List.of(), of(id, violations));
                    Map<String, List<String>> own = of(id, books);
                    assertTrue(!own.isEmpty(), id + ": books were published");
                    BASELINES.put(id, own);
                });
            }
        }
        return failures;
    }

    private static Map<String, Throwable> faulty(Path root, String kind, Map<String, Plan> plans, Run baseline) throws Exception {
        Map<String, Throwable> failures = new LinkedHashMap<>();
        try {
            baseline.done.get();
        } catch (ExecutionException e) {
            throw new AssertionError("the fault-free run must pass first", e.getCause());
        }
        String spec = plans.values().stream().map(p -> p.faults.get(kind)).collect(Collectors.joining(";"));
        boolean someLossHidden = plans.values().stream().anyMatch(p -> !p.lossShows);
        // Where a venue's book feed has no sequence number or checksum, a lost message cannot be seen; the
        // feed's periodic rebuild is what heals the book, so the run waits for it (the setting touches no other venue).
        Map<String, String> env = new java.util.HashMap<>(DEAD_AFTER);
        if (someLossHidden) {
            env.put("DPP_STREAMS_CONNECTION_REBUILD_UNSEQUENCED_EVERY", "1s");
        }
        try (SimulatedFeeds run = new SimulatedFeeds(root, plans.keySet(), speeds(plans), spec, env)) {
            java.util.Set<String> rebuilt = plans.values().stream().filter(p -> !p.lossShows).map(Plan::id).collect(Collectors.toSet());
            java.util.Set<String> done = run.awaitEachDone(rebuilt, TIMEOUT);
            Map<String, JsonObject> venues = run.byVenue();
            Map<String, JsonObject> sim = new LinkedHashMap<>();
            run.simStatus().getJsonArray("venues").stream().map(JsonObject.class::cast).forEach(j -> sim.put(j.getString("venue"), j));
            Map<String, List<String>> books = run.books();
            List<String> violations = run.violations();
            List<String> statuses = run.statuses();
            for (Plan p : plans.values()) {
                String fault = p.faults.get(kind);
                check(failures, p.id, () -> {
                    JsonObject v = venues.get(p.id);
                    assertTrue(done.contains(p.id),
                            fault + ": the replay completes with every book in sync" + (p.lossShows ? "" : " and rebuilt after it") + ": " + v
                                    + "\n" + sim.get(p.id));
                    assertTrue(!sim.get(p.id).getJsonObject("faults_injected").isEmpty(), fault + " was injected: " + sim.get(p.id));
                    assertEquals(List.of(), of(p.id, violations), fault + ": nothing published from a stale book");
                    List<String> own = of(p.id, statuses);
                    if (kind.equals("close") || kind.equals("stall") || kind.startsWith("rest-")) {
                        assertTrue(own.stream().anyMatch(x -> x.endsWith("* DISCONNECTED")), fault + ": " + own);
                        assertTrue(own.stream().filter(x -> x.endsWith("* CONNECTED")).count() >= 2, fault + ": " + own);
                    }
                    // A lost or unreadable book message is found (sequence, checksum) and the book rebuilt; a
                    // duplicate or a swap is harmless where changes carry absolute sizes or are filtered by
                    // sequence, so it need not rebuild anything; where every book message is the whole book, the
                    // next one heals a lost or unreadable one.
                    if (!p.lossShows || (!p.wholeBooks && (kind.equals("drop") || kind.equals("corrupt"))) || kind.equals("close")
                            || kind.equals("stall") || kind.startsWith("rest-")) {
                        assertTrue(own.stream().anyMatch(x -> x.endsWith(" RESYNCED")), fault + ": a book was rebuilt: " + own);
                    }
                    assertEquals(BASELINES.get(p.id), of(p.id, books), fault + ": the books end as in the fault-free run");
                });
            }
        }
        return failures;
    }

    /** Runs a venue's checks, keeping its failure (a check that throws stops that venue's checks only). */
    private static void check(Map<String, Throwable> failures, String venue, org.junit.jupiter.api.function.Executable checks) {
        try {
            checks.execute();
        } catch (Throwable t) {
            failures.put(venue, t);
        }
    }

    /** The entries ("venue symbol ...") of one venue. */
    private static List<String> of(String venue, List<String> entries) {
        return entries.stream().filter(e -> e.startsWith(venue + " ")).toList();
    }

    /** The books ("venue symbol" to levels) of one venue. */
    private static Map<String, List<String>> of(String venue, Map<String, List<String>> books) {
        Map<String, List<String>> own = new java.util.TreeMap<>();
        books.forEach((k, v) -> {
            if (k.startsWith(venue + " ")) {
                own.put(k, v);
            }
        });
        return own;
    }

    private static Map<String, Double> speeds(Map<String, Plan> plans) {
        Map<String, Double> speeds = new LinkedHashMap<>();
        plans.forEach((id, p) -> speeds.put(id, p.speed));
        return speeds;
    }

    /**
     * The capture and message a fault hits: a book change past the middle of the capture.
     *
     * @param wholeBooks every book message of the capture is the whole book (Upbit): a lost or unreadable one is
     *     healed by the next, with nothing to rebuild
     */
    private record Target(String capture, long message, boolean lossShows, boolean followed, boolean wholeBooks, long atMicros) {
    }

    /** How long after the capture's first received message its {@code n}th arrived, in microseconds. */
    private static long sinceFirst(Capture c, long n) {
        long first = -1;
        long seen = 0;
        for (int i = 0; i < c.size(); i++) {
            if (c.kind(i) == CaptureKind.RECEIVED) {
                first = first < 0 ? c.time(i) : first;
                if (++seen == n) {
                    return c.time(i) - first;
                }
            }
        }
        return 0;
    }

    /** The share of a venue's REST allowance the feeds use by default ({@code streams.connection.limit-share}). */
    private static final double LIMIT_SHARE = 0.5;

    /**
     * How fast a venue's captures are replayed. REST-snapshot venues replay at ten times the
     * recorded pace at most: at full speed the whole recording is over before the snapshot request
     * arrives, and the fault would never be seen. Slower where the venue's REST allowance cannot
     * fetch every recorded book's snapshot before the fault's message (Independent Reserve: one
     * call a second), so that the fault hits books in sync.
     */
    private static double speed(CaptureDirectory.VenueCaptures v, Target target) throws IllegalStateException {
        VenueProtocol protocol = v.venue().protocol();
        if (protocol.recovery() != VenueProtocol.Recovery.REST_SNAPSHOT) {
            return Double.POSITIVE_INFINITY;
        }
        java.util.Set<String> books = new java.util.HashSet<>();
        var sim = v.venue().simulation().replay();
        try {
            for (Path r : v.rest()) {
                Capture c = CaptureReader.read(r);
                for (int j = 0; j < c.size(); j++) {
                    String symbol = c.kind(j) == CaptureKind.REST ? sim.recordedSnapshotSymbol(v.venue().id(), c.url(j)) : null;
                    if (symbol != null) {
                        books.add(symbol);
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        var limit = protocol.limits().restWeight();
        double perSecond = limit.permits() * LIMIT_SHARE / protocol.limits().snapshotWeight() / limit.window().toMillis() * 1000;
        // The bucket starts full: as many snapshots as it holds go at once, the rest at its pace; 2 s to spare.
        long atOnce = Math.max(1, (long) (Math.max(1, limit.permits() * LIMIT_SHARE) / protocol.limits().snapshotWeight()));
        double needSeconds = Math.max(0, books.size() - atOnce) / perSecond + 2;
        double speed = Math.max(1, Math.min(10, target.atMicros / 1e6 / needSeconds));
        if (speed < 10) {
            System.out.printf("%s: replayed at %.1fx: %d recorded snapshots at %.2f a second before the fault's message%n",
                    v.venue().id(), speed, books.size(), perSecond);
        }
        return speed;
    }

    private static Target target(CaptureDirectory.VenueCaptures v) throws Exception {
        Venue venue = v.venue();
        InstrumentCatalog catalog = venue.parseListing(CaptureReader.read(v.listing()));
        for (Path p : v.websocket()) {
            Capture c = CaptureReader.read(p);
            var bookStream = CaptureStreams.of(venue.protocol(), c, catalog).stream()
                    .filter(s -> venue.protocol().isBookChannel(s.channel())).findFirst();
            if (bookStream.isEmpty()) {
                continue;
            }
            boolean lossShows = venue.protocol().detectsLoss(bookStream.get().channel());
            // The received message (its number) of each book change, with its book: the fault hits a change
            // that a later change of the same book follows, else a lost change could not show (a short capture's last).
            List<long[]> changeAt = new ArrayList<>();
            List<String> changeOf = new ArrayList<>();
            // Pictures of books already built: a venue that sends its whole book each time (Upbit) has only these.
            List<long[]> pictureAt = new ArrayList<>();
            List<String> pictureOf = new ArrayList<>();
            java.util.Set<String> built = new java.util.HashSet<>();
            long[] at = new long[1];
            VenueDecoder d = venue.newDecoder(catalog, new FeedOutput(venue.id(), new FeedStats(), new MarketEventListener() {
                @Override
                public void onBookChange(BookChange change) {
                    String book = change.instrument().nativeSymbol();
                    if (!change.snapshot() && (changeAt.isEmpty() || changeAt.get(changeAt.size() - 1)[0] != at[0])) {
                        changeAt.add(new long[] {at[0]});
                        changeOf.add(book);
                    } else if (change.snapshot() && !built.add(book)) {
                        pictureAt.add(new long[] {at[0]});
                        pictureOf.add(book);
                    }
                }
            }));
            List<Capture> rest = new ArrayList<>();
            for (Path r : v.rest()) {
                rest.add(CaptureReader.read(r));
            }
            long received = c.receivedCount();
            long n = 0;
            for (int i = 0; i < c.size(); i++) {
                for (Capture r : rest) {
                    for (int j = 0; j < r.size(); j++) {
                        if (r.kind(j) == CaptureKind.REST && r.time(j) <= c.time(i) && (i == 0 || r.time(j) > c.time(i - 1))) {
                            d.onRest(r.url(j), r.bytes(), r.offset(j), r.length(j), r.time(j));
                        }
                    }
                }
                switch (c.kind(i)) {
                    case CONNECT -> d.onConnect(c.url(i), c.time(i));
                    case SENT -> d.onSent(c.url(i), c.bytes(), c.offset(i), c.length(i), c.time(i));
                    case RECEIVED -> {
                        at[0] = ++n;
                        d.onMessage(c.bytes(), c.offset(i), c.length(i), c.time(i));
                    }
                    default -> { }
                }
            }
            boolean wholeBooks = changeAt.isEmpty() && !pictureAt.isEmpty();
            if (wholeBooks) {
                changeAt.addAll(pictureAt);
                changeOf.addAll(pictureOf);
            }
            long chosen = -1;
            for (int k = 0; k < changeAt.size() && chosen < 0; k++) {
                if (changeAt.get(k)[0] >= received / 2 && changeOf.subList(k + 1, changeOf.size()).contains(changeOf.get(k))) {
                    chosen = changeAt.get(k)[0];
                }
            }
            if (chosen < 0) {
                // No change in the second half has a later one of its book: the latest change that has one.
                for (int k = changeAt.size() - 1; k >= 0 && chosen < 0; k--) {
                    if (changeOf.subList(k + 1, changeOf.size()).contains(changeOf.get(k))) {
                        chosen = changeAt.get(k)[0];
                    }
                }
            }
            if (chosen > 0) {
                return new Target(p.getFileName().toString(), chosen, lossShows, true, wholeBooks, sinceFirst(c, chosen));
            }
            if (!changeAt.isEmpty()) {
                // Every change is its book's last (Okcoin's capture: a few seconds): a lost one could not show. The
                // other faults hit the first change past the middle, which messages still follow.
                long past = changeAt.get(changeAt.size() - 1)[0];
                for (long[] change : changeAt) {
                    if (change[0] >= received / 2) {
                        past = change[0];
                        break;
                    }
                }
                return new Target(p.getFileName().toString(), past, lossShows, false, wholeBooks, sinceFirst(c, past));
            }
        }
        throw new AssertionError(venue.id() + ": no book change in any capture");
    }
}
