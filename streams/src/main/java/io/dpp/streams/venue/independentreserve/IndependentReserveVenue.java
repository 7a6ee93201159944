package io.dpp.streams.venue.independentreserve;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.instrument.Instrument;
import io.dpp.streams.capture.Capture;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.Listings;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.VenueDefinition;
import io.dpp.streams.venue.simulation.Simulation;
import java.util.Locale;

/**
 * Independent Reserve (spot, Australia): every primary currency of
 * {@code /Public/GetValidPrimaryCurrencyCodes} ({@code ["Xbt","Eth",...]}) trades against every
 * secondary one of {@code /Public/GetValidSecondaryCurrencyCodes} ({@code ["Aud","Usd","Nzd","Sgd"]});
 * the native symbol is the pair in lower case, as its channels and paths write it ({@code xbt-aud}).
 * The listing names no price or size steps.
 */
public final class IndependentReserveVenue extends VenueDefinition {

    public static final String ID = "independent-reserve";

    public IndependentReserveVenue() {
        super(ID, new IndependentReserveProtocol(), new Simulation(new IndependentReserveSim(), new IndependentReserveMarket()));
    }

    @Override
    public InstrumentCatalog parseListing(Capture listing) {
        InstrumentCatalog catalog = new InstrumentCatalog(ID);
        JsonNode primaries = Listings.responses(listing, "/Public/GetValidPrimaryCurrencyCodes").get(0);
        JsonNode secondaries = Listings.responses(listing, "/Public/GetValidSecondaryCurrencyCodes").get(0);
        for (JsonNode p : primaries) {
            for (JsonNode s : secondaries) {
                String base = p.asText().toLowerCase(Locale.ROOT);
                String quote = s.asText().toLowerCase(Locale.ROOT);
                if (base.isEmpty() || quote.isEmpty() || base.equals(quote)) {
                    continue;
                }
                catalog.add(Instrument.builder(ID, base + "-" + quote).assets(Listings.asset(base), Listings.asset(quote)).build());
            }
        }
        return catalog;
    }

    @Override
    public VenueDecoder newDecoder(InstrumentCatalog instruments, FeedOutput out) {
        return new IndependentReserveDecoder(instruments, out);
    }
}
