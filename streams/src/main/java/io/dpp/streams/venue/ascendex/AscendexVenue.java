package io.dpp.streams.venue.ascendex;

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
 * AscendEX spot: pairs from {@code /api/pro/v1/products}; the native symbol is the product's
 * {@code symbol} ("BTC/USDT"), with its {@code baseAsset}, {@code quoteAsset}, {@code tickSize} and
 * {@code lotSize}. AscendEX futures ({@link #futures()}): USDT-margined perpetuals from
 * {@code /api/pro/v2/futures/contract} ("BTC-PERP"), the base asset taken from the contract's
 * {@code underlying} ("BTC/USDT") and the quote from its {@code settlementAsset}, with
 * {@code priceFilter.tickSize} and {@code lotSizeFilter.lotSize}; sizes are in the base asset.
 */
public final class AscendexVenue extends VenueDefinition {

    public static final String ID = "ascendex";

    private final AscendexFlavor flavor;

    public AscendexVenue() {
        this(AscendexFlavor.SPOT);
    }

    private AscendexVenue(AscendexFlavor flavor) {
        super(flavor.id, new AscendexProtocol(flavor), new Simulation(new AscendexSim(), new AscendexMarket(flavor)));
        this.flavor = flavor;
    }

    /** AscendEX's USDT-margined perpetual futures. */
    public static AscendexVenue futures() {
        return new AscendexVenue(AscendexFlavor.FUTURES);
    }

    @Override
    public InstrumentCatalog parseListing(Capture listing) {
        InstrumentCatalog catalog = new InstrumentCatalog(flavor.id);
        for (JsonNode body : Listings.responses(listing, flavor.listingPath)) {
            for (JsonNode p : body.path("data")) {
                Instrument i = flavor.futures() ? contract(p) : product(p);
                if (i != null) {
                    catalog.add(i);
                }
            }
        }
        return catalog;
    }

    private Instrument product(JsonNode p) {
        String symbol = p.path("symbol").asText();
        String base = p.path("baseAsset").asText();
        String quote = p.path("quoteAsset").asText();
        if (symbol.isEmpty() || base.isEmpty() || quote.isEmpty()) {
            return null;
        }
        return Instrument.builder(ID, symbol).assets(Listings.asset(base), Listings.asset(quote))
                .tickSize(Listings.decimal(p.path("tickSize"))).lotSize(Listings.decimal(p.path("lotSize"))).build();
    }

    /** A perpetual, or null when its underlying is not BASE/QUOTE. */
    private Instrument contract(JsonNode c) {
        String symbol = c.path("symbol").asText();
        String underlying = c.path("underlying").asText();
        int slash = underlying.indexOf('/');
        String settlement = c.path("settlementAsset").asText();
        if (symbol.isEmpty() || slash <= 0) {
            return null;
        }
        String quote = settlement.isEmpty() ? underlying.substring(slash + 1) : settlement;
        return Instrument.builder(flavor.id, symbol).assets(Listings.asset(underlying.substring(0, slash)), Listings.asset(quote))
                .type(InstrumentType.PERPETUAL).tickSize(Listings.decimal(c.path("priceFilter").path("tickSize")))
                .lotSize(Listings.decimal(c.path("lotSizeFilter").path("lotSize"))).build();
    }

    @Override
    public VenueDecoder newDecoder(InstrumentCatalog instruments, FeedOutput output) {
        return new AscendexDecoder(instruments, output);
    }
}
