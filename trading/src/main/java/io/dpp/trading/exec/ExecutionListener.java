package io.dpp.trading.exec;

import io.dpp.core.model.MarketEvent;
import io.dpp.trading.order.Fill;
import io.dpp.trading.order.Order;

/**
 * What a session receives, on the host's thread, in time order. An exception thrown here closes
 * the session: the host logs it, cancels the session's working orders and calls
 * {@link #onFailure}.
 */
public interface ExecutionListener {

    /** The session is open: called once, on the host's thread, before anything else. */
    void onOpen(ExecutionSession session);

    /** A market event of one of the session's instruments, after the paper venue applied it. Reused after the call. */
    void onEvent(MarketEvent event);

    /** A timer set with {@link ExecutionSession#timerAt} is due (by the market clock). */
    void onTimer(long time);

    /** One of the session's orders changed status. */
    void onOrder(Order order);

    /** A fill of one of the session's orders, after the account's portfolio took it in. */
    void onFill(Fill fill);

    /** The host closed the session because a call above threw {@code error}. */
    void onFailure(Throwable error);
}
