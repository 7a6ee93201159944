package io.dpp.streams.venue.poloniex;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.instrument.Instrument;
import io.dpp.streams.capture.Capture;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.Listings;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.VenueDefinition;
import io.dpp.streams.venue.simulation.Simulation;

/**
 * Poloniex spot, on the API it has served since 2022 ({@code api.poloniex.com}, {@code ws.poloniex.com}):
 * markets from {@code /markets}; the native symbol is the market's {@code symbol} ("BTC_USDT"), its
 * {@code symbolTradeLimit.priceScale} and {@code quantityScale} the decimals of its prices and
 * quantities.
 */
public final class PoloniexVenue extends VenueDefinition {

    public static final String ID = "poloniex";

    public PoloniexVenue() {
        super(ID, new PoloniexProtocol(), new Simulation(new PoloniexSim(), new PoloniexMarket()));
    }

    @Override
    public InstrumentCatalog parseListing(Capture listing) {
        InstrumentCatalog catalog = new InstrumentCatalog(ID);
        for (JsonNode body : Listings.responses(listing, "/markets")) {
            for (JsonNode m : body) {
                String symbol = m.path("symbol").asText();
                String base = m.path("baseCurrencyName").asText();
                String quote = m.path("quoteCurrencyName").asText();
                if (symbol.isEmpty() || base.isEmpty() || quote.isEmpty()) {
                    continue;
                }
                Instrument.Builder b = Instrument.builder(ID, symbol).assets(Listings.asset(base), Listings.asset(quote));
                JsonNode limits = m.path("symbolTradeLimit");
                if (limits.path("priceScale").canConvertToInt()) {
                    b.tickSize(Listings.step(limits.path("priceScale").asInt()));
                }
                if (limits.path("quantityScale").canConvertToInt()) {
                    b.lotSize(Listings.step(limits.path("quantityScale").asInt()));
                }
                catalog.add(b.build());
            }
        }
        return catalog;
    }

    @Override
    public VenueDecoder newDecoder(InstrumentCatalog instruments, FeedOutput output) {
        return new PoloniexDecoder(instruments, output);
    }
}
