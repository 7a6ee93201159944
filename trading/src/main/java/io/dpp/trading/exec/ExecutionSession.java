package io.dpp.trading.exec;

import io.dpp.trading.order.Order;
import io.dpp.trading.order.OrderRequest;
import io.dpp.trading.portfolio.Portfolio;
import java.math.BigDecimal;
import java.util.Collection;

/**
 * A strategy's link to one trading account of the EMS. Used only on the host's thread (inside the
 * listener's calls, or in {@link ExecutionHost#call}).
 */
public interface ExecutionSession {

    /**
     * The session's clock, epoch microseconds: the receive time of the event being handled (or of
     * the fill or timer); orders sent now leave at this time.
     */
    long now();

    /**
     * Sends an order through the EMS's risk checks. Returns it: SUBMITTED, or REJECTED with the
     * refusal's reason code and message ({@code "max_position: ..."}), never null.
     */
    Order submit(OrderRequest request);

    /** Asks for a working order of the session to be canceled; nothing when it is final or not the session's. */
    void cancel(long orderId);

    /** Asks for a working GTC limit order of the session to change; refused (as the REST route would) with an exception. */
    void replace(long orderId, BigDecimal quantity, BigDecimal limitPrice);

    /** The session's working orders, in the order they were sent (orders resumed after a restart first). */
    Collection<Order> open();

    /** One of the session's orders by id, or null. */
    Order get(long orderId);

    /** The trading account's portfolio (balances and positions marked to the last trade). */
    Portfolio portfolio();

    /** Calls {@link ExecutionListener#onTimer} when the market clock reaches {@code time}. */
    void timerAt(long time);

    /** Cancels every working order of the session; how many. */
    int cancelAll(String reason);

    /** Wall-clock nanoseconds between the hand-over of the event being handled to the EMS and now: how far the session lags the feeds. */
    long lagNanos();

    /** Stops delivering anything to the listener; working orders stay unless canceled first. */
    void close();
}
