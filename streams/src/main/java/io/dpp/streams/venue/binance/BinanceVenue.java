package io.dpp.streams.venue.binance;

import io.dpp.streams.capture.Capture;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.Venue;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.VenueProtocol;

/** Binance spot: {@code /api/v3/exchangeInfo}, market streams, REST depth snapshots. */
public final class BinanceVenue implements Venue {

    private static final VenueProtocol PROTOCOL = new BinanceProtocol(false);

    public static final String ID = "binance";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public InstrumentCatalog parseListing(Capture listing) {
        return BinanceListing.parse(ID, listing, false);
    }

    @Override
    public VenueDecoder newDecoder(InstrumentCatalog instruments, FeedOutput output) {
        return new BinanceDecoder(instruments, output, false);
    }

    @Override
    public VenueProtocol protocol() {
        return PROTOCOL;
    }
}
