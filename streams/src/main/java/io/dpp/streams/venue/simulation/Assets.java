package io.dpp.streams.venue.simulation;

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

    /**
     * The instruments a synthetic venue lists, {@code count} in all (0: the usual ones only): its
     * usual ones first, then one made by {@code extra} (from its index among the extra ones and
     * a base asset of {@link #extra}) for each one beyond them.
     */
    public static <T> List<T> usualThenExtra(int count, List<T> usual, java.util.function.BiFunction<Integer, String, T> extra) {
        int n = count == 0 ? usual.size() : count;
        List<T> out = new ArrayList<>(usual.subList(0, Math.min(n, usual.size())));
        List<String> bases = extra(Math.max(0, n - usual.size()));
        for (int i = 0; i < bases.size(); i++) {
            out.add(extra.apply(i, bases.get(i)));
        }
        return out;
    }

    /**
     * Spot pairs named {@code BASE<separator>QUOTE} as a venue lists them ("BTC_USDT"; "BTCUSD" without
     * a separator, whose quote is then {@code quote}): its usual ones, then one in {@code quote} for
     * each extra base asset; ticks keep about six significant digits, lots
     * have {@code lotDecimals} decimals.
     */
    public static List<io.dpp.core.instrument.Instrument> spotPairs(String venue, int count, List<String> usual, String separator,
            String quote, int lotDecimals) {
        List<io.dpp.core.instrument.Instrument> out = new ArrayList<>();
        for (String symbol : usualThenExtra(count, usual, (i, base) -> base + separator + quote)) {
            // "BTC-USDT" splits at its separator; without one, "BTCUSD" ends with the quote.
            int cut = separator.isEmpty() ? symbol.length() - quote.length() : symbol.indexOf(separator);
            if (cut <= 0 || separator.isEmpty() && !symbol.endsWith(quote)) {
                throw new IllegalArgumentException(symbol + " is not BASE" + separator + "QUOTE");
            }
            String base = symbol.substring(0, cut);
            String in = symbol.substring(cut + separator.length());
            out.add(io.dpp.core.instrument.Instrument.builder(venue, symbol).assets(base, in)
                    .tickSize(io.dpp.streams.venue.Listings.step(priceDecimals(base, in)))
                    .lotSize(io.dpp.streams.venue.Listings.step(lotDecimals)).build());
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
