package io.dpp.runtime.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Closes a connection that has not delivered a whole request head within the header timeout
 * (a slow-loris client sending its headers a byte at a time would otherwise hold the connection
 * open for as long as it likes, since every byte resets the idle timeout). Armed when a connection
 * opens and again after each response on a keep-alive connection; disarmed when the router sees
 * the next request, which Vert.x hands over only once its head is complete. An upgraded WebSocket
 * is not armed again.
 */
final class HeaderTimeout {

    private final Vertx vertx;
    private final long millis;
    private final Map<HttpConnection, Long> timers = new ConcurrentHashMap<>();
    private final Runnable onTimeout;

    HeaderTimeout(Vertx vertx, long millis, Runnable onTimeout) {
        this.vertx = vertx;
        this.millis = millis;
        this.onTimeout = onTimeout;
    }

    /** A connection opened: it has {@code millis} to deliver its first request head. */
    void opened(HttpConnection connection) {
        arm(connection);
        connection.closeHandler(v -> disarm(connection));
    }

    /** The first route of every request: the head arrived. */
    void requestArrived(RoutingContext ctx) {
        HttpConnection connection = ctx.request().connection();
        disarm(connection);
        if (!io.dpp.runtime.access.AccessGate.isHandshake(ctx.request())) {
            ctx.addEndHandler(v -> {
                if (!ctx.response().closed()) {
                    arm(connection);
                }
            });
        }
        ctx.next();
    }

    private void arm(HttpConnection connection) {
        long id = vertx.setTimer(millis, t -> {
            if (timers.remove(connection, t)) {
                onTimeout.run();
                connection.close();
            }
        });
        Long old = timers.put(connection, id);
        if (old != null) {
            vertx.cancelTimer(old);
        }
    }

    private void disarm(HttpConnection connection) {
        Long id = timers.remove(connection);
        if (id != null) {
            vertx.cancelTimer(id);
        }
    }
}
