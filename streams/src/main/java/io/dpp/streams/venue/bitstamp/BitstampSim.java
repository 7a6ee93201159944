package io.dpp.streams.venue.bitstamp;

import io.dpp.streams.venue.simulation.Levels;
import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.streams.venue.simulation.SimVenue;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.venue.ProtocolSupport;
import io.dpp.streams.venue.Subscription;
import java.util.List;

/**
 * Bitstamp: bts:subscription_succeeded acknowledges, bts:heartbeat is answered, and books come
 * from REST {@code /api/v2/order_book/PAIR} snapshots whose microtimestamp is the last change the
 * replay applied.
 */
final class BitstampSim implements SimVenue {

    private static final List<String> CHANNELS = List.of("detail_order_book", "diff_order_book", "full_order_book",
            "live_orders", "live_trades", "order_book");

    @Override
    public Kind classify(String message) {
        if (message.contains("\"bts:subscription_succeeded\"")) {
            return Kind.ACK;
        }
        if (message.contains("\"bts:heartbeat\"")) {
            return Kind.HEARTBEAT;
        }
        return message.contains("\"event\":\"bts:") ? Kind.INFO : Kind.DATA;
    }

    @Override
    public List<Subscription> acknowledges(String message) {
        JsonNode m = ProtocolSupport.read(message);
        String name = m == null ? "" : m.path("channel").asText();
        for (String c : CHANNELS) {
            if (name.startsWith(c + "_")) {
                return List.of(new Subscription(c, name.substring(c.length() + 1)));
            }
        }
        return List.of();
    }

    @Override
    public String pong(String ping) {
        return "{\"event\":\"bts:heartbeat\",\"channel\":\"\",\"data\":{\"status\":\"success\"}}";
    }

    @Override
    public String restSnapshotSymbol(String pathAndQuery) {
        String path = pathAndQuery.split("\\?", 2)[0];
        String prefix = "/api/v2/order_book/";
        if (!path.startsWith(prefix)) {
            return null;
        }
        String pair = path.substring(prefix.length());
        return pair.endsWith("/") ? pair.substring(0, pair.length() - 1) : pair;
    }

    @Override
    public String restSnapshot(InstrumentBook book) {
        long micros = book.lastSequence();
        StringBuilder sb = new StringBuilder();
        sb.append("{\"timestamp\": \"").append(micros / 1_000_000).append("\", \"microtimestamp\": \"").append(micros)
                .append("\", \"bids\": ");
        Levels.side(sb, book.book(), true, Levels::pair);
        sb.append(", \"asks\": ");
        Levels.side(sb, book.book(), false, Levels::pair);
        return sb.append('}').toString();
    }
}
