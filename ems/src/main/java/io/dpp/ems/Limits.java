package io.dpp.ems;

import java.math.BigDecimal;

/**
 * The pre-trade risk limits of one trading account: each is the account's own value or, when that
 * is null, the configured default ({@code ems.risk}).
 *
 * @param maxOrderQuantity largest quantity of one order
 * @param maxOrderNotional largest price times quantity of one order, in the quote asset
 * @param maxPosition      largest absolute position in one instrument an order may lead to
 * @param maxOpenOrders    working orders at once
 * @param ordersPerSecond  submissions per second
 * @param priceBand        largest distance of a limit price from the live mid, as a fraction of the mid
 */
public record Limits(BigDecimal maxOrderQuantity, BigDecimal maxOrderNotional, BigDecimal maxPosition, Integer maxOpenOrders,
                     Integer ordersPerSecond, BigDecimal priceBand) {

    /** Upper bound of max-open-orders, whatever an account asks. */
    public static final int MAX_OPEN_ORDERS = 10_000;
    /** Upper bound of orders-per-second. */
    public static final int MAX_ORDERS_PER_SECOND = 100_000;

    /** Limits without any value of their own: every one is the default. */
    public static final Limits NONE = new Limits(null, null, null, null, null, null);

    /** The defaults of the configuration. */
    static Limits defaults(EmsConfig.Risk r) {
        return new Limits(r.maxOrderQuantity(), r.maxOrderNotional(), r.maxPosition(), r.maxOpenOrders(), r.ordersPerSecond(),
                r.priceBand());
    }

    /** These limits with {@code defaults} where they have none. */
    Limits or(Limits defaults) {
        return new Limits(maxOrderQuantity != null ? maxOrderQuantity : defaults.maxOrderQuantity,
                maxOrderNotional != null ? maxOrderNotional : defaults.maxOrderNotional,
                maxPosition != null ? maxPosition : defaults.maxPosition,
                maxOpenOrders != null ? maxOpenOrders : defaults.maxOpenOrders,
                ordersPerSecond != null ? ordersPerSecond : defaults.ordersPerSecond,
                priceBand != null ? priceBand : defaults.priceBand);
    }
}
