package io.dpp.streams.venue.deribit;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.core.instrument.OptionKind;
import io.dpp.streams.capture.Capture;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.Listings;
import io.dpp.streams.venue.VenueDefinition;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.simulation.Simulation;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Deribit: instruments from {@code public/get_instruments} per currency. Inverse options are
 * quoted in their base currency but struck in USD, so their normalized quote is USD.
 */
public final class DeribitVenue extends VenueDefinition {

    public static final String ID = "deribit";

    public DeribitVenue() {
        super(ID, new DeribitProtocol(), new Simulation(new DeribitSim(), new DeribitMarket()));
    }

    @Override
    public InstrumentCatalog parseListing(Capture listing) {
        InstrumentCatalog catalog = new InstrumentCatalog(ID);
        for (JsonNode body : Listings.responses(listing, "get_instruments")) {
            for (JsonNode i : body.path("result")) {
                Instrument instrument = instrument(i);
                if (instrument != null) {
                    catalog.add(instrument);
                }
            }
        }
        return catalog;
    }

    private static Instrument instrument(JsonNode i) {
        String kind = i.path("kind").asText();
        String base = Listings.asset(i.path("base_currency").asText());
        String quote = Listings.asset(i.path("counter_currency").asText(i.path("quote_currency").asText()));
        if (kind.equals("option") && quote.equals(base)) {
            quote = "USD";
        }
        Instrument.Builder b = Instrument.builder(ID, i.path("instrument_name").asText())
                .assets(base, quote)
                .tickSize(Listings.decimal(i.path("tick_size")))
                .lotSize(Listings.decimal(i.path("min_trade_amount")))
                .contractSize(Listings.decimal(i.path("contract_size")));
        LocalDate expiry = LocalDate.ofInstant(Instant.ofEpochMilli(i.path("expiration_timestamp").asLong()), ZoneOffset.UTC);
        switch (kind) {
            case "future" -> {
                if ("perpetual".equals(i.path("settlement_period").asText())) {
                    b.type(InstrumentType.PERPETUAL);
                } else {
                    b.type(InstrumentType.FUTURE).expiry(expiry);
                }
            }
            case "option" -> b.type(InstrumentType.OPTION).expiry(expiry).option(Listings.decimal(i.path("strike")),
                    "call".equals(i.path("option_type").asText()) ? OptionKind.CALL : OptionKind.PUT);
            case "spot" -> b.type(InstrumentType.SPOT);
            default -> {
                return null; // combos are not single instruments
            }
        }
        return b.build();
    }

    @Override
    public VenueDecoder newDecoder(InstrumentCatalog instruments, FeedOutput output) {
        return new DeribitDecoder(instruments, output);
    }
}
