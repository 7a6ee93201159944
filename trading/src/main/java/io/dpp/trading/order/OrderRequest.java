package io.dpp.trading.order;

import io.dpp.core.instrument.Instrument;
import io.dpp.core.model.Side;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * An order as a strategy asks for it: the same in backtest, paper and live runs. Build one with
 * {@link #market}, {@link #limit}, {@link #stop} or {@link #stopLimit}, then refine it with
 * {@link #withIoc()}, {@link #withFok()}, {@link #withPostOnly()}, {@link #withReduceOnly()} and {@link #withTag(String)}.
 * Prices and quantities are exact decimals.
 *
 * @param instrument  what to trade
 * @param side        buy or sell
 * @param type        market, limit, stop or stop-limit
 * @param quantity    positive amount of the instrument
 * @param limitPrice  the limit of LIMIT and STOP_LIMIT orders, else null
 * @param stopPrice   the trigger of STOP and STOP_LIMIT orders, else null
 * @param timeInForce GTC, IOC or FOK (market orders are IOC)
 * @param postOnly    a limit order that must rest: refused if it would take liquidity
 * @param reduceOnly  may only reduce the position: its quantity is cut to the position, refused without one
 * @param tag         the strategy's own label, carried to fills and reports (may be null)
 */
public record OrderRequest(Instrument instrument, Side side, OrderType type, BigDecimal quantity, BigDecimal limitPrice,
                           BigDecimal stopPrice, TimeInForce timeInForce, boolean postOnly, boolean reduceOnly, String tag) {

    public OrderRequest {
        Objects.requireNonNull(instrument, "instrument");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(timeInForce, "timeInForce");
        if (side != Side.BUY && side != Side.SELL) {
            throw new IllegalArgumentException("side must be BUY or SELL, got " + side);
        }
        if (quantity == null || quantity.signum() <= 0) {
            throw new IllegalArgumentException("quantity must be positive, got " + quantity);
        }
        boolean needsLimit = type == OrderType.LIMIT || type == OrderType.STOP_LIMIT;
        boolean needsStop = type == OrderType.STOP || type == OrderType.STOP_LIMIT;
        if (needsLimit != (limitPrice != null)) {
            throw new IllegalArgumentException(type + (needsLimit ? " needs a limit price" : " takes no limit price"));
        }
        if (needsStop != (stopPrice != null)) {
            throw new IllegalArgumentException(type + (needsStop ? " needs a stop price" : " takes no stop price"));
        }
        if (limitPrice != null && limitPrice.signum() <= 0 || stopPrice != null && stopPrice.signum() <= 0) {
            throw new IllegalArgumentException("prices must be positive");
        }
        if (postOnly && (type != OrderType.LIMIT || timeInForce != TimeInForce.GTC)) {
            throw new IllegalArgumentException("post-only applies to GTC limit orders only");
        }
        if (type == OrderType.MARKET && timeInForce == TimeInForce.GTC) {
            timeInForce = TimeInForce.IOC;
        }
    }

    public static OrderRequest market(Instrument instrument, Side side, BigDecimal quantity) {
        return new OrderRequest(instrument, side, OrderType.MARKET, quantity, null, null, TimeInForce.IOC, false, false, null);
    }

    public static OrderRequest limit(Instrument instrument, Side side, BigDecimal quantity, BigDecimal price) {
        return new OrderRequest(instrument, side, OrderType.LIMIT, quantity, price, null, TimeInForce.GTC, false, false, null);
    }

    public static OrderRequest stop(Instrument instrument, Side side, BigDecimal quantity, BigDecimal stopPrice) {
        return new OrderRequest(instrument, side, OrderType.STOP, quantity, null, stopPrice, TimeInForce.IOC, false, false, null);
    }

    public static OrderRequest stopLimit(Instrument instrument, Side side, BigDecimal quantity, BigDecimal stopPrice,
                                         BigDecimal limitPrice) {
        return new OrderRequest(instrument, side, OrderType.STOP_LIMIT, quantity, limitPrice, stopPrice, TimeInForce.GTC,
                false, false, null);
    }

    public OrderRequest withIoc() {
        return new OrderRequest(instrument, side, type, quantity, limitPrice, stopPrice, TimeInForce.IOC, postOnly, reduceOnly, tag);
    }

    public OrderRequest withFok() {
        return new OrderRequest(instrument, side, type, quantity, limitPrice, stopPrice, TimeInForce.FOK, postOnly, reduceOnly, tag);
    }

    public OrderRequest withPostOnly() {
        return new OrderRequest(instrument, side, type, quantity, limitPrice, stopPrice, timeInForce, true, reduceOnly, tag);
    }

    public OrderRequest withReduceOnly() {
        return new OrderRequest(instrument, side, type, quantity, limitPrice, stopPrice, timeInForce, postOnly, true, tag);
    }

    public OrderRequest withTag(String tag) {
        return new OrderRequest(instrument, side, type, quantity, limitPrice, stopPrice, timeInForce, postOnly, reduceOnly, tag);
    }

    /** The same order for another quantity and limit price (a replace). */
    OrderRequest replaced(BigDecimal newQuantity, BigDecimal newLimit) {
        return new OrderRequest(instrument, side, type, newQuantity, newLimit, stopPrice, timeInForce, postOnly, reduceOnly, tag);
    }
}
