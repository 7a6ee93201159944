package io.dpp.streams.live;

import io.dpp.core.instrument.Instrument;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.FeedState;
import io.dpp.core.model.MarketEvent;
import io.dpp.core.model.MarketEventListener;
import io.dpp.core.model.Quote;
import io.dpp.core.model.Trade;
import io.dpp.core.time.Timestamps;
import io.dpp.runtime.rate.TokenBucket;
import io.dpp.streams.feed.BookState;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.feed.FeedStats;
import io.dpp.streams.feed.GzipFrames;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.venue.ConnectionPlan;
import io.dpp.streams.venue.ProtocolSupport;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.VenueProtocol;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection of a venue feed, for its whole life: connect, subscribe, decode,
 * watch, rebuild broken books, reconnect. Everything runs on one Vert.x event-loop context, so
 * the decoder and its books are touched by one thread; other threads read only the volatile
 * fields, the per-message counters (written with release stores, read with acquire loads: no full
 * fence per message on the event loop) or ask the context ({@link #describe()}).
 *
 * <ul>
 *   <li>Reconnects after any loss with jittered exponential backoff (reset once a connection has
 *       been stable), within the venue's connection-rate allowance; rotates a connection before
 *       the venue's documented maximum age.</li>
 *   <li>Watchdog: silence for ping-after sends a WebSocket ping (and the venue's own ping); silence
 *       for dead-after closes the socket as dead. A quiet instrument on a live connection is only
 *       reported quiet.</li>
 *   <li>A stale book is rebuilt the venue's way: REST snapshot through the venue's scheduler, or
 *       unsubscribe and subscribe again; retried with backoff until it is back in sync.</li>
 * </ul>
 */
final class FeedConnection implements FeedOutput.BookWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(FeedConnection.class);
    private static final java.lang.invoke.VarHandle LAST_MESSAGE;
    private static final java.lang.invoke.VarHandle FRAMES;
    private static final java.lang.invoke.VarHandle SOCKET_FRAMES;

    static {
        try {
            java.lang.invoke.MethodHandles.Lookup lookup = java.lang.invoke.MethodHandles.lookup();
            LAST_MESSAGE = lookup.findVarHandle(FeedConnection.class, "lastMessageMicros", long.class);
            FRAMES = lookup.findVarHandle(FeedConnection.class, "framesReceived", long.class);
            SOCKET_FRAMES = lookup.findVarHandle(FeedConnection.class, "socketFramesReceived", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    private static final long WATCHDOG_MILLIS = 250;
    /**
     * Free bus slots a message needs before it is decoded: far more than one message yields (a
     * few events; a snapshot of every instrument of a connection at most a few hundred), so that
     * the bus never refuses what a message decodes into while other connections decode too.
     */
    static final int BUS_HEADROOM = 4096;

    /** Where the connection is in its life. */
    enum State { NEW, CONNECTING, CONNECTED, BACKOFF, STOPPED }

    private final VenueFeed feed;
    private final int index;
    private final ConnectionPlan plan;
    private final VenueProtocol protocol;
    private final StreamsConfig.Connection settings;
    private final Context context;
    private final FeedStats stats = new FeedStats();
    private final FeedOutput output;
    private final BusPublisher publisher;
    private final VenueDecoder decoder;
    private final Backoff backoff;
    private final Map<String, Subscription> bookStreams = new HashMap<>();
    private final LongSupplier ticker;
    private final ConnectionWatchdog watch;
    private final BookRecoveries recoveries;
    private final ArrayDeque<String> outbox = new ArrayDeque<>();
    private final TokenBucket sendLimit;
    private final byte[] pong;
    /** Whether the venue pings in its own messages, which the connection answers ({@link VenueProtocol#answer}). */
    private final boolean answersPings;
    /** Inflates gzip frames (Huobi's); made at the first one. */
    private GzipFrames gzip;
    private final boolean lossShows;
    private long seenDecodeErrors;

    private WebSocket ws;
    private long watchdog = -1;
    private long sendTimer = -1;
    private long reconnectTimer = -1;
    private byte[] frame = new byte[64 * 1024];
    private int frameLength;
    /** A whole message held in {@link #frame} while the bus is full, its length; -1 when none. */
    private int pendingLength = -1;
    private long pendingReceived;
    /**
     * REST snapshots that arrived while a message was pending: applied right after it, so that a
     * snapshot never comes before a message received earlier (its time, the last message received
     * plus a microsecond in a replay, would otherwise precede that message's in the record, and the
     * store would replay the message's change before the snapshot that it came after).
     */
    private final java.util.ArrayDeque<WaitingSnapshot> waitingSnapshots = new java.util.ArrayDeque<>();

    private record WaitingSnapshot(String url, byte[] body, long receiveTime) {
    }
    private long pausedSinceNanos;
    /** Retries the bus while it is full; -1 when not held back. */
    private long resumeTimer = -1;
    /** The socket paused for the bus, resumed once everything held is published. */
    private WebSocket pausedSocket;
    private long heldSeen;
    private boolean stopping;
    /** Completed by {@link #retryBus} once the events held back at a stop are out; null otherwise. */
    private Promise<Void> drained;

    private volatile State state = State.NEW;
    // Per message: one writer (the event loop), release stores, acquire loads (see the VarHandles).
    private long lastMessageMicros;
    private volatile long connectedSinceMicros;
    private volatile long nextRetryMicros;
    private volatile long reconnects;
    private long framesReceived;
    /** Frames received on the open socket only: what the simulator's per-socket count is compared with. */
    private long socketFramesReceived;
    private volatile int localPort = -1;
    /** The capture's clock on the open socket when the venue is replayed from a recording, else null. */
    private ReplayProgress.ReplayClock replayClock;
    /** In a replay: each book's last change as this connection saw it, and when (ticker), for {@link #quietFor}. */
    private final Map<InstrumentBook, long[]> changesSeen = new java.util.IdentityHashMap<>();
    /** Where this connection is on the capture's clock: the recorded time of the latest message received, and when (ticker). */
    private long replayTime;
    private long replayTimeNanos;
    private volatile String lastError;
    private volatile int[] bookStates = new int[3];
    /** The capture file of the open socket, when recording. */
    private CaptureRecorder.Writer capture;

    FeedConnection(VenueFeed feed, int index, ConnectionPlan plan, Context context, FeedSink sink,
                   DistributionDataPoint latency) {
        this.feed = feed;
        this.index = index;
        this.plan = plan;
        this.protocol = feed.venue().protocol();
        this.settings = feed.settings();
        this.context = context;
        this.publisher = new BusPublisher(sink, latency, feed.demo());
        this.output = new FeedOutput(feed.venueId(), stats, publisher);
        this.output.watcher(this);
        this.decoder = feed.venue().newDecoder(feed.catalog(), output);
        this.backoff = new Backoff(settings.reconnectInitial(), settings.reconnectMax(), ThreadLocalRandom.current());
        this.sendLimit = protocol.limits().sentMessages().bucket(settings.limitShare(), feed.ticker());
        this.pong = protocol.pong() == null ? null : protocol.pong().getBytes(StandardCharsets.US_ASCII);
        this.answersPings = protocol.answersPings();
        boolean shows = true;
        for (Subscription s : plan.subscriptions()) {
            if (protocol.isBookChannel(s.channel())) {
                bookStreams.put(s.symbol(), s);
                shows &= protocol.detectsLoss(s.channel());
            }
        }
        this.lossShows = shows;
        this.ticker = feed.ticker();
        this.watch = new ConnectionWatchdog(settings.pingAfter(), settings.deadAfter(), protocol.keepalive(),
                protocol.limits().maxConnectionAge(), settings.maxAgeMargin(), settings.stableAfter());
        this.recoveries = new BookRecoveries(() -> BookRecoveries.askBackoff(settings.recoveryTimeout(), settings.reconnectMax(),
                ThreadLocalRandom.current()), shows ? Duration.ZERO : settings.rebuildUnsequencedEvery());
    }

    // ---- life -------------------------------------------------------------------------------

    /** Opens the connection (asynchronously, on the connection's context). */
    void start() {
        context.runOnContext(v -> connect());
    }

    /**
     * Closes the connection and stops reconnecting; completes when the socket is closed and what
     * was received before the stop is on the bus. Messages that arrive after the stop began are
     * not decoded ({@link FeedSink#ignoredAtStop}): a socket paused for a full bus is resumed so
     * that the venue's close frame can be read, and the retries of the bus go on until every
     * event held back is out (or the module's stop budget ends them, {@link FeedSink#close}).
     */
    Future<Void> stop() {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            stopping = true;
            long draining = resumeTimer;
            resumeTimer = -1;
            cancelTimers();
            resumeTimer = draining;
            state = State.STOPPED;
            WebSocket paused = pausedSocket;
            if (paused != null) {
                paused.resume();
            }
            WebSocket socket = ws;
            Future<Void> closed = socket == null ? Future.succeededFuture()
                    : socket.close((short) 1001, "DPP is stopping").otherwiseEmpty();
            closed.onComplete(r -> {
                if (resumeTimer < 0 && (publisher.holding() || pendingLength >= 0)) {
                    holdBack(); // the close's own status events may have found the bus full
                }
                if (resumeTimer < 0) {
                    done.complete();
                } else {
                    drained = done; // retryBus completes it once everything held is out
                }
            });
        });
        return done.future();
    }

    private void connect() {
        if (stopping) {
            return;
        }
        state = State.CONNECTING;
        long wait = feed.connectionLimit().reserve(1);
        if (wait > 0) {
            nextRetryMicros = Timestamps.now() + wait / 1_000;
            reconnectTimer = feed.vertx().setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait)), id -> open());
        } else {
            open();
        }
    }

    private void open() {
        reconnectTimer = -1;
        if (stopping) {
            return;
        }
        String tokenPath = protocol.connectTokenPath();
        if (tokenPath == null) {
            openSocket(plan.url());
            return;
        }
        // The venue hands out where to connect, and a token, for each connection (KuCoin).
        String tokenUrl = ProtocolSupport.join(feed.restUrl(), tokenPath);
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(tokenUrl)
                .setIdleTimeout(settings.requestTimeout().toMillis());
        feed.http().request(request)
                .compose(req -> req.send().compose(resp -> {
                    if (resp.statusCode() != 200) {
                        return Future.failedFuture(new IllegalStateException("HTTP " + resp.statusCode()));
                    }
                    return resp.body();
                }))
                .onComplete(result -> {
                    if (stopping) {
                        return;
                    }
                    String url = null;
                    String why = null;
                    if (result.failed()) {
                        why = describe(result.cause());
                    } else if (result.result().length() > MAX_TOKEN_ANSWER) {
                        why = "an answer of " + result.result().length() + " bytes (at most " + MAX_TOKEN_ANSWER + ")";
                    } else {
                        try {
                            url = protocol.connectUrl(plan.url(), result.result().toString(StandardCharsets.UTF_8));
                        } catch (IllegalArgumentException e) {
                            why = e.getMessage();
                        }
                    }
                    if (url == null) {
                        feed.metrics().connectionAttempt(feed.venueId(), false);
                        lastError = "no connection token from " + tokenUrl + ": " + why;
                        feed.connectionFailed(this, lastError);
                        scheduleReconnect(lastError);
                        return;
                    }
                    openSocket(url);
                });
    }

    /** Largest answer to a connection-token request that is read (KuCoin's is under a kilobyte). */
    private static final int MAX_TOKEN_ANSWER = 64 * 1024;

    private void openSocket(String url) {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setAbsoluteURI(url)
                .setTimeout(settings.connectTimeout().toMillis());
        feed.webSockets().connect(options).onComplete(result -> {
            if (result.failed()) {
                feed.metrics().connectionAttempt(feed.venueId(), false);
                lastError = describe(result.cause());
                feed.connectionFailed(this, lastError);
                scheduleReconnect("cannot connect to " + plan.url() + ": " + lastError);
                return;
            }
            feed.metrics().connectionAttempt(feed.venueId(), true);
            opened(result.result());
        });
    }

    private void opened(WebSocket socket) {
        if (stopping) {
            socket.close();
            return;
        }
        ws = socket;
        state = State.CONNECTED;
        localPort = socket.localAddress() == null ? -1 : socket.localAddress().port();
        replayClock = feed.replayClock(localPort);
        if (replayClock != null) {
            replayTime = replayClock.now();
            replayTimeNanos = ticker.getAsLong();
        }
        long now = eventTime();
        connectedSinceMicros = Timestamps.now();
        watch.opened(ticker.getAsLong());
        nextRetryMicros = 0;
        lastError = null;
        SOCKET_FRAMES.setRelease(this, 0L);
        // A socket given up on (dead, rotated) may still deliver frames until its close completes;
        // they belong to the past connection and must not reach the decoder of the new one.
        socket.frameHandler(f -> {
            if (ws == socket) {
                frame(f);
            }
        });
        socket.pongHandler(b -> {
            if (ws == socket) {
                watch.heard(ticker.getAsLong());
            }
        });
        socket.exceptionHandler(e -> lastError = describe(e));
        socket.closeHandler(v -> {
            if (ws == socket) {
                String why = socket.closeStatusCode() == null ? "connection closed"
                        : "closed by the venue (" + socket.closeStatusCode()
                        + (socket.closeReason() == null ? "" : " " + socket.closeReason()) + ")";
                lost(why + (lastError == null ? "" : "; " + lastError));
            }
        });
        CaptureRecorder captures = feed.captures();
        if (captures != null) {
            capture = captures.connection(feed.venueId(), index, plan.url(), now);
        }
        decoder.onConnect(plan.url(), now);
        output.venueStatus(FeedState.CONNECTED, now, "connection " + index + " open to " + plan.url());
        feed.connectionOpened(this);
        LOG.info("{}: connection {} open ({} streams)", feed.venueId(), index, plan.subscriptions().size());
        for (String m : plan.messages()) {
            send(m);
        }
        if (protocol.recovery() == VenueProtocol.Recovery.REST_SNAPSHOT) {
            for (Subscription s : bookStreams.values()) {
                Instrument instrument = feed.catalog().find(s.symbol());
                if (instrument != null) {
                    decoder.snapshotRequested(instrument);
                    feed.snapshots().request(this, instrument);
                }
            }
        }
        if (watchdog < 0) {
            watchdog = feed.vertx().setPeriodic(WATCHDOG_MILLIS, id -> tick());
        }
    }

    /** The socket is gone (closed, failed, declared dead): books go stale, then reconnect. */
    private void lost(String reason) {
        WebSocket socket = ws;
        ws = null;
        if (socket == null) {
            return;
        }
        localPort = -1;
        if (capture != null) {
            capture.close();
            capture = null;
        }
        outbox.clear();
        recoveries.clear();
        waitingSnapshots.clear(); // the reconnect asks again
        frameLength = 0;
        if (pendingLength >= 0) {
            // A message received before the loss and held for the bus is data all the same: its
            // events join those held, and the retry publishes them in order.
            int held = pendingLength;
            pendingLength = -1;
            decoder.onMessage(frame, 0, held, pendingReceived);
        }
        output.connectionLost(decoder.books(), eventTime(), "connection " + index + ": " + reason);
        replayClock = null;
        changesSeen.clear();
        updateBookStates();
        feed.connectionLost(this);
        if (stopping) {
            state = State.STOPPED;
            return;
        }
        LOG.warn("{}: connection {} lost: {}", feed.venueId(), index, reason);
        if (watch.wasStable(ticker.getAsLong())) {
            backoff.reset();
        }
        scheduleReconnect(reason);
    }

    private void scheduleReconnect(String reason) {
        if (stopping) {
            return;
        }
        state = State.BACKOFF;
        reconnects++;
        Duration delay = backoff.next();
        nextRetryMicros = Timestamps.now() + delay.toNanos() / 1_000;
        if (backoff.attempts() > 1) {
            LOG.debug("{}: connection {} retries in {} ms ({})", feed.venueId(), index, delay.toMillis(), reason);
        }
        reconnectTimer = feed.vertx().setTimer(Math.max(1, delay.toMillis()), id -> {
            reconnectTimer = -1;
            connect();
        });
    }

    private void close(String reason) {
        WebSocket socket = ws;
        if (socket == null) {
            return;
        }
        lost(reason);
        socket.close((short) 1000, reason.length() > 100 ? reason.substring(0, 100) : reason);
    }

    private void cancelTimers() {
        for (long t : new long[] {watchdog, sendTimer, reconnectTimer, resumeTimer}) {
            if (t >= 0) {
                feed.vertx().cancelTimer(t);
            }
        }
        watchdog = -1;
        sendTimer = -1;
        reconnectTimer = -1;
        resumeTimer = -1;
    }

    // ---- receiving ----------------------------------------------------------------------------

    private void frame(WebSocketFrame f) {
        if (stopping) {
            // Not accepted: the bus is about to close. Never appended to {@link #frame}, which may
            // still hold a message received before the stop and waiting for the bus.
            if (f.isFinal() && (f.isText() || f.isBinary() || f.isContinuation())) {
                feed.sink().ignoredAtStop();
            }
            return;
        }
        watch.heard(ticker.getAsLong());
        if (!(f.isText() || f.isBinary() || f.isContinuation())) {
            return; // ping, pong, close: Vert.x answers pings and reports closes
        }
        Buffer data = f.binaryData();
        int n = data.length();
        if (frameLength + n > frame.length) {
            frame = Arrays.copyOf(frame, Math.max(frame.length * 2, frameLength + n));
        }
        data.getBytes(0, n, frame, frameLength);
        frameLength += n;
        if (!f.isFinal()) {
            return;
        }
        int length = frameLength;
        frameLength = 0;
        if (GzipFrames.isGzip(frame, 0, length)) {
            length = inflate(length);
            if (length < 0) {
                return;
            }
        }
        FRAMES.setRelease(this, framesReceived + 1);
        SOCKET_FRAMES.setRelease(this, socketFramesReceived + 1);
        long now = Timestamps.now();
        ReplayProgress.ReplayClock clock = replayClock;
        long received = clock == null ? now : clock.next(); // taken for every message, pongs too, to stay in step
        if (capture != null) {
            capture.received(received, frame, 0, length);
        }
        if (pong != null && length == pong.length && Arrays.equals(frame, 0, length, pong, 0, length)) {
            return; // keeps the socket alive (heard by the watchdog) but is no news from the venue
        }
        if (answersPings) {
            String answer = protocol.answer(frame, 0, length);
            if (answer != null) {
                send(answer); // the venue's own ping (Huobi's {"ping":t}): answered, and no news either
                return;
            }
        }
        if (clock != null) {
            replayTime = received; // a pong moves nothing on: the capture's clock runs on from its last news
            replayTimeNanos = ticker.getAsLong();
        }
        LAST_MESSAGE.setRelease(this, now);
        if (publisher.holding() || !feed.sink().hasRoom(BUS_HEADROOM)) {
            pause(length, received);
            return;
        }
        decode(length, received);
    }

    /**
     * The bus is full (a consumer is behind): the message waits in {@link #frame} and the socket
     * stops being read, so the venue's data waits in the kernel and on the network instead of this
     * event loop waiting, until the bus has room again.
     */
    /**
     * Replaces the gzip frame in {@link #frame} by the message it inflates to and returns its length;
     * -1, with a decode error counted, when it does not inflate.
     */
    private int inflate(int length) {
        if (gzip == null) {
            gzip = new GzipFrames();
        }
        if (!gzip.inflate(frame, 0, length)) {
            output.decodeError(frame, 0, length, "a gzip frame that does not inflate");
            return -1;
        }
        int n = gzip.length();
        if (n > frame.length) {
            frame = Arrays.copyOf(frame, Math.max(frame.length * 2, n));
        }
        System.arraycopy(gzip.output(), 0, frame, 0, n);
        return n;
    }

    private void pause(int length, long receiveTime) {
        pendingLength = length;
        pendingReceived = receiveTime;
        holdBack();
    }

    /**
     * Stops reading the socket and retries the bus every millisecond: first the events held back
     * (in order), then the message waiting in {@link #frame}; reading resumes once both are out.
     */
    private void holdBack() {
        WebSocket socket = ws;
        if (socket != null && pausedSocket != socket) {
            socket.pause();
            pausedSocket = socket;
        }
        if (resumeTimer >= 0) {
            return;
        }
        pausedSinceNanos = ticker.getAsLong();
        feed.metrics().busPaused(feed.venueId());
        resumeTimer = feed.vertx().setPeriodic(1, id -> retryBus());
    }

    private void retryBus() {
        if (!publisher.drain()) {
            return;
        }
        if (pendingLength >= 0) {
            if (!feed.sink().hasRoom(BUS_HEADROOM)) {
                return;
            }
            int held = pendingLength;
            pendingLength = -1;
            decodeHeld(held, pendingReceived);
            while (!waitingSnapshots.isEmpty() && ws != null) {
                WaitingSnapshot w = waitingSnapshots.poll();
                applySnapshot(w.url(), w.body(), w.receiveTime());
            }
            if (publisher.holding()) {
                return;
            }
        }
        feed.vertx().cancelTimer(resumeTimer);
        resumeTimer = -1;
        long now = ticker.getAsLong();
        feed.metrics().busResumed(feed.venueId(), now - pausedSinceNanos);
        watch.heard(now); // the venue was not silent: it was not read
        WebSocket socket = pausedSocket;
        pausedSocket = null;
        if (socket != null && socket == ws) {
            socket.resume();
        }
        Promise<Void> stopped = drained;
        if (stopped != null) {
            drained = null;
            stopped.complete();
        }
    }

    private void decode(int length, long now) {
        decodeHeld(length, now);
        if (publisher.holding()) {
            holdBack();
        }
    }

    private void decodeHeld(int length, long now) {
        decoder.onMessage(frame, 0, length, now);
        if (publisher.heldTotal() != heldSeen) {
            feed.metrics().busHeld(feed.venueId(), publisher.heldTotal() - heldSeen);
            heldSeen = publisher.heldTotal();
        }
        if (stats.decodeErrors() != seenDecodeErrors) {
            seenDecodeErrors = stats.decodeErrors();
            if (!lossShows) {
                // Without sequence numbers or checksums nothing else would reveal what this message changed.
                for (InstrumentBook b : decoder.books()) {
                    if (b.inSync()) {
                        output.stale(b, now, "a message that could not be decoded may have changed the book");
                    }
                }
            }
        }
    }

    /** A REST snapshot arrived for a book of this connection; called on this connection's context. */
    void snapshot(String url, byte[] body, long receiveTime) {
        if (ws == null) {
            return; // the connection was lost (or the feed stopped) meanwhile: the reconnect asks again
        }
        if (pendingLength >= 0) {
            waitingSnapshots.add(new WaitingSnapshot(url, body, receiveTime)); // after the message waiting for the bus
            return;
        }
        applySnapshot(url, body, receiveTime);
    }

    private void applySnapshot(String url, byte[] body, long receiveTime) {
        // Captured only when applied: a replay of the capture must see the snapshots the feed used,
        // not one that arrived after its connection had closed (at a stop, or before a reconnect).
        // In a replay: after what the connection received so far, by a microsecond, so that the
        // snapshot never shares its time with the diff it ends on (same level, same sequence number:
        // the store would keep one row of the two).
        long at = replayClock == null ? receiveTime : replayTime + 1;
        CaptureRecorder captures = feed.captures();
        if (captures != null) {
            captures.rest(feed.venueId(), url, at, body);
        }
        decoder.onRest(url, body, 0, body.length, at);
        if (publisher.holding()) {
            holdBack();
        }
        updateBookStates();
    }

    // ---- sending ------------------------------------------------------------------------------

    /** Queues a message; messages leave within the venue's per-connection allowance, in order. */
    private void send(String message) {
        outbox.add(message);
        flush();
    }

    private void flush() {
        while (!outbox.isEmpty() && sendTimer < 0) {
            WebSocket socket = ws;
            if (socket == null) {
                outbox.clear();
                return;
            }
            long wait = sendLimit.reserve(1);
            if (wait > 0) {
                sendTimer = feed.vertx().setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait)), id -> {
                    sendTimer = -1;
                    write(outbox.poll());
                    flush();
                });
                return;
            }
            write(outbox.poll());
        }
    }

    private void write(String message) {
        WebSocket socket = ws;
        if (socket == null || message == null) {
            return;
        }
        socket.writeTextMessage(message);
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        long now = eventTime();
        if (capture != null) {
            capture.sent(plan.url(), now, message);
        }
        decoder.onSent(plan.url(), bytes, 0, bytes.length, now);
    }

    /**
     * The time of what this connection reports now (its opening, a loss, a quiet book, a message it
     * sends): the wall clock, or in a replay of a recording the capture's clock: the time of the
     * latest message received, running on in real time since it arrived, so that a replay's events
     * all lie on the clock its messages were recorded with, in the order received.
     */
    private long eventTime() {
        return replayClock == null ? Timestamps.now() : replayTime + Math.max(0, (ticker.getAsLong() - replayTimeNanos) / 1_000);
    }

    // ---- watching -----------------------------------------------------------------------------

    private void tick() {
        WebSocket socket = ws;
        long nanos = ticker.getAsLong();
        if (socket != null) {
            boolean paused = resumeTimer >= 0; // paused by the bus: not read, not silent
            long silent = watch.silentNanos(nanos, paused);
            switch (watch.check(nanos, paused)) {
                case DEAD -> {
                    close("nothing received for " + TimeUnit.NANOSECONDS.toMillis(silent) + " ms, not even a pong: dead socket");
                    return;
                }
                case ROTATE -> {
                    LOG.info("{}: connection {} rotated ahead of the venue's {} limit", feed.venueId(), index,
                            protocol.limits().maxConnectionAge());
                    backoff.reset();
                    close("rotated ahead of the venue's maximum connection age");
                    return;
                }
                case PING -> {
                    socket.writePing(Buffer.buffer("dpp"));
                    if (protocol.ping() != null) {
                        send(protocol.ping());
                    }
                }
                case NONE -> { }
            }
            checkBooks(nanos);
        }
        if (publisher.holding()) {
            holdBack(); // statuses the watchdog published, held by a full bus
        }
        updateBookStates();
    }

    private void checkBooks(long nanos) {
        long now = eventTime();
        InstrumentBook rebuild = recoveries.periodicRebuild(nanos);
        if (rebuild != null) {
            output.stale(rebuild, now, "periodic rebuild: " + feed.venueId()
                    + " sends no sequence number or checksum that would show a lost message");
        }
        long quietMicros = settings.quietAfter().toNanos() / 1_000;
        for (InstrumentBook b : decoder.books()) {
            if (b.inSync() && b.lastChange() != Long.MIN_VALUE && quietFor(b, now, nanos) >= quietMicros) {
                output.quiet(b, now, "no book change for " + settings.quietAfter().toSeconds()
                        + " s while the connection is alive");
            }
        }
        for (InstrumentBook b : recoveries.due(nanos)) {
            recover(b);
        }
    }

    /**
     * Microseconds since {@code book} last changed: on the wall clock, now less its last receive
     * time; in a replay, the real time since this connection saw the change (the capture's clock
     * stands still once the recording has no more to send, and a quiet market must still show).
     */
    private long quietFor(InstrumentBook book, long now, long nanos) {
        if (replayClock == null) {
            return now - book.lastChange();
        }
        long[] seen = changesSeen.computeIfAbsent(book, k -> new long[] {Long.MIN_VALUE, nanos});
        if (seen[0] != book.lastChange()) {
            seen[0] = book.lastChange();
            seen[1] = nanos;
        }
        return (nanos - seen[1]) / 1_000;
    }

    @Override
    public void bookStale(InstrumentBook book) {
        if (ws == null || stopping) {
            return; // the reconnect rebuilds every book
        }
        if (recoveries.stale(book, ticker.getAsLong())) {
            recover(book);
        }
    }

    @Override
    public void bookSynced(InstrumentBook book) {
        recoveries.synced(book, ticker.getAsLong());
    }

    /** Asks for {@code book} again, the venue's way. */
    private void recover(InstrumentBook book) {
        if (protocol.recovery() == VenueProtocol.Recovery.REST_SNAPSHOT) {
            feed.snapshots().request(this, book.instrument());
            return;
        }
        if (protocol.subscriptionIsWhole()) {
            // One message asks for the whole connection again; books that go stale together share it.
            if (!outbox.containsAll(plan.messages())) {
                plan.messages().forEach(this::send);
            }
            return;
        }
        Subscription stream = bookStreams.get(book.instrument().nativeSymbol());
        if (stream == null) {
            LOG.warn("{}: book {} is stale but this connection has no book stream for it", feed.venueId(),
                    book.instrument().nativeSymbol());
            return;
        }
        for (String m : protocol.resubscribe(stream, decoder)) {
            send(m);
        }
    }

    private void updateBookStates() {
        int[] s = new int[3];
        for (InstrumentBook b : decoder.books()) {
            s[b.state() == BookState.IN_SYNC ? 0 : b.state() == BookState.STALE ? 1 : 2]++;
        }
        bookStates = s;
    }

    // ---- reporting ----------------------------------------------------------------------------

    State state() {
        return state;
    }

    FeedStats stats() {
        return stats;
    }

    long reconnects() {
        return reconnects;
    }

    long lastMessageMicros() {
        return (long) LAST_MESSAGE.getAcquire(this);
    }

    int[] bookStates() {
        return bookStates;
    }

    ConnectionPlan plan() {
        return plan;
    }

    Context context() {
        return context;
    }

    /** This connection and its books as JSON, built on the connection's own thread. */
    Future<JsonObject> describe() {
        Promise<JsonObject> result = Promise.promise();
        context.runOnContext(v -> {
            JsonObject c = new JsonObject()
                    .put("index", index)
                    .put("url", plan.url())
                    .put("state", state.name().toLowerCase())
                    .put("streams", plan.subscriptions().size())
                    .put("messages", stats.messages())
                    .put("frames_received", (long) FRAMES.getAcquire(this))
                    .put("reconnects", reconnects);
            if (localPort > 0) {
                c.put("local_port", localPort).put("socket_frames_received", (long) SOCKET_FRAMES.getAcquire(this));
            }
            if (connectedSinceMicros > 0 && state == State.CONNECTED) {
                c.put("connected_since", Timestamps.toIso(connectedSinceMicros));
            }
            long lastMessage = lastMessageMicros();
            if (lastMessage > 0) {
                c.put("last_message", Timestamps.toIso(lastMessage));
            }
            if (state == State.BACKOFF || state == State.CONNECTING) {
                if (nextRetryMicros > 0) {
                    c.put("next_retry", Timestamps.toIso(nextRetryMicros));
                }
            }
            if (lastError != null) {
                c.put("last_error", lastError);
            }
            if (resumeTimer >= 0) {
                // Back-pressure: the bus is full, so this connection is not reading its socket.
                c.put("paused_by_bus_since", Timestamps.toIso(Timestamps.now()
                        - TimeUnit.NANOSECONDS.toMicros(ticker.getAsLong() - pausedSinceNanos)));
            }
            JsonArray books = new JsonArray();
            for (InstrumentBook b : decoder.books()) {
                JsonObject book = new JsonObject()
                        .put("symbol", b.instrument().nativeSymbol())
                        .put("instrument", b.instrument().normalizedSymbol())
                        .put("state", b.state() == BookState.IN_SYNC ? "in_sync"
                                : b.state() == BookState.STALE ? "stale" : "awaiting_snapshot");
                if (b.state() == BookState.STALE && b.staleSince() != Long.MIN_VALUE) {
                    book.put("stale_since", Timestamps.toIso(b.staleSince()));
                }
                if (b.quiet()) {
                    book.put("quiet_since", Timestamps.toIso(b.lastChange()));
                }
                if (b.inSync()) {
                    book.put("bid_levels", b.book().depth(true)).put("ask_levels", b.book().depth(false));
                }
                books.add(book);
            }
            c.put("books", books);
            result.complete(c);
        });
        return result.future();
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
