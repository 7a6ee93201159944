package io.dpp.ems;

import io.dpp.trading.order.Order;
import io.dpp.trading.order.OrderRequest;
import java.math.BigDecimal;

/**
 * An order as the EMS keeps it: the venue-side {@link Order} of the shared order model (which the
 * fill model changes), the trading account, the client's id and request digest (idempotency), and
 * the EMS state with its transitions counted. Touched by the engine thread only.
 */
final class EmsOrder {

    final Order order;
    final TradingAccount account;
    final String clientOrderId;
    final String digest;
    OrderState state;
    /** Transitions journaled so far, and their JSON (the elements of {@code orders.transitions}). */
    int transitions;
    final StringBuilder history = new StringBuilder();
    /** A cancel was asked for: a venue cancel is then CANCELED, not EXPIRED. */
    boolean cancelRequested;
    String reason;
    /** A cancel or replace is on its way to the venue, arriving at {@link #arrives}. */
    boolean pendingCancel;
    boolean pendingReplace;
    long arrives;
    /** A live order's amendment sent and not answered yet: its terms as the venue knew them stay DPP's until it is. */
    boolean amending;
    /** Amendments sent for this order, so that a lookup sent before one does not undo it. */
    int amendments;
    /** An amendment whose answer was lost: the next lookup says whether the venue made it. */
    boolean amendUnknown;
    /** The REST request waiting for a live amendment's answer, or null. */
    java.util.concurrent.CompletableFuture<Reply> amendReply;
    /** The strategy session that sent it (or adopted it after a restart), or null for the REST API's. */
    Engine.Session session;
    /** The filled quantity last journaled. */
    BigDecimal journaledFilled = BigDecimal.ZERO;
    /**
     * What was filled before a restart: the venue-side order then carries only the rest, and the
     * EMS adds these back in what it shows and journals.
     */
    BigDecimal restoredFilled = BigDecimal.ZERO;
    BigDecimal restoredAverage;
    BigDecimal restoredFees = BigDecimal.ZERO;
    /** Sent to a venue (a live account's order): its state comes from the venue's answers. */
    boolean live;
    /** Journaled but not yet sent to its venue (sent once the journal batch holding it is durable). */
    boolean unsent;
    /** The venue's answer was lost: the order is looked up by its client order id before anything else is sent. */
    boolean unknown;
    /** A query or a fills read of this order is on its way. */
    boolean asking;
    /** The venue's id of the order, once an answer named it. */
    String venueOrderId;
    /** The REST request waiting for the venue's first answer, or null. */
    java.util.concurrent.CompletableFuture<Reply> reply;

    EmsOrder(Order order, TradingAccount account, String clientOrderId, String digest, OrderState state) {
        this.order = order;
        this.account = account;
        this.clientOrderId = clientOrderId;
        this.digest = digest;
        this.state = state;
    }

    long id() {
        return order.id();
    }

    /**
     * The client order id the venue knows the order by: letters and digits only (OKX allows no
     * other), made of the account's and the order's ids, so that it is unique per account and
     * found again after a restart.
     */
    String venueClientId() {
        return "dpp" + account.id + "x" + order.id();
    }

    OrderRequest request() {
        return order.request();
    }

    /** The whole order's quantity. */
    BigDecimal quantity() {
        return restoredFilled.add(order.request().quantity());
    }

    BigDecimal filled() {
        return restoredFilled.signum() == 0 ? order.filled() : restoredFilled.add(order.filled());
    }

    BigDecimal remaining() {
        return order.remaining();
    }

    BigDecimal fees() {
        return restoredFees.signum() == 0 ? order.fees() : restoredFees.add(order.fees());
    }

    /** Volume-weighted fill price over every fill, before and after a restart; null before the first. */
    BigDecimal averagePrice() {
        if (restoredFilled.signum() == 0 || restoredAverage == null) {
            return order.averagePrice();
        }
        BigDecimal after = order.averagePrice();
        if (after == null) {
            return restoredAverage;
        }
        return restoredAverage.multiply(restoredFilled).add(after.multiply(order.filled()))
                .divide(filled(), java.math.MathContext.DECIMAL64);
    }

    static String plain(BigDecimal d) {
        return d == null ? null : d.stripTrailingZeros().toPlainString();
    }
}
