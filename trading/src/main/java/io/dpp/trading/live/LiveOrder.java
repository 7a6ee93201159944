package io.dpp.trading.live;

import io.dpp.core.model.Side;
import io.dpp.trading.order.OrderType;
import io.dpp.trading.order.TimeInForce;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * An order as DPP sends it to a venue: the venue's own symbol, exact decimals at the instrument's
 * tick and lot, and DPP's client order id, which the venue keeps and which finds the order again
 * when an answer was lost.
 *
 * @param price     limit price (LIMIT, STOP_LIMIT), else null
 * @param stopPrice trigger price (STOP, STOP_LIMIT), else null
 */
public record LiveOrder(String clientOrderId, String symbol, Side side, OrderType type, TimeInForce timeInForce,
                        BigDecimal quantity, BigDecimal price, BigDecimal stopPrice, boolean postOnly, boolean reduceOnly) {

    public LiveOrder {
        Objects.requireNonNull(clientOrderId, "clientOrderId");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(timeInForce, "timeInForce");
        Objects.requireNonNull(quantity, "quantity");
    }
}
