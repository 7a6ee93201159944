package io.dpp.ems;

import io.dpp.core.model.Side;
import io.dpp.trading.order.OrderType;
import io.dpp.trading.order.TimeInForce;
import java.math.BigDecimal;

/**
 * An order as a client submits it, checked for form (the EMS then checks it against the market and
 * the account). {@link #digest()} is what a repeated submit with the same client order id must
 * match to be the same order.
 */
record NewOrder(String account, String clientOrderId, String venue, String symbol, Side side, OrderType type,
                TimeInForce timeInForce, boolean postOnly, boolean reduceOnly, BigDecimal quantity, BigDecimal price,
                BigDecimal stopPrice, String tag) {

    /** SHA-256 over the fields that make the order what it is. */
    String digest() {
        String canonical = String.join("\u0001", account, clientOrderId, venue, symbol, side.name(), type.name(), timeInForce.name(),
                Boolean.toString(postOnly), Boolean.toString(reduceOnly), plain(quantity), plain(price), plain(stopPrice),
                tag == null ? "" : tag);
        return io.dpp.core.text.Sha256.hex(canonical);
    }

    private static String plain(BigDecimal d) {
        return d == null ? "" : d.stripTrailingZeros().toPlainString();
    }
}
