package io.dpp.trader.strategy;

import io.dpp.core.model.MarketEventListener;
import io.dpp.trading.order.Fill;
import io.dpp.trading.order.Order;

/**
 * A trading strategy: it receives market events (trades, book changes, quotes, candles,
 * derivative tickers, liquidations, feed status) through {@link MarketEventListener}, timers,
 * order updates and fills, keeps its own state, and trades through {@link StrategyContext#orders()}.
 * The same class runs in backtests, paper and live runs. Events are reused after each call: copy
 * what must be kept. Everything is called on one thread.
 */
public interface Strategy extends MarketEventListener {

    /**
     * The parameters the strategy reads ({@link StrategyContext#param}), by name, each with what it
     * means and its default, in the order to list them. A run that passes any other parameter is
     * refused before it starts, naming it (a typo must not run with the defaults); a strategy that
     * declares none takes none.
     */
    default java.util.Map<String, String> parameters() {
        return java.util.Map.of();
    }

    /** Before the first event. */
    default void onStart(StrategyContext context) {
    }

    /** A timer set with {@link StrategyContext#timerAt(long)} is due. */
    default void onTimer(long time) {
    }

    /** An order changed status (accepted, canceled, refused, filled). */
    default void onOrder(Order order) {
    }

    /** A fill of one of the strategy's orders (after the portfolio has taken it in). */
    default void onFill(Fill fill) {
    }

    /** After the last event. */
    default void onStop() {
    }
}
