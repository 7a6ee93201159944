package io.dpp.serve.stream;

import io.dpp.core.instrument.Instrument;
import io.dpp.runtime.access.AccessGate;
import io.dpp.runtime.access.Grant;
import io.dpp.runtime.access.WebSocketAuth;
import io.dpp.runtime.http.HttpProblem;
import io.dpp.runtime.http.QueryParams;
import io.dpp.runtime.http.WebSocketChannels;
import io.dpp.runtime.rate.TokenBucket;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handlers of the live stream API (docs/stream.md) over one {@link Fanout}: the WebSocket
 * sessions (admission, requests, subscriptions) and the answers from the live state. What feeds
 * the fan-out (a bus subscription) and when it stops belong to {@link StreamApiModule}; which
 * path reaches which handler to {@link StreamRoutes}.
 */
public final class StreamApi {

    /** The stream's route. */
    public static final String STREAM_PATH = "/api/v1/stream";
    /** How long a request waits for the fan-out thread, which owns the live state. */
    static final long ANSWER_TIMEOUT_SECONDS = 2;

    private static final Logger LOG = LoggerFactory.getLogger(StreamApi.class);

    private final Fanout fanout;
    private final StreamStats stats;
    private final int clientQueue;
    private final int maxSubscriptions;
    private final List<String> venues;
    private final AccessGate gate;
    private final Vertx vertx;
    private final AtomicInteger clientIds = new AtomicInteger();
    private final AtomicInteger subscriptionIds = new AtomicInteger();
    private final io.dpp.runtime.events.UserEvents userEvents;
    private volatile boolean stopping;

    /**
     * @param clientQueue      messages a client may have queued (stream.client-queue)
     * @param maxSubscriptions subscriptions a connection may hold at most, whatever its plan
     * @param venues           the venue ids the platform knows: what a subscription may name
     * @param gate             the access gate installed in front of the routes
     */
    StreamApi(Fanout fanout, StreamStats stats, int clientQueue, int maxSubscriptions, List<String> venues,
                     AccessGate gate, Vertx vertx) {
        this(fanout, stats, clientQueue, maxSubscriptions, venues, gate, vertx, null);
    }

    /** @param userEvents where the private channels take the caller's own events, or null when no EMS runs here */
    StreamApi(Fanout fanout, StreamStats stats, int clientQueue, int maxSubscriptions, List<String> venues,
                     AccessGate gate, Vertx vertx, io.dpp.runtime.events.UserEvents userEvents) {
        this.userEvents = userEvents;
        this.fanout = fanout;
        this.stats = stats;
        this.clientQueue = clientQueue;
        this.maxSubscriptions = maxSubscriptions;
        this.venues = List.copyOf(venues);
        this.gate = gate;
        this.vertx = vertx;
    }

    AccessGate gate() {
        return gate;
    }

    /** New connections are refused from now on, and every open one is closed with a reason. */
    public void stop() {
        stopping = true;
        fanout.submit(f -> f.closeAll("server shutting down"));
    }

    // ---- the live state -----------------------------------------------------------------------

    /** {@code GET /api/v1/live/instruments[?venue=]}: what has been seen live, as the plan may see it. */
    void instruments(RoutingContext ctx) {
        Grant grant = Grant.of(ctx);
        String venue = ctx.request().getParam("venue");
        answer(ctx, f -> f.instrumentsJson(venue, grant.plan()));
    }

    /** {@code GET /api/v1/live/book?venue=&symbol=[&depth=]}: the book now. */
    void book(RoutingContext ctx) {
        entitled(ctx, Channel.BOOK_SNAPSHOTS);
        int depth = QueryParams.bounded(ctx, "depth", 10, 1, 1000);
        instrument(ctx, (f, i) -> {
            String book = f.bookJson(i, depth);
            if (book == null) {
                throw new HttpProblem(404, "not_found", "the book of " + i.venue() + " " + i.nativeSymbol()
                        + " is not in sync now (awaiting a snapshot after a gap or a reconnect)");
            }
            return book;
        });
    }

    /** {@code GET /api/v1/live/bbo?venue=&symbol=}: the best bid and offer now. */
    void bbo(RoutingContext ctx) {
        entitled(ctx, Channel.QUOTES);
        instrument(ctx, (f, i) -> {
            String book = f.bookJson(i, 1);
            if (book == null) {
                throw new HttpProblem(404, "not_found", "the book of " + i.venue() + " " + i.nativeSymbol() + " is not in sync now");
            }
            return book;
        });
    }

