package io.dpp.sim;

import io.vertx.core.http.ServerWebSocket;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops and restarts reading a client's socket, so that a stalled simulated venue is silent at
 * every level: Vert.x answers WebSocket pings as it reads frames even while the stream is paused,
 * and a stall must leave those unanswered too. Vert.x offers no public way to stop reading a
 * server WebSocket's channel, so this reaches its connection (WebSocketImplBase.conn, a
 * VertxConnection with doPause/doResume); if that ever changes, the stall degrades to pausing
 * the stream (pings answered) and says so once.
 */
final class Sockets {

    private static final Logger LOG = LoggerFactory.getLogger(Sockets.class);
    private static volatile boolean warned;

    private Sockets() {
    }

    /** Stops ({@code true}) or resumes reading the socket; called on the socket's event loop. */
    static void reading(ServerWebSocket ws, boolean read) {
        try {
            Object conn = connection(ws);
            Method m = conn.getClass().getMethod(read ? "doResume" : "doPause");
            m.invoke(conn);
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (!warned) {
                warned = true;
                LOG.warn("cannot stop reading a WebSocket's channel ({}); a stall pauses data only and pings are still answered",
                        e.toString());
            }
        }
        if (read) {
            ws.resume();
        } else {
            ws.pause();
        }
    }

    private static Object connection(ServerWebSocket ws) throws ReflectiveOperationException {
        for (Class<?> c = ws.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField("conn");
                f.setAccessible(true);
                return f.get(ws);
            } catch (NoSuchFieldException e) {
                // look further up
            }
        }
        throw new NoSuchFieldException("conn");
    }
}
