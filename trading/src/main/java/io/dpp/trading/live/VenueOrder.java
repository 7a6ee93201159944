package io.dpp.trading.live;

import io.dpp.core.model.Side;
import java.math.BigDecimal;

/**
 * What a venue says of one order, in DPP's terms.
 *
 * @param averagePrice of the fills so far, or null before any
 * @param updated      the venue's time of the order's last change (epoch micros), 0 when not given
 * @param rejection    why the venue ended an order it had taken without a fill (Bybit's post-only
 *                     order that would have taken, canceled with a reject reason), or null
 */
public record VenueOrder(String venueOrderId, String clientOrderId, String symbol, Side side, Status status, BigDecimal quantity,
                         BigDecimal price, BigDecimal filled, BigDecimal averagePrice, long updated, VenueReject rejection) {

    /** An order the venue gives no reject reason for. */
    public VenueOrder(String venueOrderId, String clientOrderId, String symbol, Side side, Status status, BigDecimal quantity,
                      BigDecimal price, BigDecimal filled, BigDecimal averagePrice, long updated) {
        this(venueOrderId, clientOrderId, symbol, side, status, quantity, price, filled, averagePrice, updated, null);
    }

    /** An order's state at the venue. */
    public enum Status {
        NEW, PARTIALLY_FILLED, FILLED, CANCELED, REJECTED, EXPIRED;

        public boolean isFinal() {
            return this == FILLED || this == CANCELED || this == REJECTED || this == EXPIRED;
        }
    }
}
