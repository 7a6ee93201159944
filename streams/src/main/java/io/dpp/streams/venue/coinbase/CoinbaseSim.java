package io.dpp.streams.venue.coinbase;

import io.dpp.streams.venue.simulation.Levels;
import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.streams.venue.simulation.SimVenue;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.venue.ProtocolSupport;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.VenueDecoder;
import java.util.ArrayList;
import java.util.List;

/** Coinbase: a "subscriptions" message acknowledges; a level2 subscription starts with a "snapshot". */
final class CoinbaseSim implements SimVenue {

    @Override
    public Kind classify(String message) {
        if (message.contains("\"type\":\"subscriptions\"")) {
            return Kind.ACK;
        }
        if (message.contains("\"type\":\"heartbeat\"")) {
            return Kind.HEARTBEAT;
        }
        return message.contains("\"type\":\"error\"") ? Kind.INFO : Kind.DATA;
    }

    @Override
    public List<Subscription> acknowledges(String message) {
        JsonNode m = ProtocolSupport.read(message);
        List<Subscription> out = new ArrayList<>();
        if (m != null) {
            for (JsonNode c : m.path("channels")) {
                for (String p : ProtocolSupport.texts(c.path("product_ids"))) {
                    out.add(new Subscription(c.path("name").asText(), p));
                }
            }
        }
        return out;
    }

    @Override
    public String snapshot(Subscription stream, InstrumentBook book, String ack, VenueDecoder decoder) {
        StringBuilder sb = new StringBuilder();
        sb.append("{\"type\":\"snapshot\",\"product_id\":").append(Levels.quote(stream.symbol())).append(",\"bids\":");
        Levels.side(sb, book.book(), true, Levels::pair);
        sb.append(",\"asks\":");
        Levels.side(sb, book.book(), false, Levels::pair);
        return sb.append('}').toString();
    }
}
