package io.dpp.serve.stream;

import io.dpp.bus.Bus;
import io.dpp.bus.BusModule;
import io.dpp.bus.BusSubscription;
import io.dpp.runtime.access.Access;
import io.dpp.runtime.access.Grant;
import io.dpp.runtime.access.WebSocketAuth;
import io.dpp.runtime.http.HttpModule;
import io.dpp.runtime.http.HttpProblem;
import io.dpp.runtime.module.ModuleContext;
import io.dpp.runtime.module.ModuleDescriptor;
import io.dpp.runtime.module.RuntimeModule;
import io.dpp.runtime.rate.TokenBucket;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live WebSocket API at {@code /api/v1/stream} (docs/stream.md): clients subscribe to channels
 * by venue and symbol and receive the bus's events in the history replay's format, each with its
 * subscription id and sequence number. A broadcast bus subscription feeds the {@link Fanout}.
 */
public final class StreamApiModule implements RuntimeModule {

    public static final String NAME = "stream-api";

    private static final Logger LOG = LoggerFactory.getLogger(StreamApiModule.class);
    /** The stream's route. */
    public static final String STREAM_PATH = "/api/v1/stream";

    private final StreamStats stats = new StreamStats();
    private final AtomicInteger clientIds = new AtomicInteger();
    private final AtomicInteger subscriptionIds = new AtomicInteger();
    private Fanout fanout;
    private BusSubscription subscription;
    private StreamConfig config;
    private volatile boolean stopping;
    private Access access;
    private io.dpp.runtime.access.AccessGate gate;

    /** The venue ids the platform knows: what a subscription may name. */
    private final List<String> venues;

    /** @param venues the venue ids the platform knows (the feeds' registry), what a subscription may name */
    public StreamApiModule(List<String> venues) {
        this.venues = List.copyOf(venues);
    }

    /** The registry entry; {@code venues} are the venue ids a subscription may name. */
    public static ModuleDescriptor descriptor(List<String> venues) {
        List<String> known = List.copyOf(venues);
        return new ModuleDescriptor(NAME, "streams", List.of(HttpModule.NAME, Access.MODULE, BusModule.NAME),
                () -> new StreamApiModule(known));
    }

    @Override
    public void start(ModuleContext context) {
        config = context.config(StreamConfig.class);
        fanout = new Fanout(config.heartbeat().toNanos());
        stats.register(context.metrics(), fanout::clients, fanout::subscriptions, fanout::maxQueued, fanout::totalQueued);
        Bus bus = context.module(BusModule.class).bus();
        subscription = bus.subscribe(NAME, fanout, Bus.Delivery.BROADCAST);
        HttpModule http = context.module(HttpModule.class);
        access = http.access();
        http.router().get("/api/v1/live/instruments").handler(ctx -> {
            Grant grant = Grant.of(ctx);
            String venue = ctx.request().getParam("venue");
            answer(ctx, f -> f.instrumentsJson(venue, grant.plan()));
        });
        http.router().get("/api/v1/live/book").handler(ctx -> {
            entitled(ctx, Channel.BOOK_SNAPSHOTS);
            int depth = depth(ctx);
            instrument(ctx, (f, i) -> {
                String book = f.bookJson(i, depth);
                if (book == null) {
                    throw new HttpProblem(404, "not_found", "the book of " + i.venue() + " " + i.nativeSymbol()
                            + " is not in sync now (awaiting a snapshot after a gap or a reconnect)");
                }
                return book;
            });
        });
        http.router().get("/api/v1/live/bbo").handler(ctx -> {
            entitled(ctx, Channel.QUOTES);
            instrument(ctx, (f, i) -> {
                String book = f.bookJson(i, 1);
                if (book == null) {
                    throw new HttpProblem(404, "not_found", "the book of " + i.venue() + " " + i.nativeSymbol() + " is not in sync now");
                }
                return book;
            });
        });
        http.router().get("/api/v1/live/trades").handler(ctx -> {
            entitled(ctx, Channel.TRADES);
            int limit = limit(ctx);
            instrument(ctx, (f, i) -> f.tradesJson(i, limit));
        });
        gate = http.gate();
        gate.webSocketRoute(STREAM_PATH);
        http.router().get(STREAM_PATH).handler(ctx -> {
            Grant grant = Grant.ofHandshake(ctx);
            if (!io.dpp.runtime.access.AccessGate.isHandshake(ctx.request())) {
                throw new HttpProblem(400, "bad_request", "the stream is a WebSocket: connect to " + STREAM_PATH
                        + " with a WebSocket client");
            }
            if (stopping) {
                throw new HttpProblem(503, "unavailable", "the server is shutting down");
            }
            WebSocketAuth.Admission admitted = grant == null ? null : WebSocketAuth.admit(gate, grant, "stream");
            String key = grant == null ? null : io.dpp.runtime.access.AccessGate.key(ctx.request());
            // The connection's Netty channel (the same after the upgrade): stream messages are written
            // to it as ready-made frames. Reached through Vert.x's ConnectionBase, an internal class of
            // the pinned Vert.x version; another kind of connection is written through Vert.x.
            io.netty.channel.Channel channel = ctx.request().connection() instanceof io.vertx.core.net.impl.ConnectionBase base
                    ? base.channel() : null;
            ctx.request().toWebSocket().onSuccess(ws -> {
                if (admitted != null) {
                    WebSocketAuth.watch(gate, admitted, key, ws);
                    accept(http.vertx(), ws, channel, admitted);
                } else {
                    // Without a key header the first message authenticates; nothing is sent before.
                    WebSocketAuth.await(ws, gate, "stream", a -> accept(http.vertx(), ws, channel, a));
                }
            }).onFailure(e -> {
                if (admitted != null) {
                    admitted.close();
                }
                LOG.debug("stream upgrade failed: {}", e.toString());
            });
        });
    }

