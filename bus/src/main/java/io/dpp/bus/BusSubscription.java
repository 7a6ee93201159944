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
     * Delivers what was published before the call, then stops and calls
     * {@link BusConsumer#onClose()}; gives up waiting for delivery after {@code budget}.
     */
    void close(Duration budget);

    @Override
    default void close() {
        close(Duration.ofSeconds(10));
    }
}
