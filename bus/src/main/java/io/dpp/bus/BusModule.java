package io.dpp.bus;

import io.dpp.core.model.EventType;
import io.dpp.runtime.module.ModuleContext;
import io.dpp.runtime.module.ModuleDescriptor;
import io.dpp.runtime.module.RuntimeModule;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import java.time.Duration;
import java.util.List;

/**
 * The bus of the process, started when a module that publishes or consumes needs it (feeds,
 * recorder). Exposes {@code dpp_bus_*} metrics: events published by type, ring capacity and free
 * slots, publisher waits on a full ring, and each consumer's lag and errors.
 */
public final class BusModule implements RuntimeModule {

    public static final String NAME = "bus";

    private InProcessBus bus;

    /** The registry entry: started on demand, by the modules that depend on it. */
    public static ModuleDescriptor descriptor() {
        return new ModuleDescriptor(NAME, ModuleDescriptor.ON_DEMAND, List.of(), BusModule::new);
    }

    @Override
    public void start(ModuleContext context) {
        BusConfig config = context.config(BusConfig.class);
        bus = new InProcessBus(config.inProcess().capacity(), config.inProcess().idle());
        CounterWithCallback.builder().name("dpp_bus_published").help("Events published on the bus, by type")
                .labelNames("type")
                .callback(cb -> {
                    for (EventType t : EventType.values()) {
                        cb.call(bus.published(t), t.name().toLowerCase());
                    }
                }).register(context.metrics());
        CounterWithCallback.builder().name("dpp_bus_full_waits")
                .help("Times a publisher found the bus full and waited for the slowest consumer")
                .callback(cb -> cb.call(bus.fullWaits())).register(context.metrics());
        GaugeWithCallback.builder().name("dpp_bus_capacity").help("Slots in the in-process ring")
                .callback(cb -> cb.call(bus.capacity())).register(context.metrics());
        GaugeWithCallback.builder().name("dpp_bus_free").help("Free slots in the in-process ring")
                .callback(cb -> cb.call(bus.remainingCapacity())).register(context.metrics());
        GaugeWithCallback.builder().name("dpp_bus_consumer_lag_events")
                .help("Events published but not yet delivered, per consumer").labelNames("consumer")
                .callback(cb -> bus.subscriptions().forEach(s -> cb.call(s.lag(), s.name())))
                .register(context.metrics());
        CounterWithCallback.builder().name("dpp_bus_consumer_errors")
                .help("Exceptions thrown by a consumer (logged, the event skipped)").labelNames("consumer")
                .callback(cb -> bus.subscriptions().forEach(s -> cb.call(s.errors(), s.name())))
                .register(context.metrics());
    }

    /** The bus. */
    public Bus bus() {
        return bus;
    }

    @Override
    public void stop(Duration budget) {
        if (bus != null) {
            bus.close(budget);
        }
    }
}
