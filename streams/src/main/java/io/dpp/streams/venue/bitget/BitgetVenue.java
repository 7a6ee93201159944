package io.dpp.streams.venue.bitget;

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
 * Bitget (API v1): spot pairs from {@code /api/spot/v1/public/products} ({@code priceScale} and
 * {@code quantityScale} the decimals of prices and sizes) and perpetual futures from
 * {@code /api/mix/v1/market/contracts} (USDT- and coin-margined; price step {@code priceEndStep}
 * at {@code pricePlace} decimals, sizes at {@code volumePlace} decimals of the base coin). The
 * native symbol is the REST one, whose suffix names the market ({@link BitgetMarkets}): spot and
 * futures streams share instrument ids.
 */
public final class BitgetVenue extends VenueDefinition {

    public static final String ID = "bitget";

    public BitgetVenue() {
        super(ID, new BitgetProtocol(), new Simulation(new BitgetSim(), new BitgetMarket()));
    }

    @Override
    public InstrumentCatalog parseListing(Capture listing) {
        InstrumentCatalog catalog = new InstrumentCatalog(ID);
        for (JsonNode body : Listings.responses(listing, BitgetProtocol.SPOT_LISTING)) {
            for (JsonNode p : body.path("data")) {
                Instrument i = pair(p);
                if (i != null) {
                    catalog.add(i);
                }
            }
        }
        for (JsonNode body : Listings.responses(listing, BitgetProtocol.FUTURES_LISTING)) {
            for (JsonNode c : body.path("data")) {
                Instrument i = contract(c);
                if (i != null) {
                    catalog.add(i);
                }
            }
        }
        return catalog;
    }

    private static Instrument pair(JsonNode p) {
        String symbol = p.path("symbol").asText();
        String base = p.path("baseCoin").asText();
        String quote = p.path("quoteCoin").asText();
        if (!symbol.endsWith(BitgetMarkets.SPOT) || base.isEmpty() || quote.isEmpty()) {
            return null;
        }
        Instrument.Builder b = Instrument.builder(ID, symbol).assets(Listings.asset(base), Listings.asset(quote));
        if (p.path("priceScale").canConvertToInt()) {
            b.tickSize(Listings.step(p.path("priceScale").asInt()));
        }
        if (p.path("quantityScale").canConvertToInt()) {
            b.lotSize(Listings.step(p.path("quantityScale").asInt()));
        }
        return b.build();
    }

    private static Instrument contract(JsonNode c) {
        String symbol = c.path("symbol").asText();
        String base = c.path("baseCoin").asText();
        String quote = c.path("quoteCoin").asText();
        if (symbol.isEmpty() || BitgetMarkets.spot(symbol) || base.isEmpty() || quote.isEmpty()) {
            return null;
        }
        Instrument.Builder b = Instrument.builder(ID, symbol).assets(Listings.asset(base), Listings.asset(quote))
                .type(InstrumentType.PERPETUAL);
        if (c.path("pricePlace").canConvertToInt()) {
            int place = c.path("pricePlace").asInt();
            long step = c.path("priceEndStep").canConvertToInt() ? c.path("priceEndStep").asLong() : 1;
            b.tickSize(io.dpp.core.decimal.Decimal64.of(step, place));
        }
        if (c.path("volumePlace").canConvertToInt()) {
            b.lotSize(Listings.step(c.path("volumePlace").asInt()));
        }
        return b.build();
    }

    @Override
    public VenueDecoder newDecoder(InstrumentCatalog instruments, FeedOutput output) {
        return new BitgetDecoder(instruments, output);
    }
}
