package io.dpp.trading.order;

/** Whether a fill added liquidity (a resting order, maker fee) or took it (taker fee). */
public enum Liquidity {
    MAKER,
    TAKER
}
