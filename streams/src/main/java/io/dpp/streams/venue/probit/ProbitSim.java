package io.dpp.streams.venue.probit;

import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.simulation.SimVenue;

/**
 * ProBit: nothing acknowledges a subscription; subscribing a market again is answered with a
 * {@code reset} message holding the whole book (and no recent trades).
 */
final class ProbitSim implements SimVenue {

    @Override
    public Kind classify(String message) {
        return message.contains("\"status\":\"ok\"") || message.contains("\"order_books\"") ? Kind.DATA : Kind.INFO;
    }

    @Override
    public String snapshot(Subscription stream, InstrumentBook book, String ack, VenueDecoder decoder) {
        return ProbitMarket.marketdata(stream.symbol(), book.book(), true, "[]");
    }
}
