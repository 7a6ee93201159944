package io.dpp.streams.venue.bitfinex;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.streams.venue.simulation.SimVenue;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.venue.ProtocolSupport;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.VenueDecoder;
import java.util.List;

/**
 * Bitfinex v2: "subscribed" events acknowledge (and name the channel id), [chanId,"hb",seq] are
 * heartbeats, and a book subscription starts with {@code [chanId, [[price, count, amount], ...], seq]}
 * (amount negative for asks). With SEQ_ALL every channel message ends with a sequence number
 * counted on the connection, so the simulator renumbers them as they leave: a dropped message
 * still uses its number, and a snapshot it adds takes the next one.
 */
final class BitfinexSim implements SimVenue {

    @Override
    public Kind classify(String message) {
        if (message.startsWith("{")) {
            return message.contains("\"event\":\"subscribed\"") ? Kind.ACK : Kind.INFO;
        }
        return message.contains(",\"hb\"") ? Kind.HEARTBEAT : Kind.DATA;
    }

    @Override
    public List<Subscription> acknowledges(String message) {
        JsonNode m = ProtocolSupport.read(message);
        if (m == null) {
            return List.of();
        }
        String channel = m.path("channel").asText();
        if (channel.equals("book")) {
            channel = "book:" + m.path("prec").asText("P0") + ":" + m.path("freq").asText("F0") + ":"
                    + m.path("len").asText("25");
        }
        return List.of(new Subscription(channel, m.path("symbol").asText()));
    }

    @Override
    public String pong(String ping) {
        JsonNode m = ProtocolSupport.read(ping);
        return "{\"event\":\"pong\",\"ts\":" + System.currentTimeMillis() + ",\"cid\":"
                + (m == null ? 0 : m.path("cid").asLong(0)) + "}";
    }

    @Override
    public String snapshot(Subscription stream, InstrumentBook book, String ack, VenueDecoder decoder) {
        JsonNode a = ProtocolSupport.read(ack);
        if (a == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        sb.append('[').append(a.path("chanId").asLong()).append(",[");
        int n = 0;
        for (int i = 0; i < book.book().depth(true); i++) {
            sb.append(n++ > 0 ? "," : "").append('[').append(decimal(book.book().price(true, i))).append(",1,")
                    .append(decimal(book.book().size(true, i))).append(']');
        }
        for (int i = 0; i < book.book().depth(false); i++) {
            sb.append(n++ > 0 ? "," : "").append('[').append(decimal(book.book().price(false, i))).append(",1,-")
                    .append(decimal(book.book().size(false, i))).append(']');
        }
        return sb.append("],0]").toString();
    }

    private static String decimal(long d) {
        return io.dpp.core.decimal.Decimal64.toString(d);
    }

    @Override
    public String rewrite(String message, Numbering numbering) {
        if (!message.startsWith("[") || !message.endsWith("]")) {
            return message;
        }
        int end = message.length() - 1;
        int start = end;
        while (start > 0 && Character.isDigit(message.charAt(start - 1))) {
            start--;
        }
        if (start == end || message.charAt(start - 1) != ',') {
            return message;
        }
        return message.substring(0, start) + numbering.next() + "]";
    }
}
