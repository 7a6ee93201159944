package io.dpp.streams.venue.phemex;

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
import java.util.HashMap;
import java.util.Map;

/**
 * Phemex: spot pairs and perpetual contracts from {@code /exchange/public/cfg/v2/products}. Phemex
 * writes prices and sizes on its sockets as scaled integers: a contract's prices are
 * {@code priceEp} (the price times 10^{@code priceScale}) and its sizes whole contracts of
 * {@code contractSize}; a spot pair's prices and sizes are values in its quote and base currency
 * times 10^ that currency's {@code valueScale}. Each instrument's scales ride with it in the
 * catalog ({@link Scales}). A spot pair's native symbol is Phemex's ("sBTCUSDT", the "s" marking
 * spot); a contract's base asset is its {@code contractUnderlyingAssets}, or its settlement currency
 * for an inverse contract (BTCUSD: underlying USD, settled in BTC, one dollar a contract).
 * USDT-margined perpetuals are listed apart ({@code perpProductsV2}, type {@code PerpetualV2},
 * "BTCUSDT") and write decimals on their own channels ({@link RealValues}).
 */
public final class PhemexVenue extends VenueDefinition {

    public static final String ID = "phemex";

    /** What a scaled integer of a message is worth: 10^-price for prices, 10^-size for sizes. */
    public record Scales(int price, int size) {
    }

    /**
     * The detail of a USDT-margined perpetual ({@code perpProductsV2}, "BTCUSDT"): its channels
     * ({@code orderbook_p}, {@code trade_p}) write prices and sizes as decimal strings, sizes in
     * the base asset.
     */
    public record RealValues() {
        public static final RealValues INSTANCE = new RealValues();
    }

    public PhemexVenue() {
        super(ID, new PhemexProtocol(), new Simulation(new PhemexSim(), new PhemexMarket()));
    }

    @Override
    public InstrumentCatalog parseListing(Capture listing) {
        InstrumentCatalog catalog = new InstrumentCatalog(ID);
        for (JsonNode body : Listings.responses(listing, "/products")) {
            JsonNode data = body.path("data");
            Map<String, Integer> valueScales = new HashMap<>();
            for (JsonNode c : data.path("currencies")) {
                if (c.path("valueScale").canConvertToInt()) {
                    valueScales.put(c.path("currency").asText(), c.path("valueScale").asInt());
                }
            }
            for (JsonNode p : data.path("products")) {
                String type = p.path("type").asText();
                if (type.equals("Spot")) {
                    spot(catalog, p, valueScales);
                } else if (type.equals("Perpetual")) {
                    perpetual(catalog, p);
                }
            }
            for (JsonNode p : data.path("perpProductsV2")) {
                if (p.path("type").asText().equals("PerpetualV2")) {
                    perpetualV2(catalog, p);
                }
            }
        }
        return catalog;
    }

    private static void spot(InstrumentCatalog catalog, JsonNode p, Map<String, Integer> valueScales) {
        String symbol = p.path("symbol").asText();
        String base = p.path("baseCurrency").asText();
        String quote = p.path("quoteCurrency").asText();
        Integer priceScale = valueScales.get(quote);
        Integer sizeScale = valueScales.get(base);
        if (symbol.isEmpty() || base.isEmpty() || quote.isEmpty() || priceScale == null || sizeScale == null) {
            return; // without its currencies' scales nothing it sends can be read
        }
        catalog.add(Instrument.builder(ID, symbol).assets(Listings.asset(base), Listings.asset(quote))
                .tickSize(amount(p.path("quoteTickSize"))).lotSize(amount(p.path("baseTickSize"))).build());
        catalog.detail(symbol, new Scales(priceScale, sizeScale));
    }

    private static void perpetual(InstrumentCatalog catalog, JsonNode p) {
        String symbol = p.path("symbol").asText();
        String underlying = p.path("contractUnderlyingAssets").asText();
        String quote = p.path("quoteCurrency").asText();
        String settle = p.path("settleCurrency").asText();
        if (symbol.isEmpty() || underlying.isEmpty() || quote.isEmpty() || !p.path("priceScale").canConvertToInt()) {
            return;
        }
        String base = underlying.equals(quote) ? settle : underlying; // inverse: one quote unit a contract
        catalog.add(Instrument.builder(ID, symbol).assets(Listings.asset(base), Listings.asset(quote)).type(InstrumentType.PERPETUAL)
                .tickSize(Listings.decimal(p.path("tickSize"))).lotSize(Listings.decimal(p.path("lotSize")))
                .contractSize(Listings.decimal(p.path("contractSize"))).build());
        catalog.detail(symbol, new Scales(p.path("priceScale").asInt(), 0));
    }

    /** A USDT-margined perpetual: sized in its base asset, prices and sizes sent as decimals. */
    private static void perpetualV2(InstrumentCatalog catalog, JsonNode p) {
        String symbol = p.path("symbol").asText();
        String base = p.path("contractUnderlyingAssets").asText(p.path("baseCurrency").asText());
        String quote = p.path("quoteCurrency").asText();
        if (symbol.isEmpty() || base.isEmpty() || quote.isEmpty() || catalog.find(symbol) != null) {
            return;
        }
        catalog.add(Instrument.builder(ID, symbol).assets(Listings.asset(base), Listings.asset(quote)).type(InstrumentType.PERPETUAL)
                .tickSize(Listings.decimal(p.path("tickSize"))).lotSize(Listings.decimal(p.path("qtyStepSize"))).build());
        catalog.detail(symbol, RealValues.INSTANCE);
    }

    /** True for an instrument whose messages carry decimals ({@link RealValues}), not scaled integers. */
    static boolean realValues(InstrumentCatalog catalog, String symbol) {
        return catalog != null && catalog.detail(symbol) instanceof RealValues;
    }

    /** "0.01 USDT": the number before the currency. */
    private static long amount(JsonNode text) {
        String s = text.asText().strip();
        int space = s.indexOf(' ');
        return Listings.decimal(new com.fasterxml.jackson.databind.node.TextNode(space < 0 ? s : s.substring(0, space)));
    }

    @Override
    public VenueDecoder newDecoder(InstrumentCatalog instruments, FeedOutput output) {
        return new PhemexDecoder(instruments, output);
    }
}
