package io.dpp.runtime.access;

import io.dpp.runtime.http.HttpProblem;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * The auth message of a WebSocket endpoint that was opened without a key header (a browser cannot
 * set one): the first message must be {@code {"op":"auth","key":"..."}} within
 * {@value #TIMEOUT_MS} ms. On success the endpoint continues with the grant (its consumer may
 * still refuse by throwing an {@link HttpProblem}); otherwise the client gets
 * {@code {"type":"error","code":401|403,"message":...}} and a close with code 1008.
 */
public final class WebSocketAuth {

    /** How long a connection may stay without authenticating. */
    public static final long TIMEOUT_MS = 10_000;

    private WebSocketAuth() {
    }

    /** Waits for the auth message on {@code ws}; {@code then} runs on the connection's event loop. */
    public static void await(ServerWebSocket ws, Access access, String api, Consumer<Grant> then) {
        Context context = Vertx.currentContext();
        boolean[] done = {false};
        long timer = context.owner().setTimer(TIMEOUT_MS, t -> {
            if (!done[0]) {
                done[0] = true;
                access.denied(api, "auth_timeout");
                refuse(ws, null, 401, "no auth message within " + TIMEOUT_MS / 1000 + " s");
            }
        });
        ws.textMessageHandler(text -> {
            if (done[0]) {
                return;
            }
            done[0] = true;
            context.owner().cancelTimer(timer);
            ws.textMessageHandler(null);
            String id = null;
            String key = null;
            try {
                JsonObject o = new JsonObject(text);
                id = o.getValue("id") == null ? null : String.valueOf(o.getValue("id"));
                if ("auth".equals(o.getValue("op")) && o.getValue("key") instanceof String k && !k.isBlank()) {
                    key = k.trim();
                }
            } catch (DecodeException | ClassCastException e) {
                // refused below
            }
            if (key == null) {
                access.denied(api, "missing_key");
                refuse(ws, id, 401, "authenticate first: send {\"op\":\"auth\",\"key\":\"...\"} or connect with the "
                        + AccessGate.HEADER + " header");
                return;
            }
            String requestId = id;
            access.authenticate(key).whenComplete((grant, error) -> context.runOnContext(v -> {
                Throwable cause = error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error;
                if (cause == null) {
                    try {
                        ws.writeTextMessage(new JsonObject().put("type", "authenticated").put("id", requestId)
                                .put("user", grant.user()).put("plan", grant.plan().name()).encode());
                        then.accept(grant);
                        return;
                    } catch (HttpProblem p) {
                        cause = p;
                    }
                }
                int code = cause instanceof HttpProblem p ? p.status() : 500;
                access.denied(api, code == 401 ? "invalid_key" : code == 403 ? "forbidden" : "error");
                refuse(ws, requestId, code, cause.getMessage());
            }));
        });
    }

    private static void refuse(ServerWebSocket ws, String id, int code, String message) {
        if (!ws.isClosed()) {
            ws.writeTextMessage(new JsonObject().put("type", "error").put("id", id).put("code", code).put("message", message).encode());
            ws.close((short) 1008, code == 403 ? "forbidden" : "authentication failed");
        }
    }
}
