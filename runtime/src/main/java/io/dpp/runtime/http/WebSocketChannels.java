package io.dpp.runtime.http;

import io.netty.channel.Channel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.internal.http.WebSocketInternal;
import java.lang.ref.WeakReference;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The one place DPP reaches under Vert.x's WebSocket API to the Netty channel, for what Vert.x does
 * not offer: writing ready-made frames (the live stream, decision 019), deferring flushes to the
 * end of an event-loop task, and stopping reads altogether (the simulator's stalled venue).
 *
 * <p>It goes through {@link WebSocketInternal#channelHandlerContext()}, the interface Vert.x 5
 * keeps in {@code io.vertx.core.internal} for components built on it (its own web and client
 * modules use it); no implementation class, no reflection. It is not public API: a Vert.x upgrade
 * may change it, and then this class fails to compile rather than misbehave. A WebSocket without
 * that interface gets no channel, and callers fall back to Vert.x's own writes.
 *
 * <p>Vert.x Web hands routes a wrapper of the request, whose WebSocket is a wrapper too (without
 * that interface). So the server's request handler is {@link #routing}: it remembers each upgrade
 * request, as Vert.x passed it, by its connection, and a route upgrades with {@link #upgrade},
 * which upgrades that request itself. {@code StreamClientTest} checks the frames written through
 * the channel, {@code StreamRoutesTest} that a routed stream client gets them.
 */
public final class WebSocketChannels {

    private static final String FLUSH_CONSOLIDATION = "dpp-flush-consolidation";

    /**
     * Upgrade requests by connection, as Vert.x passed them to the server, until a route upgrades
     * them. Weak both ways: a request answered without an upgrade (refused, say) goes with its
     * connection. HTTP/1.1 carries one upgrade request per connection; touched once per WebSocket.
     */
    private static final Map<HttpConnection, WeakReference<HttpServerRequest>> UPGRADES =
            Collections.synchronizedMap(new WeakHashMap<>());

    private WebSocketChannels() {
    }

    /** The server's request handler: remembers upgrade requests (see {@link #upgrade}), then routes. */
    public static Handler<HttpServerRequest> routing(Handler<HttpServerRequest> router) {
        return request -> {
            if (request.canUpgradeToWebSocket()) {
                UPGRADES.put(request.connection(), new WeakReference<>(request));
            }
            router.handle(request);
        };
    }

    /**
     * Upgrades a routed request to a WebSocket: the request as the server received it when
     * {@link #routing} saw it (its WebSocket exposes the channel), else {@code routed} itself.
     */
    public static Future<ServerWebSocket> upgrade(HttpServerRequest routed) {
        WeakReference<HttpServerRequest> seen = UPGRADES.remove(routed.connection());
        HttpServerRequest request = seen == null ? null : seen.get();
        return (request != null ? request : routed).toWebSocket();
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
