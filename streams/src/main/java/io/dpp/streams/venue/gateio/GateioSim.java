package io.dpp.streams.venue.gateio;

import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.venue.ProtocolSupport;
import io.dpp.streams.venue.simulation.Levels;
import io.dpp.streams.venue.simulation.SimVenue;

/**
 * Gate.io: a subscription is answered with its channel and a status (no pair named, so nothing to
 * send again per stream); books come from the REST snapshot ({@code /api/v4/spot/order_book}, the
 * futures' {@code /api/v4/futures/usdt/order_book}), whose {@code id} is the last update the replay
 * applied, written as the flavor writes it (times in milliseconds or seconds, levels as pairs or
 * {@code {"p","s"}} objects).
 */
final class GateioSim implements SimVenue {

    private final GateioFlavor flavor;

    GateioSim(GateioFlavor flavor) {
        this.flavor = flavor;
    }

    @Override
    public Kind classify(String message) {
        if (message.contains("\"event\":\"subscribe\"") || message.contains("\"event\":\"unsubscribe\"")) {
            return Kind.ACK;
        }
        return message.contains("\"channel\":\"" + flavor.prefix + ".pong\"") ? Kind.HEARTBEAT : Kind.DATA;
    }

    @Override
    public String restSnapshotSymbol(String pathAndQuery) {
        return pathAndQuery.split("\\?", 2)[0].equals(flavor.snapshotPath) ? ProtocolSupport.query(pathAndQuery, flavor.snapshotParameter)
                : null;
    }

    @Override
    public String restSnapshot(InstrumentBook book) {
        long ms = Levels.millis(book.lastChange());
        String time = flavor.futures() ? GateioMarket.seconds(ms) : Long.toString(ms);
        StringBuilder sb = new StringBuilder(64 + 48 * (book.book().depth(true) + book.book().depth(false)));
        sb.append("{\"id\":").append(book.lastSequence()).append(",\"current\":").append(time).append(",\"update\":").append(time).append(",\"asks\":");
        Levels.side(sb, book.book(), false, flavor.futures() ? GateioMarket::level : Levels::pair);
        sb.append(",\"bids\":");
        Levels.side(sb, book.book(), true, flavor.futures() ? GateioMarket::level : Levels::pair);
        return sb.append('}').toString();
    }
}
