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

    }

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
        int capacity = bus.inProcess().capacity();
        if (capacity < 64 || Integer.bitCount(capacity) != 1) {
            problems.add("bus.in-process.capacity: must be a power of two of at least 64, got " + capacity);
        }
        if (bus.inProcess().idle().isNegative() || bus.inProcess().idle().isZero()) {
            problems.add("bus.in-process.idle: must be positive, got " + DurationConverter.text(bus.inProcess().idle()));
        }
    }
}
