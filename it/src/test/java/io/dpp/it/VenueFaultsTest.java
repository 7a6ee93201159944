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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * Every venue against the simulator over real sockets, without faults and with each fault the
 * simulator injects: the feed notices, rebuilds the book, ends with the same books as the
 * fault-free run, and never publishes a change from a stale book.
 *
 * <p>A run mostly waits (paced replays, stalls, reconnect delays: a quarter of a core on average),
 * so venues run {@value #VENUES_AT_ONCE} at a time in the background, each venue's runs in order;
 * each dynamic test waits for its own run's outcome. Every run has its own simulator, ports,
 * metrics registry and lifecycle.
 */
@org.junit.jupiter.api.parallel.Isolated("runs four venues at a time against their own simulators, with 40 s deadlines")
class VenueFaultsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(40);
    private static final int VENUES_AT_ONCE = 4;

    @TestFactory
    Stream<DynamicNode> everyVenueRecoversFromEveryFault() {
        List<DynamicNode> venues = new ArrayList<>();
        List<List<Run>> tasks = new ArrayList<>();
        String only = System.getProperty("dpp.venues", "");
        ExecutorService pool = Executors.newFixedThreadPool(VENUES_AT_ONCE, r -> {
            Thread t = new Thread(r, "venue-faults");
            t.setDaemon(true);
            return t;
        });
        for (CaptureDirectory.VenueCaptures v : CaptureDirectory.scan(ReplayCommandTest.fixtures()).values()) {
            if (!only.isBlank() && !List.of(only.split(",")).contains(v.venue().id())) {
                continue;
            }
            List<Run> runs = venueRuns(v);
            tasks.add(runs);
            venues.add(DynamicContainer.dynamicContainer(v.venue().id(),
                    runs.stream().map(r -> DynamicTest.dynamicTest(r.name, r::outcome))));
        }
        // One task per venue runs its runs in order; the dynamic tests read their outcomes. The venues
        // replayed slowest start first, so that the others share the remaining lanes meanwhile.
        tasks.sort(java.util.Comparator.comparingDouble(runs -> runs.get(0).speed));
        for (List<Run> runs : tasks) {
            pool.execute(() -> runs.forEach(Run::run));
        }
        pool.shutdown();
        return venues.stream();
    }

    /** One simulated run whose outcome a dynamic test reports. */
    private static final class Run {
        private final String name;
        private final double speed;
        private final Executable body;
        private final CompletableFuture<Void> done = new CompletableFuture<>();

        Run(String name, double speed, Executable body) {
            this.name = name;
            this.speed = speed;
            this.body = body;
        }

        void run() {
            try {
                body.execute();
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        }

        void outcome() throws Throwable {
            try {
                // Generous: every run of the venue before this one may be waited for too.
                done.get(15, TimeUnit.MINUTES);
            } catch (ExecutionException e) {
                throw e.getCause();
            }
        }
    }

    private static List<Run> venueRuns(CaptureDirectory.VenueCaptures v) {
        Path dir = v.websocket().get(0).getParent();
        String id = v.venue().id();
        Target target;
        try {
            target = target(v);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        double speed = speed(v, target);
        List<Map<String, List<String>>> baseline = new ArrayList<>();
        List<Run> tests = new ArrayList<>();
        tests.add(new Run("no fault", speed, () -> {
            try (SimulatedFeeds run = new SimulatedFeeds(dir, speed, null, Map.of())) {
                assertTrue(run.awaitDone(TIMEOUT), id + ": the fault-free replay completes: " + run.venues());
                // Venues whose captures share a folder (Bit.com's two markets) are served together: read this one's.
                JsonObject counters = run.venues().stream().filter(j -> id.equals(j.getString("venue"))).findFirst().orElseThrow()
                        .getJsonObject("counters");
                assertEquals(0, counters.getLong("decode_errors"), counters.encode());
                assertEquals(0, counters.getLong("checksum_failures"), counters.encode());
                assertEquals(0, counters.getLong("sequence_gaps"), counters.encode());
                assertEquals(0, counters.getLong("resyncs"), counters.encode());
                assertEquals(List.of(), run.violations());
                assertTrue(!run.books().isEmpty());
                baseline.add(run.books());
            }
        }));
        String at = ":n=" + target.message + ",capture=" + target.capture;
        List<String> faults = new ArrayList<>(List.of("drop@" + id + at, "duplicate@" + id + at, "reorder@" + id + at,
                "corrupt@" + id + at, "close@" + id + at, "stall@" + id + at + ",for=3s"));
        if (!target.followed) {
            // No book change in the capture has a later one of its book: losing one (or reading it wrong) leaves a
            // book no rule can tell from the venue's, so those faults say nothing of the feed here.
            faults.removeIf(f -> f.startsWith("drop@") || f.startsWith("corrupt@"));
            System.out.println(id + ": drop and corrupt not run: no book change in " + target.capture + " is followed by one of its book");
        }
        if (v.venue().protocol().recovery() == VenueProtocol.Recovery.REST_SNAPSHOT) {
            faults.add("close@" + id + at + ";rest-5xx@" + id + ":count=2");
            faults.add("close@" + id + at + ";rest-429@" + id + ":count=1,retry-after=1");
        }
        // Where the venue's book feed has no sequence number or checksum, a lost message cannot be
        // seen; the feed's periodic rebuild is what heals the book, so the test waits for it.
        boolean lossShows = target.lossShows;
        boolean wholeBooks = target.wholeBooks;
        for (String fault : faults) {
            tests.add(new Run(fault, speed, () -> {
                assertTrue(!baseline.isEmpty(), "the fault-free run must pass first");
                faulty(dir, speed, fault, baseline.get(0), lossShows, wholeBooks);
            }));
        }
        return tests;
    }

    private static void faulty(Path dir, double speed, String fault, Map<String, List<String>> baseline,
                               boolean lossShows, boolean wholeBooks) throws Exception {
        Map<String, String> env = lossShows ? Map.of() : Map.of("DPP_STREAMS_CONNECTION_REBUILD_UNSEQUENCED_EVERY", "1s");
        try (SimulatedFeeds run = new SimulatedFeeds(dir, speed, fault, env)) {
            boolean done = lossShows ? run.awaitDone(TIMEOUT) : run.awaitRebuiltAfterDone(TIMEOUT);
            assertTrue(done, fault + ": the replay completes with every book in sync: " + run.venues() + "\n" + run.simStatus());
            String venue = fault.substring(fault.indexOf('@') + 1, fault.indexOf(':'));
            JsonObject status = run.simStatus().getJsonArray("venues").stream().map(JsonObject.class::cast)
                    .filter(j -> venue.equals(j.getString("venue"))).findFirst().orElseThrow();
            assertTrue(!status.getJsonObject("faults_injected").isEmpty(), fault + " was injected: " + status);
            assertEquals(List.of(), run.violations(), fault + ": nothing published from a stale book");
            List<String> statuses = run.statuses();
            if (fault.startsWith("close") || fault.startsWith("stall")) {
                assertTrue(statuses.stream().anyMatch(x -> x.endsWith("* DISCONNECTED")), fault + ": " + statuses);
                assertTrue(statuses.stream().filter(x -> x.endsWith("* CONNECTED")).count() >= 2, fault + ": " + statuses);
            }
            // A lost or unreadable book message is found (sequence, checksum) and the book rebuilt; a
            // duplicate or a swap is harmless where changes carry absolute sizes or are filtered by
            // sequence, so it need not rebuild anything; where every book message is the whole book, the
            // next one heals a lost or unreadable one.
            if (!lossShows || (!wholeBooks && (fault.startsWith("drop") || fault.startsWith("corrupt"))) || fault.startsWith("close")
                    || fault.startsWith("stall")) {
                assertTrue(statuses.stream().anyMatch(x -> x.endsWith(" RESYNCED")), fault + ": a book was rebuilt: " + statuses);
            }
            assertEquals(baseline, run.books(), fault + ": the books end as in the fault-free run");
        }
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
                    String symbol = c.kind(j) == CaptureKind.REST ? sim.restSnapshotSymbol(c.url(j).replaceFirst("^[a-zA-Z]+://[^/?]+", "")) : null;
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
