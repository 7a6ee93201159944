package io.dpp.streams.venue.krakenfutures;

import io.dpp.streams.venue.simulation.Levels;
import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.streams.venue.simulation.SimVenue;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.venue.ProtocolSupport;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.VenueDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Kraken Futures: "subscribed" events acknowledge; a book subscription starts with "book_snapshot" at the last seq. */
final class KrakenFuturesSim implements SimVenue {

    @Override
    public Kind classify(String message) {
        if (message.startsWith("{\"event\"") || message.contains("\"event\":")) {
            return message.contains("\"event\":\"subscribed\"") ? Kind.ACK : Kind.INFO;
        }
        return message.contains("\"feed\":\"heartbeat\"") ? Kind.HEARTBEAT : Kind.DATA;
    }

    @Override
    public List<Subscription> acknowledges(String message) {
        JsonNode m = ProtocolSupport.read(message);
        List<Subscription> out = new ArrayList<>();
        if (m != null) {
            for (String p : ProtocolSupport.texts(m.path("product_ids"))) {
                out.add(new Subscription(m.path("feed").asText(), p.toUpperCase(Locale.ROOT)));
            }
        }
        return out;
    }

    @Override
    public String snapshot(Subscription stream, InstrumentBook book, String ack, VenueDecoder decoder) {
        StringBuilder sb = new StringBuilder();
        sb.append("{\"feed\":\"book_snapshot\",\"product_id\":").append(Levels.quote(stream.symbol()))
                .append(",\"timestamp\":").append(Levels.millis(book.lastChange()))
                .append(",\"seq\":").append(book.lastSequence()).append(",\"tickSize\":null,\"bids\":");
        Levels.side(sb, book.book(), true, KrakenFuturesSim::level);
        sb.append(",\"asks\":");
        Levels.side(sb, book.book(), false, KrakenFuturesSim::level);
        return sb.append('}').toString();
    }

    private static void level(StringBuilder sb, String price, String size) {
        sb.append("{\"price\":").append(price).append(",\"qty\":").append(size).append('}');
    }
}
