package io.dpp.streams.venue.coinbase;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.instrument.Instrument;
import io.dpp.streams.capture.Capture;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.Listings;
import io.dpp.streams.venue.Venue;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.VenueProtocol;

/** Coinbase Exchange (formerly Pro): products from {@code /products}; the native symbol is the product id ("BTC-USD"). */
public final class CoinbaseVenue implements Venue {

    public static final String ID = "coinbase";

    private static final VenueProtocol PROTOCOL = new CoinbaseProtocol();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public InstrumentCatalog parseListing(Capture listing) {
        InstrumentCatalog catalog = new InstrumentCatalog(ID);
        for (JsonNode body : Listings.responses(listing, "/products")) {
            for (JsonNode p : body) {
                catalog.add(Instrument.builder(ID, p.path("id").asText())
                        .assets(Listings.asset(p.path("base_currency").asText()), Listings.asset(p.path("quote_currency").asText()))
                        .tickSize(Listings.decimal(p.path("quote_increment")))
                        .lotSize(Listings.decimal(p.path("base_increment")))
                        .build());
            }
        }
        return catalog;
    }

    @Override
    public VenueDecoder newDecoder(InstrumentCatalog instruments, FeedOutput output) {
        return new CoinbaseDecoder(instruments, output);
    }

    @Override
    public VenueProtocol protocol() {
        return PROTOCOL;
    }
}
