package io.dpp.trading.order;

import io.dpp.core.instrument.Instrument;
import io.dpp.core.model.Side;
import java.math.BigDecimal;

/**
 * A fill of an order.
 *
 * @param orderId   the order's id
 * @param instrument what was traded
 * @param side      the order's side
 * @param price     the fill price (exact)
 * @param quantity  the amount filled (exact)
 * @param fee       the fee paid, in the settlement asset (the quote, or an inverse contract's coin; negative: a rebate)
 * @param liquidity maker or taker
 * @param time      when it happened, epoch microseconds (the receive-time clock of the run)
 * @param tag       the order's tag
 */
public record Fill(long orderId, Instrument instrument, Side side, BigDecimal price, BigDecimal quantity, BigDecimal fee,
                   Liquidity liquidity, long time, String tag) {

    /** Quote amount exchanged: price times quantity. */
    public BigDecimal notional() {
        return price.multiply(quantity);
    }
}
