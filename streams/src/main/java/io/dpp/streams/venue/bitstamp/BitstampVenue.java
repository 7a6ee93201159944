package io.dpp.streams.venue.bitstamp;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.instrument.Instrument;
import io.dpp.streams.capture.Capture;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.Listings;
import io.dpp.streams.venue.VenueDefinition;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.simulation.Simulation;

/**
 * Bitstamp: pairs from {@code /api/v2/trading-pairs-info/}; the native symbol is the URL symbol
 * ("btcusd") that channel names end with.
 */
public final class BitstampVenue extends VenueDefinition {

    public static final String ID = "bitstamp";

    public BitstampVenue() {
        super(ID, new BitstampProtocol(), new Simulation(new BitstampSim(), new BitstampMarket()));
    }

    @Override
    public InstrumentCatalog parseListing(Capture listing) {
        InstrumentCatalog catalog = new InstrumentCatalog(ID);
        for (JsonNode body : Listings.responses(listing, "trading-pairs-info")) {
            for (JsonNode p : body) {
                String name = p.path("name").asText();
                int slash = name.indexOf('/');
                if (slash <= 0) {
                    continue;
                }
                catalog.add(Instrument.builder(ID, p.path("url_symbol").asText())
                        .assets(Listings.asset(name.substring(0, slash)), Listings.asset(name.substring(slash + 1)))
                        .tickSize(Listings.step(p.path("counter_decimals").asInt(0)))
                        .lotSize(Listings.step(p.path("base_decimals").asInt(0)))
                        .build());
            }
        }
        return catalog;
    }

    @Override
    public VenueDecoder newDecoder(InstrumentCatalog instruments, FeedOutput output) {
        return new BitstampDecoder(instruments, output);
    }
}
