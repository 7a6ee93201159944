package io.dpp.sim;

import io.dpp.streams.venue.simulation.SimVenue;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.venue.ClientRequest;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.VenueProtocol;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client WebSocket connected to the simulator. The client's subscribe messages are read with
 * the venue's protocol; once they cover every stream of a recorded connection on the same path,
 * that recording (a {@link SimSession}) is attached and replayed to this client, paced by the
 * capture's own times divided by the speed (or as fast as the socket takes it). A session that
 * had served an earlier connection resumes: the client first gets the recorded acknowledgements
 * and a snapshot of each book as the replay has it. A stream subscribed again after that is
 * answered with a fresh snapshot. Faults act on what leaves.
 *
 * <p>Everything runs on the simulator's single event loop.
 */
final class SimConnection {

    private static final Logger LOG = LoggerFactory.getLogger(SimConnection.class);
    private static final int BATCH = 256;

    private final SimServer server;
    private final VenueState venue;
    private final ServerWebSocket ws;
    private final Vertx vertx;
    private final String path;
    private final String url;
    private final double speed;
    private final Set<Subscription> requested = new LinkedHashSet<>();
    private final List<SimSession> sessions = new ArrayList<>();
    private final List<long[]> anchors = new ArrayList<>();
    private final SimVenue.Numbering numbering = new SimVenue.Numbering();
    private final long openedNanos = System.nanoTime();
    private final List<Long> timers = new ArrayList<>();

    private boolean closed;
    private boolean pumpScheduled;
    private long pumpTimer = -1;
    private long stalledUntilNanos;
    private long stallTimer = -1;
    /**
     * While a {@code synced} fault waits for a book the client holds: the books of its message,
     * whose snapshot the replay pauses for (empty when it does not), and until when (nanos).
     */
    private Set<String> pausedFor = Set.of();
    private long pausedUntilNanos;
    /** The longest a replay pauses for a snapshot that a {@code synced} fault waits for. */
    private static final long PAUSE_FOR_SNAPSHOT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private String held;
    private SimSession heldFrom;
    private volatile long framesSent;
    /** The client's port, and the capture's clock of this connection (null when its messages take the wall clock). */
    private final int clientPort;
    private final ConnectionClock clock;
    /** The recorded time of the message being sent (the clock never goes back from it). */
    private long sending;

    SimConnection(SimServer server, VenueState venue, ServerWebSocket ws, String path, double speed) {
        this.server = server;
        this.venue = venue;
        this.ws = ws;
        this.vertx = server.vertx();
        this.path = path;
        this.url = ws.uri();
        this.speed = speed;
        this.clientPort = remotePort();
        this.clock = venue.clock(clientPort);
    }

    void open() {
        ws.textMessageHandler(this::clientMessage);
        ws.closeHandler(v -> closed("client closed"));
        ws.exceptionHandler(e -> LOG.debug("{}: connection error: {}", venue.id(), e.toString()));
        for (FaultSpec.Fault f : server.faults().faults()) {
            if (f.every() != null && f.appliesTo(venue.id(), null)
                    && (f.kind() == FaultSpec.Kind.CLOSE || f.kind() == FaultSpec.Kind.STALL)) {
                timers.add(vertx.setPeriodic(f.every().toMillis(), id -> {
                    server.faultInjected(venue.id(), f.kind());
                    if (f.kind() == FaultSpec.Kind.CLOSE) {
                        close("fault: close every " + f.every());
                    } else {
                        stall(f.duration());
                    }
                }));
            }
        }
        // Binance names its streams in the URL.
        request(venue.protocol().parseClient(url, null, venue.catalog()));
        if (venue.stalled()) {
            stall(venue.stallRemaining());
        }
    }

    // ---- what the client says -----------------------------------------------------------------

    private void clientMessage(String message) {
        if (closed) {
            return;
        }
        ClientRequest r = venue.protocol().parseClient(url, message, venue.catalog());
        if (r.type() == ClientRequest.Type.PING) {
            String pong = venue.sim().pong(message);
            if (pong != null) {
                write(pong, null);
            }
            return;
        }
        request(r);
    }

