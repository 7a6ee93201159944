package io.dpp.trading.order;

/** How long an order's unfilled part lives. */
public enum TimeInForce {
    /** Good till canceled: the rest rests in the book. */
    GTC,
    /** Immediate or cancel: what cannot fill at once is canceled. */
    IOC,
    /** Fill or kill: filled entirely at once, or not at all. */
    FOK
}
