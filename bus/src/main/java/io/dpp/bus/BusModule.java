package io.dpp.bus;

import io.dpp.core.model.EventType;
import io.dpp.runtime.module.ModuleContext;
import io.dpp.runtime.module.ModuleDescriptor;
import io.dpp.runtime.module.RuntimeModule;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bus of the process ({@code bus.kind}: in-process or Kafka), started when a module that
 * publishes or consumes needs it (feeds, recorder). Exposes {@code dpp_bus_*} metrics: events
 * published by type, each consumer's lag and errors, and per kind the ring's capacity, free slots
 * and full waits, or Kafka's failed sends.
 */
public final class BusModule implements RuntimeModule {

    public static final String NAME = "bus";

    private static final Logger LOG = LoggerFactory.getLogger(BusModule.class);

    private Bus bus;

    /** The registry entry: started on demand, by the modules that depend on it. */
    public static ModuleDescriptor descriptor() {
        // The users' private events travel with the bus between processes (KafkaUserEvents).
        return new ModuleDescriptor(NAME, ModuleDescriptor.ON_DEMAND, List.of(io.dpp.runtime.events.UserEventsModule.NAME),
                BusModule::new);
    }

    @Override
    public void start(ModuleContext context) {
        BusConfig config = context.config(BusConfig.class);
        if (config.kind().equals("kafka")) {
            KafkaBus kafka = new KafkaBus(config.kafka());
            bus = kafka;
            CounterWithCallback.builder().name("dpp_bus_kafka_send_errors")
                    .help("Events the Kafka producer could not write after its retries (lost)")
                    .callback(cb -> cb.call(kafka.sendErrors())).register(context.metrics());
            CounterWithCallback.builder().name("dpp_bus_kafka_refusals")
                    .help("Events the Kafka producer could not take without waiting (the broker away, its buffer full);"
                            + " the publisher kept them and offered them again")
                    .callback(cb -> cb.call(kafka.refusals())).register(context.metrics());
            CounterWithCallback.builder().name("dpp_bus_kafka_producer_replacements")
                    .help("Times the Kafka producer held records unacknowledged past 2 minutes while the broker answered,"
                            + " and was replaced, its records sent again")
                    .callback(cb -> cb.call(kafka.producerReplacements())).register(context.metrics());
            GaugeWithCallback.builder().name("dpp_bus_kafka_in_flight_bytes")
                    .help("Bytes handed to the Kafka producer and not yet acknowledged or failed; 0 once the broker holds"
                            + " everything this process published")
                    .callback(cb -> cb.call(kafka.inFlight())).register(context.metrics());
            LOG.info("bus: Kafka at {}, topics {}*", config.kafka().bootstrapServers(), config.kafka().topicPrefix());
            kafka.relay(context.module(io.dpp.runtime.events.UserEventsModule.class).events());
        } else {
            InProcessBus ring = new InProcessBus(config.inProcess().capacity(), config.inProcess().idle());
            bus = ring;
            CounterWithCallback.builder().name("dpp_bus_full_waits")
                    .help("Times a publisher found the bus full and waited for the slowest consumer")
                    .callback(cb -> cb.call(ring.fullWaits())).register(context.metrics());
            GaugeWithCallback.builder().name("dpp_bus_capacity").help("Slots in the in-process ring")
                    .callback(cb -> cb.call(ring.capacity())).register(context.metrics());
            GaugeWithCallback.builder().name("dpp_bus_free").help("Free slots in the in-process ring")
                    .callback(cb -> cb.call(ring.remainingCapacity())).register(context.metrics());
        }
        io.prometheus.metrics.core.metrics.Histogram delay = io.prometheus.metrics.core.metrics.Histogram.builder()
                .name("dpp_bus_delivery_delay_seconds")
                .help("Local receipt of an event to its delivery to a consumer, sampled at the last event of each batch")
                .labelNames("consumer")
                .classicUpperBounds(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
                .classicOnly()
                .register(context.metrics());
        bus.delays(name -> {
            var point = delay.labelValues(name);
            return micros -> point.observe(Math.max(0, micros) / 1e6);
        });
        Bus b = bus;
        GaugeWithCallback.builder().name("dpp_bus_accepting")
                .help("1 while the bus takes what this process publishes; 0 once its Kafka sends have gone"
                        + " bus.kafka.send-stall unacknowledged or refused (the broker away): what readiness and the alert"
                        + " DppBusNotAccepting read")
                .callback(cb -> cb.call(b.accepting() ? 1 : 0)).register(context.metrics());
        CounterWithCallback.builder().name("dpp_bus_rejected")
                .help("Events offered while the bus was full and refused (back-pressure: the publisher decides, docs/security.md)")
                .callback(cb -> cb.call(b.rejected())).register(context.metrics());
        CounterWithCallback.builder().name("dpp_bus_published").help("Events published on the bus, by type")
                .labelNames("type")
                .callback(cb -> {
                    for (EventType t : EventType.values()) {
                        cb.call(bus.published(t), t.name().toLowerCase());
                    }
                }).register(context.metrics());
        GaugeWithCallback.builder().name("dpp_bus_consumer_lag_events")
                .help("Events published but not yet delivered, per consumer").labelNames("consumer")
                .callback(cb -> bus.subscriptions().forEach(s -> cb.call(s.lag(), s.name())))
                .register(context.metrics());
        CounterWithCallback.builder().name("dpp_bus_hot_hot_dropped")
                .help("Records a consumer did not deliver, per reason: duplicate (another feed's copy of an event delivered"
                        + " already) or other_snapshot (a book snapshot of a feed the book does not follow); hot-hot feeds")
                .labelNames("consumer", "reason")
                .callback(cb -> bus.subscriptions().forEach(s -> {
                    cb.call(s.dropped(HotHotFilter.DUPLICATE), s.name(), "duplicate");
                    cb.call(s.dropped(HotHotFilter.OTHER_SNAPSHOT), s.name(), "other_snapshot");
                }))
                .register(context.metrics());
        CounterWithCallback.builder().name("dpp_bus_consumer_errors")
                .help("Events a consumer could not decode or process (logged, skipped)").labelNames("consumer")
                .callback(cb -> bus.subscriptions().forEach(s -> cb.call(s.errors(), s.name())))
                .register(context.metrics());
    }

    /** The bus. */
    public Bus bus() {
        return bus;
    }

    /** Not ready while the bus does not take what this process publishes (the Kafka broker away). */
    @Override
    public boolean isReady() {
        Bus b = bus;
        return b == null || b.accepting();
    }

    @Override
    public void stop(Duration budget) {
        if (bus != null) {
            bus.close(budget);
        }
    }
}
