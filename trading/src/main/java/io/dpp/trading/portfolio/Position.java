package io.dpp.trading.portfolio;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The position in one instrument: signed quantity (negative: short), average entry price,
 * realised profit and fees, in the instrument's quote asset. Linear instruments (spot, linear
 * perpetuals and futures): profit is quantity times price change.
 */
public final class Position {

    private final Instrument instrument;
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

    /** Unrealised profit at the mark: quantity times (mark - average price); 0 without a mark. */
    public BigDecimal unrealized() {
        BigDecimal m = mark();
        return m == null || quantity.signum() == 0 ? BigDecimal.ZERO : quantity.multiply(m.subtract(averagePrice));
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
            averagePrice = quantity.multiply(averagePrice).add(signed.multiply(price)).divide(total, MathContext.DECIMAL128)
                    .stripTrailingZeros();
            quantity = total;
            return;
        }
        // Reducing, closing or flipping: profit on the closed part at the old average.
        BigDecimal closing = signed.abs().min(quantity.abs());
        realized = realized.add(closing.multiply(price.subtract(averagePrice)).multiply(BigDecimal.valueOf(quantity.signum())));
        BigDecimal rest = quantity.add(signed);
        if (rest.signum() == 0) {
            averagePrice = BigDecimal.ZERO;
        } else if (rest.signum() != quantity.signum()) {
            averagePrice = price; // flipped: the new side opens at this price
        }
        quantity = rest;
    }
}
