package io.dpp.trading.order;

/** Where an order stands. */
public enum OrderStatus {
    /** Sent; not yet at the venue (the configured latency). */
    SUBMITTED,
    /** Accepted and resting (or, for stops, waiting for its trigger). */
    OPEN,
    /** Partly filled and still working. */
    PARTIALLY_FILLED,
    /** Entirely filled. */
    FILLED,
    /** Canceled: by the strategy, or by the venue (IOC/FOK rest, nothing left to take). */
    CANCELED,
    /** Refused by the venue (post-only that would take, reduce-only with nothing to reduce, ...). */
    REJECTED;

    /** True once nothing more can happen to the order. */
    public boolean isFinal() {
        return this == FILLED || this == CANCELED || this == REJECTED;
    }
}
