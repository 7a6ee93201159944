package io.dpp.trading.live;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/** Reading the venues' decimals: strings (most venues) or JSON numbers read exactly (Deribit, BitMEX). */
final class Decimals {

    private Decimals() {
    }

    /** The decimal in {@code n}; zero when it is absent, null or empty. */
    static BigDecimal of(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull() || n.asText().isEmpty()) {
            return BigDecimal.ZERO;
        }
        return n.isNumber() ? n.decimalValue() : new BigDecimal(n.asText());
    }
}
