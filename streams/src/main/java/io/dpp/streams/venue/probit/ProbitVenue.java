package io.dpp.streams.venue.probit;

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
 * ProBit Global: markets from {@code /api/exchange/v1/market}; the native symbol is the market's
 * {@code id} ("BTC-USDT"), with its {@code price_increment} and {@code quantity_precision}. Closed
 * markets are left out.
 */
public final class ProbitVenue extends VenueDefinition {

    public static final String ID = "probit";

    public ProbitVenue() {
        super(ID, new ProbitProtocol(), new Simulation(new ProbitSim(), new ProbitMarket()));
    }

    @Override
    public InstrumentCatalog parseListing(Capture listing) {
        InstrumentCatalog catalog = new InstrumentCatalog(ID);
        for (JsonNode body : Listings.responses(listing, "/api/exchange/v1/market")) {
            for (JsonNode m : body.path("data")) {
                String id = m.path("id").asText();
                String base = m.path("base_currency_id").asText();
                String quote = m.path("quote_currency_id").asText();
                if (id.isEmpty() || base.isEmpty() || quote.isEmpty() || m.path("closed").asBoolean(false)) {
                    continue;
                }
                Instrument.Builder b = Instrument.builder(ID, id).assets(Listings.asset(base), Listings.asset(quote))
                        .tickSize(Listings.decimal(m.path("price_increment")));
                if (m.path("quantity_precision").canConvertToInt()) {
                    b.lotSize(Listings.step(m.path("quantity_precision").asInt()));
                }
                catalog.add(b.build());
            }
        }
        return catalog;
    }

    @Override
    public VenueDecoder newDecoder(InstrumentCatalog instruments, FeedOutput output) {
        return new ProbitDecoder(instruments, output);
    }
}