    /** {@code GET /api/v1/live/trades?venue=&symbol=[&limit=]}: the latest trades. */
    void trades(RoutingContext ctx) {
        entitled(ctx, Channel.TRADES);
        int limit = QueryParams.bounded(ctx, "limit", Fanout.LATEST_TRADES, 1, Fanout.LATEST_TRADES);
        instrument(ctx, (f, i) -> f.tradesJson(i, limit));
    }

    // ---- the WebSocket ------------------------------------------------------------------------

    /** {@code GET /api/v1/stream}: the WebSocket handshake, admitted by key header or by a first auth message. */
    void stream(RoutingContext ctx) {
        Grant grant = Grant.ofHandshake(ctx);
        if (!AccessGate.isHandshake(ctx.request())) {
            throw new HttpProblem(400, "bad_request", "the stream is a WebSocket: connect to " + STREAM_PATH
                    + " with a WebSocket client");
        }
        if (stopping) {
            throw new HttpProblem(503, "unavailable", "the server is shutting down");
        }
        WebSocketAuth.Admission admitted = grant == null ? null : WebSocketAuth.admit(gate, grant, "stream");
        String key = grant == null ? null : AccessGate.credential(ctx.request());
        WebSocketChannels.upgrade(ctx.request()).onSuccess(ws -> {
            // Stream messages are written to the socket's Netty channel as ready-made frames
            // (StreamClient); without it (not exposed by Vert.x) they go through Vert.x's writes.
            WebSocketChannels.consolidateFlushes(ws);
            io.netty.channel.Channel channel = WebSocketChannels.channel(ws);
            if (admitted != null) {
                WebSocketAuth.watch(gate, admitted, key, ws);
                accept(ws, channel, admitted);
            } else {
                // Without a key header the first message authenticates; nothing is sent before.
                WebSocketAuth.await(ws, gate, "stream", a -> accept(ws, channel, a));
            }
        }).onFailure(e -> {
            if (admitted != null) {
                admitted.close();
            }
            LOG.debug("stream upgrade failed: {}", e.toString());
        });
    }

    private void accept(ServerWebSocket ws, io.netty.channel.Channel channel, WebSocketAuth.Admission admission) {
        if (stopping) {
            admission.close();
            ws.close((short) 1001, "server shutting down");
            return;
        }
        StreamClient client = new StreamClient(clientIds.incrementAndGet(), ws, channel, vertx.getOrCreateContext(),
                clientQueue, stats);
        grant(client, admission.grant());
        fanout.submit(f -> f.connect(client));
        ws.textMessageHandler(text -> request(client, text));
        ws.binaryMessageHandler(b -> {
            stats.badRequest();
            reply(client, StreamProtocol.error(null, "requests are JSON text messages, not binary ones"));
        });
        ws.closeHandler(v -> {
            client.closed(true);
            client.closePrivate();
            admission.close();
            fanout.submit(f -> f.disconnect(client));
        });
    }

    private static void grant(StreamClient client, Grant grant) {
        client.grant = grant;
        client.messages = TokenBucket.perSecond(grant.plan().wsMessagesPerSecond());
    }

    private void reply(StreamClient client, String message) {
        client.enqueue(message, false);
        client.schedule();
    }

    /** Runs on the connection's event loop. */
    private void request(StreamClient client, String text) {
        StreamProtocol.Request r;
        try {
            r = StreamProtocol.parse(text, venues);
        } catch (StreamProtocol.BadRequest e) {
            stats.badRequest();
            reply(client, StreamProtocol.error(e.id, e.getMessage()));
            return;
        }
        Grant grant = client.grant;
        if (r.op().equals("auth")) {
            reply(client, StreamProtocol.error(r.id(), "already authenticated as " + grant.user()));
            return;
        }
        if (client.messages.tryAcquire() > 0) {
            gate.access().denied("stream", "rate_limited");
            reply(client, StreamProtocol.error(r.id(), 429, "plan " + grant.plan().name() + " allows "
                    + grant.plan().wsMessagesPerSecond() + " messages per second; this one was not carried out"));
            return;
        }
        if (r.privateChannel() != null) {
            subscribePrivate(client, r);
            return;
        }
        if (r.op().equals("unsubscribe") && client.privateSubs.containsKey(r.sub())) {
            client.unsubscribePrivate(r.sub());
            reply(client, "{\"type\":\"unsubscribed\",\"id\":" + StreamProtocol.quote(r.id()) + ",\"sub\":" + r.sub() + "}");
            return;
        }
        if (r.op().equals("subscribe")) {
            try {
                grant.checkChannel(r.channel().wire());
                Glob pattern = Glob.of(r.venue());
                for (String venue : venues) {
                    if (pattern.matches(venue)) {
                        grant.checkVenue(venue);
                    }
                }
            } catch (HttpProblem p) {
                gate.access().denied("stream", "forbidden");
                reply(client, StreamProtocol.error(r.id(), p.status(), p.getMessage()));
                return;
            }
        }
        switch (r.op()) {
            case "ping" -> {
                client.enqueue("{\"type\":\"pong\",\"id\":" + StreamProtocol.quote(r.id()) + "}", false);
                client.schedule();
            }
            case "unsubscribe" -> fanout.submit(f -> f.unsubscribe(client, r.id(), r.sub()));
            default -> {
                Subscription s = new Subscription(subscriptionIds.incrementAndGet(), r.id(), r.channel(), client,
                        r.venue(), r.symbols(), r.depth(), r.intervalNanos());
                int max = Math.min(maxSubscriptions, grant.plan().wsSubscriptions());
                fanout.submit(f -> f.subscribe(client, s, max, r.resume()));
            }
        }
    }

