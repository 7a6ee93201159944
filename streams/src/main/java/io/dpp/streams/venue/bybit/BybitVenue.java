package io.dpp.streams.venue.bybit;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.streams.capture.Capture;
import io.dpp.streams.capture.CaptureKind;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.Listings;
import io.dpp.streams.venue.VenueDefinition;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.simulation.Simulation;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bybit: instruments from {@code /v5/market/instruments-info} (current API) or the retired
 * {@code /v2/public/symbols} (the fixture capture). The native symbol is the symbol name.
 */
public final class BybitVenue extends VenueDefinition {

    public static final String ID = "bybit";

    public BybitVenue() {
        super(ID, new BybitProtocol(), new Simulation(new BybitSim(), new BybitMarket()));
    }

    // Legacy dated futures: name "BTCUSDU21", alias "BTCUSD0924": month and day in the alias, year in the name.
    private static final Pattern LEGACY_FUTURE = Pattern.compile(".*[FGHJKMNQUVXZ](\\d\\d)$");
    private static final Pattern ALIAS_DATE = Pattern.compile(".*(\\d\\d)(\\d\\d)$");

    @Override
    public InstrumentCatalog parseListing(Capture listing) {
        InstrumentCatalog catalog = new InstrumentCatalog(ID);
        boolean v5 = false;
        for (int i = 0; i < listing.size(); i++) {
            v5 |= listing.kind(i) == CaptureKind.REST && listing.url(i).contains("/v5/market/instruments-info");
        }
        if (v5) {
            for (JsonNode body : Listings.responses(listing, "/v5/market/instruments-info")) {
                for (JsonNode s : body.path("result").path("list")) {
                    catalog.add(v5Instrument(s));
                }
            }
            return catalog;
        }
        for (JsonNode body : Listings.responses(listing, "/v2/public/symbols")) {
            for (JsonNode s : body.path("result")) {
                catalog.add(legacyInstrument(s));
            }
        }
        return catalog;
    }

    private static Instrument v5Instrument(JsonNode s) {
        String contract = s.path("contractType").asText("");
        Instrument.Builder b = Instrument.builder(ID, s.path("symbol").asText())
                .assets(Listings.asset(s.path("baseCoin").asText()), Listings.asset(s.path("quoteCoin").asText()))
                .tickSize(Listings.decimal(s.path("priceFilter").path("tickSize")))
                .lotSize(Listings.decimal(s.path("lotSizeFilter").path("qtyStep")));
        if (contract.endsWith("Perpetual")) {
            b.type(InstrumentType.PERPETUAL);
        } else if (contract.endsWith("Futures")) {
            b.type(InstrumentType.FUTURE).expiry(LocalDate.ofInstant(
                    Instant.ofEpochMilli(s.path("deliveryTime").asLong()), ZoneOffset.UTC));
        }
        return b.build();
    }

    private static Instrument legacyInstrument(JsonNode s) {
        String name = s.path("name").asText();
        Instrument.Builder b = Instrument.builder(ID, name)
                .assets(Listings.asset(s.path("base_currency").asText()), Listings.asset(s.path("quote_currency").asText()))
                .tickSize(Listings.decimal(s.path("price_filter").path("tick_size")))
                .lotSize(Listings.decimal(s.path("lot_size_filter").path("qty_step")));
        Matcher year = LEGACY_FUTURE.matcher(name);
        Matcher day = ALIAS_DATE.matcher(s.path("alias").asText(""));
        if (year.matches() && day.matches()) {
            b.type(InstrumentType.FUTURE).expiry(LocalDate.of(2000 + Integer.parseInt(year.group(1)),
                    Integer.parseInt(day.group(1)), Integer.parseInt(day.group(2))));
        } else {
            b.type(InstrumentType.PERPETUAL);
        }
        return b.build();
    }

    @Override
    public VenueDecoder newDecoder(InstrumentCatalog instruments, FeedOutput output) {
        return new BybitDecoder(instruments, output);
    }
}
