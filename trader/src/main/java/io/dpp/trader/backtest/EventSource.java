package io.dpp.trader.backtest;

import io.dpp.core.model.MarketEvent;

/**
 * Market events of a backtest in receive-time order across instruments, one at a time. The event
 * returned is reused by the next call. Sources stream: memory does not grow with the history.
 */
public interface EventSource extends AutoCloseable {

    /** The next event, or null at the end. */
    MarketEvent next() throws Exception;

    @Override
    default void close() throws Exception {
    }
}
