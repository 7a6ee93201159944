package io.dpp.streams.venue.deribit;

import io.dpp.streams.venue.simulation.Levels;
import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.streams.venue.simulation.SimVenue;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.venue.ProtocolSupport;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.VenueDecoder;
import java.util.ArrayList;
import java.util.List;

/**
 * Deribit JSON-RPC: a subscribe's result lists the channels; public/test is answered; a book
 * subscription starts with a "snapshot" notification at the last change_id.
 */
final class DeribitSim implements SimVenue {

    @Override
    public Kind classify(String message) {
        if (message.contains("\"method\":\"subscription\"")) {
            return Kind.DATA;
        }
        if (message.contains("\"method\":\"heartbeat\"")) {
            return Kind.HEARTBEAT;
        }
        return message.contains("\"result\":[") ? Kind.ACK : Kind.INFO;
    }

    @Override
    public List<Subscription> acknowledges(String message) {
        JsonNode m = ProtocolSupport.read(message);
        List<Subscription> out = new ArrayList<>();
        if (m != null) {
            for (String channel : ProtocolSupport.texts(m.path("result"))) {
                int first = channel.indexOf('.');
                int last = channel.lastIndexOf('.');
                if (first > 0 && last > first) {
                    out.add(new Subscription(channel.substring(0, first) + channel.substring(last),
                            channel.substring(first + 1, last)));
                } else if (first > 0) {
                    out.add(new Subscription(channel.substring(0, first), channel.substring(first + 1)));
                }
            }
        }
        return out;
    }

    @Override
    public String pong(String ping) {
        JsonNode m = ProtocolSupport.read(ping);
        return "{\"jsonrpc\":\"2.0\",\"id\":" + (m == null ? 0 : m.path("id").asLong(0))
                + ",\"result\":{\"version\":\"dpp-sim\"}}";
    }

    @Override
    public String snapshot(Subscription stream, InstrumentBook book, String ack, VenueDecoder decoder) {
        int dot = stream.channel().indexOf('.');
        String channel = stream.channel().substring(0, dot) + "." + stream.symbol() + stream.channel().substring(dot);
        StringBuilder sb = new StringBuilder();
        sb.append("{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":").append(Levels.quote(channel))
                .append(",\"data\":{\"type\":\"snapshot\",\"timestamp\":").append(Levels.millis(book.lastChange()))
                .append(",\"instrument_name\":").append(Levels.quote(stream.symbol()))
                .append(",\"change_id\":").append(book.lastSequence()).append(",\"bids\":");
        Levels.side(sb, book.book(), true, DeribitSim::level);
        sb.append(",\"asks\":");
        Levels.side(sb, book.book(), false, DeribitSim::level);
        return sb.append("}}}").toString();
    }

    private static void level(StringBuilder sb, String price, String size) {
        sb.append("[\"new\",").append(price).append(',').append(size).append(']');
    }
}
