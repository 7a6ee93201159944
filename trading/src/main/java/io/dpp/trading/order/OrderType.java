package io.dpp.trading.order;

/** What an order does once it reaches the venue. */
public enum OrderType {
    /** Takes whatever the book offers now, up to the quantity. */
    MARKET,
    /** Takes what the book offers at the limit price or better; the rest rests (GTC) at the limit. */
    LIMIT,
    /** A market order once a trade reaches the stop price (buy: at or above, sell: at or below). */
    STOP,
    /** A limit order once a trade reaches the stop price. */
    STOP_LIMIT
}
