package io.dpp.streams.venue.gateio;

import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.venue.ProtocolSupport;
import io.dpp.streams.venue.simulation.Levels;
import io.dpp.streams.venue.simulation.SimVenue;

/**
 * Gate.io: a subscription is answered with its channel and a status (no pair named, so nothing to
 * send again per stream); books come from the REST snapshot {@code /api/v4/spot/order_book}, whose
 * {@code id} is the last update the replay applied.
 */
final class GateioSim implements SimVenue {

    @Override
    public Kind classify(String message) {
        if (message.contains("\"event\":\"subscribe\"") || message.contains("\"event\":\"unsubscribe\"")) {
            return Kind.ACK;
        }
        return message.contains("\"channel\":\"spot.pong\"") ? Kind.HEARTBEAT : Kind.DATA;
    }

    @Override
    public String restSnapshotSymbol(String pathAndQuery) {
        return pathAndQuery.split("\\?", 2)[0].equals("/api/v4/spot/order_book") ? ProtocolSupport.query(pathAndQuery, "currency_pair") : null;
    }

    @Override
    public String restSnapshot(InstrumentBook book) {
        long ms = Levels.millis(book.lastChange());
        StringBuilder sb = new StringBuilder(64 + 48 * (book.book().depth(true) + book.book().depth(false)));
        sb.append("{\"id\":").append(book.lastSequence()).append(",\"current\":").append(ms).append(",\"update\":").append(ms).append(",\"asks\":");
        Levels.side(sb, book.book(), false, Levels::pair);
        sb.append(",\"bids\":");
        Levels.side(sb, book.book(), true, Levels::pair);
        return sb.append('}').toString();
    }
}
