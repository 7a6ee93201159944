package io.dpp.core.model;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.time.Timestamps;

/**
 * A normalized event: what every type has in common. Events are mutable flyweights, allocated
 * once (per parser, per ring-buffer slot) and overwritten for each message, so the hot path never
 * allocates. Copy one with {@code copyFrom} to keep it.
 *
 * <p>Every event carries its venue, its instrument (absent only on a venue-wide
 * {@link FeedStatus}), the venue's own timestamp ({@link Timestamps#UNKNOWN} when the venue sends
 * none) and the local receive timestamp, both in microseconds since the epoch, UTC. Prices and
 * sizes are {@link Decimal64} values.
 */
public abstract sealed class MarketEvent
        permits Execution, BookChange, Quote, Candle, DerivativeTicker, FeedStatus {

    private String venue;
    private Instrument instrument;
    private long exchangeTime = Timestamps.UNKNOWN;
    private long receiveTime = Timestamps.UNKNOWN;

    MarketEvent() {
    }

    /** The type, for dispatch and encoding. */
    public abstract EventType type();

    /** Calls the listener method for this event's type. */
    public abstract void dispatchTo(MarketEventListener listener);

    /** Venue id; set by {@link #instrument(Instrument)} or, for venue-wide events, {@link #venue(String)}. */
    public final String venue() {
        return venue;
    }

    /** The instrument; null only on a venue-wide {@link FeedStatus}. */
    public final Instrument instrument() {
        return instrument;
    }

    /** The venue's own timestamp in epoch microseconds, or {@link Timestamps#UNKNOWN}. */
    public final long exchangeTime() {
        return exchangeTime;
    }

    /** When this process received the message, in epoch microseconds. */
    public final long receiveTime() {
        return receiveTime;
    }

    /** Sets the instrument and its venue. */
    public final void instrument(Instrument instrument) {
        this.instrument = instrument;
        this.venue = instrument == null ? null : instrument.venue();
    }

    /** Sets both timestamps, epoch microseconds. */
    public final void times(long exchangeTime, long receiveTime) {
        this.exchangeTime = exchangeTime;
        this.receiveTime = receiveTime;
    }

    /** Sets the venue of an event that concerns no single instrument. */
    void venueOnly(String venue) {
        this.venue = venue;
        this.instrument = null;
    }

    final void copyHeaderFrom(MarketEvent other) {
        this.venue = other.venue;
        this.instrument = other.instrument;
        this.exchangeTime = other.exchangeTime;
        this.receiveTime = other.receiveTime;
    }

    final void resetHeader() {
        venue = null;
        instrument = null;
        exchangeTime = Timestamps.UNKNOWN;
        receiveTime = Timestamps.UNKNOWN;
    }

    /** Writes "Type{venue=.., symbol=.., exchangeTime=.., receiveTime=.." for {@link #toString()}. */
    final StringBuilder describeHeader(String name) {
        StringBuilder sb = new StringBuilder(128).append(name).append("{venue=").append(venue);
        if (instrument != null) {
            sb.append(", symbol=").append(instrument.nativeSymbol());
        }
        sb.append(", exchangeTime=").append(Timestamps.toIso(exchangeTime))
                .append(", receiveTime=").append(Timestamps.toIso(receiveTime));
        return sb;
    }

    static void field(StringBuilder sb, String name, long decimal) {
        sb.append(", ").append(name).append('=').append(Decimal64.toString(decimal));
    }
}
