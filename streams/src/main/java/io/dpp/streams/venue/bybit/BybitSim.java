package io.dpp.streams.venue.bybit;

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Bybit: a {"success":true,"request":{..}} reply acknowledges (and answers pings). A v5
 * orderbook subscription starts with a "snapshot" whose u is the last update applied; the
 * legacy orderBookL2_25 one names each level by the id the venue's later updates use (USDT
 * contracts: {"order_book":[...]} with string ids; inverse ones: a list with numeric ids).
 */
final class BybitSim implements SimVenue {

    @Override
    public Kind classify(String message) {
        if (message.contains("\"topic\"")) {
            return Kind.DATA;
        }
        return message.contains("\"op\":\"subscribe\"") ? Kind.ACK : Kind.INFO;
    }

    @Override
    public List<Subscription> acknowledges(String message) {
        JsonNode m = ProtocolSupport.read(message);
        List<Subscription> out = new ArrayList<>();
        if (m != null) {
            for (String topic : ProtocolSupport.texts(m.path("request").path("args"))) {
                int dot = topic.lastIndexOf('.');
                if (dot > 0) {
                    out.add(new Subscription(topic.substring(0, dot), topic.substring(dot + 1)));
                }
            }
        }
        return out;
    }

    @Override
    public String pong(String ping) {
        return "{\"success\":true,\"ret_msg\":\"pong\",\"conn_id\":\"dpp-sim\",\"op\":\"ping\",\"request\":{\"op\":\"ping\",\"args\":null}}";
    }

    @Override
    public String snapshot(Subscription stream, InstrumentBook book, String ack, VenueDecoder decoder) {
        SortedBook b = book.book();
        String topic = stream.channel() + "." + stream.symbol();
        if (stream.channel().startsWith("orderbook.")) {
            StringBuilder sb = new StringBuilder();
            sb.append("{\"topic\":").append(Levels.quote(topic)).append(",\"type\":\"snapshot\",\"ts\":")
                    .append(Levels.millis(book.lastChange())).append(",\"data\":{\"s\":").append(Levels.quote(stream.symbol()))
                    .append(",\"b\":");
            Levels.side(sb, b, true, Levels::pair);
            sb.append(",\"a\":");
            Levels.side(sb, b, false, Levels::pair);
            return sb.append(",\"u\":").append(book.lastSequence()).append(",\"seq\":0}}").toString();
        }
        LevelIds ids = decoder instanceof IdKeyedBooks k ? k.levelIds(book.instrument()) : null;
        if (ids == null) {
            return null;
        }
        Map<Long, Long> idOfPrice = new HashMap<>();
        ids.forEach((id, price) -> idOfPrice.put(Decimal64.stripTrailingZeros(price), id));
        boolean linear = book.instrument().quote().startsWith("USDT");
        StringBuilder rows = new StringBuilder();
        appendRows(rows, b, true, idOfPrice, stream.symbol(), linear);
        appendRows(rows, b, false, idOfPrice, stream.symbol(), linear);
        StringBuilder sb = new StringBuilder();
        sb.append("{\"topic\":").append(Levels.quote(topic)).append(",\"type\":\"snapshot\",\"data\":");
        if (linear) {
            sb.append("{\"order_book\":[").append(rows).append("]}");
        } else {
            sb.append('[').append(rows).append(']');
        }
        return sb.append(",\"cross_seq\":\"0\",\"timestamp_e6\":\"").append(book.lastChange()).append("\"}").toString();
    }

    private static void appendRows(StringBuilder sb, SortedBook b, boolean bid, Map<Long, Long> idOfPrice, String symbol,
                                   boolean linear) {
        for (int i = 0; i < b.depth(bid); i++) {
            Long id = idOfPrice.get(Decimal64.stripTrailingZeros(b.price(bid, i)));
            if (id == null) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append("{\"price\":\"").append(Decimal64.toString(b.price(bid, i))).append("\",\"symbol\":")
                    .append(Levels.quote(symbol)).append(",\"id\":");
            if (linear) {
                sb.append('"').append(id).append('"');
            } else {
                sb.append(id);
            }
            sb.append(",\"side\":\"").append(bid ? "Buy" : "Sell").append("\",\"size\":")
                    .append(Decimal64.toString(b.size(bid, i))).append('}');
        }
    }
}
