package io.dpp.streams.api;

import io.dpp.bus.Bus;
import io.dpp.bus.BusModule;
import io.dpp.bus.BusSubscription;
import io.dpp.runtime.http.HttpModule;
import io.dpp.runtime.http.HttpProblem;
import io.dpp.runtime.module.ModuleContext;
import io.dpp.runtime.module.ModuleDescriptor;
import io.dpp.runtime.module.RuntimeModule;
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

    private final StreamStats stats = new StreamStats();
    private final AtomicInteger clientIds = new AtomicInteger();
    private final AtomicInteger subscriptionIds = new AtomicInteger();
    private Fanout fanout;
    private BusSubscription subscription;
    private StreamConfig config;
    private volatile boolean stopping;

    /** The registry entry. */
    public static ModuleDescriptor descriptor() {
        return new ModuleDescriptor(NAME, "streams", List.of(HttpModule.NAME, BusModule.NAME), StreamApiModule::new);
    }

    @Override
    public void start(ModuleContext context) {
        config = context.config(StreamConfig.class);
        fanout = new Fanout(config.heartbeat().toNanos());
        stats.register(context.metrics(), fanout::clients, fanout::subscriptions);
        Bus bus = context.module(BusModule.class).bus();
        subscription = bus.subscribe(NAME, fanout, Bus.Delivery.BROADCAST);
        HttpModule http = context.module(HttpModule.class);
        http.router().get("/api/v1/live/instruments").handler(ctx -> answer(ctx, f -> f.instrumentsJson(ctx.request().getParam("venue"))));
        http.router().get("/api/v1/live/book").handler(ctx -> {
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
        http.router().get("/api/v1/live/bbo").handler(ctx -> instrument(ctx, (f, i) -> {
            String book = f.bookJson(i, 1);
            if (book == null) {
                throw new HttpProblem(404, "not_found", "the book of " + i.venue() + " " + i.nativeSymbol() + " is not in sync now");
            }
            return book;
        }));
        http.router().get("/api/v1/live/trades").handler(ctx -> {
            int limit = limit(ctx);
            instrument(ctx, (f, i) -> f.tradesJson(i, limit));
        });
        http.router().route("/api/v1/stream").handler(ctx -> ctx.request().toWebSocket()
                .onSuccess(ws -> accept(http.vertx(), ws))
                .onFailure(e -> LOG.debug("stream upgrade failed: {}", e.toString())));
    }

    private void accept(Vertx vertx, ServerWebSocket ws) {
        if (stopping) {
            ws.close((short) 1001, "server shutting down");
            return;
        }
        StreamClient client = new StreamClient(clientIds.incrementAndGet(), ws, vertx.getOrCreateContext(),
                config.clientQueue(), stats);
        fanout.submit(f -> f.connect(client));
        ws.textMessageHandler(text -> request(client, text));
        ws.closeHandler(v -> {
            client.closed(true);
            fanout.submit(f -> f.disconnect(client));
        });
    }

    private void request(StreamClient client, String text) {
        StreamProtocol.Request r;
        try {
            r = StreamProtocol.parse(text);
        } catch (StreamProtocol.BadRequest e) {
            stats.badRequest();
            client.enqueue(StreamProtocol.error(e.id, e.getMessage()), false);
            client.schedule();
            return;
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
                fanout.submit(f -> f.subscribe(client, s, config.maxSubscriptions()));
            }
        }
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
