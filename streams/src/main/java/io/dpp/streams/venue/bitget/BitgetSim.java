package io.dpp.streams.venue.bitget;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.venue.ProtocolSupport;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.okx.OkxChecksum;
import io.dpp.streams.venue.simulation.Levels;
import io.dpp.streams.venue.simulation.SimVenue;
import java.util.List;

/**
 * Bitget: {@code {"event":"subscribe","arg":{..}}} acknowledges one stream, {@code ping} is
 * answered {@code pong}, and a books subscription starts with an action {@code snapshot} of the
 * replayed book carrying its checksum.
 */
final class BitgetSim implements SimVenue {

    private final OkxChecksum checksum = new OkxChecksum();

    @Override
    public Kind classify(String message) {
        if (message.contains("\"event\":")) {
            return message.contains("\"event\":\"subscribe\"") ? Kind.ACK : Kind.INFO;
        }
        return message.equals("pong") ? Kind.HEARTBEAT : Kind.DATA;
    }

    @Override
    public List<Subscription> acknowledges(String message) {
        JsonNode m = ProtocolSupport.read(message);
        if (m == null) {
            return List.of();
        }
        JsonNode arg = m.path("arg");
        String symbol = BitgetMarkets.nativeSymbol(arg.path("instType").asText(), arg.path("instId").asText());
        return symbol == null ? List.of() : List.of(new Subscription(arg.path("channel").asText(), symbol));
    }

    @Override
    public String pong(String ping) {
        return "ping".equals(ping) ? "pong" : null;
    }

    @Override
    public String snapshot(Subscription stream, InstrumentBook book, String ack, VenueDecoder decoder) {
        return snapshot(stream, book.book(), Levels.millis(book.lastChange()), checksum.compute(book.book()));
    }

    /**
     * A books snapshot message of {@code book}, as Bitget writes it; its instType is API v2's, which
     * names every market exactly (the decoder reads either version's), and {@code crc} 0 sends none.
     */
    static String snapshot(Subscription stream, io.dpp.book.SortedBook book, long millis, int crc) {
        StringBuilder sb = new StringBuilder(160 + 32 * (book.depth(true) + book.depth(false)));
        sb.append("{\"action\":\"snapshot\",\"arg\":{\"instType\":\"").append(BitgetMarkets.v2InstType(stream.symbol()))
                .append("\",\"channel\":").append(Levels.quote(stream.channel())).append(",\"instId\":")
                .append(Levels.quote(BitgetMarkets.instId(stream.symbol()))).append("},\"data\":[{\"asks\":");
        Levels.side(sb, book, false, Levels::pair);
        sb.append(",\"bids\":");
        Levels.side(sb, book, true, Levels::pair);
        return sb.append(",\"checksum\":").append(crc).append(",\"ts\":\"").append(millis).append("\"}]}").toString();
    }
}
