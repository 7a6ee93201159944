package io.dpp.streams.venue.kraken;

import io.dpp.streams.venue.simulation.Levels;
import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.streams.venue.simulation.SimVenue;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.venue.ProtocolSupport;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.VenueDecoder;
import java.util.List;

/**
 * Kraken WebSocket v1: subscriptionStatus acknowledges, heartbeats keep quiet connections alive,
 * {"event":"ping"} is answered with pong, and a book subscription starts with
 * {@code [channelID, {"as":[...],"bs":[...]}, "book-N", pair]}.
 */
final class KrakenSim implements SimVenue {

    @Override
    public Kind classify(String message) {
        if (!message.startsWith("{")) {
            return Kind.DATA;
        }
        if (message.contains("\"heartbeat\"")) {
            return Kind.HEARTBEAT;
        }
        return message.contains("\"subscriptionStatus\"") ? Kind.ACK : Kind.INFO;
    }

    @Override
    public List<Subscription> acknowledges(String message) {
        JsonNode m = ProtocolSupport.read(message);
        if (m == null || !"subscribed".equals(m.path("status").asText())) {
            return List.of();
        }
        JsonNode sub = m.path("subscription");
        String name = sub.path("name").asText();
        String channel = switch (name) {
            case "book" -> "book-" + sub.path("depth").asInt(10);
            case "ohlc" -> "ohlc-" + sub.path("interval").asInt(1);
            default -> name;
        };
        return List.of(new Subscription(channel, m.path("pair").asText()));
    }

    @Override
    public String pong(String ping) {
        JsonNode m = ProtocolSupport.read(ping);
        return m != null && m.has("reqid") ? "{\"event\":\"pong\",\"reqid\":" + m.path("reqid").asLong() + "}"
                : "{\"event\":\"pong\"}";
    }

    @Override
    public String snapshot(Subscription stream, InstrumentBook book, String ack, VenueDecoder decoder) {
        JsonNode a = ProtocolSupport.read(ack);
        long channelId = a == null ? 0 : a.path("channelID").asLong(0);
        String time = String.format("%.6f", Levels.millis(book.lastChange()) / 1000.0);
        StringBuilder sb = new StringBuilder();
        sb.append('[').append(channelId).append(",{\"as\":");
        Levels.side(sb, book.book(), false, (b, p, s) -> b.append("[\"").append(p).append("\",\"").append(s)
                .append("\",\"").append(time).append("\"]"));
        sb.append(",\"bs\":");
        Levels.side(sb, book.book(), true, (b, p, s) -> b.append("[\"").append(p).append("\",\"").append(s)
                .append("\",\"").append(time).append("\"]"));
        sb.append("},").append(Levels.quote(stream.channel())).append(',').append(Levels.quote(stream.symbol())).append(']');
        return sb.toString();
    }
}
