package io.dpp.bus;

import io.dpp.core.model.BookChange;
import io.dpp.core.model.Candle;
import io.dpp.core.model.DerivativeTicker;
import io.dpp.core.model.FeedStatus;
import io.dpp.core.model.Liquidation;
import io.dpp.core.model.MarketEvent;
import io.dpp.core.model.MarketEventListener;
import io.dpp.core.model.Quote;
import io.dpp.core.model.Trade;

/**
 * Where normalized events travel from the feeds to every consumer (recorder, stream API,
 * strategies). Two implementations: {@link InProcessBus} (LMAX Disruptor, the embedded default)
 * and the Kafka bus of split mode. Events of one instrument arrive at every consumer in the order
 * they were published.
 *
 * <p>A bus is a {@link MarketEventListener}, so a feed publishes into it by listening: each
 * callback publishes a copy of the (reused) event.
 */
public interface Bus extends MarketEventListener {

    /**
     * Publishes a copy of {@code event}; the caller keeps and may reuse its object. Safe from any
     * thread. Waits while the bus is full (a consumer is behind) rather than dropping anything:
     * for producers on threads of their own (benchmarks, tools), never on an event loop, which
     * uses {@link #offer}.
     */
    void publish(MarketEvent event);

    /**
     * Publishes a copy of {@code event} if the bus has room now, without waiting: false, with
     * nothing published, when it is full (back-pressure: the caller decides, and counts it). What
     * an event loop publishes with, after checking {@link #hasRoom} before each message.
     */
    boolean offer(MarketEvent event);

    /** True when {@code events} more would be taken now without waiting. */
    boolean hasRoom(int events);

    /** Events the bus holds at most between publishers and its slowest consumer; unbounded by default. */
    default long capacity() {
        return Long.MAX_VALUE;
    }

    /** Events {@link #offer} refused so far because the bus was full. */
    long rejected();

    /**
     * False while what this process published is not being taken (Kafka: sends in flight and none
     * acknowledged for {@code bus.kafka.send-stall}, the broker away): a process that publishes is
     * then not ready, its events going nowhere. Checked by readiness probes; true by default.
     */
    default boolean accepting() {
        return true;
    }

    /** How a subscription shares the events with the other processes subscribed under its name. */
    enum Delivery {
        /**
         * One copy for all processes of the name (a Kafka consumer group), acknowledged when the
         * consumer reports it durable, resumed from there after a restart: the recorder.
         */
        DURABLE,
        /**
         * Every process gets everything published from now on, nothing is acknowledged or resumed:
         * live fan-out to clients (the stream API).
         */
        BROADCAST
    }

    /**
     * Adds a consumer that sees every event published from now on, on a thread of its own.
     *
     * @param name short name for threads, logs and metrics ("recorder", "stream-api")
     */
    default BusSubscription subscribe(String name, BusConsumer consumer) {
        return subscribe(name, consumer, Delivery.DURABLE);
    }

    /** As {@link #subscribe(String, BusConsumer)}, with the given delivery. */
    BusSubscription subscribe(String name, BusConsumer consumer, Delivery delivery);

    /**
     * Where each subscription reports its delivery delay: {@code observer} is asked once per
     * subscription (by name) for a sink, which receives, at the end of every batch, the time from
     * the local receipt of the batch's last event to its delivery, in microseconds. Set before
     * subscribing (the bus module does).
     */
    void delays(java.util.function.Function<String, java.util.function.LongConsumer> observer);

    /**
     * What the positions of {@link BusConsumer#onEvent(MarketEvent, int, long)} refer to: two
     * positions denote the same event only when their buses have the same identity (Kafka: the
     * cluster id and the topic prefix, the same for every process of a deployment; the in-process
     * bus: a new one each time the process starts).
     */
    String identity();

    /**
     * The partition number of Kafka partition {@code kafkaPartition} of the topic of {@code type}, as
     * {@link BusConsumer#onEvent(MarketEvent, int, long)} gives it: stable across processes and
     * versions (the type's ordinal is also its code on the wire).
     */
    static int partition(io.dpp.core.model.EventType type, int kafkaPartition) {
        return partition(type.ordinal(), kafkaPartition);
    }

    /** The one partition of the in-process bus, carrying every type ({@code 0xFF0000}). */
    int LOCAL_PARTITION = 0xFF << 16;

    /** True when bus partition {@code partition} carries events of {@code type}. */
    static boolean carries(int partition, io.dpp.core.model.EventType type) {
        return partition == LOCAL_PARTITION || partition >>> 16 == type.ordinal();
    }

    private static int partition(int typeCode, int kafkaPartition) {
        if (kafkaPartition < 0 || kafkaPartition > 0xFFFF) {
            throw new IllegalArgumentException("a topic of the bus has at most 65536 partitions, got partition " + kafkaPartition);
        }
        return typeCode << 16 | kafkaPartition;
    }

    /** Events published so far by this process, of {@code type}. */
    long published(io.dpp.core.model.EventType type);

    /** The live subscriptions of this process. */
    java.util.List<? extends BusSubscription> subscriptions();

    /** Closes every subscription and releases the bus, within {@code budget}. */
    void close(java.time.Duration budget);

    @Override
    default void onTrade(Trade trade) {
        publish(trade);
    }

    @Override
    default void onBookChange(BookChange change) {
        publish(change);
    }

    @Override
    default void onQuote(Quote quote) {
        publish(quote);
    }

    @Override
    default void onCandle(Candle candle) {
        publish(candle);
    }

    @Override
    default void onDerivativeTicker(DerivativeTicker ticker) {
        publish(ticker);
    }

    @Override
    default void onLiquidation(Liquidation liquidation) {
        publish(liquidation);
    }

    @Override
    default void onFeedStatus(FeedStatus status) {
        publish(status);
    }
}
