package io.dpp.core.model;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.time.Timestamps;

/**
 * An OHLCV candle (kline) over a fixed interval, either sent by the venue or derived from trades.
 * {@link #closed()} is false while the interval is still running and the values may change.
 */
public final class Candle extends MarketEvent {

    private long intervalMicros;
    private long openTime = Timestamps.UNKNOWN;
    private long open = Decimal64.NULL;
    private long high = Decimal64.NULL;
    private long low = Decimal64.NULL;
    private long close = Decimal64.NULL;
    private long volume = Decimal64.NULL;
    private long tradeCount = -1;
    private boolean closed;

    @Override
    public EventType type() {
        return EventType.CANDLE;
    }

    @Override
    public void dispatchTo(MarketEventListener listener) {
        listener.onCandle(this);
    }

    /** Length of the interval in microseconds. */
    public long intervalMicros() {
        return intervalMicros;
    }

    /** Start of the interval, epoch microseconds. */
    public long openTime() {
        return openTime;
    }

    public long open() {
        return open;
    }

    public long high() {
        return high;
    }

    public long low() {
        return low;
    }

    public long close() {
        return close;
    }

    /** Traded amount in base units as {@link Decimal64}. */
    public long volume() {
        return volume;
    }

    /** Number of trades, or -1 when unknown. */
    public long tradeCount() {
        return tradeCount;
    }

    /** True once the interval is over and the candle final. */
    public boolean closed() {
        return closed;
    }

    /** Sets the interval and its start. */
    public Candle interval(long intervalMicros, long openTime) {
        this.intervalMicros = intervalMicros;
        this.openTime = openTime;
        return this;
    }

    /** Sets the prices, volume, trade count (-1 when unknown) and whether the candle is final. */
    public Candle set(long open, long high, long low, long close, long volume, long tradeCount, boolean closed) {
        this.open = open;
        this.high = high;
        this.low = low;
        this.close = close;
        this.volume = volume;
        this.tradeCount = tradeCount;
        this.closed = closed;
        return this;
    }

    /** Makes this a copy of {@code other}. */
    public Candle copyFrom(Candle other) {
        copyHeaderFrom(other);
        interval(other.intervalMicros, other.openTime);
        return set(other.open, other.high, other.low, other.close, other.volume, other.tradeCount, other.closed);
    }

    /** Clears every field. */
    public Candle reset() {
        resetHeader();
        interval(0, Timestamps.UNKNOWN);
        return set(Decimal64.NULL, Decimal64.NULL, Decimal64.NULL, Decimal64.NULL, Decimal64.NULL, -1, false);
    }

    @Override
    public String toString() {
        StringBuilder sb = describeHeader("Candle").append(", intervalMicros=").append(intervalMicros)
                .append(", openTime=").append(Timestamps.toIso(openTime));
        field(sb, "open", open);
        field(sb, "high", high);
        field(sb, "low", low);
        field(sb, "close", close);
        field(sb, "volume", volume);
        return sb.append(", tradeCount=").append(tradeCount).append(", closed=").append(closed).append('}').toString();
    }
}
