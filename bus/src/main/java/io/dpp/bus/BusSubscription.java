package io.dpp.bus;

import java.time.Duration;

/** A consumer's place on a {@link Bus}. Closing it stops delivery after what was published so far. */
public interface BusSubscription extends AutoCloseable {

    /** The name given at subscription. */
    String name();

    /** Events published but not yet delivered to this consumer (its lag). */
    long lag();

    /** Exceptions the consumer threw (each logged; the event is skipped). */
    long errors();

    /**
     * Records not delivered because they were another feed's copy of an event delivered already
     * ({@code reason} 0), or a book snapshot of a feed the book does not follow (1): hot-hot feeds,
     * Kafka only ({@link HotHotFilter}).
     */
    default long dropped(int reason) {
        return 0;
    }

    /**
     * Delivers what was published before the call, then stops and calls
     * {@link BusConsumer#onClose()}; gives up waiting for delivery after {@code budget}.
     */
    void close(Duration budget);

    @Override
    default void close() {
        close(Duration.ofSeconds(10));
    }
}
