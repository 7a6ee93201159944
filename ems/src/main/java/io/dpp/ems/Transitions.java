package io.dpp.ems;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * An order's transitions as its row keeps them ({@code orders.transitions}): a JSON array of
 * {@code [status, filled, time, reason]}, filled an exact decimal as a string, time in epoch
 * microseconds UTC, reason a string or null. Appended to as the order changes, so that one row
 * per order and change holds its whole history.
 */
final class Transitions {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final JsonStringEncoder QUOTE = JsonStringEncoder.getInstance();

    private Transitions() {
    }

    /** Appends one transition to the array's elements in {@code history}. */
    static void append(StringBuilder history, String state, BigDecimal filled, long at, String reason) {
        if (!history.isEmpty()) {
            history.append(',');
        }
        history.append("[\"").append(state).append("\",\"").append(filled.stripTrailingZeros().toPlainString()).append("\",")
                .append(at).append(',');
        if (reason == null) {
            history.append("null");
        } else {
            history.append('"');
            QUOTE.quoteAsString(reason, history);
            history.append('"');
        }
        history.append(']');
    }

    /** The JSON array of the elements in {@code history}. */
    static String array(StringBuilder history) {
        return "[" + history + "]";
    }

    /** The transitions of order {@code orderId} from its row's text. */
    static List<Journal.EventRow> parse(long orderId, String json) {
        List<Journal.EventRow> out = new ArrayList<>();
        JsonNode array;
        try {
            array = JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException("order " + orderId + "'s transitions are not a JSON array: " + e.getMessage(), e);
        }
        int seq = 0;
        for (JsonNode t : array) {
            out.add(new Journal.EventRow(orderId, ++seq, t.get(0).asText(), new BigDecimal(t.get(1).asText()),
                    t.get(3).isNull() ? null : t.get(3).asText(), t.get(2).asLong()));
        }
        return out;
    }
}
