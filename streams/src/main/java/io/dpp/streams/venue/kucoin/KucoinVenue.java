package io.dpp.streams.venue.kucoin;

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
 * KuCoin spot: pairs from {@code /api/v1/symbols} ({@code {"code":"200000","data":[...]}}); the
 * native symbol is the pair's name ("BTC-USDT"), {@code priceIncrement} its price step and
 * {@code baseIncrement} its size step. Pairs whose trading is disabled are listed too: their
 * streams still carry what the venue sends.
 */
public final class KucoinVenue extends VenueDefinition {

    public static final String ID = "kucoin";

    public KucoinVenue() {
        super(ID, new KucoinProtocol(), new Simulation(new KucoinSim(), new KucoinMarket()));
    }

    @Override
    public InstrumentCatalog parseListing(Capture listing) {
        InstrumentCatalog catalog = new InstrumentCatalog(ID);
        for (JsonNode body : Listings.responses(listing, KucoinProtocol.LISTING_PATH)) {
            for (JsonNode p : body.path("data")) {
                String symbol = p.path("symbol").asText();
                String base = p.path("baseCurrency").asText();
                String quote = p.path("quoteCurrency").asText();
                if (symbol.isEmpty() || base.isEmpty() || quote.isEmpty()) {
                    continue;
                }
                Instrument.Builder b = Instrument.builder(ID, symbol).assets(Listings.asset(base), Listings.asset(quote));
                if (p.hasNonNull("priceIncrement")) {
                    b.tickSize(Listings.decimal(p.path("priceIncrement")));
                }
                if (p.hasNonNull("baseIncrement")) {
                    b.lotSize(Listings.decimal(p.path("baseIncrement")));
                }
                catalog.add(b.build());
            }
        }
        return catalog;
    }

    @Override
    public VenueDecoder newDecoder(InstrumentCatalog instruments, FeedOutput output) {
        return new KucoinDecoder(instruments, output);
    }
}
