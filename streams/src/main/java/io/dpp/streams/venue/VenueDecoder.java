package io.dpp.streams.venue;

/**
 * Turns one venue connection's native traffic into normalized events on its
 * {@link io.dpp.streams.feed.FeedOutput}. One decoder per connection, used from one thread. Each
 * method receives the payload as a byte range and the local receive time (epoch microseconds).
 *
 * <p>A decoder never lets an exception escape for a bad message: it counts a decode error and
 * returns, leaving its books as they were.
 */
public interface VenueDecoder {

    /** A WebSocket connection to {@code url} was opened: per-connection state starts afresh. */
    default void onConnect(String url, long receiveTime) {
    }

    /** The client sent a message (a subscription); some venues' settings come from it. */
    default void onSent(String url, byte[] buf, int offset, int length, long receiveTime) {
    }

    /** A WebSocket message was received. */
    void onMessage(byte[] buf, int offset, int length, long receiveTime);

    /**
     * The feed has asked for the REST snapshot of an instrument's book. Decoders that create a book
     * only when something arrives for it create it now if their venue sends nothing before the
     * snapshot that names the book (Independent Reserve's events name the base currency, not the
     * pair), so that the book shows as awaiting its snapshot rather than not at all.
     */
    default void snapshotRequested(io.dpp.core.instrument.Instrument instrument) {
    }

    /** A REST response was received (an order-book snapshot). */
    default void onRest(String url, byte[] buf, int offset, int length, long receiveTime) {
    }

    /** Every book this decoder maintains, for status and top-of-book reports. */
    Iterable<io.dpp.streams.feed.InstrumentBook> books();
}
