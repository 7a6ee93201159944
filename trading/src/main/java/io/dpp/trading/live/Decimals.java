package io.dpp.trading.live;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/** Reading the venues' decimals: strings (most venues) or JSON numbers read exactly (Deribit, BitMEX). */
final class Decimals {

    private Decimals() {
    }

    /**
     * The open positions a venue lists in {@code rows}: the signed quantity {@code signed} reads from
     * each, by the symbol in its field {@code symbolField}; flat ones left out.
     */
    static java.util.Map<String, BigDecimal> positions(JsonNode rows, String symbolField,
                                                       java.util.function.Function<JsonNode, BigDecimal> signed) {
        java.util.Map<String, BigDecimal> out = new java.util.TreeMap<>();
        rows.forEach(p -> {
            BigDecimal q = signed.apply(p);
            if (q.signum() != 0) {
                out.merge(p.path(symbolField).asText(), q, BigDecimal::add);
            }
        });
        return out;
    }

    /** The decimal in {@code n}; zero when it is absent, null or empty. */
    static BigDecimal of(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull() || n.asText().isEmpty()) {
            return BigDecimal.ZERO;
        }
        return n.isNumber() ? n.decimalValue() : new BigDecimal(n.asText());
    }
}
