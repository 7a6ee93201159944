package io.dpp.trading.portfolio;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The position in one instrument: signed quantity (negative: short), average entry price,
 * realised profit and fees, in the instrument's settlement asset ({@link Contracts#settlement}).
 * Linear instruments (spot, linear perpetuals and futures): profit is quantity times price change,
 * in the quote, and the average is weighted by quantity. Inverse contracts (quantity in dollars,
 * settled in the coin): profit is {@code quantity x (1/entry - 1/exit)} coins, and the average entry
 * is the one that keeps it so, the quantity over the coins paid ({@code sum q / sum q/p}).
 */
public final class Position {

    private final Instrument instrument;
    private final boolean inverse;
    private BigDecimal quantity = BigDecimal.ZERO;
    private BigDecimal averagePrice = BigDecimal.ZERO;
    private BigDecimal realized = BigDecimal.ZERO;
    private BigDecimal fees = BigDecimal.ZERO;
    private BigDecimal funding = BigDecimal.ZERO;
    private BigDecimal mark;
    /**
     * The last price as the event carried it, turned into {@link #mark} only when read: a backtest
     * marks on every trade and reads the mark far less often.
     */
    private long markDecimal64 = Decimal64.NULL;

    Position(Instrument instrument) {
        this.instrument = instrument;
        this.inverse = Contracts.inverse(instrument);
    }

    public Instrument instrument() {
        return instrument;
    }

    /** Signed quantity: positive long, negative short. */
    public BigDecimal quantity() {
        return quantity;
    }

    /** Average entry price of the open quantity (0 when flat). */
    public BigDecimal averagePrice() {
        return averagePrice;
    }

    /** Realised profit so far, before fees. */
    public BigDecimal realized() {
        return realized;
    }

    public BigDecimal fees() {
        return fees;
    }

    /** Funding paid (negative) or received (positive) on a perpetual. */
    public BigDecimal funding() {
        return funding;
    }

    /** The last mark price (last trade or mid), or null before one. */
    public BigDecimal mark() {
        if (mark == null && markDecimal64 != Decimal64.NULL) {
            mark = Decimal64.toBigDecimal(markDecimal64);
        }
        return mark;
    }

    /**
     * Unrealised profit at the mark, in the settlement asset: quantity times (mark - average price),
     * or for an inverse contract quantity times (1/average - 1/mark); 0 without a mark.
     */
    public BigDecimal unrealized() {
        BigDecimal m = mark();
        if (m == null || quantity.signum() == 0) {
            return BigDecimal.ZERO;
        }
        return inverse ? Contracts.inverseProfit(quantity, averagePrice, m) : quantity.multiply(m.subtract(averagePrice));
    }

    /**
     * What the open position is worth at the mark (the average price without one), in the
     * settlement asset, as {@link Portfolio}'s cash counts it: quantity times mark for a linear
     * instrument, minus quantity over mark coins for an inverse contract (whose buys added coins to the cash).
     */
    public BigDecimal value() {
        if (quantity.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal m = mark() != null ? mark() : averagePrice;
        if (!inverse) {
            return quantity.multiply(m);
        }
        return m.signum() == 0 ? BigDecimal.ZERO : quantity.divide(m, Contracts.MATH).negate();
    }

    /** Whether the instrument is an inverse contract ({@link Contracts#inverse}), decided once for the position. */
    boolean inverse() {
        return inverse;
    }

    void mark(BigDecimal price) {
        this.mark = price;
        this.markDecimal64 = Decimal64.NULL;
    }

    /** A new mark as a {@link Decimal64}, converted when first read. */
    void mark(long decimal64Price) {
        if (decimal64Price != markDecimal64 || mark == null) {
            this.markDecimal64 = decimal64Price;
            this.mark = null;
        }
    }

    void restore(BigDecimal quantity, BigDecimal averagePrice, BigDecimal realized, BigDecimal fees, BigDecimal funding) {
        this.quantity = quantity;
        this.averagePrice = averagePrice;
        this.realized = realized;
        this.fees = fees;
        this.funding = funding;
    }

    void funding(BigDecimal amount) {
        funding = funding.add(amount);
    }

    /** Takes in a fill of {@code signed} quantity (buy positive) at {@code price}. */
    void fill(BigDecimal signed, BigDecimal price, BigDecimal fee) {
        fees = fees.add(fee);
        if (quantity.signum() == 0 || quantity.signum() == signed.signum()) {
            // Opening or adding: the average moves.
            BigDecimal total = quantity.add(signed);
            if (inverse) {
                // The dollars over the coins they cost: sum q / sum q/p.
                BigDecimal coins = signed.divide(price, Contracts.MATH);
                if (quantity.signum() != 0) {
                    coins = coins.add(quantity.divide(averagePrice, Contracts.MATH));
                }
                averagePrice = total.divide(coins, Contracts.MATH).stripTrailingZeros();
            } else {
                averagePrice = quantity.multiply(averagePrice).add(signed.multiply(price)).divide(total, MathContext.DECIMAL128)
                        .stripTrailingZeros();
            }
            quantity = total;
            return;
        }
        // Reducing, closing or flipping: profit on the closed part at the old average.
        BigDecimal closing = signed.abs().min(quantity.abs());
        BigDecimal closed = quantity.signum() > 0 ? closing : closing.negate();
        realized = realized.add(inverse ? Contracts.inverseProfit(closed, averagePrice, price) : closed.multiply(price.subtract(averagePrice)));
        BigDecimal rest = quantity.add(signed);
        if (rest.signum() == 0) {
            averagePrice = BigDecimal.ZERO;
        } else if (rest.signum() != quantity.signum()) {
            averagePrice = price; // flipped: the new side opens at this price
        }
        quantity = rest;
    }
}
