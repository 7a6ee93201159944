package io.dpp.streams.venue.bitmex;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.streams.capture.Capture;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.Listings;
import io.dpp.streams.venue.VenueDefinition;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.simulation.Simulation;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * BitMEX: contracts from {@code /api/v1/instrument/active}. Type code FFWCSX is a perpetual
 * swap, FFCCSX a dated future, IFXXXP spot; indices and other types are skipped.
 */
public final class BitmexVenue extends VenueDefinition {

    public static final String ID = "bitmex";

    public BitmexVenue() {
        super(ID, new BitmexProtocol(), new Simulation(new BitmexSim(), new BitmexMarket()));
    }

    @Override
    public InstrumentCatalog parseListing(Capture listing) {
        InstrumentCatalog catalog = new InstrumentCatalog(ID);
        for (JsonNode body : Listings.responses(listing, "instrument")) {
            for (JsonNode i : body) {
                String typ = i.path("typ").asText();
                InstrumentType type = switch (typ) {
                    case "FFWCSX" -> InstrumentType.PERPETUAL;
                    case "FFCCSX" -> InstrumentType.FUTURE;
                    case "IFXXXP" -> InstrumentType.SPOT;
                    default -> null;
                };
                if (type == null) {
                    continue;
                }
                Instrument.Builder b = Instrument.builder(ID, i.path("symbol").asText())
                        .assets(Listings.asset(i.path("underlying").asText()), Listings.asset(i.path("quoteCurrency").asText()))
                        .type(type)
                        .tickSize(Listings.decimal(i.path("tickSize")))
                        .lotSize(Listings.decimal(i.path("lotSize")));
                if (type == InstrumentType.FUTURE) {
                    b.expiry(LocalDate.ofInstant(Instant.parse(i.path("expiry").asText()), ZoneOffset.UTC));
                }
                catalog.add(b.build());
            }
        }
        return catalog;
    }

    @Override
    public VenueDecoder newDecoder(InstrumentCatalog instruments, FeedOutput output) {
        return new BitmexDecoder(instruments, output);
    }
}
