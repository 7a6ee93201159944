package io.dpp.streams.venue.hitbtc;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.book.SortedBook;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.venue.AbstractDecoder;
import io.dpp.streams.venue.ProtocolSupport;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.simulation.Levels;
import io.dpp.streams.venue.simulation.SimVenue;
import java.util.ArrayList;
import java.util.List;

/**
 * HitBTC and Bequant. API v3: {@code {"result":{"ch":..,"subscriptions":[..]},"id":..}}
 * acknowledges the symbols of a channel; a book subscribed again starts with an
 * {@code orderbook/full} snapshot of the replayed book, its {@code s} the last applied. API v2: an
 * answer ({@code {"jsonrpc":"2.0","result":true,"id":..}}) acknowledges a request without naming
 * it; the snapshot is a {@code snapshotOrderbook} whose {@code sequence} is the last applied.
 */
final class HitbtcSim implements SimVenue {

    @Override
    public Kind classify(String message) {
        if (message.contains("\"method\":")) {
            return Kind.DATA; // v2 notifications
        }
        if (message.contains("\"result\":")) {
            return Kind.ACK;
        }
        return message.contains("\"ch\":") ? Kind.DATA : Kind.INFO;
    }

    @Override
    public List<Subscription> acknowledges(String message) {
        JsonNode result = message.contains("\"ch\":") ? ProtocolSupport.read(message) : null;
        String channel = result == null ? null : HitbtcProtocol.channelOfV3(result.path("result").path("ch").asText());
        if (channel == null) {
            return List.of();
        }
        List<Subscription> streams = new ArrayList<>();
        for (JsonNode symbol : result.path("result").path("subscriptions")) {
            streams.add(new Subscription(channel, symbol.asText()));
        }
        return streams;
    }

    @Override
    public String snapshot(Subscription stream, InstrumentBook book, String ack, VenueDecoder decoder) {
        long millis = Levels.millis(book.lastChange());
        if (HitbtcApi.of(decoder instanceof AbstractDecoder d ? d.catalog() : null, stream.symbol()) == HitbtcApi.V3) {
            return v3Snapshot(stream.symbol(), book.book(), book.lastSequence(), millis);
        }
        StringBuilder sb = new StringBuilder(128 + 48 * (book.book().depth(true) + book.book().depth(false)));
        sb.append("{\"jsonrpc\":\"2.0\",\"method\":\"snapshotOrderbook\",\"params\":{\"ask\":");
        Levels.side(sb, book.book(), false, HitbtcSim::level);
        sb.append(",\"bid\":");
        Levels.side(sb, book.book(), true, HitbtcSim::level);
        return sb.append(",\"symbol\":").append(Levels.quote(stream.symbol())).append(",\"sequence\":").append(book.lastSequence())
                .append(",\"timestamp\":\"").append(java.time.Instant.ofEpochMilli(millis)).append("\"}}").toString();
    }

    /** An API v3 {@code orderbook/full} snapshot of a whole book. */
    static String v3Snapshot(String symbol, SortedBook book, long sequence, long millis) {
        StringBuilder sb = new StringBuilder(96 + 32 * (book.depth(true) + book.depth(false)));
        sb.append("{\"ch\":\"orderbook/full\",\"snapshot\":{").append(Levels.quote(symbol)).append(":{\"t\":").append(millis)
                .append(",\"s\":").append(sequence).append(",\"a\":");
        Levels.side(sb, book, false, Levels::pair);
        sb.append(",\"b\":");
        Levels.side(sb, book, true, Levels::pair);
        return sb.append("}}}").toString();
    }

    /** An API v2 level: {@code {"price":..,"size":..}}. */
    static void level(StringBuilder sb, String price, String size) {
        sb.append("{\"price\":\"").append(price).append("\",\"size\":\"").append(size).append("\"}");
    }
}
