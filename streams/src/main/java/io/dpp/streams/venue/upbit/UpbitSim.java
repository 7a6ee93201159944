package io.dpp.streams.venue.upbit;

import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.simulation.SimVenue;

/**
 * Upbit: nothing acknowledges a request; an orderbook message is the whole book, so asking again is
 * answered with one; a ping is answered {@code {"status":"UP"}}. Messages go out in binary frames,
 * as Upbit sends them.
 */
final class UpbitSim implements SimVenue {

    @Override
    public Kind classify(String message) {
        return message.startsWith("{\"status\"") ? Kind.HEARTBEAT : Kind.DATA;
    }

    @Override
    public Frames frames() {
        return Frames.BINARY;
    }

    @Override
    public String pong(String ping) {
        return "{\"status\":\"UP\"}";
    }

    @Override
    public String snapshot(Subscription stream, InstrumentBook book, String ack, VenueDecoder decoder) {
        return UpbitMarket.orderbook(stream.symbol(), io.dpp.streams.venue.simulation.Levels.millis(book.lastChange()), book.book());
    }
}
