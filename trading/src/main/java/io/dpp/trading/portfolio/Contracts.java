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
        if (inverse(i)) {
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
        if (inverse(i)) {
            return quantity.divide(price, MATH).stripTrailingZeros();
        }
        return quantity.multiply(price);
    }

    /** What {@code quantity} at {@code price} is worth in the quote (dollars): an inverse contract's quantity already is. */
    public static BigDecimal quoteValue(Instrument i, BigDecimal quantity, BigDecimal price) {
        return inverse(i) ? quantity : quantity.multiply(price);
    }

    /**
     * How a fill moves the settlement asset's cash, before fees: a linear buy pays its notional and
     * a sell receives it; an inverse buy of {@code q} dollars at {@code p} is the mirror, {@code +q/p}
     * coins, so that cash plus {@link Position#value()} is the account's worth in the coin.
     */
    static BigDecimal cashFlow(Instrument i, BigDecimal signedQuantity, BigDecimal price) {
        BigDecimal v = value(i, signedQuantity.abs(), price);
        boolean buy = signedQuantity.signum() > 0;
        return inverse(i) == buy ? v : v.negate();
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
