package io.dpp.streams.venue.upbit;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.streams.capture.Capture;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.Listings;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.VenueDefinition;
import io.dpp.streams.venue.simulation.Simulation;

/**
 * Upbit: markets from {@code /v1/market/all}, each a code "QUOTE-BASE" ("KRW-BTC": bitcoin in won),
 * which is the native symbol. The listing names no price or size steps (Upbit's price steps go by
 * price band), so they stay unknown.
 */
public final class UpbitVenue extends VenueDefinition {

    public static final String ID = "upbit";

    public UpbitVenue() {
        super(ID, new UpbitProtocol(), new Simulation(new UpbitSim(), new UpbitMarket()));
    }

    @Override
    public InstrumentCatalog parseListing(Capture listing) {
        InstrumentCatalog catalog = new InstrumentCatalog(ID);
        for (JsonNode body : Listings.responses(listing, "/v1/market/all")) {
            for (JsonNode m : body) {
                Instrument i = instrument(m.path("market").asText());
                if (i != null) {
                    catalog.add(i);
                }
            }
        }
        return catalog;
    }

    /** The instrument of a market code "QUOTE-BASE", or null when the code is not of that shape. */
    static Instrument instrument(String code) {
        int dash = code.indexOf('-');
        if (dash <= 0 || dash == code.length() - 1 || code.indexOf('-', dash + 1) >= 0) {
            return null;
        }
        return Instrument.builder(ID, code).assets(Listings.asset(code.substring(dash + 1)), Listings.asset(code.substring(0, dash)))
                .tickSize(Decimal64.NULL).lotSize(Decimal64.NULL).build();
    }

    @Override
    public VenueDecoder newDecoder(InstrumentCatalog instruments, FeedOutput output) {
        return new UpbitDecoder(instruments, output);
    }
}
