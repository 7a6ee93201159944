package io.dpp.streams.venue.simulation;

import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.VenueDecoder;
import java.util.List;

/**
 * What the simulator must know of a venue beyond replaying its capture: which received messages
 * acknowledge subscriptions (to send again when a client resumes), how the venue answers a
 * ping, and how it writes a book snapshot (over the socket, or as a REST response) from the
 * book as the replay has built it so far. Snapshots carry exactly the replayed levels; fields
 * DPP does not keep (order counts) are written as 1.
 */
public interface SimVenue {

    /** What a received message is. */
    enum Kind {
        /** Market data. */
        DATA,
        /** Acknowledges subscriptions. */
        ACK,
        /** A notice (welcome, system status): sent again to a resuming client. */
        INFO,
        /** A heartbeat: never sent again. */
        HEARTBEAT
    }

    /** How the venue frames its messages on the socket. */
    enum Frames {
        /** Text frames (most venues). */
        TEXT,
        /** Binary frames holding the message's UTF-8 bytes (Upbit). */
        BINARY,
        /** Binary frames holding the message gzip-compressed (Huobi). */
        GZIP
    }

    /** Classifies a captured received message. */
    Kind classify(String message);

    /** How the simulator frames the messages it sends for this venue. */
    default Frames frames() {
        return Frames.TEXT;
    }

    /** The streams an {@link Kind#ACK} message acknowledges. */
    default List<Subscription> acknowledges(String message) {
        return List.of();
    }

    /** The venue's answer to a client's ping message, or null (WebSocket ping frames are answered by the server). */
    default String pong(String ping) {
        return null;
    }

    /**
     * A WebSocket message carrying a snapshot of {@code book} for {@code stream}, as the venue
     * sends after a subscribe; null for venues whose snapshots come over REST.
     *
     * @param ack     the captured acknowledgement of the stream (channel ids live there), or null
     * @param decoder the replay's decoder (level ids of id-keyed books)
     */
    default String snapshot(Subscription stream, InstrumentBook book, String ack, VenueDecoder decoder) {
        return null;
    }

    /**
     * The venue's answer to a request for a connection token ({@link io.dpp.streams.venue.VenueProtocol#connectTokenPath()}),
     * naming the simulator's own socket ({@code wsUrl}, the venue's WebSocket base on the simulator)
     * as the server to connect to; null when the path asks for none.
     */
    default String connectToken(String pathAndQuery, String wsUrl) {
        return null;
    }

    /** REST venues: the native symbol a REST snapshot path asks for, or null when the path is no snapshot. */
    default String restSnapshotSymbol(String pathAndQuery) {
        return null;
    }

    /**
     * REST venues: the native symbol whose snapshot a recorded REST URL fetched, or null when it
     * fetched none. A recording made through the simulator has the venue's prefix before the path
     * ({@code http://host/bitstamp/api/v2/order_book/btcusd}); the venue's own has none.
     */
    default String recordedSnapshotSymbol(String venueId, String url) {
        String path = url.replaceFirst("^[a-zA-Z]+://[^/?]+", "");
        String prefix = "/" + venueId + "/";
        return restSnapshotSymbol(path.startsWith(prefix) ? path.substring(prefix.length() - 1) : path);
    }

    /** REST venues: the snapshot response body of a book. */
    default String restSnapshot(InstrumentBook book) {
        return null;
    }

    /**
     * REST venues: the snapshot response body of a book, for venues whose snapshot needs more than
     * the levels (Independent Reserve lists orders, whose ids its later messages name: the replay's
     * decoder keeps them).
     */
    default String restSnapshot(InstrumentBook book, VenueDecoder decoder) {
        return restSnapshot(book);
    }

    /**
     * Rewrites a message as it leaves on a connection; Bitfinex numbers every channel message on a
     * connection (SEQ_ALL), so its messages are renumbered per connection.
     */
    default String rewrite(String message, Numbering numbering) {
        return message;
    }

    /** A per-connection counter for {@link #rewrite}. */
    final class Numbering {
        private long last;

        public long next() {
            return ++last;
        }
    }
}
