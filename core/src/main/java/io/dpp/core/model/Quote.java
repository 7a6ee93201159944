package io.dpp.core.model;

import io.dpp.core.decimal.Decimal64;

/**
 * Best bid and offer (BBO) as the venue reports it. A side with no order has price and size
 * {@link Decimal64#NULL}.
 */
public final class Quote extends MarketEvent {

    private long bidPrice = Decimal64.NULL;
    private long bidSize = Decimal64.NULL;
    private long askPrice = Decimal64.NULL;
    private long askSize = Decimal64.NULL;

    @Override
    public EventType type() {
        return EventType.QUOTE;
    }

    @Override
    public void dispatchTo(MarketEventListener listener) {
        listener.onQuote(this);
    }

    public long bidPrice() {
        return bidPrice;
    }

    public long bidSize() {
        return bidSize;
    }

    public long askPrice() {
        return askPrice;
    }

    public long askSize() {
        return askSize;
    }

    /** Sets both sides; pass {@link Decimal64#NULL} for an empty side. */
    public Quote set(long bidPrice, long bidSize, long askPrice, long askSize) {
        this.bidPrice = bidPrice;
        this.bidSize = bidSize;
        this.askPrice = askPrice;
        this.askSize = askSize;
        return this;
    }

    /** Makes this a copy of {@code other}. */
    public Quote copyFrom(Quote other) {
        copyHeaderFrom(other);
        return set(other.bidPrice, other.bidSize, other.askPrice, other.askSize);
    }

    /** Clears every field. */
    public Quote reset() {
        resetHeader();
        return set(Decimal64.NULL, Decimal64.NULL, Decimal64.NULL, Decimal64.NULL);
    }

    @Override
    public String toString() {
        StringBuilder sb = describeHeader("Quote");
        field(sb, "bidPrice", bidPrice);
        field(sb, "bidSize", bidSize);
        field(sb, "askPrice", askPrice);
        field(sb, "askSize", askSize);
        return sb.append('}').toString();
    }
}
