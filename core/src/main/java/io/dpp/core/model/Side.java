package io.dpp.core.model;

/** Side of a trade's aggressor (taker), of a liquidation order, or of an order. */
public enum Side {
    BUY,
    SELL,
    /** The venue does not say. */
    UNKNOWN
}
