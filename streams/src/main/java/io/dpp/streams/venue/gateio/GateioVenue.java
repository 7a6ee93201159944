package io.dpp.streams.venue.gateio;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.instrument.Instrument;
import io.dpp.streams.capture.Capture;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.Listings;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.VenueDefinition;
import io.dpp.streams.venue.simulation.Simulation;

/**
 * Gate.io spot: pairs from {@code /api/v4/spot/currency_pairs}; the native symbol is the pair's id
 * ("BTC_USDT"); {@code precision} and {@code amount_precision} are the decimals of its prices and
 * amounts.
 */
public final class GateioVenue extends VenueDefinition {

    public static final String ID = "gateio";

    public GateioVenue() {
        super(ID, new GateioProtocol(), new Simulation(new GateioSim(), new GateioMarket()));
    }

    @Override
    public InstrumentCatalog parseListing(Capture listing) {
        InstrumentCatalog catalog = new InstrumentCatalog(ID);
        for (JsonNode body : Listings.responses(listing, "/spot/currency_pairs")) {
            for (JsonNode p : body) {
                Instrument.Builder b = Instrument.builder(ID, p.path("id").asText())
                        .assets(Listings.asset(p.path("base").asText()), Listings.asset(p.path("quote").asText()));
                if (p.path("precision").canConvertToInt()) {
                    b.tickSize(Listings.step(p.path("precision").asInt()));
                }
                if (p.path("amount_precision").canConvertToInt()) {
                    b.lotSize(Listings.step(p.path("amount_precision").asInt()));
                }
                catalog.add(b.build());
            }
        }
        return catalog;
    }

    @Override
    public VenueDecoder newDecoder(InstrumentCatalog instruments, FeedOutput output) {
        return new GateioDecoder(instruments, output);
    }
}
