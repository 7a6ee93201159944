package io.dpp.core.model;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.text.AsciiSequence;

/** A trade (match) on the venue: price, amount, aggressor side and the venue's trade id. */
public final class Trade extends MarketEvent {

    private final AsciiSequence id = new AsciiSequence();
    private long price = Decimal64.NULL;
    private long amount = Decimal64.NULL;
    private Side side = Side.UNKNOWN;

    @Override
    public EventType type() {
        return EventType.TRADE;
    }

    @Override
    public void dispatchTo(MarketEventListener listener) {
        listener.onTrade(this);
    }

    /** The venue's trade id, as text; empty when the venue sends none. Set it through this object. */
    public AsciiSequence id() {
        return id;
    }

    /** Price as {@link Decimal64}. */
    public long price() {
        return price;
    }

    /** Amount in base units (or contracts, as the venue counts them) as {@link Decimal64}. */
    public long amount() {
        return amount;
    }

    /** Side of the aggressor (taker). */
    public Side side() {
        return side;
    }

    /** Sets price, amount and side. */
    public Trade set(long price, long amount, Side side) {
        this.price = price;
        this.amount = amount;
        this.side = side;
        return this;
    }

    /** Makes this a copy of {@code other}. */
    public Trade copyFrom(Trade other) {
        copyHeaderFrom(other);
        id.set(other.id);
        price = other.price;
        amount = other.amount;
        side = other.side;
        return this;
    }

    /** Clears every field. */
    public Trade reset() {
        resetHeader();
        id.clear();
        price = Decimal64.NULL;
        amount = Decimal64.NULL;
        side = Side.UNKNOWN;
        return this;
    }

    @Override
    public String toString() {
        StringBuilder sb = describeHeader("Trade").append(", id=").append(id);
        field(sb, "price", price);
        field(sb, "amount", amount);
        return sb.append(", side=").append(side).append('}').toString();
    }
}
