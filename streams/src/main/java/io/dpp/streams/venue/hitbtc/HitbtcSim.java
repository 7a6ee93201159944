package io.dpp.streams.venue.hitbtc;

import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.simulation.Levels;
import io.dpp.streams.venue.simulation.SimVenue;

/**
 * HitBTC and Bequant: an answer ({@code {"jsonrpc":"2.0","result":true,"id":..}}) acknowledges a
 * request without naming it; a book subscribed again starts with its snapshot from the replayed
 * book, its {@code sequence} the last applied.
 */
final class HitbtcSim implements SimVenue {

    @Override
    public Kind classify(String message) {
        return message.contains("\"method\":") ? Kind.DATA : message.contains("\"result\":") ? Kind.ACK : Kind.INFO;
    }

    @Override
    public String snapshot(Subscription stream, InstrumentBook book, String ack, VenueDecoder decoder) {
        StringBuilder sb = new StringBuilder(128 + 48 * (book.book().depth(true) + book.book().depth(false)));
        sb.append("{\"jsonrpc\":\"2.0\",\"method\":\"snapshotOrderbook\",\"params\":{\"ask\":");
        Levels.side(sb, book.book(), false, HitbtcSim::level);
        sb.append(",\"bid\":");
        Levels.side(sb, book.book(), true, HitbtcSim::level);
        long millis = Levels.millis(book.lastChange());
        return sb.append(",\"symbol\":").append(Levels.quote(stream.symbol())).append(",\"sequence\":").append(book.lastSequence())
                .append(",\"timestamp\":\"").append(java.time.Instant.ofEpochMilli(millis)).append("\"}}").toString();
    }

    static void level(StringBuilder sb, String price, String size) {
        sb.append("{\"price\":\"").append(price).append("\",\"size\":\"").append(size).append("\"}");
    }
}
