package io.dpp.streams.venue.gemini;

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
import java.util.List;
import java.util.Locale;

/**
 * Gemini: symbols from {@code /v1/symbols} (lower case; the native symbol is its upper case, as the
 * v2 stream spells it: "BTCUSD"). That list names no assets or increments: the quote is the longest
 * of Gemini's quote currencies the symbol ends with, the base the rest, and tick and lot sizes stay
 * unknown ({@code /v1/symbols/details/SYMBOL} has them, one request per symbol).
 */
public final class GeminiVenue extends VenueDefinition {

    public static final String ID = "gemini";

    /** Gemini's quote currencies, longer first so that GUSD wins over USD and USDT over USD. */
    static final List<String> QUOTES = List.of("gusd", "usdt", "usdc", "rlusd", "usd", "btc", "eth", "dai", "gbp", "eur", "sgd", "bch",
            "ltc", "fil", "sol");

    public GeminiVenue() {
        super(ID, new GeminiProtocol(), new Simulation(new GeminiSim(), new GeminiMarket()));
    }

    @Override
    public InstrumentCatalog parseListing(Capture listing) {
        InstrumentCatalog catalog = new InstrumentCatalog(ID);
        for (JsonNode body : Listings.responses(listing, "/v1/symbols")) {
            for (JsonNode s : body) {
                Instrument i = instrument(s.asText());
                if (i != null) {
                    catalog.add(i);
                }
            }
        }
        return catalog;
    }

    /** The instrument of a listed symbol, or null when it ends with no known quote currency. */
    static Instrument instrument(String listed) {
        String s = listed.toLowerCase(Locale.ROOT);
        for (String quote : QUOTES) {
            if (s.length() > quote.length() && s.endsWith(quote)) {
                return Instrument.builder(ID, s.toUpperCase(Locale.ROOT))
                        .assets(Listings.asset(s.substring(0, s.length() - quote.length())), Listings.asset(quote))
                        .tickSize(Decimal64.NULL).lotSize(Decimal64.NULL).build();
            }
        }
        return null;
    }

    @Override
    public VenueDecoder newDecoder(InstrumentCatalog instruments, FeedOutput output) {
        return new GeminiDecoder(instruments, output);
    }
}
