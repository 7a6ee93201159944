package io.dpp.streams.venue.krakenfutures;

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
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Kraken Futures: contracts from {@code /derivatives/api/v3/instruments}. Symbols are
 * "pi_xbtusd" (inverse perpetual), "pf_xbtusd" (linear perpetual), "fi_xbtusd_210924" and
 * "ff_..." (dated futures); the WebSocket feed names them in upper case ("PI_XBTUSD"), which is
 * the native symbol. Indices ("in_", "rr_") are not tradable and are skipped.
 */
public final class KrakenFuturesVenue extends VenueDefinition {

    public static final String ID = "kraken-futures";

    public KrakenFuturesVenue() {
        super(ID, new KrakenFuturesProtocol(), new Simulation(new KrakenFuturesSim(), new KrakenFuturesMarket()));
    }

    private static final DateTimeFormatter EXPIRY = DateTimeFormatter.ofPattern("yyMMdd");

    @Override
    public InstrumentCatalog parseListing(Capture listing) {
        InstrumentCatalog catalog = new InstrumentCatalog(ID);
        for (JsonNode body : Listings.responses(listing, "instruments")) {
            for (JsonNode i : body.path("instruments")) {
                Instrument instrument = instrument(i);
                if (instrument != null) {
                    catalog.add(instrument);
                }
            }
        }
        return catalog;
    }

    private static Instrument instrument(JsonNode i) {
        String symbol = i.path("symbol").asText().toLowerCase(Locale.ROOT);
        String[] parts = symbol.split("_");
        if (parts.length < 2 || !(parts[0].startsWith("p") || parts[0].startsWith("f")) || parts[1].length() < 6) {
            return null;
        }
        String pair = parts[1];
        String base = pair.substring(0, pair.length() - 3);
        String quote = pair.substring(pair.length() - 3);
        Instrument.Builder b = Instrument.builder(ID, symbol.toUpperCase(Locale.ROOT))
                .assets(Listings.asset(base), Listings.asset(quote))
                .tickSize(Listings.decimal(i.path("tickSize")))
                .contractSize(Listings.decimal(i.path("contractSize")));
        if (parts[0].startsWith("f") && parts.length == 3) {
            b.type(InstrumentType.FUTURE).expiry(LocalDate.parse(parts[2], EXPIRY));
        } else {
            b.type(InstrumentType.PERPETUAL);
        }
        return b.build();
    }

    @Override
    public VenueDecoder newDecoder(InstrumentCatalog instruments, FeedOutput output) {
        return new KrakenFuturesDecoder(instruments, output);
    }
}
