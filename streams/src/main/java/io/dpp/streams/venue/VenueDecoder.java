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

    /** A REST response was received (an order-book snapshot). */
    default void onRest(String url, byte[] buf, int offset, int length, long receiveTime) {
    }

    /** Every book this decoder maintains, for status and top-of-book reports. */
    Iterable<io.dpp.streams.feed.InstrumentBook> books();
}
