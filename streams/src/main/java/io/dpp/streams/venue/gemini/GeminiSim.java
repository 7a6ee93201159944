package io.dpp.streams.venue.gemini;

import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.simulation.Levels;
import io.dpp.streams.venue.simulation.SimVenue;

/**
 * Gemini: nothing acknowledges a subscription; an {@code l2} subscription starts with an
 * {@code l2_updates} holding the whole book and the recent trades (none here), which is what marks
 * it a snapshot. Heartbeats are never sent again.
 */
final class GeminiSim implements SimVenue {

    @Override
    public Kind classify(String message) {
        return message.startsWith("{\"type\":\"heartbeat\"") ? Kind.HEARTBEAT : Kind.DATA;
    }

    @Override
    public String snapshot(Subscription stream, InstrumentBook book, String ack, VenueDecoder decoder) {
        StringBuilder sb = new StringBuilder("{\"type\":\"l2_updates\",\"symbol\":").append(Levels.quote(stream.symbol())).append(",\"changes\":[");
        int n = 0;
        for (int pass = 0; pass < 2; pass++) {
            boolean bid = pass == 0;
            for (int i = 0; i < book.book().depth(bid); i++) {
                sb.append(n++ == 0 ? "" : ",").append("[\"").append(bid ? "buy" : "sell").append("\",\"")
                        .append(io.dpp.core.decimal.Decimal64.toString(book.book().price(bid, i))).append("\",\"")
                        .append(io.dpp.core.decimal.Decimal64.toString(book.book().size(bid, i))).append("\"]");
            }
        }
        return sb.append("],\"trades\":[],\"auction_events\":[]}").toString();
    }
}