    private void accept(Vertx vertx, ServerWebSocket ws, io.netty.channel.Channel channel, WebSocketAuth.Admission admission) {
        if (stopping) {
            admission.close();
            ws.close((short) 1001, "server shutting down");
            return;
        }
        StreamClient client = new StreamClient(clientIds.incrementAndGet(), ws, channel, vertx.getOrCreateContext(),
                config.clientQueue(), stats);
        grant(client, admission.grant());
        fanout.submit(f -> f.connect(client));
        ws.textMessageHandler(text -> request(client, text));
        ws.binaryMessageHandler(b -> {
            stats.badRequest();
            reply(client, StreamProtocol.error(null, "requests are JSON text messages, not binary ones"));
        });
        ws.closeHandler(v -> {
            client.closed(true);
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
            access.denied("stream", "rate_limited");
            reply(client, StreamProtocol.error(r.id(), 429, "plan " + grant.plan().name() + " allows "
                    + grant.plan().wsMessagesPerSecond() + " messages per second; this one was not carried out"));
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
                access.denied("stream", "forbidden");
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
                int max = Math.min(config.maxSubscriptions(), grant.plan().wsSubscriptions());
                fanout.submit(f -> f.subscribe(client, s, max));
            }
        }
    }

    /** 403 unless the caller's plan includes {@code channel}. */
    private static void entitled(io.vertx.ext.web.RoutingContext ctx, Channel channel) {
        Grant.of(ctx).checkChannel(channel.wire());
    }

    /** Answers with JSON computed on the fan-out thread (which owns the live state). */
    private void answer(io.vertx.ext.web.RoutingContext ctx, java.util.function.Function<Fanout, String> query) {
        java.util.concurrent.CompletableFuture<String> result = new java.util.concurrent.CompletableFuture<>();
        fanout.submit(f -> {
            try {
                result.complete(query.apply(f));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        result.orTimeout(2, java.util.concurrent.TimeUnit.SECONDS).whenComplete((json, e) -> {
            Throwable cause = e instanceof java.util.concurrent.CompletionException c ? c.getCause() : e;
            if (cause == null) {
                ctx.response().putHeader("content-type", "application/json").end(json);
            } else if (cause instanceof HttpProblem p) {
                ctx.fail(p);
            } else if (cause instanceof java.util.concurrent.TimeoutException) {
                ctx.fail(new HttpProblem(503, "busy", "the live state did not answer within 2 s"));
            } else {
                ctx.fail(cause);
            }
        });
    }

    /** Answers about the instrument {@code venue} and {@code symbol} name (native or normalized). */
    private void instrument(io.vertx.ext.web.RoutingContext ctx,
                            java.util.function.BiFunction<Fanout, io.dpp.core.instrument.Instrument, String> query) {
        String venue = ctx.request().getParam("venue");
        String symbol = ctx.request().getParam("symbol");
        if (venue == null || symbol == null) {
            ctx.fail(new HttpProblem(400, "bad_request", "venue and symbol are required"));
            return;
        }
        Grant.of(ctx).checkVenue(venue);
        answer(ctx, f -> {
            io.dpp.core.instrument.Instrument i = f.find(venue, symbol);
            if (i == null) {
                throw new HttpProblem(404, "not_found", "no instrument \"" + symbol + "\" has been seen live on venue \""
                        + venue + "\"; GET /api/v1/live/instruments lists them");
            }
            return query.apply(f, i);
        });
    }

    private static int depth(io.vertx.ext.web.RoutingContext ctx) {
        return bounded(ctx, "depth", 10, 1, 1000);
    }

    private static int limit(io.vertx.ext.web.RoutingContext ctx) {
        return bounded(ctx, "limit", Fanout.LATEST_TRADES, 1, Fanout.LATEST_TRADES);
    }

    private static int bounded(io.vertx.ext.web.RoutingContext ctx, String name, int absent, int min, int max) {
        String v = ctx.request().getParam(name);
        if (v == null) {
            return absent;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new HttpProblem(400, "bad_request", name + " must be a whole number from " + min + " to " + max + "; got \"" + v + "\"");
    }

    /** Clients dropped as too slow so far. */
    public long slowDisconnects() {
        return stats.slowDisconnects();
    }

    @Override
    public void stop(Duration budget) {
        stopping = true;
        if (fanout != null) {
            fanout.submit(f -> f.closeAll("server shutting down"));
        }
        if (subscription != null) {
            subscription.close(budget);
        }
    }
}
