package io.dpp.streams.venue.blockchain;

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
 * Blockchain.com Exchange: instruments from {@code /mercury-gateway/v1/instruments}; the native
 * symbol is the instrument's {@code symbol} ("BTC-USD"); its price step is
 * {@code min_price_increment} at {@code min_price_increment_scale} decimals and its size step
 * {@code lot_size} at {@code lot_size_scale}. Closed instruments are left out.
 */
public final class BlockchainVenue extends VenueDefinition {

    public static final String ID = "blockchain";

    public BlockchainVenue() {
        super(ID, new BlockchainProtocol(), new Simulation(new BlockchainSim(), new BlockchainMarket()));
    }

    @Override
    public InstrumentCatalog parseListing(Capture listing) {
        InstrumentCatalog catalog = new InstrumentCatalog(ID);
        for (JsonNode body : Listings.responses(listing, "/mercury-gateway/v1/instruments")) {
            for (JsonNode i : body) {
                String symbol = i.path("symbol").asText();
                String base = i.path("base_currency").asText();
                String quote = i.path("counter_currency").asText();
                if (symbol.isEmpty() || base.isEmpty() || quote.isEmpty() || i.path("status").asText().equals("closed")) {
                    continue;
                }
                catalog.add(Instrument.builder(ID, symbol).assets(Listings.asset(base), Listings.asset(quote))
                        .tickSize(scaled(i.path("min_price_increment"), i.path("min_price_increment_scale")))
                        .lotSize(scaled(i.path("lot_size"), i.path("lot_size_scale"))).build());
            }
        }
        return catalog;
    }

    /** An integer count of units of 10^-scale, as a decimal; NULL when absent. */
    private static long scaled(JsonNode units, JsonNode scale) {
        if (!units.canConvertToLong() || !scale.canConvertToInt() || units.asLong() <= 0 || scale.asInt() < 0 || scale.asInt() > 18) {
            return Decimal64.NULL;
        }
        return Decimal64.stripTrailingZeros(Decimal64.of(units.asLong(), scale.asInt()));
    }

    @Override
    public VenueDecoder newDecoder(InstrumentCatalog instruments, FeedOutput output) {
        return new BlockchainDecoder(instruments, output);
    }
}
