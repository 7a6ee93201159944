package io.dpp.trader.strategy;

import io.dpp.trading.order.Order;
import io.dpp.trading.order.OrderRequest;
import java.math.BigDecimal;
import java.util.Collection;

/** The one order interface of a strategy: the same in backtest, paper and live runs. */
public interface Orders {

    /** Sends an order; it reaches the venue after the run's latency. Returns it, SUBMITTED. */
    Order submit(OrderRequest request);

    /** Asks the venue to cancel an order; does nothing when it is already final. */
    void cancel(long orderId);

    /**
     * Asks the venue to change a working limit order's quantity and limit price. Like most venues,
     * the order loses its place in the queue. A quantity below what is already filled is refused.
     */
    void replace(long orderId, BigDecimal quantity, BigDecimal limitPrice);

    /** Orders not yet final, in the order they were sent. */
    Collection<Order> open();

    /** An order by id, or null. */
    Order get(long orderId);
}
