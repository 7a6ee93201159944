package io.dpp.core.model;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.time.Timestamps;

/**
 * State of a derivative as the venue publishes it: last, mark and index price, funding and open
 * interest. Any value the venue does not send in a message is {@link Decimal64#NULL}.
 */
public final class DerivativeTicker extends MarketEvent {

    private long lastPrice = Decimal64.NULL;
    private long markPrice = Decimal64.NULL;
    private long indexPrice = Decimal64.NULL;
    private long fundingRate = Decimal64.NULL;
    private long predictedFundingRate = Decimal64.NULL;
    private long fundingTime = Timestamps.UNKNOWN;
    private long openInterest = Decimal64.NULL;

    @Override
    public EventType type() {
        return EventType.DERIVATIVE_TICKER;
    }

    @Override
    public void dispatchTo(MarketEventListener listener) {
        listener.onDerivativeTicker(this);
    }

    public long lastPrice() {
        return lastPrice;
    }

    public long markPrice() {
        return markPrice;
    }

    public long indexPrice() {
        return indexPrice;
    }

    /** Current funding rate (a fraction, not a percentage). */
    public long fundingRate() {
        return fundingRate;
    }

    /** Predicted next funding rate, where the venue gives one. */
    public long predictedFundingRate() {
        return predictedFundingRate;
    }

    /** When the current funding rate applies (next funding time), epoch microseconds, or unknown. */
    public long fundingTime() {
        return fundingTime;
    }

    /** Open interest in the venue's unit (contracts or base units) as {@link Decimal64}. */
    public long openInterest() {
        return openInterest;
    }

    /** Sets the prices. */
    public DerivativeTicker prices(long lastPrice, long markPrice, long indexPrice) {
        this.lastPrice = lastPrice;
        this.markPrice = markPrice;
        this.indexPrice = indexPrice;
        return this;
    }

    /** Sets funding: current rate, predicted rate and the time the rate applies. */
    public DerivativeTicker funding(long fundingRate, long predictedFundingRate, long fundingTime) {
        this.fundingRate = fundingRate;
        this.predictedFundingRate = predictedFundingRate;
        this.fundingTime = fundingTime;
        return this;
    }

    public DerivativeTicker openInterest(long openInterest) {
        this.openInterest = openInterest;
        return this;
    }

    /** Makes this a copy of {@code other}. */
    public DerivativeTicker copyFrom(DerivativeTicker other) {
        copyHeaderFrom(other);
        prices(other.lastPrice, other.markPrice, other.indexPrice);
        funding(other.fundingRate, other.predictedFundingRate, other.fundingTime);
        return openInterest(other.openInterest);
    }

    /** Clears every field. */
    public DerivativeTicker reset() {
        resetHeader();
        prices(Decimal64.NULL, Decimal64.NULL, Decimal64.NULL);
        funding(Decimal64.NULL, Decimal64.NULL, Timestamps.UNKNOWN);
        return openInterest(Decimal64.NULL);
    }

    @Override
    public String toString() {
        StringBuilder sb = describeHeader("DerivativeTicker");
        field(sb, "lastPrice", lastPrice);
        field(sb, "markPrice", markPrice);
        field(sb, "indexPrice", indexPrice);
        field(sb, "fundingRate", fundingRate);
        field(sb, "predictedFundingRate", predictedFundingRate);
        sb.append(", fundingTime=").append(Timestamps.toIso(fundingTime));
        field(sb, "openInterest", openInterest);
        return sb.append('}').toString();
    }
}
