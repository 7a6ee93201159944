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

    /** {@link #dropped} reason: another feed's copy of an event delivered already. */
    int DUPLICATE = 1;
    /** {@link #dropped} reason: a book snapshot of a feed the book does not follow. */
    int OTHER_SNAPSHOT = 2;

    /**
     * Records not delivered, by reason ({@link #DUPLICATE}, {@link #OTHER_SNAPSHOT}): hot-hot feeds,
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
