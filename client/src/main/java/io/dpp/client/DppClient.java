package io.dpp.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of DPP's live stream ({@code /api/v1/stream}): subscribe to channels by venue and
 * symbol and receive typed {@link StreamEvent}s. The connection is kept up: after a loss it
 * reconnects with jittered exponential backoff and subscribes again, resuming each subscription
 * from its cursor so that the events missed meanwhile arrive first, each once and in order, from
 * whichever replica it reaches (docs/stream.md, "Resuming"); each subscription checks its
 * sequence numbers and reports gaps (the server conflating a slow client) and resumes that could
 * not be served exactly.
 *
 * <pre>{@code
 * try (DppClient dpp = DppClient.builder(URI.create("ws://localhost:8080")).build()) {
 *     dpp.subscribe(DppClient.Request.of("trades", "binance", "BTCUSDT"), e -> System.out.println(e.json()));
 *     ...
 * }
 * }</pre>
 *
 * Events are delivered on the client's receiving thread, in order; keep the callback short.
 */
public final class DppClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DppClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What to subscribe to; {@code depth} and {@code interval} for book_snapshots only. */
    public record Request(String channel, String venue, List<String> symbols, Integer depth, String interval) {
        public Request {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(venue, "venue");
            symbols = symbols == null || symbols.isEmpty() ? List.of("*") : List.copyOf(symbols);
        }

        public static Request of(String channel, String venue, String... symbols) {
            return new Request(channel, venue, List.of(symbols), null, null);
        }

        public static Request bookSnapshots(String venue, int depth, String interval, String... symbols) {
            return new Request("book_snapshots", venue, List.of(symbols), depth, interval);
        }
    }

    /** One subscription: its events go to its callback; it survives reconnects. */
    public final class Subscription {
        private final Request request;
        private final Consumer<StreamEvent> events;
        private volatile int serverId;
        private volatile CompletableFuture<Void> subscribed = new CompletableFuture<>();
        private long lastSequence;
        /** The bus the cursor is of, and per bus partition the position of the next event not yet had. */
        private String bus;
        private final Map<Long, Long> cursor = new java.util.HashMap<>();
        private final AtomicLong resumed = new AtomicLong();
        private final AtomicLong resumeFailures = new AtomicLong();
        private final AtomicLong gaps = new AtomicLong();
        private final AtomicLong received = new AtomicLong();
        private volatile boolean active = true;

        private Subscription(Request request, Consumer<StreamEvent> events) {
            this.request = request;
            this.events = events;
        }

        public Request request() {
            return request;
        }

        /** Waits until the server acknowledged the subscription (again, after a reconnect). */
        public void awaitSubscribed(Duration timeout) throws Exception {
            subscribed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** Messages missed as the sequence numbers tell (reconnects, conflation). */
        public long gaps() {
            return gaps.get();
        }

        /** Events delivered. */
        public long received() {
            return received.get();
        }

        /** Times the subscription was resumed after a reconnect with every missed event. */
        public long resumed() {
            return resumed.get();
        }

        /**
         * Times a reconnect could not resume exactly (the server no longer had the missed events,
         * or the platform restarted): events may be missing there. Book channels are not counted:
         * they start again from a snapshot.
         */
        public long resumeFailures() {
            return resumeFailures.get();
        }

        /** Takes in a cursor the server sent (a subscription that starts, a heartbeat). */
        private synchronized void advance(JsonNode c) {
            String b = c.path("bus").asText(null);
            if (b == null) {
                return;
            }
            if (!b.equals(bus)) {
                bus = b;
                cursor.clear();
            }
            for (JsonNode pair : c.path("at")) {
                cursor.merge(pair.path(0).asLong(), pair.path(1).asLong(), Math::max);
            }
        }

        /** Takes in an event's position. */
        private synchronized void advance(JsonNode pos, boolean hasPos) {
            if (hasPos && bus != null) {
                cursor.merge(pos.path(0).asLong(), pos.path(1).asLong() + 1, Math::max);
            }
        }

        /** The cursor to resume from, or null before the server gave one. */
        private synchronized ObjectNode resumeFrom() {
            if (bus == null) {
                return null;
            }
            ObjectNode o = JSON.createObjectNode().put("bus", bus);
            ArrayNode at = o.putArray("at");
            cursor.forEach((p, n) -> at.addArray().add(p).add(n));
            return o;
        }

        /** Stops the subscription. */
        public void unsubscribe() {
            active = false;
            subscriptions.remove(this);
            int id = serverId;
            if (id > 0) {
                ObjectNode o = JSON.createObjectNode().put("op", "unsubscribe").put("id", "u" + id).put("sub", id);
                send(o.toString());
            }
        }

        private void deliver(StreamEvent e) {
            long seq = e.sequence();
            if (lastSequence > 0 && seq != lastSequence + 1) {
                gaps.addAndGet(Math.max(1, seq - lastSequence - 1));
            }
            lastSequence = seq;
            received.incrementAndGet();
            events.accept(e);
        }
    }

    private final URI uri;
    private final Map<String, String> headers;
    private final Duration reconnectInitial;
    private final Duration reconnectMax;
    private final Consumer<String> errors;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dpp-client-reconnect");
        t.setDaemon(true);
        return t;
    });
    private final Map<Subscription, Boolean> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, Subscription> pending = new ConcurrentHashMap<>();
    private final Map<Integer, Subscription> byServerId = new ConcurrentHashMap<>();
    private final AtomicLong requestIds = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private volatile WebSocket socket;
    /** The last send, which the next one waits for. Guarded by this. */
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    private volatile boolean closing;
    private int attempt;

    private DppClient(Builder b) {
        String base = b.base.toString().replaceFirst("^http", "ws").replaceAll("/+$", "");
        this.uri = URI.create(base.endsWith("/api/v1/stream") ? base : base + "/api/v1/stream");
        this.headers = Map.copyOf(b.headers);
        this.reconnectInitial = b.reconnectInitial;
        this.reconnectMax = b.reconnectMax;
        this.errors = b.errors;
    }

    /** A client of the platform at {@code base} (ws://host:8080 or http://host:8080). */
    public static Builder builder(URI base) {
        return new Builder(base);
    }

    /** Options of a client. */
    public static final class Builder {
        private final URI base;
        private final Map<String, String> headers = new ConcurrentHashMap<>();
        private Duration reconnectInitial = Duration.ofMillis(100);
        private Duration reconnectMax = Duration.ofSeconds(10);
        private Consumer<String> errors = m -> LOG.warn("dpp stream: {}", m);

        private Builder(URI base) {
            this.base = base;
        }

        /** The API key, sent as the X-API-Key header. */
        public Builder apiKey(String key) {
            headers.put("X-API-Key", key);
            return this;
        }

        public Builder reconnect(Duration initial, Duration max) {
            this.reconnectInitial = initial;
            this.reconnectMax = max;
            return this;
        }

        /** Where the server's error messages go (default: the log). */
        public Builder onError(Consumer<String> errors) {
            this.errors = errors;
            return this;
        }

        /**
         * Connects (waiting up to 10 s for the first connection) and returns the client.
         *
         * @throws java.util.concurrent.ExecutionException with a {@link java.net.http.WebSocketHandshakeException}
         *         when the server refuses the key (401) or its plan (403)
         */
        public DppClient build() throws Exception {
            DppClient c = new DppClient(this);
            c.connect().get(10, TimeUnit.SECONDS);
            return c;
        }
    }

    /** Subscribes; events go to {@code events} from now on, across reconnects. */
    public Subscription subscribe(Request request, Consumer<StreamEvent> events) {
        Subscription s = new Subscription(request, events);
        subscriptions.put(s, Boolean.TRUE);
        sendSubscribe(s);
        return s;
    }

    /** Times the connection was re-established. */
    public long reconnects() {
        return reconnects.get();
    }

    /** True while connected. */
    public boolean connected() {
        WebSocket ws = socket;
        return ws != null && !ws.isOutputClosed() && !ws.isInputClosed();
    }

    @Override
    public void close() {
        closing = true;
        timer.shutdownNow();
        WebSocket ws = socket;
        if (ws != null) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "client closing").orTimeout(2, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
    }

    private CompletableFuture<WebSocket> connect() {
        WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        headers.forEach(b::header);
        return b.buildAsync(uri, new Listener()).whenComplete((ws, e) -> {
            if (e != null) {
                Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                if (cause instanceof java.net.http.WebSocketHandshakeException h
                        && (h.getResponse().statusCode() == 401 || h.getResponse().statusCode() == 403)) {
                    // A refused key stays refused: report it and stop, rather than knock forever.
                    Object body = h.getResponse().body();
                    errors.accept("the server refused the connection (" + h.getResponse().statusCode() + "): "
                            + (body == null ? "" : body));
                    closing = true;
                    return;
                }
                retry("cannot connect to " + uri + ": " + e.getMessage());
                return;
            }
            socket = ws;
            attempt = 0;
            for (Subscription s : subscriptions.keySet()) {
                sendSubscribe(s);
            }
        });
    }

    private void retry(String why) {
        if (closing) {
            return;
        }
        long max = reconnectMax.toMillis();
        long base = Math.min(max, reconnectInitial.toMillis() << Math.min(20, attempt++));
        long delay = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        LOG.info("dpp stream: {}; reconnecting in {} ms", why, delay);
        try {
            timer.schedule(() -> {
                reconnects.incrementAndGet();
                connect();
            }, delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // closing
        }
    }

    private void sendSubscribe(Subscription s) {
        if (!s.active) {
            return;
        }
        if (s.subscribed.isDone()) {
            s.subscribed = new CompletableFuture<>();
        }
        int old = s.serverId;
        if (old > 0) {
            byServerId.remove(old);
            s.serverId = 0;
        }
        s.lastSequence = 0;
        String id = "c" + requestIds.incrementAndGet();
        pending.put(id, s);
        Request r = s.request;
        ObjectNode o = JSON.createObjectNode().put("op", "subscribe").put("id", id).put("channel", r.channel())
                .put("venue", r.venue());
        ArrayNode symbols = o.putArray("symbols");
        r.symbols().forEach(symbols::add);
        if (r.depth() != null) {
            o.put("depth", r.depth());
        }
        if (r.interval() != null) {
            o.put("interval", r.interval());
        }
        ObjectNode from = s.resumeFrom();
        if (from != null) {
            o.set("resume", from);
        }
        send(o.toString());
    }

    /**
     * Sends a message after the ones before it: the JDK's WebSocket refuses a send while another is
     * pending, and a reconnect sends every subscription at once.
     */
    private synchronized void send(String text) {
        WebSocket ws = socket;
        if (ws != null) {
            sending = sending.handle((done, failed) -> null).thenCompose(x -> ws.sendText(text, true)).exceptionally(e -> {
                LOG.debug("dpp stream: a send failed ({}); the reconnect sends the subscriptions again", e.toString());
                return null;
            });
        }
    }

    private void message(String text) {
        JsonNode m;
        try {
            m = JSON.readTree(text);
        } catch (Exception e) {
            errors.accept("unreadable message: " + text);
            return;
        }
        String type = m.path("type").asText("");
        switch (type) {
            case "subscribed" -> {
                Subscription s = pending.remove(m.path("id").asText());
                if (s != null) {
                    s.serverId = m.path("sub").asInt();
                    if (m.has("cursor")) {
                        s.advance(m.get("cursor"));
                    }
                    if (m.path("resumed").asBoolean(false)) {
                        s.resumed.incrementAndGet();
                    } else if (m.has("resumed") && !s.request.channel().startsWith("book_")) {
                        s.resumeFailures.incrementAndGet();
                        errors.accept("could not resume " + s.request.channel() + " of " + s.request.venue()
                                + " exactly, events may be missing: " + m.path("reason").asText());
                    }
                    byServerId.put(s.serverId, s);
                    s.subscribed.complete(null);
                }
            }
            case "error" -> {
                Subscription s = m.path("id").isTextual() ? pending.remove(m.get("id").asText()) : null;
                // Access control adds the HTTP status it stands for: 401, 403 or 429.
                String message = m.path("message").asText() + (m.has("code") ? " (" + m.path("code").asInt() + ")" : "");
                errors.accept(message);
                if (s != null) {
                    subscriptions.remove(s);
                    s.subscribed.completeExceptionally(new IllegalArgumentException(message));
                }
            }
            case "heartbeat" -> {
                // Everything before the heartbeat's cursor was delivered: the live subscriptions resume from there.
                JsonNode c = m.get("cursor");
                if (c != null) {
                    for (Subscription s : byServerId.values()) {
                        s.advance(c);
                    }
                }
            }
            case "pong", "unsubscribed" -> {
                // keep-alive and acknowledgements
            }
            default -> {
                Subscription s = byServerId.get(m.path("sub").asInt());
                StreamEvent e = StreamEvent.parse(m, text);
                if (s != null && e != null && s.active) {
                    JsonNode pos = m.get("pos");
                    s.advance(pos, pos != null && pos.isArray());
                    s.deliver(e);
                }
            }
        }
    }

    /** Reassembles text frames and hands each message on; reconnects on a loss. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                message(text);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            lost("closed by the server (" + code + (reason.isEmpty() ? "" : " " + reason) + ")");
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            lost(error.toString());
        }

        private void lost(String why) {
            socket = null;
            byServerId.clear();
            pending.clear();
            retry(why);
        }
    }
}
