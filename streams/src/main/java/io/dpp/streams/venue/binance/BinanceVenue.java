package io.dpp.streams.venue.binance;

import io.dpp.streams.capture.Capture;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.VenueDefinition;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.simulation.Simulation;

/** Binance spot: {@code /api/v3/exchangeInfo}, market streams, REST depth snapshots. */
public final class BinanceVenue extends VenueDefinition {

    public static final String ID = "binance";

    public BinanceVenue() {
        super(ID, new BinanceProtocol(BinanceFlavor.SPOT), new Simulation(new BinanceSim(BinanceFlavor.SPOT), new BinanceMarket(BinanceFlavor.SPOT)));
    }

    @Override
    public InstrumentCatalog parseListing(Capture listing) {
        return BinanceListing.parse(listing, BinanceFlavor.SPOT);
    }

    @Override
    public VenueDecoder newDecoder(InstrumentCatalog instruments, FeedOutput output) {
        return new BinanceDecoder(instruments, output, BinanceFlavor.SPOT);
    }
}
