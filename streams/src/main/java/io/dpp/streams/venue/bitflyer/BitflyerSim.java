package io.dpp.streams.venue.bitflyer;

import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.simulation.SimVenue;

/**
 * bitFlyer: requests without an id are not answered; subscribing a book again is answered with its
 * board snapshot.
 */
final class BitflyerSim implements SimVenue {

    @Override
    public Kind classify(String message) {
        return message.contains("\"channelMessage\"") ? Kind.DATA : Kind.INFO;
    }

    @Override
    public String snapshot(Subscription stream, InstrumentBook book, String ack, VenueDecoder decoder) {
        return BitflyerMarket.board(stream.symbol(), true, book.book());
    }
}
