package io.dpp.streams.venue.simulation;

import io.dpp.core.instrument.Instrument;
import java.util.Locale;
import java.util.Map;

/**
 * Where a generated market starts: a plausible price for an instrument's base asset in its quote
 * asset (US dollars and dollar stablecoins alike; euros and francs converted roughly). Only the
 * order of magnitude matters, so that tick sizes, level sizes and notional values look as they
 * would on the venue.
 */
public final class ReferencePrices {

    private static final Map<String, Double> USD = Map.ofEntries(
            Map.entry("BTC", 60_000.0), Map.entry("XBT", 60_000.0), Map.entry("ETH", 3_000.0),
            Map.entry("SOL", 150.0), Map.entry("XRP", 0.6), Map.entry("DOGE", 0.15), Map.entry("XDG", 0.15),
            Map.entry("LTC", 80.0), Map.entry("ADA", 0.45), Map.entry("DOT", 7.0), Map.entry("LINK", 15.0),
            Map.entry("BNB", 550.0), Map.entry("AVAX", 35.0), Map.entry("MATIC", 0.7), Map.entry("TRX", 0.12),
            Map.entry("USDT", 1.0), Map.entry("USDC", 1.0), Map.entry("USD", 1.0), Map.entry("EUR", 1.08),
            Map.entry("CHF", 1.1), Map.entry("GBP", 1.27));

    private ReferencePrices() {
    }

    /** A starting price of {@code instrument} in its quote asset. */
    public static double of(Instrument instrument) {
        return of(instrument.base(), instrument.quote());
    }

    /** A starting price of {@code base} in {@code quote} (DPP's asset codes or the venue's: XBT is BTC). */
    public static double of(String base, String quote) {
        return usd(base, 10.0) / usd(quote, 1.0);
    }

    private static double usd(String asset, double otherwise) {
        return asset == null ? otherwise : USD.getOrDefault(asset.toUpperCase(Locale.ROOT), otherwise);
    }
}
