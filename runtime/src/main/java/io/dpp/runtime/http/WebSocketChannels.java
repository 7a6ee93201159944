package io.dpp.runtime.http;

import io.netty.channel.Channel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.http.WebSocket;
import io.vertx.core.internal.http.WebSocketInternal;

/**
 * The one place DPP reaches under Vert.x's WebSocket API to the Netty channel, for what Vert.x does
 * not offer: writing ready-made frames (the live stream, decision 019), deferring flushes to the
 * end of an event-loop task, and stopping reads altogether (the simulator's stalled venue).
 *
 * <p>It goes through {@link WebSocketInternal#channelHandlerContext()}, the interface Vert.x 5
 * keeps in {@code io.vertx.core.internal} for components built on it (its own web and client
 * modules use it); no implementation class, no reflection. It is not public API: a Vert.x upgrade
 * may change it, and then this class fails to compile rather than misbehave. A WebSocket without
 * that interface (none in the pinned version) gets no channel, and callers fall back to Vert.x's
 * own writes. {@code StreamClientTest} checks the frames written through the channel.
 */
public final class WebSocketChannels {

    private static final String FLUSH_CONSOLIDATION = "dpp-flush-consolidation";

    private WebSocketChannels() {
    }

    /** The Netty channel under {@code ws}, or null when Vert.x does not expose it. */
    public static Channel channel(WebSocket ws) {
        return ws instanceof WebSocketInternal internal ? internal.channelHandlerContext().channel() : null;
    }

    /**
     * One flush (one write system call) for the frames written to {@code ws} in one event-loop
     * task, instead of one per frame: Vert.x flushes each WebSocket write on its own outside a read.
     * Netty's FlushConsolidationHandler defers the flush to the end of the task (and flushes at
     * least every 256 writes). Call it on the socket's event loop, before anything else is added at
     * the head of its pipeline; a second call does nothing.
     */
    public static void consolidateFlushes(WebSocket ws) {
        Channel channel = channel(ws);
        if (channel != null && channel.pipeline().get(FLUSH_CONSOLIDATION) == null) {
            channel.pipeline().addFirst(FLUSH_CONSOLIDATION, new FlushConsolidationHandler(256, true));
        }
    }

    /**
     * Stops ({@code false}) or resumes reading {@code ws}'s socket, frames and pings included (a
     * paused Vert.x WebSocket still reads and answers pings); false when the channel is not exposed.
     * Call it on the socket's event loop.
     */
    public static boolean reading(WebSocket ws, boolean read) {
        Channel channel = channel(ws);
        if (channel == null) {
            return false;
        }
        channel.config().setAutoRead(read);
        return true;
    }
}
