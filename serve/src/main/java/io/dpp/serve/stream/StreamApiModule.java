package io.dpp.serve.stream;

import io.dpp.bus.Bus;
import io.dpp.bus.BusModule;
import io.dpp.bus.BusSubscription;
import io.dpp.runtime.access.Access;
import io.dpp.runtime.http.HttpModule;
import io.dpp.runtime.module.ModuleContext;
import io.dpp.runtime.module.ModuleDescriptor;
import io.dpp.runtime.module.RuntimeModule;
import java.time.Duration;
import java.util.List;

/**
 * The live WebSocket API at {@code /api/v1/stream} (docs/stream.md): clients subscribe to channels
 * by venue and symbol and receive the bus's events in the history replay's format, each with its
 * subscription id and sequence number. A broadcast bus subscription feeds the {@link Fanout};
 * {@link StreamRoutes} mounts the {@link StreamApi}'s handlers.
 */
public final class StreamApiModule implements RuntimeModule {

    public static final String NAME = "stream-api";

    /** The stream's route. */
    public static final String STREAM_PATH = StreamApi.STREAM_PATH;

    private final StreamStats stats = new StreamStats();
    private BusSubscription subscription;
    private StreamApi api;
    private volatile Fanout fanout;

    /** The venue ids the platform knows: what a subscription may name. */
    private final List<String> venues;

    /** @param venues the venue ids the platform knows (the feeds' registry), what a subscription may name */
    public StreamApiModule(List<String> venues) {
        this.venues = List.copyOf(venues);
    }

    /** The registry entry; {@code venues} are the venue ids a subscription may name. */
    public static ModuleDescriptor descriptor(List<String> venues) {
        List<String> known = List.copyOf(venues);
        return new ModuleDescriptor(NAME, "streams", List.of(HttpModule.NAME, Access.MODULE, BusModule.NAME,
                io.dpp.runtime.events.UserEventsModule.NAME),
                () -> new StreamApiModule(known));
    }

    @Override
    public void start(ModuleContext context) {
        StreamConfig config = context.config(StreamConfig.class);
        Bus bus = context.module(BusModule.class).bus();
        Fanout fanout = new Fanout(config.heartbeat().toNanos(), new ResumeBuffer(config.resumeEvents(), config.resumeBytes()),
                bus.identity());
        this.fanout = fanout;
        stats.register(context.metrics(), fanout::clients, fanout::subscriptions, fanout::maxQueued, fanout::totalQueued);
        stats.registerResume(context.metrics(), fanout);
        subscription = bus.subscribe(NAME, fanout, Bus.Delivery.BROADCAST);
        HttpModule http = context.module(HttpModule.class);
        api = new StreamApi(fanout, stats, config.clientQueue(), config.maxSubscriptions(), venues, http.gate(), http.vertx(),
                context.module(io.dpp.runtime.events.UserEventsModule.class).events());
        StreamRoutes.mount(http.router(), api);
    }

    /** Clients dropped as too slow so far. */
    public long slowDisconnects() {
        return stats.slowDisconnects();
    }

    /** Clients accepted so far whose messages went out as ready-made frames (the fast path). */
    public long clientsWrittenAsFrames() {
        return stats.clientsWrittenAsFrames();
    }

    /** Ready once the bus delivers to the fan-out: a load balancer sends no client before (docs/stream.md, Resuming). */
    @Override
    public boolean isReady() {
        Fanout f = fanout;
        return f != null && f.started();
    }

    @Override
    public void stop(Duration budget) {
        if (api != null) {
            api.stop();
        }
        if (subscription != null) {
            subscription.close(budget);
        }
    }
}
