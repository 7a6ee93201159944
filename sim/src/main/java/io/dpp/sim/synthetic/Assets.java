package io.dpp.sim.synthetic;

import java.util.ArrayList;
import java.util.List;

/** Base assets for instruments beyond a venue's usual ones: well-known coins first, then made-up ones. */
public final class Assets {

    private static final List<String> KNOWN = List.of("SOL", "XRP", "DOGE", "LTC", "ADA", "DOT", "LINK", "AVAX", "TRX", "MATIC");

    private Assets() {
    }

    /** {@code count} base assets: the known ones, then S001, S002, ... */
    public static List<String> extra(int count) {
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(i < KNOWN.size() ? KNOWN.get(i) : String.format("S%03d", i - KNOWN.size() + 1));
        }
        return out;
    }

    /** The decimals of a price step for {@code base} in {@code quote}: about six significant digits. */
    public static int priceDecimals(String base, String quote) {
        return priceDecimals(ReferencePrices.of(base, quote));
    }

    /** Decimals of a price step that keeps about six significant digits at {@code price}. */
    public static int priceDecimals(double price) {
        int digits = (int) Math.floor(Math.log10(Math.max(price, 1e-9))) + 1;
        return Math.max(0, Math.min(10, 6 - digits));
    }
}
