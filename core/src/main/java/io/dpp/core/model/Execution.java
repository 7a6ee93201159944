package io.dpp.core.model;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.text.AsciiSequence;

/**
 * What a {@link Trade} and a {@link Liquidation} share: the venue's id, a price, an amount and a
 * side, all reused in place like every event field.
 */
public abstract sealed class Execution extends MarketEvent permits Trade, Liquidation {

    private final AsciiSequence id = new AsciiSequence();
    private long price = Decimal64.NULL;
    private long amount = Decimal64.NULL;
    private Side side = Side.UNKNOWN;

    Execution() {
    }

    /** The venue's id, as text; empty when the venue sends none. Set it through this object. */
    public final AsciiSequence id() {
        return id;
    }

    /** Price as {@link Decimal64}. */
    public final long price() {
        return price;
    }

    /** Amount in base units (or contracts, as the venue counts them) as {@link Decimal64}. */
    public final long amount() {
        return amount;
    }

    /** The side: the aggressor's for a trade, the liquidation order's for a liquidation. */
    public final Side side() {
        return side;
    }

    final void setExecution(long price, long amount, Side side) {
        this.price = price;
        this.amount = amount;
        this.side = side;
    }

    final void copyExecutionFrom(Execution other) {
        copyHeaderFrom(other);
        id.set(other.id);
        setExecution(other.price, other.amount, other.side);
    }

    final void resetExecution() {
        resetHeader();
        id.clear();
        setExecution(Decimal64.NULL, Decimal64.NULL, Side.UNKNOWN);
    }

    final String describeExecution(String name) {
        StringBuilder sb = describeHeader(name).append(", id=").append(id);
        field(sb, "price", price);
        field(sb, "amount", amount);
        return sb.append(", side=").append(side).append('}').toString();
    }
}
