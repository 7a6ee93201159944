package io.dpp.core.model;

/** A trade (match) on the venue: price, amount, aggressor side and the venue's trade id. */
public final class Trade extends Execution {

    @Override
    public EventType type() {
        return EventType.TRADE;
    }

    @Override
    public void dispatchTo(MarketEventListener listener) {
        listener.onTrade(this);
    }

    /** Sets price, amount and the aggressor's side. */
    public Trade set(long price, long amount, Side side) {
        setExecution(price, amount, side);
        return this;
    }

    /** Makes this a copy of {@code other}. */
    public Trade copyFrom(Trade other) {
        copyExecutionFrom(other);
        return this;
    }

    /** Clears every field. */
    public Trade reset() {
        resetExecution();
        return this;
    }

    @Override
    public String toString() {
        return describeExecution("Trade");
    }
}
