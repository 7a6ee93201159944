package io.dpp.core.model;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.text.AsciiSequence;

/**
 * A forced liquidation reported by a derivatives venue. {@link #side()} is the side of the
 * liquidation order: SELL when a long position was closed out.
 */
public final class Liquidation extends MarketEvent {

    private final AsciiSequence id = new AsciiSequence();
    private long price = Decimal64.NULL;
    private long amount = Decimal64.NULL;
    private Side side = Side.UNKNOWN;

    @Override
    public EventType type() {
        return EventType.LIQUIDATION;
    }

    @Override
    public void dispatchTo(MarketEventListener listener) {
        listener.onLiquidation(this);
    }

    /** The venue's id for it; empty when the venue sends none. */
    public AsciiSequence id() {
        return id;
    }

    public long price() {
        return price;
    }

    public long amount() {
        return amount;
    }

    public Side side() {
        return side;
    }

    /** Sets price, amount and side of the liquidation order. */
    public Liquidation set(long price, long amount, Side side) {
        this.price = price;
        this.amount = amount;
        this.side = side;
        return this;
    }

    /** Makes this a copy of {@code other}. */
    public Liquidation copyFrom(Liquidation other) {
        copyHeaderFrom(other);
        id.set(other.id);
        return set(other.price, other.amount, other.side);
    }

    /** Clears every field. */
    public Liquidation reset() {
        resetHeader();
        id.clear();
        return set(Decimal64.NULL, Decimal64.NULL, Side.UNKNOWN);
    }

    @Override
    public String toString() {
        StringBuilder sb = describeHeader("Liquidation").append(", id=").append(id);
        field(sb, "price", price);
        field(sb, "amount", amount);
        return sb.append(", side=").append(side).append('}').toString();
    }
}
