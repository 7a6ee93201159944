package io.dpp.streams.venue.bitcom;

import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.simulation.Levels;
import io.dpp.streams.venue.simulation.SimVenue;

/**
 * Bit.com: a {@code subscription} message acknowledges channels (naming no market, so nothing to
 * send again per stream), and a depth subscription starts with a snapshot of the replayed book at
 * its sequence.
 */
final class BitcomSim implements SimVenue {

    private final boolean linear;

    BitcomSim(boolean linear) {
        this.linear = linear;
    }

    @Override
    public Kind classify(String message) {
        if (message.contains("\"channel\":\"subscription\"")) {
            return Kind.ACK;
        }
        return message.contains("\"channel\":\"pong\"") ? Kind.HEARTBEAT : Kind.DATA;
    }

    @Override
    public String snapshot(Subscription stream, InstrumentBook book, String ack, VenueDecoder decoder) {
        return snapshot(linear, stream.symbol(), book.book(), book.lastSequence(), Levels.millis(book.lastChange()));
    }

    /** A depth snapshot message, as Bit.com writes it. */
    static String snapshot(boolean linear, String symbol, io.dpp.book.SortedBook book, long sequence, long millis) {
        StringBuilder sb = new StringBuilder(160 + 40 * (book.depth(true) + book.depth(false)));
        sb.append("{\"channel\":\"depth\",\"timestamp\":").append(millis).append(",\"data\":{\"type\":\"snapshot\",\"")
                .append(linear ? "instrument_id" : "pair").append("\":").append(Levels.quote(symbol)).append(",\"sequence\":").append(sequence)
                .append(",\"bids\":");
        Levels.side(sb, book, true, Levels::pair);
        sb.append(",\"asks\":");
        Levels.side(sb, book, false, Levels::pair);
        return sb.append("},\"module\":\"").append(linear ? "linear" : "spot").append("\"}").toString();
    }
}