    private void request(ClientRequest r) {
        if (r.type() == ClientRequest.Type.SNAPSHOT) {
            // A book's snapshot asked for over the socket: from the replayed book, if it has one yet
            // (at the start of a capture the recorded answer follows).
            for (Subscription s : r.subscriptions()) {
                for (SimSession session : sessions) {
                    if (session.keys().contains(s)) {
                        sending = session.reached();
                        sendSnapshot(session, s);
                    }
                }
            }
            return;
        }
        if (r.type() != ClientRequest.Type.SUBSCRIBE) {
            return;
        }
        for (Subscription s : r.subscriptions()) {
            SimSession holder = null;
            for (SimSession session : sessions) {
                if (session.keys().contains(s)) {
                    holder = session;
                }
            }
            if (holder != null) {
                resubscribed(holder, s);
            } else {
                requested.add(s);
            }
        }
        tryAttach();
    }

    /** Attaches every free recorded connection on this path whose streams the client has all asked for. */
    void tryAttach() {
        if (closed) {
            return;
        }
        venue.ensureSessions(requested, path);
        boolean attachedAny = false;
        for (SimSession s : venue.sessions()) {
            if (s.attached() == null && s.path().equals(path) && !s.keys().isEmpty() && requested.containsAll(s.keys())) {
                attach(s);
                attachedAny = true;
            }
        }
        if (attachedAny) {
            schedulePump();
        }
    }

    private void attach(SimSession s) {
        boolean resuming = s.everAttached();
        s.attach(this);
        sessions.add(s);
        anchors.add(anchor(s));
        LOG.debug("{}: {} {} on a client connection", venue.id(), resuming ? "resuming" : "starting", s.name());
        if (!resuming) {
            return;
        }
        sending = s.reached();
        for (String m : s.preamble()) {
            write(s.sim().rewrite(m, numbering), s);
        }
        for (Subscription stream : s.streams()) {
            if (venue.protocol().isBookChannel(stream.channel())) {
                sendSnapshot(s, stream);
            }
        }
    }

    private void resubscribed(SimSession s, Subscription stream) {
        String ack = s.ack(stream);
        sending = s.reached();
        if (ack != null) {
            write(s.sim().rewrite(ack, numbering), s);
        }
        if (venue.protocol().isBookChannel(stream.channel()) && !venue.protocol().snapshotsAsked()) {
            sendSnapshot(s, stream); // else the client asks for it by a message of its own
        }
    }

    private void sendSnapshot(SimSession s, Subscription stream) {
        if (venue.protocol().recovery() != VenueProtocol.Recovery.RESUBSCRIBE) {
            return; // the client asks for a REST snapshot
        }
        InstrumentBook book = s.book(stream.symbol());
        if (book == null) {
            return; // not built yet at this point of the capture: the capture's own snapshot comes later
        }
        String snapshot = s.sim().snapshot(stream, book, s.ack(stream), s.decoder());
        if (snapshot != null) {
            send(s.sim().rewrite(snapshot, numbering), s);
        }
    }

    // ---- replaying ----------------------------------------------------------------------------

    /**
     * Where pacing starts: (now, the session's next time), so the recorded gaps follow from here;
     * for a generated market at speed 1, (now, the wall clock less a millisecond of "network"), so
     * each message leaves at its own time and venue times stay just behind receive times.
     */
    private long[] anchor(SimSession s) {
        if (s.wallClock() && speed == 1.0) {
            return new long[] {System.nanoTime(), io.dpp.core.time.Timestamps.now() - 1_000};
        }
        return new long[] {System.nanoTime(), s.atEnd() ? 0 : s.nextTime()};
    }

    private void schedulePump() {
        if (!pumpScheduled && !closed) {
            pumpScheduled = true;
            vertx.runOnContext(v -> pump());
        }
    }

