package io.dpp.streams.venue.binance;

import io.dpp.streams.capture.Capture;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.VenueDefinition;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.simulation.Simulation;

/**
 * Binance USD-M futures: {@code /fapi/v1/exchangeInfo}, market streams with the {@code pu} chain,
 * mark price and liquidation streams, REST depth snapshots.
 */
public final class BinanceFuturesVenue extends VenueDefinition {

    public static final String ID = "binance-futures";

    public BinanceFuturesVenue() {
        super(ID, new BinanceProtocol(BinanceFlavor.USDM), new Simulation(new BinanceSim(BinanceFlavor.USDM), new BinanceMarket(BinanceFlavor.USDM)));
    }

    @Override
    public InstrumentCatalog parseListing(Capture listing) {
        return BinanceListing.parse(listing, BinanceFlavor.USDM);
    }

    @Override
    public VenueDecoder newDecoder(InstrumentCatalog instruments, FeedOutput output) {
        return new BinanceDecoder(instruments, output, BinanceFlavor.USDM);
    }
}
