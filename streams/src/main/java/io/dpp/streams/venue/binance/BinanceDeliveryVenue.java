package io.dpp.streams.venue.binance;

import io.dpp.streams.capture.Capture;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.VenueDefinition;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.simulation.Simulation;

/**
 * Binance COIN-M futures (inverse perpetuals and quarterlies, sized in contracts): {@code /dapi/v1/exchangeInfo}, market streams at
 * {@code dstream.binance.com} with the {@code pu} chain, mark price and liquidation streams, REST depth snapshots.
 */
public final class BinanceDeliveryVenue extends VenueDefinition {

    public static final String ID = "binance-delivery";

    public BinanceDeliveryVenue() {
        super(ID, new BinanceProtocol(BinanceFlavor.COINM), new Simulation(new BinanceSim(BinanceFlavor.COINM), new BinanceMarket(BinanceFlavor.COINM)));
    }

    @Override
    public InstrumentCatalog parseListing(Capture listing) {
        return BinanceListing.parse(listing, BinanceFlavor.COINM);
    }

    @Override
    public VenueDecoder newDecoder(InstrumentCatalog instruments, FeedOutput output) {
        return new BinanceDecoder(instruments, output, BinanceFlavor.COINM);
    }
}
