package io.dpp.streams.venue.poloniex;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.venue.ProtocolSupport;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.simulation.Levels;
import io.dpp.streams.venue.simulation.SimVenue;
import java.util.ArrayList;
import java.util.List;

/**
 * Poloniex: a subscription is answered by channel with its symbols; a {@code book_lv2} subscription
 * starts with a snapshot whose {@code id} is the last one the replay applied; a ping is answered
 * with {@code {"event":"pong"}}.
 */
final class PoloniexSim implements SimVenue {

    @Override
    public Kind classify(String message) {
        if (message.startsWith("{\"event\"")) {
            return message.startsWith("{\"event\":\"subscribe\"") ? Kind.ACK
                    : message.startsWith("{\"event\":\"pong\"") ? Kind.HEARTBEAT : Kind.INFO;
        }
        return Kind.DATA;
    }

    @Override
    public List<Subscription> acknowledges(String message) {
        JsonNode m = ProtocolSupport.read(message);
        List<Subscription> out = new ArrayList<>();
        if (m != null) {
            String channel = m.path("channel").asText();
            for (String symbol : ProtocolSupport.texts(m.path("symbols"))) {
                out.add(new Subscription(channel, symbol));
            }
        }
        return out;
    }

    @Override
    public String pong(String ping) {
        return "{\"event\":\"pong\"}";
    }

    @Override
    public String snapshot(Subscription stream, InstrumentBook book, String ack, VenueDecoder decoder) {
        long ms = Levels.millis(book.lastChange());
        StringBuilder sb = new StringBuilder(96 + 48 * (book.book().depth(true) + book.book().depth(false)));
        sb.append("{\"channel\":\"book_lv2\",\"data\":[{\"symbol\":").append(Levels.quote(stream.symbol())).append(",\"createTime\":")
                .append(ms).append(",\"asks\":");
        Levels.side(sb, book.book(), false, Levels::pair);
        sb.append(",\"bids\":");
        Levels.side(sb, book.book(), true, Levels::pair);
        sb.append(",\"lastId\":").append(book.lastSequence() - 1).append(",\"id\":").append(book.lastSequence()).append(",\"ts\":").append(ms);
        return sb.append("}],\"action\":\"snapshot\"}").toString();
    }
}
