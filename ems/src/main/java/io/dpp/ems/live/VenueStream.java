package io.dpp.ems.live;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.trading.live.BalanceRead;
import io.dpp.trading.live.PrivateStream;
import io.dpp.trading.live.VenueKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live account's private stream at its venue ({@link PrivateStream}): connects, logs in with
 * the account's key at the venue's clock, subscribes, and hands each push to its listener as DPP's
 * orders and fills. It keeps the connection alive with the venue's pings (text, or WebSocket ping
 * frames) and, when the connection ends (dropped, refused, unanswered pings, or the venue saying
 * that the subscription ended), connects again after 1 s, doubling to 30 s; the
 * listener hears {@link Listener#live} after every successful subscription, so that what passed
 * while the stream was down is asked of the venue. Never blocks a thread.
 *
 * <p>Where the venue takes orders over the same socket ({@link PrivateStream#entersOrders}, Deribit),
 * {@link #call} sends a REST call's request over it and completes with the venue's answer, and a
 * stream made with a cancel-on-disconnect time arms the venue's switch on every connection before it
 * reports {@link Listener#live}: the venue then cancels the orders sent over a connection that ends,
 * or whose heartbeat goes unanswered for that long.
 */
public final class VenueStream implements AutoCloseable {

    /** What the stream tells its owner; called on the stream's threads. */
    public interface Listener {
        /** Logged in and subscribed (again): pushes follow. */
        void live();

        /** A push's orders and fills. */
        void update(PrivateStream.Update update);

        /** The connection ended or was refused; the stream connects again by itself. */
        void down(String why);
    }

    /** The signed REST calls a stream needs of its venue, made by the account's adapter. */
    public interface Calls {
        /** A fresh token (fails with the venue's refusal). */
        CompletableFuture<String> token();

        /** Keeps {@code token} valid (fails when the venue refuses: it forgot the token). */
        CompletableFuture<Void> renew(String token);
    }

    private static final Logger LOG = LoggerFactory.getLogger(VenueStream.class);
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration LAST_RETRY = Duration.ofSeconds(30);
    /** Largest push the stream reads (a venue's pushes are a few kilobytes). */
    static final int MAX_MESSAGE = 1 << 20;

    private enum Phase { CONNECTING, LOGIN, SUBSCRIBING, LIVE }

    private final HttpClient client;
    /** The address of a connection made with a token (null where the venue gives none). */
    private final java.util.function.Function<String, URI> url;
    private final PrivateStream protocol;
    private final VenueKey key;
    private final LongSupplier venueNow;
    private final Listener listener;
    private final ScheduledExecutorService timer;
    /** The venue's calls the stream makes: a token for each new connection, and its renewal (see {@link PrivateStream#token()}). */
    private final Calls calls;
    private final String name;
    /** The token of the connection being made, or null. */
    private volatile String token;
    private ScheduledFuture<?> renewer;

    private volatile boolean closed;
    private volatile WebSocket socket;
    private volatile Phase phase = Phase.CONNECTING;
    /** When the last message came (nanos): a connection silent for two ping intervals is dropped. */
    private volatile long heard;
    private int failures;
    private ScheduledFuture<?> pinger;
    /** Seconds of the venue's cancel-on-disconnect armed on each connection (0: not armed). */
    private final int cancelOnDisconnect;
    /** A request sent over a connection ({@link #call}) and not answered yet. */
    private record Pending(CompletableFuture<JsonNode> answer, WebSocket ws) {
    }

    private final java.util.Map<Integer, Pending> pending = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger nextId = new java.util.concurrent.atomic.AtomicInteger(PrivateStream.FIRST_REQUEST_ID);

    /**
     * @param url   the address of a connection made with a token (the token null where the venue gives none)
     * @param calls gets a fresh token from the venue for each connection and renews it, where the
     *              protocol asks for them ({@link PrivateStream#token()}); unused elsewhere
     */
    public VenueStream(HttpClient client, java.util.function.Function<String, URI> url, PrivateStream protocol, VenueKey key,
                       LongSupplier venueNow, Listener listener, ScheduledExecutorService timer, Calls calls) {
        this(client, url, protocol, key, venueNow, listener, timer, calls, 0);
    }

    /**
     * @param cancelOnDisconnect seconds of the venue's cancel-on-disconnect to arm on every connection
     *                           (0: none; only where the venue has it on its socket)
     */
    public VenueStream(HttpClient client, java.util.function.Function<String, URI> url, PrivateStream protocol, VenueKey key,
                       LongSupplier venueNow, Listener listener, ScheduledExecutorService timer, Calls calls, int cancelOnDisconnect) {
        this.cancelOnDisconnect = cancelOnDisconnect;
        this.client = client;
        this.url = url;
        this.protocol = protocol;
        this.key = key;
        this.venueNow = venueNow;
        this.listener = listener;
        this.timer = timer;
        this.calls = calls;
        this.name = protocol.venue() + " private stream of key " + key.masked();
    }

    /** Connects (and keeps connecting until {@link #close}). */
    public void start() {
        connect();
    }

    /** Whether the stream is logged in and subscribed now. */
    public boolean live() {
        return phase == Phase.LIVE;
    }

    /** Whether orders go over this stream's connection now: the venue takes them there, its switch is armed, and the connection is live. */
    public boolean entersOrders() {
        return protocol.entersOrders() && cancelOnDisconnect > 0 && phase == Phase.LIVE && socket != null;
    }

    /**
     * Sends {@code call} over the live connection as the venue's request ({@link PrivateStream#request});
     * completes with the venue's answer, or fails: with a {@link java.net.ConnectException} when no
     * connection is live (nothing sent), with an {@link java.io.IOException} when the connection ended
     * before the answer came, or with a timeout after {@code timeout} (in both the venue may have acted).
     */
    public CompletableFuture<JsonNode> call(io.dpp.trading.live.HttpCall call, Duration timeout) {
        WebSocket ws = socket;
        if (ws == null || phase != Phase.LIVE || !protocol.entersOrders()) {
            return CompletableFuture.failedFuture(new java.net.ConnectException(name + " is not connected"));
        }
        int id = nextId.getAndUpdate(i -> i == Integer.MAX_VALUE ? PrivateStream.FIRST_REQUEST_ID : i + 1);
        String text;
        try {
            text = protocol.request(id, call);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, new Pending(answer, ws));
        answer.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((m, e) -> pending.remove(id));
        ws.sendText(text, true).exceptionally(e -> {
            answer.completeExceptionally(new java.io.IOException(name + ": the request may not have been sent: " + e));
            return null;
        });
        if (ws != socket) { // ended while sending: its pending calls were failed before this one was added
            fail(ws, "the connection ended");
        }
        return answer;
    }

    /** Fails the requests sent over {@code ws} (every connection's when null) and not answered. */
    private void fail(WebSocket ws, String why) {
        for (java.util.Map.Entry<Integer, Pending> e : pending.entrySet()) {
            if (ws == null || e.getValue().ws() == ws) {
                pending.remove(e.getKey());
                e.getValue().answer().completeExceptionally(new java.io.IOException(name + ": " + why + " before the venue answered"));
            }
        }
    }

    private void connect() {
        if (closed) {
            return;
        }
        phase = Phase.CONNECTING;
        if (protocol.token() == null) {
            open();
            return;
        }
        calls.token().whenComplete((t, error) -> {
            if (error != null) {
                retry("no token for the stream: " + (error.getCause() != null ? error.getCause().getMessage() : error.toString()));
            } else {
                token = t;
                open();
            }
        });
    }

    private void open() {
        if (closed) {
            return;
        }
        URI address = url.apply(token);
        client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(address, new Receiver()).whenComplete((ws, error) -> {
            if (error != null) {
                retry("cannot connect to " + address.getHost() + ":" + address.getPort() + ": "
                        + (error.getCause() != null ? error.getCause() : error)); // the path may carry the token: not logged
            }
        });
    }

    /** A connection opened: log in, and keep it alive. */
    private void opened(WebSocket ws) {
        if (closed) {
            ws.abort();
            return;
        }
        long every = protocol.pingInterval().toMillis();
        synchronized (this) {
            socket = ws;
            heard = System.nanoTime();
            phase = Phase.LOGIN;
            if (pinger != null) {
                pinger.cancel(false);
            }
            pinger = timer.scheduleWithFixedDelay(() -> ping(ws, every), every, every, TimeUnit.MILLISECONDS);
            String t = token;
            if (protocol.renew(t) != null) {
                long renew = protocol.renewInterval().toMillis();
                renewer = timer.scheduleWithFixedDelay(() -> calls.renew(t).whenComplete((done, error) -> {
                    if (error != null && ws == socket) {
                        ws.abort(); // the venue forgot the token (or could not be asked): a new connection gets a new one
                        ended(ws, "the venue refused to renew the stream's token: "
                                + (error.getCause() != null ? error.getCause().getMessage() : error.toString()));
                    }
                }), renew, renew, TimeUnit.MILLISECONDS);
            }
        }
        String login = protocol.login(key, venueNow.getAsLong(), token);
        if (login == null) {
            subscribed(); // the address carries the token: nothing to send
        } else {
            send(ws, login);
        }
    }

    private void ping(WebSocket ws, long every) {
        if (ws != socket) {
            return;
        }
        if (System.nanoTime() - heard > TimeUnit.MILLISECONDS.toNanos(2 * every)) {
            ws.abort(); // silent too long: the connection is gone however it looks
            ended(ws, "no message for " + 2 * every + " ms");
            return;
        }
        String ping = protocol.ping();
        if (ping == null) {
            ws.sendPing(java.nio.ByteBuffer.allocate(0)).exceptionally(e -> null);
        } else {
            send(ws, ping);
        }
    }

    private void send(WebSocket ws, String text) {
        ws.sendText(text, true).exceptionally(e -> {
            LOG.debug("{}: a message could not be sent: {}", name, e.toString());
            return null;
        });
    }

    private void handle(WebSocket ws, String text) {
        heard = System.nanoTime();
        if (text.equals(protocol.pong())) { // never true where the venue pongs with frames (null)
            return;
        }
        JsonNode m;
        try {
            m = BalanceRead.JSON.readTree(text);
        } catch (java.io.IOException e) {
            LOG.warn("{}: a message that is not JSON: {}", name, text.length() > 200 ? text.substring(0, 200) + "…" : text);
            return;
        }
        int answered = protocol.answers(m);
        if (answered >= 0) {
            Pending p = pending.remove(answered);
            if (p != null) {
                p.answer().complete(m);
            }
            return;
        }
        String reply = protocol.reply(m);
        if (reply != null) {
            send(ws, reply);
            return;
        }
        String armed = protocol.cancelOnDisconnectAnswer(m);
        if (armed != null) {
            if (!armed.isEmpty()) {
                LOG.warn("{}: the venue refused to arm its cancel-on-disconnect: {}", name, armed);
            }
            return;
        }
        String over = protocol.ended(m);
        if (over != null) {
            ws.abort();
            ended(ws, over);
            return;
        }
        switch (phase) {
            case LOGIN -> {
                String refused;
                try {
                    refused = protocol.loginAnswer(m);
                } catch (IllegalArgumentException e) {
                    return; // not the answer yet
                }
                if (refused != null) {
                    ws.abort();
                    ended(ws, "login refused: " + refused);
                    return;
                }
                if (protocol.subscribe().isEmpty()) {
                    subscribed(); // the login was the subscription
                    return;
                }
                phase = Phase.SUBSCRIBING;
                protocol.subscribe().forEach(s -> send(ws, s));
            }
            case SUBSCRIBING -> {
                if (protocol.subscribed(m)) {
                    subscribed();
                } else {
                    deliver(m);
                }
            }
            case LIVE -> deliver(m);
            default -> {
            }
        }
    }

    private void subscribed() {
        WebSocket ws = socket;
        if (cancelOnDisconnect > 0 && ws != null) {
            // Sent before the stream is live, so before any order goes over the connection.
            protocol.cancelOnDisconnect(cancelOnDisconnect).forEach(m -> send(ws, m));
        }
        phase = Phase.LIVE;
        synchronized (this) {
            failures = 0;
        }
        LOG.info("{}: live", name);
        listener.live();
    }

    private void deliver(JsonNode m) {
        PrivateStream.Update u;
        try {
            u = protocol.read(m);
        } catch (RuntimeException e) {
            LOG.warn("{}: a push that does not read as the venue documents it ({}): {}", name, e.getMessage(), m);
            return;
        }
        if (u != null) {
            listener.update(u);
        }
    }

    /** The connection {@code ws} ended: tell, and connect again unless closed or already replaced. */
    private void ended(WebSocket ws, String why) {
        synchronized (this) {
            if (ws != socket) {
                return;
            }
            socket = null;
            if (pinger != null) {
                pinger.cancel(false);
                pinger = null;
            }
            if (renewer != null) {
                renewer.cancel(false);
                renewer = null;
            }
        }
        fail(ws, "the connection ended (" + why + ")");
        retry(why);
    }

    private void retry(String why) {
        phase = Phase.CONNECTING;
        if (closed) {
            return;
        }
        long delay;
        synchronized (this) {
            delay = Math.min(LAST_RETRY.toMillis(), FIRST_RETRY.toMillis() << Math.min(failures, 5));
            failures++;
        }
        LOG.warn("{}: {}; connecting again in {} ms", name, why, delay);
        listener.down(why);
        try {
            timer.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            closed = true; // the EMS is stopping
        }
    }

    @Override
    public void close() {
        closed = true;
        WebSocket ws = socket;
        socket = null;
        synchronized (this) {
            if (pinger != null) {
                pinger.cancel(false);
            }
            if (renewer != null) {
                renewer.cancel(false);
            }
        }
        if (ws != null) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "closing").exceptionally(e -> null);
            ws.abort();
        }
        fail(null, "the stream was closed");
    }

    /** Reads whole text messages (a venue may send one in parts) and asks for the next. */
    private final class Receiver implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket ws) {
            opened(ws);
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            if (partial.length() + data.length() > MAX_MESSAGE) {
                ws.abort();
                ended(ws, "a message over " + MAX_MESSAGE + " characters");
                return null;
            }
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                handle(ws, text);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket ws, java.nio.ByteBuffer message) {
            heard = System.nanoTime(); // the client answers with a pong by itself
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket ws, java.nio.ByteBuffer message) {
            heard = System.nanoTime();
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            ended(ws, "closed by the venue (" + status + (reason == null || reason.isEmpty() ? "" : " " + reason) + ")");
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            ended(ws, "connection failed: " + error);
        }
    }
}
