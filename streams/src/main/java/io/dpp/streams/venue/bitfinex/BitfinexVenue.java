package io.dpp.streams.venue.bitfinex;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.streams.capture.Capture;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.Listings;
import io.dpp.streams.venue.VenueDefinition;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.simulation.Simulation;
import java.util.Locale;
import java.util.Map;

/**
 * Bitfinex: pairs from {@code conf/pub:list:pair:exchange} (spot) and
 * {@code conf/pub:list:pair:future} (perpetuals, "BTCF0:USTF0"). The native symbol is the
 * trading symbol used on the wire, "t" + pair ("tBTCUSD", "tTESTBTC:TESTUSD"). Pairs of two
 * three-letter codes have no separator; longer codes are split by ':'.
 */
public final class BitfinexVenue extends VenueDefinition {

    public static final String ID = "bitfinex";

    public BitfinexVenue() {
        super(ID, new BitfinexProtocol(true), new Simulation(new BitfinexSim(), new BitfinexMarket()));
    }

    // Bitfinex's own short codes for common assets.
    private static final Map<String, String> ASSETS = Map.of(
            "UST", "USDT", "UDC", "USDC", "DSH", "DASH", "IOT", "IOTA", "QTM", "QTUM",
            "MNA", "MANA", "DAT", "DATA", "YYW", "YOYOW", "TSD", "TUSD", "PAS", "PASS");

    @Override
    public InstrumentCatalog parseListing(Capture listing) {
        InstrumentCatalog catalog = new InstrumentCatalog(ID);
        for (JsonNode body : Listings.responses(listing, "pub:list:pair:exchange")) {
            for (JsonNode pair : body.path(0)) {
                add(catalog, pair.asText(), false);
            }
        }
        for (JsonNode body : Listings.responses(listing, "pub:list:pair:")) {
            for (JsonNode pair : body.path(0)) {
                if (pair.asText().contains("F0")) {
                    add(catalog, pair.asText(), true);
                }
            }
        }
        return catalog;
    }

    private static void add(InstrumentCatalog catalog, String pair, boolean perpetual) {
        String base;
        String quote;
        int colon = pair.indexOf(':');
        if (colon > 0) {
            base = pair.substring(0, colon);
            quote = pair.substring(colon + 1);
        } else if (pair.length() == 6) {
            base = pair.substring(0, 3);
            quote = pair.substring(3);
        } else {
            return; // not a pair we can split
        }
        if (perpetual) {
            base = base.replace("F0", "");
            quote = quote.replace("F0", "");
        }
        catalog.add(Instrument.builder(ID, "t" + pair)
                .assets(asset(base), asset(quote))
                .type(perpetual ? InstrumentType.PERPETUAL : InstrumentType.SPOT)
                .build());
    }

    private static String asset(String code) {
        String upper = code.toUpperCase(Locale.ROOT);
        return Listings.asset(ASSETS.getOrDefault(upper, upper));
    }

    @Override
    public VenueDecoder newDecoder(InstrumentCatalog instruments, FeedOutput output) {
        return new BitfinexDecoder(instruments, output);
    }
}
