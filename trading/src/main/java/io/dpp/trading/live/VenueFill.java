package io.dpp.trading.live;

import io.dpp.core.model.Side;
import java.math.BigDecimal;

/**
 * One execution as the venue reports it; {@code tradeId} (unique per venue and symbol) is what keeps
 * a fill from being counted twice when it arrives both on the private stream and from a query.
 *
 * @param clientOrderId DPP's id of the order, or null where the venue's answer leaves it out
 * @param time          the venue's time (epoch micros)
 */
public record VenueFill(String tradeId, String venueOrderId, String clientOrderId, String symbol, Side side, BigDecimal price,
                        BigDecimal quantity, BigDecimal fee, String feeAsset, boolean maker, long time) {
}
