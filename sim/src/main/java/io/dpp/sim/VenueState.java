package io.dpp.sim;

import io.dpp.streams.venue.simulation.SimVenue;
import io.dpp.streams.capture.Capture;
import io.dpp.streams.capture.CaptureKind;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.venue.InstrumentCatalog;
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
    /** The synthetic market this venue serves, or null when it replays captures. */
    private final Synthetic synthetic;
    /**
     * Synthetic venues: where each instrument's first stream started (epoch micros). Every later
     * stream of the instrument, and a REST snapshot asked for before any stream, starts from the
     * same point, so that a book snapshot and the changes after it belong together.
     */
    private final Map<String, Long> startedAt = new java.util.HashMap<>();
    private final Map<String, byte[]> listing = new LinkedHashMap<>();
    private final List<Capture> restSnapshots;
    private final InstrumentCatalog catalog;
    /** Opened and closed on the connections' event loops, read by /sim/status on another: copied on write. */
    private final List<SimConnection> connections = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The capture's clock of each client connection, by the client's port (read by the feeds' threads). */
    private final Map<Integer, ConnectionClock> clocks = new ConcurrentHashMap<>();
    /** When a REST snapshot of each book (by native symbol) was last served ({@link System#nanoTime()}). */
    private final Map<String, Long> snapshotServed = new ConcurrentHashMap<>();
    private final ArrayDeque<long[]> restLog = new ArrayDeque<>();
    private final long windowNanos;
    private final int snapshotWeight;

    private long stalledUntilNanos;
    private long stallTimer = -1;
    private long restRequests;
    private long restWeightMax;
    private volatile boolean done;
    private boolean recordedDemo;
    private volatile long endedAt = Long.MAX_VALUE;
    private volatile Map<Integer, Long> openFrames = Map.of();

    /**
     * A venue's synthetic market: its writers, the instruments listed and the streams offered, and
     * how sessions are generated. Sessions are made when a client first subscribes to a stream.
     */
    record Synthetic(io.dpp.streams.venue.simulation.SyntheticVenue market, InstrumentCatalog catalog, List<Subscription> streams,
                     SyntheticSettings settings, double perInstrument, boolean paced) {
    }

    VenueState(Venue venue, SimVenue sim, List<SimSession> sessions, Capture listingCapture, List<Capture> restSnapshots,
               InstrumentCatalog catalog) {
        this(venue, sim, sessions, listingCapture, restSnapshots, null, catalog);
    }

    VenueState(Venue venue, SimVenue sim, List<SimSession> sessions, Capture listingCapture, List<Capture> restSnapshots,
               Synthetic synthetic, InstrumentCatalog catalog) {
        this.venue = venue;
        this.catalog = catalog;
        this.sim = sim;
        this.sessions = new java.util.concurrent.CopyOnWriteArrayList<>(sessions); // grown by synthetic subscriptions, read by /sim/status
        this.synthetic = synthetic;
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

    /** The instruments the venue lists (what a client's subscriptions are read against), or null when unknown. */
    InstrumentCatalog catalog() {
        return catalog;
    }

    List<SimSession> sessions() {
        return sessions;
    }

    /** The REST paths of the recorded listing, in order. */
    List<String> listingPaths() {
        return List.copyOf(listing.keySet());
    }

    /** Every stream the recorded connections subscribed to, or the synthetic market offers. */
    List<Subscription> streams() {
        if (synthetic != null) {
            return synthetic.streams();
        }
        Set<Subscription> all = new LinkedHashSet<>();
        for (SimSession s : sessions) {
            all.addAll(s.streams());
        }
        return new ArrayList<>(all);
    }

    /** When a synthetic market ends (epoch micros): its settings' end, or earlier once ended on request. */
    long end() {
        return Math.min(endedAt, synthetic == null ? Long.MAX_VALUE : synthetic.settings().end());
    }

    /** Ends a synthetic market at {@code micros} (market time): its streams send nothing after it. */
    void endAt(long micros) {
        endedAt = Math.min(endedAt, micros);
    }

    /** Whether this venue serves a synthetic market. */
    boolean synthetic() {
        return synthetic != null;
    }

    /** Whether the captures this venue replays are a recording of the synthetic market (a VENUE.demo file). */
    boolean recordedDemo() {
        return recordedDemo;
    }

    /** Marks the captures as a recording of the synthetic market; set before the simulator serves. */
    void recordedDemo(boolean demo) {
        this.recordedDemo = demo;
    }

    /**
     * Synthetic venues: makes a session for every stream in {@code requested} that none serves yet
     * (on the connection's {@code path}); streams the market does not offer are left unanswered.
     */
    void ensureSessions(Set<Subscription> requested, String path) {
        if (synthetic == null) {
            return;
        }
        for (Subscription s : requested) {
            boolean held = false;
            for (SimSession session : sessions) {
                held |= session.keys().contains(s);
            }
            io.dpp.core.instrument.Instrument instrument = synthetic.catalog().find(s.symbol());
            if (held || instrument == null) {
                continue;
            }
            io.dpp.streams.venue.simulation.StreamWriter writer = synthetic.market().writer(s, instrument);
            if (writer == null) {
                continue;
            }
            SyntheticSettings settings = synthetic.settings();
            io.dpp.sim.synthetic.MarketModel model = io.dpp.sim.synthetic.MarketModel.of(synthetic.market(), instrument,
                    settings.seed(), synthetic.perInstrument(), settings.start());
            model.skipTo(startOf(instrument));
            sessions.add(new SimSession(venue, sim, new SyntheticSource(s, "ws://sim" + path, model, writer, this::end),
                    synthetic.catalog()));
        }
    }

    // ---- connections --------------------------------------------------------------------------

    /**
     * A client's WebSocket handshake on {@code clientPort}: unless this venue is a synthetic market
     * paced in real time (whose messages take the wall clock), the connection gets the capture's
     * clock, starting where the replay is now.
     */
    void handshake(int clientPort) {
        if (synthetic != null && synthetic.paced()) {
            return;
        }
        clocks.put(clientPort, new ConnectionClock(replayTime()));
    }

    /** The capture's clock of the connection from {@code clientPort}, or null for the wall clock. */
    ConnectionClock clock(int clientPort) {
        return clocks.get(clientPort);
    }

    /** The connection from {@code clientPort} is gone (or never came): its clock goes. */
    void forgetClock(int clientPort, ConnectionClock clock) {
        if (clock != null) {
            clocks.remove(clientPort, clock);
        }
    }

    /**
     * Where this venue's replay is on the capture's clock (epoch micros): the latest time a session
     * has reached, else where the first one starts (the synthetic market's start when none exists yet).
     */
    long replayTime() {
        long reached = Long.MIN_VALUE;
        long first = Long.MAX_VALUE;
        for (SimSession s : sessions) {
            if (s.started()) {
                reached = Math.max(reached, s.reached());
            } else if (!s.atEnd()) {
                first = Math.min(first, s.nextTime());
            }
        }
        if (reached != Long.MIN_VALUE) {
            return reached;
        }
        if (first != Long.MAX_VALUE) {
            return first;
        }
        return synthetic != null ? synthetic.settings().start() : io.dpp.core.time.Timestamps.now();
    }

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
        // A synthetic venue is done only once streams were made and each reached its end.
        boolean all = synthetic == null || !sessions.isEmpty();
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
        byte[] snapshot = snapshot(symbol);
        if (snapshot != null) {
            io.dpp.core.instrument.Instrument instrument = catalog == null ? null : catalog.find(symbol);
            snapshotServed.put(instrument == null ? symbol : instrument.nativeSymbol(), System.nanoTime());
        }
        return snapshot;
    }

    /**
     * Whether a REST snapshot of a book (its instrument's native symbol) was served after {@code
     * sinceNanos} ({@link System#nanoTime()}): the client then holds the book from that point of the
     * replay on.
     */
    boolean snapshotServedSince(String nativeSymbol, long sinceNanos) {
        Long at = snapshotServed.get(nativeSymbol);
        return at != null && at - sinceNanos >= 0;
    }

    /** A book's REST snapshot: from the replay, the synthetic market, or the recording; null when there is none. */
    private byte[] snapshot(String symbol) {
        for (SimSession s : sessions) {
            InstrumentBook book = s.book(symbol);
            if (book != null) {
                return sim.restSnapshot(book, s.decoder()).getBytes(StandardCharsets.UTF_8);
            }
        }
        if (synthetic != null) {
            return syntheticSnapshot(symbol);
        }
        // Not built yet at this point of the replay: the venue's recorded snapshot, taken later.
        for (Capture c : restSnapshots) {
            for (int i = 0; i < c.size(); i++) {
                if (c.kind(i) == CaptureKind.REST && symbol.equals(sim.recordedSnapshotSymbol(venue.id(), c.url(i)))) {
                    byte[] recorded = new byte[c.length(i)];
                    System.arraycopy(c.bytes(), c.offset(i), recorded, 0, recorded.length);
                    return recorded;
                }
            }
        }
        return null;
    }

    /**
     * Where the streams of {@code instrument} start. Paced in real time, the first one starts from
     * the market as it is now (a second early, so its first messages are due at once) rather than
     * from the market's start; every other stream of the instrument starts from the same point.
     */
    private long startOf(io.dpp.core.instrument.Instrument instrument) {
        SyntheticSettings settings = synthetic.settings();
        return startedAt.computeIfAbsent(instrument.nativeSymbol(), k -> synthetic.paced()
                ? Math.max(settings.start(), Math.min(end(), io.dpp.core.time.Timestamps.now() - 1_000_000))
                : settings.start());
    }

    /**
     * A synthetic venue's REST book snapshot before any session serves the book (a client may ask
     * before it subscribes): the market as it is now, from a model of its own. Every model of an
     * instrument goes through the same events, so the stream the client subscribes to next carries
     * on from this book.
     */
    private byte[] syntheticSnapshot(String symbol) {
        io.dpp.core.instrument.Instrument instrument = synthetic.catalog().find(symbol);
        if (instrument == null) {
            return null;
        }
        for (Subscription stream : synthetic.streams()) {
            if (!stream.symbol().equals(instrument.nativeSymbol()) || !venue.protocol().isBookChannel(stream.channel())) {
                continue;
            }
            io.dpp.streams.venue.simulation.StreamWriter writer = synthetic.market().writer(stream, instrument);
            if (writer == null) {
                continue;
            }
            SyntheticSettings settings = synthetic.settings();
            io.dpp.sim.synthetic.MarketModel model = io.dpp.sim.synthetic.MarketModel.of(synthetic.market(), instrument,
                    settings.seed(), synthetic.perInstrument(), settings.start());
            model.skipTo(startOf(instrument));
            writer.start(model);
            for (io.dpp.streams.venue.simulation.StreamWriter.Message m = writer.poll(); m != null; m = writer.poll()) {
                if (m.restUrl() != null) {
                    return m.text().getBytes(StandardCharsets.UTF_8);
                }
            }
        }
        return null;
    }

    private final Map<String, io.dpp.sim.synthetic.MarketModel> tradingModels = new java.util.HashMap<>();

    /**
     * The book of {@code symbol} as it stands now, for matching orders: a synthetic venue's market
     * at this moment (a model of its own goes through the same events as every stream of the
     * instrument), or null when the venue replays captures or does not list the symbol.
     */
    io.dpp.sim.trading.SimBook bookNow(String symbol) {
        if (synthetic == null) {
            return null;
        }
        io.dpp.core.instrument.Instrument instrument = synthetic.catalog().find(symbol);
        if (instrument == null) {
            return null;
        }
        io.dpp.sim.synthetic.MarketModel model = tradingModels.computeIfAbsent(instrument.nativeSymbol(), k -> {
            SyntheticSettings settings = synthetic.settings();
            io.dpp.sim.synthetic.MarketModel m = io.dpp.sim.synthetic.MarketModel.of(synthetic.market(), instrument, settings.seed(),
                    synthetic.perInstrument(), settings.start());
            m.skipTo(startOf(instrument));
            return m;
        });
        long now = synthetic.paced() ? Math.min(end(), io.dpp.core.time.Timestamps.now()) : model.time();
        if (now > model.time()) {
            model.skipTo(now);
        }
        return io.dpp.sim.trading.SimBook.of(instrument, model);
    }

    /** True when the path asks for a book snapshot (the requests a venue's REST limits are about). */
    boolean isSnapshot(String pathAndQuery) {
        return sim.restSnapshotSymbol(pathAndQuery) != null;
    }

    /** Records a snapshot request and the highest weight used in any window of the venue's limit. */
    synchronized void countSnapshotRequest() { // REST requests of one venue arrive on several event loops
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

    synchronized long restRequests() {
        return restRequests;
    }

    synchronized long restWeightMax() {
        return restWeightMax;
    }

    static String pathAndQuery(String url) {
        return url.replaceFirst("^[a-zA-Z]+://[^/?]+", "");
    }
}
