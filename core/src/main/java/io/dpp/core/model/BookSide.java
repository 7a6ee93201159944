package io.dpp.core.model;

/** Side of an order-book level. */
public enum BookSide {
    BID,
    ASK
}
