package io.dpp.bus;

import io.dpp.core.model.MarketEvent;

/**
 * Receives the events of a {@link Bus} subscription, always on the subscription's one thread.
 *
 * <p>Delivery is in batches: {@link #onEvent} for each event, then {@link #endOfBatch}. A consumer
 * that makes events durable (the recorder) answers {@code true} from {@code endOfBatch} once
 * everything it received so far is durable; only then may the bus acknowledge it (the Kafka bus
 * commits its offsets), so a crash re-delivers what was not yet durable and loses nothing.
 */
public interface BusConsumer {

    /**
     * One event. The object belongs to the bus and is reused after the call: copy what must be
     * kept.
     */
    void onEvent(MarketEvent event) throws Exception;

    /**
     * One event with its place on the bus: {@code position} within {@code partition}, an ordered
     * sequence of events that every process reading the same bus sees with the same positions
     * (Kafka: a topic's partition, numbered {@link Bus#partition}; the in-process bus: one
     * partition, {@link Bus#LOCAL_PARTITION}, numbered by its ring's sequence). Consumers that keep positions (the stream
     * API, for clients resuming after a reconnect) override this; by default it is
     * {@link #onEvent(MarketEvent)}.
     */
    default void onEvent(MarketEvent event, int partition, long position) throws Exception {
        onEvent(event);
    }

    /**
     * Delivery of {@code partition} starts, or starts again after a rebalance: its next event will
     * be at position {@code next} (events before it were not, or not all, delivered to this
     * consumer). Called on the subscription's thread before that event.
     */
    default void onPartitionStart(int partition, long next) {
    }

    /**
     * The end of a batch, or ({@code idle} true) a pause with nothing to deliver, at least every
     * idle interval of the bus.
     *
     * @return true when every event delivered so far is durable and may be acknowledged
     */
    default boolean endOfBatch(boolean idle) throws Exception {
        return true;
    }

    /**
     * Make everything received so far durable now: the bus is about to hand this consumer's
     * partitions to another process (Kafka rebalance).
     *
     * @return true when everything delivered so far is durable and may be acknowledged; false
     *         (a commit failed, now or earlier) and the bus acknowledges nothing, so that the
     *         next owner of the partitions is delivered it again
     */
    default boolean flush() throws Exception {
        return true;
    }

    /**
     * The subscription ends (shutdown): everything published before was delivered; make it
     * durable. Called on the subscription's thread.
     *
     * @return true when everything delivered is durable and may be acknowledged, as for {@link #flush}
     */
    default boolean onClose() throws Exception {
        return true;
    }
}
