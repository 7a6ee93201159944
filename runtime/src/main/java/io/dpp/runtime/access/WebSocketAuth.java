package io.dpp.runtime.access;

import io.dpp.runtime.http.HttpProblem;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Admission of WebSocket connections, shared by the stream and the replay. A handshake that
 * carried a key was checked by the gate; {@link #admit} then takes one of the key's connection
 * places before the upgrade (429 beyond the plan's). A handshake without a key is upgraded and
 * {@link #await} waits for {@code {"op":"auth","key":"..."}} as its first message within the
 * gate's {@link AccessGate#authTimeout} ({@code http.auth-timeout}), sending nothing before; reading pauses from the auth message until
 * its outcome, so messages a client sends right after it wait for it instead of being refused.
 * Refusals are {@code {"type":"error","code":401|403|429|503,"message":...}} and a close with
 * code 1008 (1013 when the server is saturated). Every admitted connection's key is watched: a
 * key revoked later ends it.
 */
public final class WebSocketAuth {

    private WebSocketAuth() {
    }

    /**
     * An admitted connection: its grant, one of its key's connection places and the watch on its
     * key. {@link #close} gives both back; call it when the connection closes.
     */
    public static final class Admission {
        private final Grant grant;
        private final String requestId;
        private final WebSocketSlots slots;
        private final AtomicBoolean closed = new AtomicBoolean();
        private volatile Runnable unwatch = () -> { };

        Admission(Grant grant, String requestId, WebSocketSlots slots) {
            this.grant = grant;
            this.requestId = requestId;
            this.slots = slots;
        }

        public Grant grant() {
            return grant;
        }

        /** The id of the auth message, or null for a key given in the handshake. */
        public String requestId() {
            return requestId;
        }

        /** Releases the connection place and the key watch (once). */
        public void close() {
            if (closed.compareAndSet(false, true)) {
                slots.close(grant);
                unwatch.run();
            }
        }
    }

    /**
     * Admits a handshake whose key the gate already checked: takes a connection place of the key,
     * or throws 429 for the HTTP answer. Call {@link #watch} once upgraded.
     */
    public static Admission admit(AccessGate gate, Grant grant, String api) {
        String refusal = gate.slots().open(grant);
        if (refusal != null) {
            gate.access().denied(api, "too_many_connections");
            throw new HttpProblem(429, "rate_limited", refusal);
        }
        return new Admission(grant, null, gate.slots());
    }

    /** Ends {@code ws} when the admitted key is revoked; the admission's close stops watching. */
    public static void watch(AccessGate gate, Admission admission, String key, ServerWebSocket ws) {
        Context context = Vertx.currentContext();
        admission.unwatch = gate.keys().watch(key, reason -> context.runOnContext(v -> refuse(ws, null, 401, reason)));
    }

    /**
     * Waits for the auth message on {@code ws}. {@code then} runs on the connection's event loop,
     * with reading paused until it returns; it sets the endpoint's handlers and must call
     * {@link Admission#close} when the connection closes. It may refuse by throwing an
     * {@link HttpProblem}.
     */
    public static void await(ServerWebSocket ws, AccessGate gate, String api, Consumer<Admission> then) {
        Access access = gate.access();
        WebSocketSlots slots = gate.slots();
        if (!slots.enterPending()) {
            access.denied(api, "too_many_pending");
            refuse(ws, null, 503, slots.maxPending() + " connections are waiting to authenticate already; retry shortly");
            return;
        }
        Context context = Vertx.currentContext();
        AtomicBoolean pending = new AtomicBoolean(true);
        Runnable leave = () -> {
            if (pending.compareAndSet(true, false)) {
                slots.leavePending();
            }
        };
        ws.closeHandler(v -> leave.run());
        java.time.Duration timeout = gate.authTimeout();
        long timer = context.owner().setTimer(Math.max(1, timeout.toMillis()), t -> {
            if (pending.get()) {
                leave.run();
                access.denied(api, "auth_timeout");
                refuse(ws, null, 401, "no auth message within " + (timeout.toMillis() % 1000 == 0
                        ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms"));
            }
        });
        ws.binaryMessageHandler(b -> {
            if (pending.get()) {
                context.owner().cancelTimer(timer);
                leave.run();
                access.denied(api, "missing_key");
                refuse(ws, null, 401, "authenticate first with a text message {\"op\":\"auth\",\"key\":\"...\"}");
            }
        });
        ws.textMessageHandler(text -> {
            ws.textMessageHandler(null);
            ws.binaryMessageHandler(null);
            ws.pause(); // what the client sends next waits for the outcome
            context.owner().cancelTimer(timer);
            String id = null;
            String key = null;
            try {
                JsonObject o = new JsonObject(text);
                id = o.getValue("id") == null ? null : bounded(String.valueOf(o.getValue("id")));
                if ("auth".equals(o.getValue("op")) && o.getValue("key") instanceof String k && !k.isBlank()) {
                    key = k.trim();
                }
            } catch (DecodeException | ClassCastException e) {
                // refused below
            }
            if (key == null || key.length() > AccessGate.MAX_KEY_LENGTH) {
                leave.run();
                access.denied(api, key == null ? "missing_key" : "invalid_key");
                refuse(ws, id, 401, key == null ? "authenticate first: send {\"op\":\"auth\",\"key\":\"...\"} or connect with the "
                        + AccessGate.HEADER + " header" : "not an API key: a key is at most " + AccessGate.MAX_KEY_LENGTH + " characters");
                return;
            }
            String requestId = id;
            String theKey = key;
            access.authenticate(key).whenComplete((grant, error) -> context.runOnContext(v -> {
                leave.run();
                if (ws.isClosed()) {
                    return;
                }
                Throwable cause = error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error;
                if (cause == null) {
                    String refusal = slots.open(grant);
                    if (refusal != null) {
                        access.denied(api, "too_many_connections");
                        refuse(ws, requestId, 429, refusal);
                        return;
                    }
                    Admission admission = new Admission(grant, requestId, slots);
                    try {
                        ws.writeTextMessage(new JsonObject().put("type", "authenticated").put("id", requestId)
                                .put("user", grant.user()).put("plan", grant.plan().name()).encode());
                        then.accept(admission);
                        watch(gate, admission, theKey, ws);
                        ws.resume();
                        return;
                    } catch (HttpProblem p) {
                        admission.close();
                        cause = p;
                    }
                }
                int code = cause instanceof HttpProblem p ? p.status() : 503;
                access.denied(api, code == 401 ? "invalid_key" : code == 403 ? "forbidden" : "error");
                refuse(ws, requestId, code, cause instanceof HttpProblem ? cause.getMessage()
                        : "API keys cannot be checked now; try again shortly");
            }));
        });
    }

    /** Sends the error message and closes: 1013 (try again later) for 503, else 1008 (policy). */
    public static void refuse(ServerWebSocket ws, String id, int code, String message) {
        if (!ws.isClosed()) {
            ws.writeTextMessage(new JsonObject().put("type", "error").put("id", id).put("code", code).put("message", message).encode());
            ws.close(code == 503 ? (short) 1013 : (short) 1008, code == 403 ? "forbidden" : code == 429 ? "too many connections"
                    : code == 503 ? "try again later" : "authentication failed");
        }
    }

    private static String bounded(String id) {
        return id.length() > 64 ? id.substring(0, 64) : id;
    }
}
