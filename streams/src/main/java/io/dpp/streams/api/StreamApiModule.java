package io.dpp.streams.api;

import io.dpp.bus.Bus;
import io.dpp.bus.BusModule;
import io.dpp.bus.BusSubscription;
import io.dpp.runtime.http.HttpModule;
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
