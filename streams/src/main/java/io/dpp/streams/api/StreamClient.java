package io.dpp.streams.api;

import io.vertx.core.Context;
import io.vertx.core.http.ServerWebSocket;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One WebSocket client of the stream: its subscriptions (owned by the fan-out thread) and its
 * bounded outbound queue, filled by the fan-out thread and drained on the connection's event loop
 * as fast as the socket takes it.
 *
 * <p>Slow-consumer policy: when the queue reaches its limit, queued book changes, book snapshots
 * and quotes are dropped first (conflation; each book subscription then gets a fresh snapshot, and
 * the sequence numbers show the gap); if the queue is still more than half full, the client is
 * disconnected with close code 1008 and a reason. Trades, liquidations and feed status are never
 * dropped while the client is connected.
 */
final class StreamClient {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StreamClient.class);

    /** What sits in the queue: the text and whether conflation may drop it. */
    private record Out(String text, boolean conflatable) {
    }

    final int id;
    final ServerWebSocket ws;
    private final Context context;
    private final int limit;
    private final StreamStats stats;
    private final ArrayDeque<Out> queue = new ArrayDeque<>();
    private boolean scheduled;
    private volatile boolean closed;
    /** Conflation dropped book messages: book subscriptions need a fresh snapshot. */
    private volatile boolean resyncBooks;
    /** Who the client is, once authenticated (key header at the upgrade or an auth message); event loop only. */
    io.dpp.runtime.access.Grant grant;
    /** The plan's limit on messages the client sends; set with the grant. */
    io.dpp.runtime.access.RateLimiter messages;
    /** Subscriptions by id; fan-out thread only. */
    final Map<Integer, Subscription> subscriptions = new LinkedHashMap<>();

    StreamClient(int id, ServerWebSocket ws, Context context, int limit, StreamStats stats) {
        this.id = id;
        this.ws = ws;
        this.context = context;
        this.limit = limit;
        this.stats = stats;
    }

    /**
     * Queues a message; false when the client is gone (closed, or dropped as too slow). The queue is
     * written out once {@link #schedule()} runs: the fan-out thread calls it once per batch of
     * events, so a burst costs one wake-up of the connection's event loop, not one per message.
     */
    boolean enqueue(String text, boolean conflatable) {
        synchronized (this) {
            if (closed) {
                return false;
            }
            if (queue.size() >= limit) {
                int before = queue.size();
                queue.removeIf(Out::conflatable);
                stats.conflated(before - queue.size());
                resyncBooks = true;
                if (queue.size() > limit / 2) {
                    closed = true;
                    queue.clear();
                    stats.slowDisconnect();
                    String reason = "slow consumer: " + limit + " messages queued and conflation could not keep up";
                    LOG.warn("stream client {} dropped: {}", id, reason);
                    context.runOnContext(v -> ws.close((short) 1008, reason));
                    return false;
                }
            }
            queue.add(new Out(text, conflatable));
            return true;
        }
    }

    /** Starts writing what is queued, unless a write-out is already under way. */
    void schedule() {
        synchronized (this) {
            if (scheduled || queue.isEmpty() || closed) {
                return;
            }
            scheduled = true;
        }
        context.runOnContext(v -> drain());
    }

    /** Messages waiting. */
    synchronized int queued() {
        return queue.size();
    }

    /** True once, after conflation dropped book messages, when the queue has room again. */
    boolean takeResync() {
        if (resyncBooks && queued() < limit / 4) {
            resyncBooks = false;
            return true;
        }
        return false;
    }

    boolean closed() {
        return closed;
    }

    /** The connection ended. */
    void closed(boolean value) {
        synchronized (this) {
            closed = value;
            queue.clear();
        }
    }

    /** Closes the connection with a reason (server shutdown). */
    void close(short code, String reason) {
        closed(true);
        context.runOnContext(v -> ws.close(code, reason));
    }

    /** Sends one last message (ahead of anything queued, which is dropped) and closes with a reason. */
    void closeWith(String message, short code, String reason) {
        closed(true);
        context.runOnContext(v -> {
            if (!ws.isClosed()) {
                ws.writeTextMessage(message);
                ws.close(code, reason);
            }
        });
    }

    /** Writes queued messages while the socket accepts them; on the connection's event loop. */
    private void drain() {
        while (!ws.writeQueueFull()) {
            Out o;
            synchronized (this) {
                o = queue.poll();
                if (o == null) {
                    scheduled = false;
                    return;
                }
            }
            if (ws.isClosed()) {
                closed(true);
                return;
            }
            ws.writeTextMessage(o.text());
            stats.delivered();
        }
        ws.drainHandler(v -> drain());
    }
}
