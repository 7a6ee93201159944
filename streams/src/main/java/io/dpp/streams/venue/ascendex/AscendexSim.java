package io.dpp.streams.venue.ascendex;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.venue.ProtocolSupport;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.simulation.Levels;
import io.dpp.streams.venue.simulation.SimVenue;
import java.util.List;

/**
 * AscendEX: {@code {"m":"connected"}} greets a connection, {@code {"m":"sub","ch":"depth:BTC/USDT"}}
 * acknowledges one stream, the server's pings and answers to the client's are heartbeats; a
 * depth-snapshot request is answered from the replayed book, its {@code seqnum} the last applied.
 */
final class AscendexSim implements SimVenue {

    @Override
    public Kind classify(String message) {
        if (message.startsWith("{\"m\":\"sub\"")) {
            return Kind.ACK;
        }
        if (message.startsWith("{\"m\":\"ping\"") || message.startsWith("{\"m\":\"pong\"")) {
            return Kind.HEARTBEAT;
        }
        if (message.startsWith("{\"m\":\"depth") || message.startsWith("{\"m\":\"trades\"")) {
            return Kind.DATA;
        }
        return Kind.INFO; // connected, errors
    }

    @Override
    public List<Subscription> acknowledges(String message) {
        JsonNode m = ProtocolSupport.read(message);
        String ch = m == null ? "" : m.path("ch").asText();
        int colon = ch.indexOf(':');
        return colon <= 0 ? List.of() : List.of(new Subscription(ch.substring(0, colon), ch.substring(colon + 1)));
    }

    @Override
    public String pong(String ping) {
        return "{\"m\":\"pong\",\"hp\":3}";
    }

    @Override
    public String snapshot(Subscription stream, InstrumentBook book, String ack, VenueDecoder decoder) {
        return snapshot(stream.symbol(), Levels.millis(book.lastChange()), book.lastSequence(), book);
    }

    static String snapshot(String symbol, long millis, long seqnum, InstrumentBook book) {
        StringBuilder sb = new StringBuilder(96 + 32 * (book.book().depth(true) + book.book().depth(false)));
        sb.append("{\"m\":\"depth-snapshot\",\"symbol\":").append(Levels.quote(symbol)).append(",\"data\":{\"ts\":").append(millis)
                .append(",\"seqnum\":").append(seqnum).append(",\"asks\":");
        Levels.side(sb, book.book(), false, Levels::pair);
        sb.append(",\"bids\":");
        Levels.side(sb, book.book(), true, Levels::pair);
        return sb.append("}}").toString();
    }
}
