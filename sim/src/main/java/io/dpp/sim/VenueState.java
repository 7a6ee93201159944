package io.dpp.sim;

import io.dpp.streams.capture.Capture;
import io.dpp.streams.capture.CaptureKind;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.Venue;
import io.dpp.streams.venue.VenueProtocol;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything the simulator serves for one venue: its recorded connections (sessions), its
 * listing, its recorded REST snapshots, the client connections open now, and the REST requests
 * received (to show a client stays within the venue's documented allowance). Used on the
 * simulator's event loop; the volatile summary is read by other threads.
 */
final class VenueState {

    private final Venue venue;
    private final SimVenue sim;
    private final List<SimSession> sessions;
    private final Map<String, byte[]> listing = new LinkedHashMap<>();
    private final List<Capture> restSnapshots;
    private final List<SimConnection> connections = new ArrayList<>();
    private final ArrayDeque<long[]> restLog = new ArrayDeque<>();
    private final long windowNanos;
    private final int snapshotWeight;

    private long stalledUntilNanos;
    private long stallTimer = -1;
    private long restRequests;
    private long restWeightMax;
    private volatile boolean done;
    private volatile Map<Integer, Long> openFrames = Map.of();

    VenueState(Venue venue, SimVenue sim, List<SimSession> sessions, Capture listingCapture, List<Capture> restSnapshots) {
        this.venue = venue;
        this.sim = sim;
        this.sessions = List.copyOf(sessions);
        this.restSnapshots = List.copyOf(restSnapshots);
        if (listingCapture != null) {
            for (int i = 0; i < listingCapture.size(); i++) {
                if (listingCapture.kind(i) == CaptureKind.REST) {
                    byte[] body = new byte[listingCapture.length(i)];
                    System.arraycopy(listingCapture.bytes(), listingCapture.offset(i), body, 0, body.length);
                    listing.putIfAbsent(pathAndQuery(listingCapture.url(i)), body);
                }
            }
        }
        this.windowNanos = venue.protocol().limits().restWeight().window().toNanos();
        this.snapshotWeight = venue.protocol().limits().snapshotWeight();
    }

    String id() {
        return venue.id();
    }

    Venue venue() {
        return venue;
    }

    VenueProtocol protocol() {
        return venue.protocol();
    }

    SimVenue sim() {
        return sim;
    }

    List<SimSession> sessions() {
        return sessions;
    }

    /** The REST paths of the recorded listing, in order. */
    List<String> listingPaths() {
        return List.copyOf(listing.keySet());
    }

    /** Every stream the recorded connections subscribed to. */
    List<Subscription> streams() {
        Set<Subscription> all = new LinkedHashSet<>();
        for (SimSession s : sessions) {
            all.addAll(s.streams());
        }
        return new ArrayList<>(all);
    }

    // ---- connections --------------------------------------------------------------------------

    void opened(SimConnection c) {
        connections.add(c);
        update();
    }

    void closed(SimConnection c) {
        connections.remove(c);
        // Sessions it held are free again: clients that were waiting for them get them now.
        for (SimConnection other : List.copyOf(connections)) {
            other.tryAttach();
        }
        update();
    }

    List<SimConnection> connections() {
        return connections;
    }

    // ---- a stall of the whole venue ----------------------------------------------------------

    /**
     * Stalls the whole venue for {@code duration} (null: until {@link #resume}): every open
     * connection and every one opened meanwhile sends nothing and reads nothing, as a venue whose
     * stream hangs while its sockets stay open; reconnecting does not help. Runs on the simulator's
     * event loop.
     */
    void stall(java.time.Duration duration, io.vertx.core.Vertx vertx) {
        if (stallTimer >= 0) {
            vertx.cancelTimer(stallTimer);
            stallTimer = -1;
        }
        stalledUntilNanos = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
        if (duration != null) {
            stallTimer = vertx.setTimer(Math.max(1, duration.toMillis()), id -> {
                stallTimer = -1;
                resume(vertx);
            });
        }
        for (SimConnection c : List.copyOf(connections)) {
            c.stall(duration);
        }
    }

    /** Ends a stall of the whole venue and of each of its connections. */
    void resume(io.vertx.core.Vertx vertx) {
        if (stallTimer >= 0) {
            vertx.cancelTimer(stallTimer);
            stallTimer = -1;
        }
        stalledUntilNanos = 0;
        for (SimConnection c : List.copyOf(connections)) {
            c.resume();
        }
    }

    boolean stalled() {
        return stalledUntilNanos != 0 && System.nanoTime() < stalledUntilNanos;
    }

    /** How much of the venue's stall is left, or null when it lasts until resumed. */
    java.time.Duration stallRemaining() {
        return stalledUntilNanos == Long.MAX_VALUE ? null
                : java.time.Duration.ofNanos(Math.max(1_000_000, stalledUntilNanos - System.nanoTime()));
    }

    /** Refreshes what other threads read: whether the replay is over, and what each open connection was sent. */
    void update() {
        boolean all = true;
        for (SimSession s : sessions) {
            all &= s.done();
        }
        Map<Integer, Long> frames = new ConcurrentHashMap<>();
        for (SimConnection c : connections) {
            if (!c.isClosed() && c.remotePort() > 0) {
                frames.put(c.remotePort(), c.framesSent());
            }
        }
        openFrames = frames;
        done = all;
    }

    /** True when every session is replayed and each open connection received all it was sent. */
    boolean deliveredTo(Map<Integer, Long> receivedByLocalPort) {
        if (!done) {
            return false;
        }
        for (Map.Entry<Integer, Long> e : openFrames.entrySet()) {
            Long received = receivedByLocalPort.get(e.getKey());
            if (received == null || received < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    boolean done() {
        return done;
    }

    // ---- REST ---------------------------------------------------------------------------------

    /** A REST response for a path with its query, or null for 404. Counts snapshot requests. */
    byte[] rest(String pathAndQuery) {
        byte[] body = listing.get(pathAndQuery);
        if (body != null) {
            return body;
        }
        String symbol = sim.restSnapshotSymbol(pathAndQuery);
        if (symbol == null) {
            return null;
        }
        for (SimSession s : sessions) {
            InstrumentBook book = s.book(symbol);
            if (book != null) {
                return sim.restSnapshot(book).getBytes(StandardCharsets.UTF_8);
            }
        }
        // Not built yet at this point of the replay: the venue's recorded snapshot, taken later.
        for (Capture c : restSnapshots) {
            for (int i = 0; i < c.size(); i++) {
                if (c.kind(i) == CaptureKind.REST && symbol.equals(sim.restSnapshotSymbol(pathAndQuery(c.url(i))))) {
                    byte[] recorded = new byte[c.length(i)];
                    System.arraycopy(c.bytes(), c.offset(i), recorded, 0, recorded.length);
                    return recorded;
                }
            }
        }
        return null;
    }

    /** True when the path asks for a book snapshot (the requests a venue's REST limits are about). */
    boolean isSnapshot(String pathAndQuery) {
        return sim.restSnapshotSymbol(pathAndQuery) != null;
    }

    /** Records a snapshot request and the highest weight used in any window of the venue's limit. */
    void countSnapshotRequest() {
        long now = System.nanoTime();
        restRequests++;
        restLog.addLast(new long[] {now, snapshotWeight});
        while (!restLog.isEmpty() && restLog.peekFirst()[0] <= now - windowNanos) {
            restLog.removeFirst();
        }
        long sum = 0;
        for (long[] r : restLog) {
            sum += r[1];
        }
        restWeightMax = Math.max(restWeightMax, sum);
    }

    long restRequests() {
        return restRequests;
    }

    long restWeightMax() {
        return restWeightMax;
    }

    static String pathAndQuery(String url) {
        return url.replaceFirst("^[a-zA-Z]+://[^/?]+", "");
    }
}
