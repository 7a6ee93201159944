package io.dpp.streams.venue.binance;

import io.dpp.streams.venue.simulation.Levels;
import io.dpp.streams.venue.simulation.SimVenue;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.venue.ProtocolSupport;

/**
 * Binance (every {@link BinanceFlavor}): streams are named in the URL, so there is nothing to
 * acknowledge; books come from REST {@code /depth} snapshots whose lastUpdateId is the last
 * update the replay applied.
 */
final class BinanceSim implements SimVenue {

    private final BinanceFlavor flavor;

    BinanceSim(BinanceFlavor flavor) {
        this.flavor = flavor;
    }

    @Override
    public Kind classify(String message) {
        return message.startsWith("{\"result\"") || message.contains("\"id\":") && message.contains("\"result\"")
                ? Kind.ACK : Kind.DATA;
    }

    @Override
    public String restSnapshotSymbol(String pathAndQuery) {
        String path = pathAndQuery.split("\\?", 2)[0];
        if (!path.equals(flavor.depthPath())) {
            return null;
        }
        return ProtocolSupport.query(pathAndQuery, "symbol");
    }

    @Override
    public String restSnapshot(InstrumentBook book) {
        StringBuilder sb = new StringBuilder(64 + 48 * (book.book().depth(true) + book.book().depth(false)));
        sb.append("{\"lastUpdateId\":").append(book.lastSequence());
        if (flavor.futures) {
            long ms = Levels.millis(book.lastChange());
            sb.append(",\"E\":").append(ms).append(",\"T\":").append(ms);
        }
        sb.append(",\"bids\":");
        Levels.side(sb, book.book(), true, Levels::pair);
        sb.append(",\"asks\":");
        Levels.side(sb, book.book(), false, Levels::pair);
        return sb.append('}').toString();
    }
}
