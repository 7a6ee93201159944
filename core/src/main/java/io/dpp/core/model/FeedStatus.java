package io.dpp.core.model;

import io.dpp.core.instrument.Instrument;
import io.dpp.core.text.AsciiSequence;

/**
 * A change in the state of a feed: for one instrument (a book went stale, was resynced) or for a
 * whole venue connection (connected, disconnected), in which case {@link #instrument()} is null.
 * Recorded like market data, so that history knows its own gaps.
 */
public final class FeedStatus extends MarketEvent {

    private final AsciiSequence reason = new AsciiSequence(64);
    private FeedState state = FeedState.DISCONNECTED;

    @Override
    public EventType type() {
        return EventType.FEED_STATUS;
    }

    @Override
    public void dispatchTo(MarketEventListener listener) {
        listener.onFeedStatus(this);
    }

    public FeedState state() {
        return state;
    }

    /** Why the state changed, in words ("sequence gap: expected 17, got 19"); may be empty. */
    public AsciiSequence reason() {
        return reason;
    }

    /** Sets the state of one instrument's feed. */
    public FeedStatus set(Instrument instrument, FeedState state) {
        instrument(instrument);
        this.state = state;
        return this;
    }

    /** Sets the state of a whole venue connection. */
    public FeedStatus setVenueWide(String venue, FeedState state) {
        venueOnly(venue);
        this.state = state;
        return this;
    }

    /** Makes this a copy of {@code other}. */
    public FeedStatus copyFrom(FeedStatus other) {
        copyHeaderFrom(other);
        reason.set(other.reason);
        state = other.state;
        return this;
    }

    /** Clears every field. */
    public FeedStatus reset() {
        resetHeader();
        reason.clear();
        state = FeedState.DISCONNECTED;
        return this;
    }

    @Override
    public String toString() {
        return describeHeader("FeedStatus").append(", state=").append(state)
                .append(", reason=").append(reason).append('}').toString();
    }
}
