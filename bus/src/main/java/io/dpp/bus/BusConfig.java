package io.dpp.bus;

import io.dpp.runtime.config.DurationConverter;
import io.smallrye.config.ConfigMapping;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The {@code bus} section: which bus the process uses and how it is tuned. */
@ConfigMapping(prefix = "bus")
public interface BusConfig {

    /** The kinds of bus. */
    List<String> KINDS = List.of("in-process", "kafka");

    /** {@code in-process} (the LMAX Disruptor ring of a single process) or {@code kafka} (split mode). */
    String kind();

    /** Settings of the in-process bus. */
    InProcess inProcess();

    /** Settings of the Kafka bus. */
    Kafka kafka();

    /** Kafka: where, which topics, which consumer groups. */
    interface Kafka {

        /** Brokers, host:port[,host:port...]. */
        String bootstrapServers();

        /** Topic names are this prefix and the event type: dpp.trades, dpp.book_changes, ... */
        String topicPrefix();

        /** Consumer groups are this prefix and the consumer: dpp-recorder, ... */
        String groupPrefix();

        /** Partitions of a topic the bus creates. */
        int partitions();

        /** Replication factor of a topic the bus creates. */
        int replicationFactor();

        /** Longest wait of a consumer poll. */
        Duration poll();

        /** Further Kafka client properties (security.protocol, sasl.*, ssl.*), given in the config file. */
        Map<String, String> client();

        /** How consumers keep one copy of each event of hot-hot feeds ({@link HotHotFilter}). */
        HotHot hotHot();

        /** How long a publishing process's sends may go unacknowledged before it reports not ready (the broker away). */
        Duration sendStall();

        /**
         * How long the producer keeps an event it took while the broker does not acknowledge it
         * (Kafka's {@code delivery.timeout.ms}); past it the event is failed, counted and lost. The
         * feeds hand the producer at most {@link KafkaBus#MAX_IN_FLIGHT_BYTES} unacknowledged, so a
         * long wait costs no more memory.
         */
        Duration deliveryTimeout();
    }

    /** Hot-hot feeds: two feed processes publishing the same venues. */
    interface HotHot {

        /** Most records a consumer's window reaches back in each partition (0: no filtering). */
        int window();

        /** How long a book's feed may be silent before another feed's snapshot takes the book over. */
        Duration handover();

        /** These settings outside a configuration (tests, benchmarks); the defaults are 8192 and 2 s. */
        static HotHot of(int window, Duration handover) {
            return new HotHot() {
                @Override
                public int window() {
                    return window;
                }

                @Override
                public Duration handover() {
                    return handover;
                }
            };
        }
    }

    /** Largest {@code bus.kafka.hot-hot.window}: about 70 bytes of memory per record and partition. */
    int MAX_HOT_HOT_WINDOW = 1 << 20;

    /** Shortest {@code bus.kafka.delivery-timeout}: Kafka wants it above its request timeout (30 s) and linger. */
    Duration MIN_DELIVERY_TIMEOUT = Duration.ofMinutes(1);
    /** Longest {@code bus.kafka.delivery-timeout} (Kafka takes up to 24 days, in milliseconds of an int). */
    Duration MAX_DELIVERY_TIMEOUT = Duration.ofDays(7);

    /** The in-process ring. */
    interface InProcess {

        /** Slots in the ring, a power of two. */
        int capacity();

        /** Longest pause between two batch ends a consumer sees. */
        Duration idle();
    }

    /** Checks that the types do not express. */
    static void check(BusConfig bus, List<String> problems) {
        if (!KINDS.contains(bus.kind())) {
            problems.add("bus.kind: must be one of " + KINDS + ", got \"" + bus.kind() + "\"");
        }
        if (bus.kind().equals("kafka") && bus.kafka().bootstrapServers().isBlank()) {
            problems.add("bus.kafka.bootstrap-servers: required when bus.kind is kafka");
        }
        if (bus.kafka().partitions() < 1) {
            problems.add("bus.kafka.partitions: must be at least 1, got " + bus.kafka().partitions());
        }
        if (bus.kafka().replicationFactor() < 1) {
            problems.add("bus.kafka.replication-factor: must be at least 1, got " + bus.kafka().replicationFactor());
        }
        int window = bus.kafka().hotHot().window();
        if (window < 0 || window > MAX_HOT_HOT_WINDOW) {
            problems.add("bus.kafka.hot-hot.window: must be from 0 to " + MAX_HOT_HOT_WINDOW + ", got " + window);
        }
        Duration handover = bus.kafka().hotHot().handover();
        if (handover.isNegative() || handover.compareTo(Duration.ofMinutes(10)) > 0) {
            problems.add("bus.kafka.hot-hot.handover: must be from 0 to 10m, got " + DurationConverter.text(handover));
        }
        Duration stall = bus.kafka().sendStall();
        if (stall.compareTo(Duration.ofMillis(100)) < 0 || stall.compareTo(Duration.ofMinutes(10)) > 0) {
            problems.add("bus.kafka.send-stall: must be from 100ms to 10m, got " + DurationConverter.text(stall));
        }
        Duration delivery = bus.kafka().deliveryTimeout();
        if (delivery.compareTo(MIN_DELIVERY_TIMEOUT) < 0 || delivery.compareTo(MAX_DELIVERY_TIMEOUT) > 0) {
            problems.add("bus.kafka.delivery-timeout: must be from 1m to 7d, got " + DurationConverter.text(delivery));
        }
        int capacity = bus.inProcess().capacity();
        if (capacity < 64 || Integer.bitCount(capacity) != 1) {
            problems.add("bus.in-process.capacity: must be a power of two of at least 64, got " + capacity);
        }
        if (bus.inProcess().idle().isNegative() || bus.inProcess().idle().isZero()) {
            problems.add("bus.in-process.idle: must be positive, got " + DurationConverter.text(bus.inProcess().idle()));
        }
    }
}
