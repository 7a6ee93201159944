package io.dpp.streams.venue.okx;

import io.dpp.streams.venue.simulation.Levels;
import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.streams.venue.simulation.SimVenue;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.venue.ProtocolSupport;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.okx.OkxChecksum;
import java.util.List;

/**
 * OKX v5: {"event":"subscribe"} acknowledges, "ping" is answered "pong", and a books
 * subscription starts with an action "snapshot" carrying OKX's CRC32 of the top 25 levels.
 */
final class OkxSim implements SimVenue {

    private final OkxChecksum checksum = new OkxChecksum();

    @Override
    public Kind classify(String message) {
        if (message.startsWith("{\"event\"") || message.contains("\"event\":")) {
            return message.contains("\"event\":\"subscribe\"") ? Kind.ACK : Kind.INFO;
        }
        return Kind.DATA;
    }

    @Override
    public List<Subscription> acknowledges(String message) {
        JsonNode m = ProtocolSupport.read(message);
        if (m == null) {
            return List.of();
        }
        JsonNode arg = m.path("arg");
        return List.of(new Subscription(arg.path("channel").asText(), arg.path("instId").asText()));
    }

    @Override
    public String pong(String ping) {
        return "ping".equals(ping) ? "pong" : null;
    }

    @Override
    public String snapshot(Subscription stream, InstrumentBook book, String ack, VenueDecoder decoder) {
        int crc = checksum.compute(book.book());
        StringBuilder sb = new StringBuilder();
        sb.append("{\"arg\":{\"channel\":").append(Levels.quote(stream.channel())).append(",\"instId\":")
                .append(Levels.quote(stream.symbol())).append("},\"action\":\"snapshot\",\"data\":[{\"asks\":");
        Levels.side(sb, book.book(), false, OkxSim::level);
        sb.append(",\"bids\":");
        Levels.side(sb, book.book(), true, OkxSim::level);
        sb.append(",\"ts\":\"").append(Levels.millis(book.lastChange())).append("\",\"checksum\":").append(crc).append("}]}");
        return sb.toString();
    }

    private static void level(StringBuilder sb, String price, String size) {
        sb.append("[\"").append(price).append("\",\"").append(size).append("\",\"0\",\"1\"]");
    }
}
