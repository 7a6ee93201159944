package io.dpp.core.model;

/**
 * A forced liquidation reported by a derivatives venue. {@link #side()} is the side of the
 * liquidation order: SELL when a long position was closed out.
 */
public final class Liquidation extends Execution {

    @Override
    public EventType type() {
        return EventType.LIQUIDATION;
    }

    @Override
    public void dispatchTo(MarketEventListener listener) {
        listener.onLiquidation(this);
    }

    /** Sets price, amount and the side of the liquidation order. */
    public Liquidation set(long price, long amount, Side side) {
        setExecution(price, amount, side);
        return this;
    }

    /** Makes this a copy of {@code other}. */
    public Liquidation copyFrom(Liquidation other) {
        copyExecutionFrom(other);
        return this;
    }

    /** Clears every field. */
    public Liquidation reset() {
        resetExecution();
        return this;
    }

    @Override
    public String toString() {
        return describeExecution("Liquidation");
    }
}
