package io.dpp.streams.venue.gateio;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
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
 * amounts. Gate.io USDT futures ({@link #futures()}): perpetual contracts from
 * {@code /api/v4/futures/usdt/contracts}, named as the pairs are ("BTC_USDT"), with their price step
 * ({@code order_price_round}) and contract size ({@code quanto_multiplier} of the base asset); sizes
 * are whole contracts.
 */
public final class GateioVenue extends VenueDefinition {

    public static final String ID = "gateio";

    private final GateioFlavor flavor;

    public GateioVenue() {
        this(GateioFlavor.SPOT);
    }

    private GateioVenue(GateioFlavor flavor) {
        super(flavor.id, new GateioProtocol(flavor), new Simulation(new GateioSim(flavor), new GateioMarket(flavor)));
        this.flavor = flavor;
    }

    /** Gate.io's USDT-margined perpetual futures. */
    public static GateioVenue futures() {
        return new GateioVenue(GateioFlavor.USDT_FUTURES);
    }

    @Override
    public InstrumentCatalog parseListing(Capture listing) {
        InstrumentCatalog catalog = new InstrumentCatalog(flavor.id);
        for (JsonNode body : Listings.responses(listing, flavor.listingPath.substring("/api/v4".length()))) {
            for (JsonNode p : body) {
                Instrument i = flavor.futures() ? contract(p) : pair(p);
                if (i != null) {
                    catalog.add(i);
                }
            }
        }
        return catalog;
    }

    private Instrument pair(JsonNode p) {
        Instrument.Builder b = Instrument.builder(flavor.id, p.path("id").asText())
                .assets(Listings.asset(p.path("base").asText()), Listings.asset(p.path("quote").asText()));
        if (p.path("precision").canConvertToInt()) {
            b.tickSize(Listings.step(p.path("precision").asInt()));
        }
        if (p.path("amount_precision").canConvertToInt()) {
            b.lotSize(Listings.step(p.path("amount_precision").asInt()));
        }
        return b.build();
    }

    /** A contract, or null when its name is not BASE_QUOTE. */
    private Instrument contract(JsonNode c) {
        String name = c.path("name").asText();
        int split = name.lastIndexOf('_');
        if (split <= 0 || split == name.length() - 1) {
            return null; // not a BASE_QUOTE contract: nothing to stream
        }
        Instrument.Builder b = Instrument.builder(flavor.id, name)
                .assets(Listings.asset(name.substring(0, split)), Listings.asset(name.substring(split + 1)))
                .type(InstrumentType.PERPETUAL)
                .lotSize(Listings.step(0));
        if (c.hasNonNull("order_price_round")) {
            b.tickSize(Listings.decimal(c.path("order_price_round")));
        }
        if (c.hasNonNull("quanto_multiplier")) {
            b.contractSize(Listings.decimal(c.path("quanto_multiplier")));
        }
        return b.build();
    }

    @Override
    public VenueDecoder newDecoder(InstrumentCatalog instruments, FeedOutput output) {
        return new GateioDecoder(instruments, output, flavor);
    }
}
