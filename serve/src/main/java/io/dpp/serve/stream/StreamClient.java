package io.dpp.serve.stream;

import io.dpp.runtime.rate.TokenBucket;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.vertx.core.Context;
import io.vertx.core.http.ServerWebSocket;
import java.nio.charset.StandardCharsets;
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
 *
 * <p>The queue holds, per message, the subscription id, the sequence number and the event's JSON
 * body, which is serialized once and shared by every client that gets it; {@code "sub"} and
 * {@code "seq"} are written in front of it only when the message goes out. A drain writes as many
 * queued messages as fit in {@link #BATCH_BYTES} as ready-made WebSocket text frames into one
 * pooled buffer, straight into the connection's Netty channel (see {@link #drain()}), so a
 * delivery allocates nothing on the heap (decision 011).
 */
final class StreamClient {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StreamClient.class);
    /** Bytes of frames written to the channel in one buffer before its writability is checked again. */
    static final int BATCH_BYTES = 64 * 1024;
    /** {@code sub} of a queued message that is sent as it is (replies, heartbeats), without a prefix. */
    private static final int NO_PREFIX = -1;
    private static final byte[] SUB = "{\"sub\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEQ = ",\"seq\":".getBytes(StandardCharsets.US_ASCII);

    final int id;
    final ServerWebSocket ws;
    /** The connection's Netty channel for direct frame writes, or null to write through Vert.x (see {@link #drain()}). */
    private final io.netty.channel.Channel channel;
    /** Where direct frames enter the channel's pipeline: next to the socket, after every encoder. */
    private volatile ChannelHandlerContext pipelineHead;
    /** {@link #drain()}, made once: a wake-up of the connection's event loop allocates nothing. */
    private final Runnable drainTask = this::drain;
    private final Context context;
    private final int limit;
    private final StreamStats stats;
    /** The queue's length when empty and idle. */
    private static final int INITIAL_CAPACITY = 16;
    /** A ring longer than this goes back to {@link #INITIAL_CAPACITY} once the client has read it all. */
    private static final int SHRINK_ABOVE = 1024;
    /**
     * The queue: a ring of parallel arrays, grown on demand up to {@link #limit} and shrunk again
     * once a burst has been written out. Guarded by this.
     */
    private int[] subs = new int[INITIAL_CAPACITY];
    private long[] seqs = new long[INITIAL_CAPACITY];
    private byte[][] bodies = new byte[INITIAL_CAPACITY][];
    private boolean[] conflatable = new boolean[INITIAL_CAPACITY];
    private int head;
    private int size;
    private boolean scheduled;
    private volatile boolean closed;
    /** Conflation dropped book messages: book subscriptions need a fresh snapshot. */
    private volatile boolean resyncBooks;
    /** Set while the client is on the fan-out thread's list of clients to wake; fan-out thread only. */
    boolean dirty;
    /** Who the client is, once authenticated (key header at the upgrade or an auth message); event loop only. */
    io.dpp.runtime.access.Grant grant;
    /** The plan's limit on messages the client sends; set with the grant. */
    io.dpp.runtime.rate.TokenBucket messages;
    /** Private-channel subscriptions by id, their channels; the connection's event loop adds them, any thread may close. */
    final java.util.Map<Integer, AutoCloseable> privateSubs = new java.util.concurrent.ConcurrentHashMap<>();
    final java.util.Set<String> privateChannels = java.util.concurrent.ConcurrentHashMap.newKeySet();
    final java.util.Map<Integer, String> privateChannelOf = new java.util.concurrent.ConcurrentHashMap<>();

    /** Ends a private-channel subscription. */
    void unsubscribePrivate(int sub) {
        AutoCloseable h = privateSubs.remove(sub);
        String channel = privateChannelOf.remove(sub);
        if (channel != null) {
            privateChannels.remove(channel);
        }
        if (h != null) {
            try {
                h.close();
            } catch (Exception e) {
                LOG.warn("closing a private subscription: {}", e.toString());
            }
        }
    }

    /** Ends every private-channel subscription (the connection closed). */
    void closePrivate() {
        for (Integer sub : java.util.List.copyOf(privateSubs.keySet())) {
            unsubscribePrivate(sub);
        }
    }

    /** Subscriptions by id; fan-out thread only. */
    final Map<Integer, Subscription> subscriptions = new LinkedHashMap<>();

    /**
     * @param channel the connection's Netty channel, or null when it is not known: messages then go
     *                out through Vert.x's WebSocket writes
     */
    StreamClient(int id, ServerWebSocket ws, io.netty.channel.Channel channel, Context context, int limit, StreamStats stats) {
        this.id = id;
        this.ws = ws;
        this.context = context;
        this.limit = limit;
        this.stats = stats;
        this.channel = channel != null && directFramesAllowed(channel) ? channel : null;
        stats.accepted(this.channel != null);
        if (this.channel != null) {
            // Wakes the drain once the socket takes data again (Vert.x does not see the direct writes).
            this.channel.pipeline().addFirst("dpp-stream-writability", new ChannelInboundHandlerAdapter() {
                @Override
                public void handlerAdded(ChannelHandlerContext ctx) {
                    pipelineHead = ctx;
                }

                @Override
                public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                    if (ctx.channel().isWritable()) {
                        drain();
                    }
                    ctx.fireChannelWritabilityChanged();
                }
            });
        }
    }

    /**
     * Direct frames are plain, unmasked, uncompressed text frames written next to the socket. When
     * the client negotiated per-message compression, or the connection is encrypted (the frames
     * would pass under the TLS handler), messages go through Vert.x.
     */
    private static boolean directFramesAllowed(io.netty.channel.Channel channel) {
        io.netty.channel.ChannelPipeline p = channel.pipeline();
        return p.get(io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder.class) == null
                && p.get(io.netty.handler.ssl.SslHandler.class) == null;
    }

    /** True when messages go out as ready-made frames written to the channel, false when through Vert.x. */
    boolean writesFramesDirectly() {
        return channel != null;
    }

    /** Queues a whole message (a reply, an error); false when the client is gone. */
    boolean enqueue(String text, boolean conflatable) {
        return enqueueWhole(text.getBytes(StandardCharsets.UTF_8), conflatable);
    }

    /** Queues a whole message in UTF-8, sent as it is (a heartbeat shared by every client); false when the client is gone. */
    boolean enqueueWhole(byte[] message, boolean conflatable) {
        return enqueue(NO_PREFIX, 0, message, conflatable);
    }

    /**
     * Queues an event for subscription {@code sub} with sequence number {@code seq}; {@code body} is
     * the event's JSON object, shared and never modified. False when the client is gone (closed, or
     * dropped as too slow). The queue is written out once {@link #schedule()} runs: the fan-out
     * thread calls it once per batch of events, so a burst costs one wake-up of the connection's
     * event loop, not one per message.
     */
    boolean enqueue(int sub, long seq, byte[] body, boolean conflate) {
        synchronized (this) {
            if (closed) {
                return false;
            }
            if (size >= limit) {
                int before = size;
                dropConflatable();
                stats.conflated(before - size);
                resyncBooks = true;
                if (size > limit / 2) {
                    closed = true;
                    clear();
                    stats.slowDisconnect();
                    String reason = "slow consumer: " + limit + " messages queued and conflation could not keep up";
                    LOG.warn("stream client {} dropped: {}", id, reason);
                    context.runOnContext(v -> ws.close((short) 1008, reason));
                    return false;
                }
            }
            if (size == subs.length) {
                grow();
            }
            int i = (head + size) & (subs.length - 1);
            subs[i] = sub;
            seqs[i] = seq;
            bodies[i] = body;
            conflatable[i] = conflate;
            size++;
            return true;
        }
    }

    /** Doubles the ring (its length stays a power of two). */
    private void grow() {
        int n = subs.length * 2;
        int[] s = new int[n];
        long[] q = new long[n];
        byte[][] b = new byte[n][];
        boolean[] c = new boolean[n];
        for (int k = 0; k < size; k++) {
            int i = (head + k) & (subs.length - 1);
            s[k] = subs[i];
            q[k] = seqs[i];
            b[k] = bodies[i];
            c[k] = conflatable[i];
        }
        subs = s;
        seqs = q;
        bodies = b;
        conflatable = c;
        head = 0;
    }

    /** Removes the queued messages conflation may drop, keeping the order of the others. */
    private void dropConflatable() {
        int mask = subs.length - 1;
        int kept = 0;
        for (int k = 0; k < size; k++) {
            int from = (head + k) & mask;
            if (!conflatable[from]) {
                int to = (head + kept) & mask;
                subs[to] = subs[from];
                seqs[to] = seqs[from];
                bodies[to] = bodies[from];
                conflatable[to] = false;
                kept++;
            }
        }
        for (int k = kept; k < size; k++) {
            bodies[(head + k) & mask] = null;
        }
        size = kept;
    }

    private void clear() {
        java.util.Arrays.fill(bodies, null);
        head = 0;
        size = 0;
    }

    /**
     * True when nothing is left to write (the queue is empty or the client gone): the write-out
     * ends, the next {@link #schedule()} starts another, and a ring grown by a burst is given back.
     * Called with this held.
     */
    private boolean writtenOut() {
        if (size != 0 && !closed) {
            return false;
        }
        scheduled = false;
        shrinkIfGrown();
        return true;
    }

    /**
     * Gives back the memory of a burst: a ring grown past {@link #SHRINK_ABOVE} (up to the queue
     * limit, about 0.25 MB at 10 000) would otherwise stay that long for the connection's life.
     * Called with the queue empty; a client that is slow again grows it again by doubling.
     */
    private void shrinkIfGrown() {
        if (subs.length > SHRINK_ABOVE) {
            subs = new int[INITIAL_CAPACITY];
            seqs = new long[INITIAL_CAPACITY];
            bodies = new byte[INITIAL_CAPACITY][];
            conflatable = new boolean[INITIAL_CAPACITY];
            head = 0;
        }
    }

    /** The queue ring's current length (tests). */
    synchronized int capacity() {
        return subs.length;
    }

    /** Starts writing what is queued, unless a write-out is already under way. */
    void schedule() {
        synchronized (this) {
            if (scheduled || size == 0 || closed) {
                return;
            }
            scheduled = true;
        }
        if (channel != null) {
            channel.eventLoop().execute(drainTask); // the context's event loop, without Vert.x's dispatch
        } else {
            context.runOnContext(v -> drain());
        }
    }

    /** Messages waiting. */
    synchronized int queued() {
        return size;
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
            clear();
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

    /**
     * Writes queued messages while the socket accepts them; on the connection's event loop.
     *
     * <p>With the channel known, the messages become WebSocket text frames (RFC 6455 5.2: FIN and
     * opcode 1, the payload length, no mask from a server) in one pooled buffer, written and flushed
     * at the head of the Netty pipeline, past the WebSocket encoders and the flush consolidation
     * (each drain is one write of everything queued already); pings, pongs and close frames still
     * go through Vert.x, on the same event loop and in order. A full socket stops the drain until
     * the channel is writable again. Otherwise each message is a Vert.x WebSocket write.
     */
    private void drain() {
        ChannelHandlerContext ctx = pipelineHead;
        if (channel == null || ctx == null) {
            drainThroughVertx();
            return;
        }
        int written = 0;
        while (channel.isWritable()) {
            if (ws.isClosed()) {
                closed(true);
                return;
            }
            ByteBuf out;
            int n;
            synchronized (this) {
                if (writtenOut()) {
                    break;
                }
                int bytes = 0;
                int mask = subs.length - 1;
                n = 0;
                while (n < size && (n == 0 || bytes < BATCH_BYTES)) {
                    bytes += frameLength(payloadLength((head + n) & mask));
                    n++;
                }
                out = ctx.alloc().ioBuffer(bytes);
                for (int k = 0; k < n; k++) {
                    int i = (head + k) & mask;
                    writeFrame(out, i);
                    bodies[i] = null;
                }
                head = (head + n) & mask;
                size -= n;
            }
            ctx.write(out, ctx.voidPromise());
            written += n;
        }
        if (written > 0) {
            ctx.flush();
            stats.delivered(written);
        }
    }

    private void drainThroughVertx() {
        while (!ws.writeQueueFull()) {
            String text;
            synchronized (this) {
                if (writtenOut()) {
                    return;
                }
                int i = head;
                ByteBuf b = io.netty.buffer.Unpooled.buffer(payloadLength(i));
                writePayload(b, i);
                text = b.toString(StandardCharsets.UTF_8);
                bodies[i] = null;
                head = (head + 1) & (subs.length - 1);
                size--;
            }
            if (ws.isClosed()) {
                closed(true);
                return;
            }
            ws.writeTextMessage(text);
            stats.delivered(1);
        }
        ws.drainHandler(v -> drain());
    }

    /** Bytes of message {@code i} as sent: {@code {"sub":N,"seq":M,} and the body after its opening brace. */
    private int payloadLength(int i) {
        byte[] body = bodies[i];
        if (subs[i] == NO_PREFIX) {
            return body.length;
        }
        return SUB.length + digits(subs[i]) + SEQ.length + digits(seqs[i]) + 1 + body.length - 1;
    }

    private static int frameLength(int payload) {
        return payload + (payload < 126 ? 2 : payload < 65536 ? 4 : 10);
    }

    private void writeFrame(ByteBuf out, int i) {
        int payload = payloadLength(i);
        out.writeByte(0x81); // FIN, text
        if (payload < 126) {
            out.writeByte(payload);
        } else if (payload < 65536) {
            out.writeByte(126);
            out.writeShort(payload);
        } else {
            out.writeByte(127);
            out.writeLong(payload);
        }
        writePayload(out, i);
    }

    private void writePayload(ByteBuf out, int i) {
        byte[] body = bodies[i];
        if (subs[i] == NO_PREFIX) {
            out.writeBytes(body);
            return;
        }
        out.writeBytes(SUB);
        writeDigits(out, subs[i]);
        out.writeBytes(SEQ);
        writeDigits(out, seqs[i]);
        out.writeByte(',');
        out.writeBytes(body, 1, body.length - 1);
    }

    /** Decimal digits of a non-negative number. */
    static int digits(long v) {
        int n = 1;
        while (v >= 10) {
            v /= 10;
            n++;
        }
        return n;
    }

    /** Writes a non-negative number in decimal, without allocating. */
    static void writeDigits(ByteBuf out, long v) {
        int n = digits(v);
        int at = out.writerIndex();
        out.ensureWritable(n);
        for (int k = n - 1; k >= 0; k--) {
            out.setByte(at + k, (int) ('0' + v % 10));
            v /= 10;
        }
        out.writerIndex(at + n);
    }
}
