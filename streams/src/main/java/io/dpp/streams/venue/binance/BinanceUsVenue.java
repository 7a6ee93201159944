package io.dpp.streams.venue.binance;

import io.dpp.streams.capture.Capture;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.VenueDefinition;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.simulation.Simulation;

/** Binance.US spot, on Binance's spot protocol: {@code api.binance.us/api/v3/exchangeInfo}, market streams at {@code stream.binance.us:9443}, REST depth snapshots. */
public final class BinanceUsVenue extends VenueDefinition {

    public static final String ID = "binance-us";

    public BinanceUsVenue() {
        super(ID, new BinanceProtocol(BinanceFlavor.US), new Simulation(new BinanceSim(BinanceFlavor.US), new BinanceMarket(BinanceFlavor.US)));
    }

    @Override
    public InstrumentCatalog parseListing(Capture listing) {
        return BinanceListing.parse(listing, BinanceFlavor.US);
    }

    @Override
    public VenueDecoder newDecoder(InstrumentCatalog instruments, FeedOutput output) {
        return new BinanceDecoder(instruments, output, BinanceFlavor.US);
    }
}
