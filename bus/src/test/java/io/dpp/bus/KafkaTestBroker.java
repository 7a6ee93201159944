package io.dpp.bus;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Kafka broker (KRaft, one combined controller and broker) inside the test JVM, from
 * Kafka's own KafkaClusterTestKit, set up for one node: the internal offsets topic with one
 * replica, no rebalance delay.
 */
public final class KafkaTestBroker implements AutoCloseable {

    private final KafkaClusterTestKit kit;

    private KafkaTestBroker(KafkaClusterTestKit kit) {
        this.kit = kit;
    }

    /** Starts a broker and waits until it serves. */
    public static KafkaTestBroker start() throws Exception {
        KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true)
                .setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "3")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        kit.format();
        kit.startup();
        kit.waitForReadyBrokers();
        return new KafkaTestBroker(kit);
    }

    /** host:port of the broker. */
    public String bootstrapServers() {
        return kit.bootstrapServers();
    }

    private boolean closed;

    /** Stops the broker; a second close does nothing (the test kit refuses one, hiding a test's own failure). */
    @Override
    public synchronized void close() throws Exception {
        if (!closed) {
            closed = true;
            kit.close();
        }
    }
}
