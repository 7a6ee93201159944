package io.dpp.streams.venue.coinbase;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.instrument.Instrument;
import io.dpp.streams.capture.Capture;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.Listings;
import io.dpp.streams.venue.VenueDefinition;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.simulation.Simulation;

/** Coinbase Exchange (formerly Pro): products from {@code /products}; the native symbol is the product id ("BTC-USD"). */
public final class CoinbaseVenue extends VenueDefinition {

    public static final String ID = "coinbase";

    public CoinbaseVenue() {
        super(ID, new CoinbaseProtocol(), new Simulation(new CoinbaseSim(), new CoinbaseMarket()));
    }

    @Override
    public InstrumentCatalog parseListing(Capture listing) {
        InstrumentCatalog catalog = new InstrumentCatalog(ID);
        for (JsonNode body : Listings.responses(listing, "/products")) {
            for (JsonNode p : body) {
                catalog.add(Instrument.builder(ID, p.path("id").asText())
                        .assets(Listings.asset(p.path("base_currency").asText()), Listings.asset(p.path("quote_currency").asText()))
                        .tickSize(Listings.decimal(p.path("quote_increment")))
                        .lotSize(Listings.decimal(p.path("base_increment")))
                        .build());
            }
        }
        return catalog;
    }

    @Override
    public VenueDecoder newDecoder(InstrumentCatalog instruments, FeedOutput output) {
        return new CoinbaseDecoder(instruments, output);
    }
}
