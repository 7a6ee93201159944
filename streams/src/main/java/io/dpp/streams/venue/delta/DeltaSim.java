package io.dpp.streams.venue.delta;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.venue.ProtocolSupport;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.simulation.SimVenue;
import java.util.ArrayList;
import java.util.List;

/** Delta Exchange: {@code subscriptions} acknowledges; subscribing a book again is answered with the whole book. */
final class DeltaSim implements SimVenue {

    @Override
    public Kind classify(String message) {
        if (message.contains("\"type\":\"subscriptions\"") || message.contains("\"type\": \"subscriptions\"")) {
            return Kind.ACK;
        }
        return message.contains("\"type\":\"heartbeat\"") ? Kind.HEARTBEAT : Kind.DATA;
    }

    @Override
    public List<Subscription> acknowledges(String message) {
        JsonNode m = ProtocolSupport.read(message);
        List<Subscription> out = new ArrayList<>();
        if (m != null) {
            for (JsonNode c : m.path("channels")) {
                for (String s : ProtocolSupport.texts(c.path("symbols"))) {
                    out.add(new Subscription(c.path("name").asText(), s));
                }
            }
        }
        return out;
    }

    @Override
    public String snapshot(Subscription stream, InstrumentBook book, String ack, VenueDecoder decoder) {
        return DeltaMarket.orderbook(stream.symbol(), book.lastChange(), book.book());
    }
}
