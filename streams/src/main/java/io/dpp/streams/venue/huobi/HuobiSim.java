package io.dpp.streams.venue.huobi;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.venue.ProtocolSupport;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.simulation.SimVenue;
import java.util.List;

/**
 * Huobi: a topic is acknowledged with {@code subbed}; the recorded pings are not sent again (the
 * client's WebSocket pings keep it alive here); asking for a depth topic again is answered with the
 * whole book. Every message goes out gzip-compressed, as Huobi sends it.
 */
final class HuobiSim implements SimVenue {

    @Override
    public Kind classify(String message) {
        if (message.startsWith("{\"ping\"")) {
            return Kind.HEARTBEAT;
        }
        return message.contains("\"subbed\"") || message.contains("\"unsubbed\"") ? Kind.ACK
                : message.contains("\"ch\"") ? Kind.DATA : Kind.INFO;
    }

    @Override
    public List<Subscription> acknowledges(String message) {
        JsonNode m = ProtocolSupport.read(message);
        if (m == null) {
            return List.of();
        }
        String[] parts = m.path("subbed").asText().split("\\.", 3);
        return parts.length == 3 ? List.of(new Subscription(parts[2], parts[1])) : List.of();
    }

    @Override
    public Frames frames() {
        return Frames.GZIP;
    }

    @Override
    public String snapshot(Subscription stream, InstrumentBook book, String ack, VenueDecoder decoder) {
        return HuobiMarket.depth(stream, io.dpp.streams.venue.simulation.Levels.millis(book.lastChange()), book.book());
    }
}
