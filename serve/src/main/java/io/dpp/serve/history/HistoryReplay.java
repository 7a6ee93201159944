package io.dpp.serve.history;

import io.dpp.core.instrument.Instrument;
import io.dpp.core.time.Timestamps;
import io.dpp.runtime.access.AccessGate;
import io.dpp.runtime.access.Grant;
import io.dpp.runtime.access.WebSocketAuth;
import io.dpp.runtime.http.HttpProblem;
import io.dpp.runtime.http.PublicErrors;
import io.dpp.runtime.http.WebSocketChannels;
import io.dpp.store.InstrumentDirectory;
import io.dpp.store.QuestDbStore;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replay over WebSocket: {@code GET /api/v1/replay?venues=&symbols=&channels=&from=&to=&speed=}
 * upgrades to a WebSocket and sends the recorded normalized events, one JSON text message each in
 * the live stream's format (decision 007), in time order across instruments and channels, at
 * {@code speed} times real time from its first event ({@code max}: as fast as the client reads),
 * then one {@code {"type":"replay_end",...}} message and a normal close.
 *
 * <p>The replay clock is the receive time, for every channel: the order in which the platform
 * received the events is the order they are sent in, and the range selects receive times (trades,
 * stored at their venue time, are read by their {@code local_ts}; see {@link ReplayReader#replayTime}
 * for the trades a venue sends long after they happened). The range is read in windows of
 * at most one minute and {@value #MAX_WINDOW_EVENTS} events, so memory stays bounded whatever the
 * range.
 *
 * <p>Nothing touches the store before the caller is known: a handshake with a key header is
 * checked by the gate, then its parameters (syntax, plan) before the upgrade and its instruments
 * off the event loop; one without a key is upgraded, authenticated by its first message, and
 * checked then. Replays run on a pool of their own ({@value #MAX_REPLAYS} at once; close 1013
 * beyond it); a paced replay notices within {@value #CHECK_MILLIS} ms that its client left.
 */
final class HistoryReplay {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryReplay.class);
    private static final long WINDOW = 60_000_000L;
    /** Most events one window of a replay holds in memory; a busier minute is read in shorter windows. */
    static final int MAX_WINDOW_EVENTS = 100_000;
    /** Replays that run at once. */
    static final int MAX_REPLAYS = 8;
    /** Longest wait of a paced replay between two checks that its client is still there. */
    static final long CHECK_MILLIS = 200;
    /** The route. */
    static final String PATH = "/api/v1/replay";

    private final ReplayReader reader;
    private final InstrumentDirectory instruments;
    private final ExecutorService pool;

    HistoryReplay(QuestDbStore store, InstrumentDirectory instruments) {
        this.instruments = instruments;
        this.reader = new ReplayReader(store, instruments);
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        this.pool = new java.util.concurrent.ThreadPoolExecutor(1, MAX_REPLAYS, 60, TimeUnit.SECONDS,
                new java.util.concurrent.SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "replay-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** What to replay, checked and resolved against the store. */
    record Plan(List<String> venues, List<String> symbols, List<String> channels, long from, long to, double speed) {
    }

    /** Replays running now. */
    int running() {
        return ((java.util.concurrent.ThreadPoolExecutor) pool).getActiveCount();
    }

    void stop() {
        pool.shutdownNow();
    }

    /** Handles the handshake: checks, upgrades, streams (see the class comment for the order). */
    void handle(RoutingContext ctx, AccessGate gate) {
        Grant grant = Grant.ofHandshake(ctx);
        ReplayRequest request = ReplayRequest.parse(ctx); // bad parameters are answered before anything else
        if (grant != null) {
            try {
                request.entitled(grant);
            } catch (HttpProblem p) {
                gate.denied(ctx, "replay", "forbidden");
                throw p;
            }
        }
        if (!AccessGate.isHandshake(ctx.request())) {
            throw new HttpProblem(400, "bad_request", "the replay is a WebSocket: connect to " + PATH + " with a WebSocket client");
        }
        Vertx vertx = ctx.vertx();
        if (grant == null) {
            WebSocketChannels.upgrade(ctx.request()).onSuccess(ws -> {
                WebSocketChannels.consolidateFlushes(ws);
                WebSocketAuth.await(ws, gate, "replay", admission -> {
                    request.entitled(admission.grant());
                    resolve(vertx, request, ws, admission);
                });
            }).onFailure(e -> LOG.debug("replay upgrade failed: {}", e.toString()));
            return;
        }
        WebSocketAuth.Admission admission = WebSocketAuth.admit(gate, grant, "replay");
        String key = AccessGate.credential(ctx.request());
        Context context = Vertx.currentContext();
        ctx.request().pause(); // unread until the instruments are known: then either an answer or the upgrade
        vertx.<Plan>executeBlocking(() -> plan(request), false).onComplete(planned -> context.runOnContext(v -> {
            if (planned.failed()) {
                admission.close();
                ctx.request().resume();
                ctx.fail(planned.cause() instanceof HttpProblem p ? p
                        : new HttpProblem(503, "unavailable", PublicErrors.message("replay planning", planned.cause())));
                return;
            }
            WebSocketChannels.upgrade(ctx.request()).onSuccess(ws -> {
                WebSocketChannels.consolidateFlushes(ws);
                WebSocketAuth.watch(gate, admission, key, ws);
                start(ws, planned.result(), admission);
            }).onFailure(e -> {
                admission.close();
                LOG.debug("replay upgrade failed: {}", e.toString());
            });
        }));
    }

    /** After an auth message: resolves off the event loop, then starts or refuses. */
    private void resolve(Vertx vertx, ReplayRequest request, ServerWebSocket ws, WebSocketAuth.Admission admission) {
        Context context = Vertx.currentContext();
        ws.closeHandler(v -> admission.close());
        vertx.<Plan>executeBlocking(() -> plan(request), false).onComplete(planned -> context.runOnContext(v -> {
            if (planned.failed()) {
                admission.close();
                Throwable t = planned.cause();
                WebSocketAuth.refuse(ws, admission.requestId(), t instanceof HttpProblem p ? p.status() : 503,
                        PublicErrors.message("replay planning", t));
                return;
            }
            start(ws, planned.result(), admission);
        }));
    }

    private void start(ServerWebSocket ws, Plan plan, WebSocketAuth.Admission admission) {
        java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
        ws.closeHandler(v -> {
            closed.set(true);
            admission.close();
        });
        try {
            pool.execute(() -> stream(ws, plan, closed));
        } catch (RejectedExecutionException e) {
            admission.close();
            ws.close((short) 1013, MAX_REPLAYS + " replays are running already; retry shortly");
        }
    }

    /** The request's symbols as the store names them; 404 for a venue or symbol never recorded. */
    private Plan plan(ReplayRequest r) {
        for (String venue : r.venues()) {
            if (instruments.ofVenue(venue).isEmpty()) {
                throw new HttpProblem(404, "not_found", "nothing has been recorded of venue \"" + venue + "\"");
            }
        }
        List<String> symbols = new ArrayList<>();
        for (String s : r.symbols()) {
            boolean found = false;
            for (String venue : r.venues()) {
                Instrument i = instruments.find(venue, s);
                if (i != null) {
                    symbols.add(i.nativeSymbol());
                    found = true;
                }
            }
            if (!found) {
                throw new HttpProblem(404, "not_found", "no instrument \"" + s + "\" has been recorded on " + r.venues());
            }
        }
        return new Plan(r.venues(), symbols, r.channels(), r.from(), r.to(), r.speed());
    }

    private void stream(ServerWebSocket ws, Plan plan, java.util.concurrent.atomic.AtomicBoolean closed) {
        long sent = 0;
        long wallStart = 0;
        long firstTime = Long.MIN_VALUE;
        try {
            long length = WINDOW;
            for (long w0 = plan.from(); w0 < plan.to() && !closed.get(); ) {
                long w1 = Math.min(plan.to(), w0 + length);
                List<ReplayReader.Item> items = reader.window(plan, w0, w1, MAX_WINDOW_EVENTS);
                if (items == null) {
                    if (length == 1) {
                        throw new IllegalStateException("more than " + MAX_WINDOW_EVENTS + " events in one microsecond at "
                                + Timestamps.toIso(w0));
                    }
                    length = Math.max(1, length / 2); // a busy stretch: read it in shorter windows
                    continue;
                }
                if (items.isEmpty()) {
                    // Skip the empty stretch: on to the window of the next recorded event.
                    long next = reader.next(plan, w1);
                    if (next == Long.MIN_VALUE || next >= plan.to()) {
                        break;
                    }
                    w0 = Math.max(w1, next);
                    length = WINDOW;
                    continue;
                }
                items.sort(Comparator.comparingLong(ReplayReader.Item::time).thenComparingInt(ReplayReader.Item::channel)
                        .thenComparingLong(ReplayReader.Item::order));
                for (ReplayReader.Item item : items) {
                    if (firstTime == Long.MIN_VALUE) {
                        firstTime = item.time();
                        wallStart = System.nanoTime();
                    }
                    if (!Double.isInfinite(plan.speed()) && !pace(wallStart + (long) ((item.time() - firstTime) * 1_000 / plan.speed()),
                            closed)) {
                        return;
                    }
                    if (!send(ws, item.json())) {
                        return;
                    }
                    sent++;
                }
                w0 = w1;
                if (length < WINDOW && items.size() < MAX_WINDOW_EVENTS / 4) {
                    length = Math.min(WINDOW, length * 2);
                }
            }
            if (closed.get()) {
                return;
            }
            send(ws, "{\"type\":\"replay_end\",\"from\":\"" + Timestamps.toIso(plan.from()) + "\",\"to\":\""
                    + Timestamps.toIso(plan.to()) + "\",\"events\":" + sent + "}");
            ws.close((short) 1000, "replay complete");
        } catch (RuntimeException e) {
            ws.close((short) 1011, truncate("replay failed: " + PublicErrors.message("replay after " + sent + " events", e)));
        }
    }

    /** Waits until {@code dueNanos}, checking that the client is still there; false when it left. */
    private static boolean pace(long dueNanos, java.util.concurrent.atomic.AtomicBoolean closed) {
        long wait;
        while ((wait = dueNanos - System.nanoTime()) > 0) {
            if (closed.get() || Thread.currentThread().isInterrupted()) {
                return false;
            }
            LockSupport.parkNanos(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(CHECK_MILLIS)));
        }
        return !closed.get();
    }

    /** Sends one text message, waiting while the client is behind; false when it is gone. */
    private static boolean send(ServerWebSocket ws, String json) {
        return Backpressure.write(ws, () -> ws.writeTextMessage(json), ws::isClosed,
                () -> ws.close((short) 1008, "the client did not read for " + Backpressure.STALL_SECONDS + " s"));
    }

    private static String truncate(String s) {
        return s.length() > 120 ? s.substring(0, 120) : s; // a close reason is at most 123 bytes
    }
}
