package io.dpp.sim;

import io.dpp.runtime.http.WebSocketChannels;
import io.vertx.core.http.ServerWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops and restarts reading a client's socket, so that a stalled simulated venue is silent at
 * every level: Vert.x answers WebSocket pings as it reads frames even while the stream is paused,
 * and a stall must leave those unanswered too. Reading stops at the socket's Netty channel
 * ({@link WebSocketChannels#reading}); if Vert.x ever stops exposing it, the stall degrades to
 * pausing the stream (pings answered) and says so once.
 */
final class Sockets {

    private static final Logger LOG = LoggerFactory.getLogger(Sockets.class);
    private static volatile boolean warned;

    private Sockets() {
    }

    /** Stops ({@code false}) or resumes reading the socket; called on the socket's event loop. */
    static void reading(ServerWebSocket ws, boolean read) {
        if (!WebSocketChannels.reading(ws, read) && !warned) {
            warned = true;
            LOG.warn("cannot stop reading a WebSocket's channel; a stall pauses data only and pings are still answered");
        }
        if (read) {
            ws.resume();
        } else {
            ws.pause();
        }
    }
}
