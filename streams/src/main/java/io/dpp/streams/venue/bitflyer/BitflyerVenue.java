package io.dpp.streams.venue.bitflyer;

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
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * bitFlyer Lightning: products from {@code /v1/getmarkets} (Japan) and its {@code /eu} and
 * {@code /usa} lists, by {@code product_code}, the native symbol: spot "BTC_JPY", the "FX_BTC_JPY"
 * CFD (a perpetual), futures "BTCJPY24DEC2021" (with their expiry). The lists give no price or size
 * steps.
 */
public final class BitflyerVenue extends VenueDefinition {

    public static final String ID = "bitflyer";

    private static final Pattern FUTURE = Pattern.compile("([A-Z]{3})([A-Z]{3})(\\d{2}[A-Z]{3}\\d{4})");
    /** "24DEC2021". */
    private static final DateTimeFormatter EXPIRY = new java.time.format.DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("ddMMMyyyy").toFormatter(Locale.ENGLISH);

    public BitflyerVenue() {
        super(ID, new BitflyerProtocol(), new Simulation(new BitflyerSim(), new BitflyerMarket()));
    }

    @Override
    public InstrumentCatalog parseListing(Capture listing) {
        InstrumentCatalog catalog = new InstrumentCatalog(ID);
        Set<String> seen = new HashSet<>();
        for (JsonNode body : Listings.responses(listing, "/v1/getmarkets")) {
            for (JsonNode p : body) {
                String code = p.path("product_code").asText();
                if (!code.isEmpty() && seen.add(code)) {
                    Instrument i = instrument(code);
                    if (i != null) {
                        catalog.add(i);
                    }
                }
            }
        }
        return catalog;
    }

    /** The instrument of a product code, or null when it is of no shape DPP knows. */
    static Instrument instrument(String code) {
        String[] parts = code.split("_");
        if (parts.length == 3 && parts[0].equals("FX")) {
            return Instrument.builder(ID, code).assets(Listings.asset(parts[1]), Listings.asset(parts[2])).type(InstrumentType.PERPETUAL).build();
        }
        if (parts.length == 2 && parts[0].matches("[A-Z0-9]{2,10}") && parts[1].matches("[A-Z]{2,6}")) {
            return Instrument.builder(ID, code).assets(Listings.asset(parts[0]), Listings.asset(parts[1])).build();
        }
        Matcher m = FUTURE.matcher(code);
        if (m.matches()) {
            try {
                return Instrument.builder(ID, code).assets(Listings.asset(m.group(1)), Listings.asset(m.group(2))).type(InstrumentType.FUTURE)
                        .expiry(LocalDate.parse(m.group(3), EXPIRY)).build();
            } catch (java.time.format.DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }

    @Override
    public VenueDecoder newDecoder(InstrumentCatalog instruments, FeedOutput output) {
        return new BitflyerDecoder(instruments, output);
    }
}