    /**
     * A private channel (orders, fills, positions, balances): the caller's own events from the EMS
     * of this process, each as {@code {"sub":N,"seq":M,"type":...}} with the fields of the REST
     * answer; one subscription per channel and connection.
     */
    private void subscribePrivate(StreamClient client, StreamProtocol.Request r) {
        String channel = r.privateChannel();
        if (userEvents == null || !userEvents.produced()) {
            reply(client, StreamProtocol.error(r.id(), "the " + channel + " channel needs the EMS in this process (target all, or ems"
                    + " with streams) or a Kafka bus (bus.kind=kafka) shared with the EMS's process"));
            return;
        }
        if (client.privateChannels.contains(channel)) {
            reply(client, StreamProtocol.error(r.id(), "already subscribed to " + channel + " on this connection"));
            return;
        }
        int sub = subscriptionIds.incrementAndGet();
        java.util.concurrent.atomic.AtomicLong seq = new java.util.concurrent.atomic.AtomicLong();
        String user = client.grant.user();
        AutoCloseable handle = userEvents.subscribe(user, (ch, json) -> {
            if (ch.equals(channel) && client.enqueue(sub, seq.incrementAndGet(), json, false)) {
                client.schedule();
            }
        });
        client.privateSubs.put(sub, handle);
        client.privateChannels.add(channel);
        client.privateChannelOf.put(sub, channel);
        reply(client, "{\"type\":\"subscribed\",\"id\":" + StreamProtocol.quote(r.id()) + ",\"sub\":" + sub + ",\"channel\":\""
                + channel + "\"}");
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** 403 unless the caller's plan includes {@code channel}. */
    private static void entitled(RoutingContext ctx, Channel channel) {
        Grant.of(ctx).checkChannel(channel.wire());
    }

    /** Answers with JSON computed on the fan-out thread (which owns the live state). */
    private void answer(RoutingContext ctx, Function<Fanout, String> query) {
        CompletableFuture<String> result = new CompletableFuture<>();
        fanout.submit(f -> {
            try {
                result.complete(query.apply(f));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        result.orTimeout(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS).whenComplete((json, e) -> {
            Throwable cause = e instanceof CompletionException c ? c.getCause() : e;
            if (cause == null) {
                ctx.response().putHeader("content-type", "application/json").end(json);
            } else if (cause instanceof HttpProblem p) {
                ctx.fail(p);
            } else if (cause instanceof TimeoutException) {
                ctx.fail(new HttpProblem(503, "busy", "the live state did not answer within " + ANSWER_TIMEOUT_SECONDS + " s"));
            } else {
                ctx.fail(cause);
            }
        });
    }

    /** Answers about the instrument {@code venue} and {@code symbol} name (native or normalized). */
    private void instrument(RoutingContext ctx, BiFunction<Fanout, Instrument, String> query) {
        String venue = ctx.request().getParam("venue");
        String symbol = ctx.request().getParam("symbol");
        if (venue == null || symbol == null) {
            ctx.fail(new HttpProblem(400, "bad_request", "venue and symbol are required"));
            return;
        }
        Grant.of(ctx).checkVenue(venue);
        answer(ctx, f -> {
            Instrument i = f.find(venue, symbol);
            if (i == null) {
                throw new HttpProblem(404, "not_found", "no instrument \"" + symbol + "\" has been seen live on venue \""
                        + venue + "\"; GET /api/v1/live/instruments lists them");
            }
            return query.apply(f, i);
        });
    }
}
