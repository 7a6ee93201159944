package io.dpp.trading.order;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * An order and what has happened to it. Strategies read it; only the venue (simulated or real)
 * changes it.
 */
public final class Order {

    private final long id;
    private OrderRequest request;
    private final long createdTime;
    private OrderStatus status = OrderStatus.SUBMITTED;
    private BigDecimal filled = BigDecimal.ZERO;
    private BigDecimal filledNotional = BigDecimal.ZERO;
    private BigDecimal fees = BigDecimal.ZERO;
    private String reason;
    private long updatedTime;
    private boolean triggered;

    public Order(long id, OrderRequest request, long createdTime) {
        this.id = id;
        this.request = request;
        this.createdTime = createdTime;
        this.updatedTime = createdTime;
    }

    public long id() {
        return id;
    }

    public OrderRequest request() {
        return request;
    }

    public OrderStatus status() {
        return status;
    }

    public BigDecimal filled() {
        return filled;
    }

    /** The quantity still to fill. */
    public BigDecimal remaining() {
        return request.quantity().subtract(filled);
    }

    /** Volume-weighted fill price, or null before the first fill. */
    public BigDecimal averagePrice() {
        return filled.signum() == 0 ? null : filledNotional.divide(filled, MathContext.DECIMAL64);
    }

    public BigDecimal fees() {
        return fees;
    }

    /** Why it was canceled or refused, or null. */
    public String reason() {
        return reason;
    }

    public long createdTime() {
        return createdTime;
    }

    public long updatedTime() {
        return updatedTime;
    }

    /** True once a stop order's trigger was reached. */
    public boolean triggered() {
        return triggered;
    }

    // ---- changed by the venue -----------------------------------------------------------------

    /** Records a fill. */
    public void fill(Fill f) {
        filled = filled.add(f.quantity());
        filledNotional = filledNotional.add(f.notional());
        fees = fees.add(f.fee());
        status = remaining().signum() == 0 ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED;
        updatedTime = f.time();
    }

    public void status(OrderStatus status, String reason, long time) {
        this.status = status;
        this.reason = reason;
        this.updatedTime = time;
    }

    public void trigger(long time) {
        this.triggered = true;
        this.updatedTime = time;
    }

    /** A replace: new quantity (at least what is filled) and limit price. */
    public void replace(BigDecimal quantity, BigDecimal limitPrice, long time) {
        this.request = request.replaced(quantity, limitPrice);
        this.updatedTime = time;
    }

    @Override
    public String toString() {
        return "Order{" + id + " " + request.side() + " " + request.type() + " " + request.quantity() + " "
                + request.instrument().nativeSymbol() + (request.limitPrice() == null ? "" : " @" + request.limitPrice())
                + " " + status + " filled " + filled + (reason == null ? "" : " (" + reason + ")") + "}";
    }
}
