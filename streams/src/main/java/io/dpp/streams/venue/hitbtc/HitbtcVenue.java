package io.dpp.streams.venue.hitbtc;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.streams.capture.Capture;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.Listings;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.VenueDefinition;
import io.dpp.streams.venue.VenueEndpoints;
import io.dpp.streams.venue.simulation.Simulation;

/**
 * HitBTC, spot and perpetual futures, and Bequant ({@link #bequant()}), which runs the same
 * platform and API at api.bequant.io. API v3 (what a live feed uses) lists every symbol at
 * {@code /api/3/public/symbol} as an object keyed by the symbol ("BTCUSDT", "BTCUSDT_PERP"):
 * {@code type} spot or futures (a perpetual has no {@code expiry}; its base is the
 * {@code underlying}), {@code base_currency}, {@code quote_currency}, {@code tick_size},
 * {@code quantity_increment} (sizes are in the base asset). API v2, which the fixtures recorded,
 * listed spot symbols at {@code /api/2/public/symbol} as an array ({@code id}, {@code baseCurrency},
 * {@code quoteCurrency}, {@code tickSize}, {@code quantityIncrement}); an instrument listed by v2
 * keeps {@link HitbtcApi#V2} as its detail, so its streams speak v2.
 */
public final class HitbtcVenue extends VenueDefinition {

    public static final String ID = "hitbtc";
    public static final String BEQUANT = "bequant";

    private final String id;

    public HitbtcVenue() {
        this(ID, VenueEndpoints.load(HitbtcVenue.class, "endpoints.json"), HitbtcMarket.hitbtc());
    }

    private HitbtcVenue(String id, VenueEndpoints endpoints, HitbtcMarket market) {
        super(id, new HitbtcProtocol(endpoints), new Simulation(new HitbtcSim(), market));
        this.id = id;
    }

    /** Bequant, HitBTC's platform under its own name. */
    public static HitbtcVenue bequant() {
        return new HitbtcVenue(BEQUANT, VenueEndpoints.load(HitbtcVenue.class, "endpoints-bequant.json"), HitbtcMarket.bequant());
    }

    @Override
    public InstrumentCatalog parseListing(Capture listing) {
        InstrumentCatalog catalog = new InstrumentCatalog(id);
        for (JsonNode body : Listings.responses(listing, "/public/symbol")) {
            if (body.isArray()) {
                for (JsonNode s : body) {
                    add(catalog, s.path("id").asText(), s.path("baseCurrency").asText(), s.path("quoteCurrency").asText(), null,
                            s.path("tickSize"), s.path("quantityIncrement"), HitbtcApi.V2);
                }
            } else {
                body.fields().forEachRemaining(e -> {
                    JsonNode s = e.getValue();
                    String type = s.path("type").asText();
                    if (type.equals("spot")) {
                        add(catalog, e.getKey(), s.path("base_currency").asText(), s.path("quote_currency").asText(), InstrumentType.SPOT,
                                s.path("tick_size"), s.path("quantity_increment"), HitbtcApi.V3);
                    } else if (type.equals("futures") && s.path("expiry").isNull()) {
                        add(catalog, e.getKey(), s.path("underlying").asText(), s.path("quote_currency").asText(), InstrumentType.PERPETUAL,
                                s.path("tick_size"), s.path("quantity_increment"), HitbtcApi.V3);
                    }
                });
            }
        }
        return catalog;
    }

    private void add(InstrumentCatalog catalog, String symbol, String base, String quote, InstrumentType type, JsonNode tick, JsonNode lot,
            HitbtcApi api) {
        if (symbol.isEmpty() || base.isEmpty() || quote.isEmpty()) {
            return;
        }
        Instrument.Builder b = Instrument.builder(id, symbol).assets(Listings.asset(base), Listings.asset(quote))
                .tickSize(Listings.decimal(tick)).lotSize(Listings.decimal(lot));
        if (type != null) {
            b.type(type);
        }
        catalog.add(b.build());
        if (api == HitbtcApi.V2) {
            catalog.detail(symbol, HitbtcApi.V2);
        }
    }

    @Override
    public VenueDecoder newDecoder(InstrumentCatalog instruments, FeedOutput output) {
        return new HitbtcDecoder(instruments, output);
    }
}
