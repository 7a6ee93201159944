package io.dpp.streams.venue.simulation;

/**
 * An instrument's ticker as a synthetic market model keeps it. Prices and amounts are
 * {@link io.dpp.core.decimal.Decimal64} at the instrument's tick and lot scales; the funding rate
 * is a Decimal64 at scale 8. Read it within {@link MarketSink#ticker}; the model reuses it.
 */
public final class TickerState {

    long last;
    long mark;
    long index;
    long bidPrice;
    long bidSize;
    long askPrice;
    long askSize;
    long fundingRate;
    long nextFundingTime;
    long openInterest;
    long volume24h;
    long open24h;
    long high24h;
    long low24h;

    /** Sets the last traded, mark and index prices. */
    public void prices(long last, long mark, long index) {
        this.last = last;
        this.mark = mark;
        this.index = index;
    }

    /** Sets the best bid and ask. */
    public void top(long bidPrice, long bidSize, long askPrice, long askSize) {
        this.bidPrice = bidPrice;
        this.bidSize = bidSize;
        this.askPrice = askPrice;
        this.askSize = askSize;
    }

    /** Sets the funding rate and the time of the next funding (epoch micros). */
    public void funding(long rate, long nextTime) {
        this.fundingRate = rate;
        this.nextFundingTime = nextTime;
    }

    /** Sets the open interest and the day's volume, open, high and low. */
    public void day(long openInterest, long volume, long open, long high, long low) {
        this.openInterest = openInterest;
        this.volume24h = volume;
        this.open24h = open;
        this.high24h = high;
        this.low24h = low;
    }

    /** Last traded price. */
    public long last() {
        return last;
    }

    /** Mark price (derivatives): the fair price, rounded to the tick. */
    public long mark() {
        return mark;
    }

    /** Index price (derivatives): the spot reference, a few ticks from the mark. */
    public long index() {
        return index;
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

    /** Funding rate of the current interval (perpetuals), scale 8. */
    public long fundingRate() {
        return fundingRate;
    }

    /** When the current funding interval ends (epoch micros, perpetuals; 8-hour intervals). */
    public long nextFundingTime() {
        return nextFundingTime;
    }

    /** Open interest in base units (derivatives), at the lot scale. */
    public long openInterest() {
        return openInterest;
    }

    /** Traded amount since the model started, at the lot scale. */
    public long volume24h() {
        return volume24h;
    }

    public long open24h() {
        return open24h;
    }

    public long high24h() {
        return high24h;
    }

    public long low24h() {
        return low24h;
    }
}
