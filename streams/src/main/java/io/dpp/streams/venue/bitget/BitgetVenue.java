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
 * Bitget, spot and perpetual futures in one venue. API v2 (what a live feed uses) lists spot pairs
 * at {@code /api/v2/spot/public/symbols} ({@code pricePrecision}, {@code quantityPrecision}) and
 * contracts at {@code /api/v2/mix/market/contracts?productType=...} (USDT-, coin- and USDC-margined;
 * price step {@code priceEndStep} at {@code pricePlace} decimals, sizes at {@code volumePlace}
 * decimals of the base coin). API v1, which the fixtures recorded, listed them at
 * {@code /api/spot/v1/public/products} ({@code priceScale}, {@code quantityScale}) and
 * {@code /api/mix/v1/market/contracts}. The native symbol carries the market's suffix
 * ({@link BitgetMarkets}); an instrument listed by v1 keeps {@link BitgetApi#V1} as its detail, so
 * its streams speak v1.
 */
public final class BitgetVenue extends VenueDefinition {

    public static final String ID = "bitget";

    public BitgetVenue() {
        super(ID, new BitgetProtocol(), new Simulation(new BitgetSim(), new BitgetMarket()));
    }

    @Override
    public InstrumentCatalog parseListing(Capture listing) {
        InstrumentCatalog catalog = new InstrumentCatalog(ID);
        for (JsonNode body : Listings.optionalResponses(listing, BitgetProtocol.V1_SPOT_LISTING)) {
            for (JsonNode p : body.path("data")) {
                String symbol = p.path("symbol").asText();
                if (symbol.endsWith(BitgetMarkets.SPOT)) {
                    add(catalog, pair(symbol, p, "priceScale", "quantityScale"), BitgetApi.V1);
                }
            }
        }
        for (JsonNode body : Listings.optionalResponses(listing, BitgetProtocol.V1_FUTURES_LISTING)) {
            for (JsonNode c : body.path("data")) {
                String symbol = c.path("symbol").asText();
                if (!symbol.isEmpty() && !BitgetMarkets.spot(symbol) && symbol.indexOf('_') > 0) {
                    add(catalog, contract(symbol, c), BitgetApi.V1);
                }
            }
        }
        for (JsonNode body : Listings.optionalResponses(listing, BitgetProtocol.V2_SPOT_LISTING)) {
            for (JsonNode p : body.path("data")) {
                add(catalog, pair(p.path("symbol").asText() + BitgetMarkets.SPOT, p, "pricePrecision", "quantityPrecision"), BitgetApi.V2);
            }
        }
        for (int t = 1; t < BitgetMarkets.V2_TYPES.length; t++) {
            for (JsonNode body : Listings.optionalResponses(listing, BitgetProtocol.V2_FUTURES_LISTING + "?productType=" + BitgetMarkets.V2_TYPES[t])) {
                for (JsonNode c : body.path("data")) {
                    if (c.path("symbolType").asText("perpetual").equals("perpetual")) {
                        add(catalog, contract(c.path("symbol").asText() + BitgetMarkets.V2_SUFFIXES[t], c), BitgetApi.V2);
                    }
                }
            }
        }
        if (catalog.size() == 0) {
            throw new IllegalArgumentException(listing.name() + " lists no Bitget instrument (expected " + BitgetProtocol.V2_SPOT_LISTING
                    + ", " + BitgetProtocol.V2_FUTURES_LISTING + " or API v1's " + BitgetProtocol.V1_SPOT_LISTING + " responses)");
        }
        return catalog;
    }

    private static void add(InstrumentCatalog catalog, Instrument instrument, BitgetApi api) {
        if (instrument != null) {
            catalog.add(instrument);
            catalog.detail(instrument.nativeSymbol(), api == BitgetApi.V1 ? BitgetApi.V1 : null);
        }
    }

    /** A spot pair named {@code symbol}, its price and size decimals under the given names; null without base or quote. */
    private static Instrument pair(String symbol, JsonNode p, String priceDecimals, String sizeDecimals) {
        String base = p.path("baseCoin").asText();
        String quote = p.path("quoteCoin").asText();
        if (symbol.length() <= BitgetMarkets.SPOT.length() || base.isEmpty() || quote.isEmpty()) {
            return null;
        }
        Instrument.Builder b = Instrument.builder(ID, symbol).assets(Listings.asset(base), Listings.asset(quote));
        if (p.path(priceDecimals).canConvertToInt()) {
            b.tickSize(Listings.step(p.path(priceDecimals).asInt()));
        }
        if (p.path(sizeDecimals).canConvertToInt()) {
            b.lotSize(Listings.step(p.path(sizeDecimals).asInt()));
        }
        return b.build();
    }

    /** A perpetual contract named {@code symbol}; null without base or quote. */
    private static Instrument contract(String symbol, JsonNode c) {
        String base = c.path("baseCoin").asText();
        String quote = c.path("quoteCoin").asText();
        if (base.isEmpty() || quote.isEmpty()) {
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
