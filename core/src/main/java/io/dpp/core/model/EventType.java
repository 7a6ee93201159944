package io.dpp.core.model;

/** The kinds of normalized events. Every consumer, live or historical, sees the same set. */
public enum EventType {
    TRADE,
    BOOK_CHANGE,
    QUOTE,
    CANDLE,
    DERIVATIVE_TICKER,
    LIQUIDATION,
    FEED_STATUS
}
