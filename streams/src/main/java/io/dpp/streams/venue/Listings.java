package io.dpp.streams.venue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpp.core.decimal.Decimal64;
import io.dpp.streams.capture.Capture;
import io.dpp.streams.capture.CaptureKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Helpers for reading instrument listings (REST responses, cold path, Jackson). */
public final class Listings {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Listings() {
    }

    /** The parsed bodies of the listing's REST responses whose URL contains {@code fragment}, in order; at least one. */
    public static List<JsonNode> responses(Capture listing, String fragment) {
        List<JsonNode> bodies = optionalResponses(listing, fragment);
        if (bodies.isEmpty()) {
            throw new IllegalArgumentException(listing.name() + " holds no response from a URL containing \"" + fragment + "\"");
        }
        return bodies;
    }

    /**
     * As {@link #responses}, but none is no error: for a venue whose listing is one of several
     * shapes (Bitget's API v1 or v2), each read where present.
     */
    public static List<JsonNode> optionalResponses(Capture listing, String fragment) {
        List<JsonNode> bodies = new ArrayList<>();
        for (int i = 0; i < listing.size(); i++) {
            if (listing.kind(i) == CaptureKind.REST && listing.url(i).contains(fragment)) {
                try {
                    bodies.add(JSON.readTree(listing.bytes(), listing.offset(i), listing.length(i)));
                } catch (IOException e) {
                    throw new IllegalArgumentException(listing.name() + ": response of " + listing.url(i)
                            + " is not JSON: " + e.getMessage(), e);
                }
            }
        }
        return bodies;
    }

    /** A decimal from a JSON string or number ("0.5", 0.5); {@link Decimal64#NULL} when absent or empty. */
    public static long decimal(JsonNode node) {
        if (node == null || node.isNull() || node.asText().isEmpty()) {
            return Decimal64.NULL;
        }
        String text = node.isNumber() ? node.decimalValue().toPlainString() : node.asText();
        long d = Decimal64.parse(text);
        return Decimal64.isNumber(d) && Decimal64.signum(d) > 0 ? d : Decimal64.NULL;
    }

    /** 10^-decimals as a decimal: the step of a price or size with that many decimals. */
    public static long step(int decimals) {
        return Decimal64.of(1, decimals);
    }

    /** An asset code in DPP's spelling: upper case, letters and digits only, XBT as BTC, XDG as DOGE. */
    public static String asset(String code) {
        String a = code.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
        return switch (a) {
            case "XBT" -> "BTC";
            case "XDG" -> "DOGE";
            default -> a;
        };
    }
}