    private void pump() {
        pumpScheduled = false;
        pumpTimer = -1;
        if (closed || ws.isClosed()) {
            return; // a socket the client closed: its close handler, which comes next, ends the connection
        }
        long now = System.nanoTime();
        if (now < stalledUntilNanos) {
            return; // the stall's end resumes the pump
        }
        if (!pausedFor.isEmpty()) {
            if (now - pausedUntilNanos < 0 && pausedFor.stream().noneMatch(this::holds)) {
                pumpTimer = vertx.setTimer(20, id -> pump());
                return;
            }
            pausedFor = Set.of();
            reanchor();
        }
        for (int n = 0; n < BATCH; n++) {
            if (ws.writeQueueFull()) {
                ws.drainHandler(v -> schedulePump());
                return;
            }
            int which = nextSession();
            if (which < 0) {
                flushHeld();
                venue.update();
                return;
            }
            SimSession s = sessions.get(which);
            if (!Double.isInfinite(speed)) {
                long[] anchor = anchors.get(which);
                long due = anchor[0] + (long) ((s.nextTime() - anchor[1]) * 1_000 / speed);
                if (due > now) {
                    pumpTimer = vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(due - now)), id -> pump());
                    venue.update();
                    return;
                }
            }
            sending = s.nextTime();
            SimSession.Step step = s.advance();
            if (step != null) {
                emit(s, step);
                if (closed || System.nanoTime() < stalledUntilNanos) {
                    venue.update();
                    return;
                }
                if (!pausedFor.isEmpty()) {
                    break; // the next pump waits for the snapshot
                }
            }
        }
        venue.update();
        schedulePump();
    }

    /** The attached session whose next entry comes first, or -1 when all are at their end. */
    private int nextSession() {
        int best = -1;
        long bestTime = Long.MAX_VALUE;
        for (int i = 0; i < sessions.size(); i++) {
            SimSession s = sessions.get(i);
            if (!s.atEnd() && s.nextTime() < bestTime) {
                best = i;
                bestTime = s.nextTime();
            }
        }
        return best;
    }

    /** Sends a replayed message through the faults that hit it. */
    private void emit(SimSession s, SimSession.Step step) {
        String message = s.sim().rewrite(step.text(), numbering);
        FaultSpec.Fault due = server.messageFault(venue.id(), s.name(), step.number());
        FaultSpec.Fault fault = s.fault(due, this::holds);
        if (due != null && fault == null) {
            LOG.info("{}: fault {} on message {} of {} (a change of {}) waits for a change of a book whose snapshot the client fetched;"
                    + " the replay pauses until the client fetched one of them (at most {} s)", venue.id(), due.kind(), step.number(),
                    s.name(), s.changed(), TimeUnit.NANOSECONDS.toSeconds(PAUSE_FOR_SNAPSHOT_NANOS));
            // On a busy machine the client's snapshot requests may come after the rest of the replay, and
            // no change of a book it holds would be left for the fault: the venue goes quiet meanwhile.
            pausedFor = Set.copyOf(s.changed());
            pausedUntilNanos = System.nanoTime() + PAUSE_FOR_SNAPSHOT_NANOS;
        }
        if (fault == null) {
            send(message, s);
            return;
        }
        server.faultInjected(venue.id(), fault.kind());
        LOG.info("{}: fault {} on message {} of {}", venue.id(), fault.kind(), step.number(), s.name());
        switch (fault.kind()) {
            case DROP -> { }
            case DUPLICATE -> {
                send(message, s);
                send(message, s);
            }
            case CORRUPT -> send(message.substring(0, message.length() / 2), s);
            case REORDER -> {
                flushHeld();
                held = message;
                heldFrom = s;
                return;
            }
            case CLOSE -> close("fault: close at message " + step.number() + " of " + s.name());
            case STALL -> {
                send(message, s);
                stall(fault.duration());
            }
            default -> send(message, s);
        }
    }

    /**
     * True when the client holds a book (native symbol) as far as this venue can tell: where books start from a
     * REST snapshot, when this connection's client fetched one of it since the connection opened; otherwise
     * always (the snapshot comes on the socket, in the replay's order).
     */
    private boolean holds(String book) {
        return venue.protocol().recovery() != VenueProtocol.Recovery.REST_SNAPSHOT || venue.snapshotServedSince(book, openedNanos);
    }

    private void send(String message, SimSession from) {
        write(message, from);
        if (held != null && heldFrom == from) {
            String h = held;
            SimSession f = heldFrom;
            held = null;
            heldFrom = null;
            write(h, f);
        }
    }

    private void flushHeld() {
        if (held != null) {
            String h = held;
            SimSession f = heldFrom;
            held = null;
            heldFrom = null;
            write(h, f);
        }
    }

    /**
     * Writes a message of recorded connection {@code from} (null for one of no recorded connection,
     * a pong), giving the connection's clock its receive time first: the recorded time being sent,
     * as that recorded connection receives it ({@link SimSession#receivedAt}); a pong takes the
     * latest time on the connection (it is no news and nothing stores it).
     */
    private void write(String message, SimSession from) {
        if (closed) {
            return;
        }
        if (clock != null) {
            clock.add(from == null ? clock.now() : from.receivedAt(sending)); // before the message can arrive
        }
        switch (venue.sim().frames()) {
            case TEXT -> ws.writeTextMessage(message);
            case BINARY -> ws.writeBinaryMessage(Buffer.buffer(message.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            case GZIP -> ws.writeBinaryMessage(Buffer.buffer(gzip(message)));
        }
        framesSent++;
    }

    private static byte[] gzip(String message) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(message.length() / 2 + 32);
        try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(bytes)) {
            z.write(message.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // in memory: cannot happen
        }
        return bytes.toByteArray();
    }

    // ---- faults and endings -------------------------------------------------------------------

    /**
     * Sends nothing and reads nothing (so pings go unanswered) for {@code duration}, or until
     * {@link #resume()} when it is null. A stall that is already on is extended, never shortened.
     */
    void stall(java.time.Duration duration) {
        if (closed) {
            return;
        }
        long until = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
        if (stalledUntilNanos != 0 && until <= stalledUntilNanos) {
            return;
        }
        LOG.info("{}: stalling a connection {} (no data, no pongs)", venue.id(),
                duration == null ? "until resumed" : "for " + duration);
        stalledUntilNanos = until;
        Sockets.reading(ws, false);
        if (pumpTimer >= 0) {
            vertx.cancelTimer(pumpTimer);
            pumpTimer = -1;
        }
        if (stallTimer >= 0) {
            vertx.cancelTimer(stallTimer);
            timers.remove(stallTimer);
            stallTimer = -1;
        }
        if (duration != null) {
            stallTimer = vertx.setTimer(Math.max(1, duration.toMillis()), id -> {
                timers.remove(id);
                stallTimer = -1;
                resume();
            });
            timers.add(stallTimer);
        }
    }

    /** Ends a stall: reading and replay go on from where they stopped, paced from now. */
    void resume() {
        if (closed || stalledUntilNanos == 0) {
            return;
        }
        if (stallTimer >= 0) {
            vertx.cancelTimer(stallTimer);
            timers.remove(stallTimer);
            stallTimer = -1;
        }
        stalledUntilNanos = 0;
        Sockets.reading(ws, true);
        reanchor();
        schedulePump();
    }

    /** Paces the replay from now on: a venue that stalled or paused does not catch up in a burst. */
    private void reanchor() {
        for (int i = 0; i < sessions.size(); i++) {
            anchors.set(i, anchor(sessions.get(i)));
        }
    }

    boolean stalled() {
        return stalledUntilNanos != 0;
    }

    void close(String reason) {
        if (closed) {
            return;
        }
        LOG.debug("{}: closing a connection ({})", venue.id(), reason);
        ws.close((short) 1011, reason.length() > 100 ? reason.substring(0, 100) : reason);
        closed(reason);
    }

    private void closed(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        for (long t : timers) {
            vertx.cancelTimer(t);
        }
        if (pumpTimer >= 0) {
            vertx.cancelTimer(pumpTimer);
        }
        for (SimSession s : sessions) {
            s.detach();
        }
        sessions.clear();
        venue.forgetClock(clientPort, clock);
        venue.closed(this);
    }

    // ---- reporting ----------------------------------------------------------------------------

    boolean isClosed() {
        return closed;
    }

    /** The client's port: the feed's local port on this connection. */
    int remotePort() {
        return ws.remoteAddress() == null ? -1 : ws.remoteAddress().port();
    }

    long framesSent() {
        return framesSent;
    }

    String path() {
        return path;
    }

    List<SimSession> sessions() {
        return sessions;
    }

    Set<Subscription> requested() {
        return requested;
    }

    long ageNanos() {
        return System.nanoTime() - openedNanos;
    }
}
