package io.dpp.trading.portfolio;

import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * How an instrument's trades count: linear (spot, and contracts margined and settled in the quote:
 * USDT perpetuals) or inverse (contracts quoted in US dollars but margined and settled in the coin:
 * Deribit's BTC-PERPETUAL, BitMEX's XBTUSD, Bybit's BTCUSD, OKX's BTC-USD-SWAP, Kraken Futures'
 * PI_XBTUSD). An inverse contract's quantity is in dollars; buying {@code q} at {@code p} exchanges
 * {@code q / p} coins, so its profit is {@code q x (1/entry - 1/exit)} coins and its fees and funding
 * are in the coin too. Which is which follows each venue's naming of its instruments (the listings
 * carry no common flag); a quanto contract (BitMEX's ETHUSD) is neither and is booked as linear.
 * Divisions are exact to {@link #MATH} (34 significant digits): venues round the coin amounts
 * they report to their own precision.
 */
public final class Contracts {

    /** The precision of an inverse contract's coin amounts. */
    public static final MathContext MATH = MathContext.DECIMAL128;

    private Contracts() {
    }

    /** Whether {@code i} is an inverse contract: quoted in dollars, margined and settled in its base coin. */
    public static boolean inverse(Instrument i) {
        if (i.type() == InstrumentType.SPOT || i.type() == InstrumentType.OPTION || !"USD".equals(i.quote())) {
            return false;
        }
        String s = i.nativeSymbol();
        return switch (i.venue()) {
            // BTC-PERPETUAL and BTC-27DEC24 are inverse; BTC_USDC-PERPETUAL is linear.
            case "deribit" -> !s.contains("_");
            // XBTUSD and XBTZ24 (inverse); ETHUSD is quanto (settled in XBT at a fixed rate), not inverse.
            case "bitmex" -> "BTC".equals(i.base());
            // BTCUSD, BTCUSDZ25: Bybit's USD contracts are all inverse.
            case "bybit" -> true;
            // BTC-USD-SWAP, BTC-USD-250328 (crypto-margined).
            case "okx" -> s.contains("-USD-");
            // PI_ and FI_ are inverse; PF_ (multi-collateral) is linear.
            case "kraken-futures" -> s.toUpperCase(Locale.ROOT).startsWith("PI_") || s.toUpperCase(Locale.ROOT).startsWith("FI_");
            default -> false;
        };
    }

    /** The asset {@code i}'s cash, fees, profit and funding are in: its base for an inverse contract, else its quote. */
    public static String settlement(Instrument i) {
        return settlement(i, inverse(i));
    }

    /** {@link #settlement(Instrument)} where whether {@code i} is inverse is known already (a position keeps it). */
    static String settlement(Instrument i, boolean inverse) {
        if (inverse) {
            return i.base();
        }
        return i.quote() == null || i.quote().isEmpty() ? "QUOTE" : i.quote();
    }

    /**
     * The amount of the settlement asset that {@code quantity} at {@code price} is worth: the
     * notional {@code quantity x price} of a linear instrument, {@code quantity / price} coins of an
     * inverse one. The fee rates apply to it.
     */
    public static BigDecimal value(Instrument i, BigDecimal quantity, BigDecimal price) {
        return value(inverse(i), quantity, price);
    }

    static BigDecimal value(boolean inverse, BigDecimal quantity, BigDecimal price) {
        return inverse ? quantity.divide(price, MATH).stripTrailingZeros() : quantity.multiply(price);
    }

    /** What {@code quantity} at {@code price} is worth in the quote (dollars): an inverse contract's quantity already is. */
    public static BigDecimal quoteValue(Instrument i, BigDecimal quantity, BigDecimal price) {
        return quoteValue(inverse(i), quantity, price);
    }

    static BigDecimal quoteValue(boolean inverse, BigDecimal quantity, BigDecimal price) {
        return inverse ? quantity : quantity.multiply(price);
    }

    /** An inverse contract's profit in coins on {@code signed} dollars (negative: short) entered at {@code entry} and left at {@code exit}. */
    public static BigDecimal inverseProfit(BigDecimal signed, BigDecimal entry, BigDecimal exit) {
        return signed.divide(entry, MATH).subtract(signed.divide(exit, MATH)).round(MATH).stripTrailingZeros();
    }

    /**
     * How a fill moves the settlement asset's cash, before fees: a linear buy pays its notional and
     * a sell receives it; an inverse buy of {@code q} dollars at {@code p} is the mirror, {@code +q/p}
     * coins, so that cash plus {@link Position#value()} is the account's worth in the coin.
     */
    static BigDecimal cashFlow(Instrument i, BigDecimal signedQuantity, BigDecimal price) {
        return cashFlow(inverse(i), signedQuantity, price);
    }

    static BigDecimal cashFlow(boolean inverse, BigDecimal signedQuantity, BigDecimal price) {
        BigDecimal v = value(inverse, signedQuantity.abs(), price);
        return inverse == signedQuantity.signum() > 0 ? v : v.negate();
    }

    /**
     * What opening a position of {@code signedQuantity} at {@code price} took from the settlement
     * asset's cash (negative: added to it): a margin wallet at the venue is that cash plus what its
     * open positions took.
     */
    public static BigDecimal paid(Instrument i, BigDecimal signedQuantity, BigDecimal price) {
        return cashFlow(i, signedQuantity, price).negate();
    }
}
