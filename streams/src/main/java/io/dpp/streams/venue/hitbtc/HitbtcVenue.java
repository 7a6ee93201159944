package io.dpp.streams.venue.hitbtc;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.instrument.Instrument;
import io.dpp.streams.capture.Capture;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.Listings;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.VenueDefinition;
import io.dpp.streams.venue.VenueEndpoints;
import io.dpp.streams.venue.simulation.Simulation;

/**
 * HitBTC spot, on its API v2 ({@code /api/2}): symbols from {@code /api/2/public/symbol}; the native
 * symbol is the symbol's {@code id} ("BTCUSD"), with {@code baseCurrency}, {@code quoteCurrency},
 * {@code tickSize} and {@code quantityIncrement}. Bequant ({@link #bequant()}) runs the same
 * platform and API at api.bequant.io.
 */
public final class HitbtcVenue extends VenueDefinition {

    public static final String ID = "hitbtc";
    public static final String BEQUANT = "bequant";

    private final String id;

    public HitbtcVenue() {
        this(ID, VenueEndpoints.load(HitbtcVenue.class, "endpoints.json"));
    }

    private HitbtcVenue(String id, VenueEndpoints endpoints) {
        super(id, new HitbtcProtocol(endpoints), new Simulation(new HitbtcSim(), new HitbtcMarket(id)));
        this.id = id;
    }

    /** Bequant, HitBTC's platform under its own name. */
    public static HitbtcVenue bequant() {
        return new HitbtcVenue(BEQUANT, VenueEndpoints.load(HitbtcVenue.class, "endpoints-bequant.json"));
    }

    @Override
    public InstrumentCatalog parseListing(Capture listing) {
        InstrumentCatalog catalog = new InstrumentCatalog(id);
        for (JsonNode body : Listings.responses(listing, "/public/symbol")) {
            for (JsonNode s : body) {
                String symbol = s.path("id").asText();
                String base = s.path("baseCurrency").asText();
                String quote = s.path("quoteCurrency").asText();
                if (symbol.isEmpty() || base.isEmpty() || quote.isEmpty()) {
                    continue;
                }
                catalog.add(Instrument.builder(id, symbol).assets(Listings.asset(base), Listings.asset(quote))
                        .tickSize(Listings.decimal(s.path("tickSize"))).lotSize(Listings.decimal(s.path("quantityIncrement"))).build());
            }
        }
        return catalog;
    }

    @Override
    public VenueDecoder newDecoder(InstrumentCatalog instruments, FeedOutput output) {
        return new HitbtcDecoder(instruments, output);
    }
}
