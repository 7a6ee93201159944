package io.dpp.streams.venue.bitmex;

import io.dpp.streams.venue.simulation.Levels;
import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.decimal.Decimal64;
import io.dpp.streams.venue.simulation.SimVenue;
import io.dpp.book.LevelIds;
import io.dpp.book.SortedBook;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.venue.IdKeyedBooks;
import io.dpp.streams.venue.ProtocolSupport;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.VenueDecoder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * BitMEX: {"success":true,"subscribe":"TABLE:SYMBOL"} acknowledges, "ping" is answered "pong",
 * and an orderBookL2 subscription starts with a "partial" naming each level by the id the later
 * updates use.
 */
final class BitmexSim implements SimVenue {

    @Override
    public Kind classify(String message) {
        if (message.contains("\"table\"")) {
            return Kind.DATA;
        }
        return message.contains("\"subscribe\"") ? Kind.ACK : Kind.INFO;
    }

    @Override
    public List<Subscription> acknowledges(String message) {
        JsonNode m = ProtocolSupport.read(message);
        String arg = m == null ? "" : m.path("subscribe").asText();
        int colon = arg.indexOf(':');
        return colon > 0 ? List.of(new Subscription(arg.substring(0, colon), arg.substring(colon + 1))) : List.of();
    }

    @Override
    public String pong(String ping) {
        return "ping".equals(ping) ? "pong" : null;
    }

    @Override
    public String snapshot(Subscription stream, InstrumentBook book, String ack, VenueDecoder decoder) {
        LevelIds ids = decoder instanceof IdKeyedBooks k ? k.levelIds(book.instrument()) : null;
        Map<Long, Long> idOfPrice = new HashMap<>();
        if (ids != null) {
            ids.forEach((id, price) -> idOfPrice.put(Decimal64.stripTrailingZeros(price), id));
        }
        SortedBook b = book.book();
        StringBuilder rows = new StringBuilder();
        for (boolean bid : new boolean[] {false, true}) {
            for (int i = 0; i < b.depth(bid); i++) {
                Long id = idOfPrice.get(Decimal64.stripTrailingZeros(b.price(bid, i)));
                if (id == null) {
                    return null; // a level without a known id cannot be written faithfully
                }
                if (rows.length() > 0) {
                    rows.append(',');
                }
                rows.append("{\"symbol\":").append(Levels.quote(stream.symbol())).append(",\"id\":").append(id)
                        .append(",\"side\":\"").append(bid ? "Buy" : "Sell").append("\",\"size\":")
                        .append(Decimal64.toString(b.size(bid, i))).append(",\"price\":")
                        .append(Decimal64.toString(b.price(bid, i))).append('}');
            }
        }
        return "{\"table\":" + Levels.quote(stream.channel()) + ",\"action\":\"partial\",\"keys\":[\"symbol\",\"id\",\"side\"],"
                + "\"filter\":{\"symbol\":" + Levels.quote(stream.symbol()) + "},\"data\":[" + rows + "]}";
    }
}
