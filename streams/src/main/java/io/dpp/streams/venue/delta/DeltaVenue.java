package io.dpp.streams.venue.delta;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.core.instrument.OptionKind;
import io.dpp.streams.capture.Capture;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.Listings;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.VenueDefinition;
import io.dpp.streams.venue.simulation.Simulation;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * Delta Exchange: products from {@code /v2/products}, by {@code symbol} ("BTCUSDT",
 * "C-BTC-59000-301121", "UNIUSDT_31Dec"): perpetual futures, futures and call and put options (with
 * their strike and settlement day), each with its {@code tick_size} and {@code contract_value} (the
 * underlying a contract is worth; sizes are contracts). Other kinds (spreads, MOVE options, interest
 * rate swaps) and products not live are left out.
 */
public final class DeltaVenue extends VenueDefinition {

    public static final String ID = "delta";

    public DeltaVenue() {
        super(ID, new DeltaProtocol(), new Simulation(new DeltaSim(), new DeltaMarket()));
    }

    @Override
    public InstrumentCatalog parseListing(Capture listing) {
        InstrumentCatalog catalog = new InstrumentCatalog(ID);
        for (JsonNode body : Listings.responses(listing, "/v2/products")) {
            for (JsonNode p : body.path("result")) {
                Instrument i = instrument(p);
                if (i != null) {
                    catalog.add(i);
                }
            }
        }
        return catalog;
    }

    /** The instrument of a listed product, or null when DPP does not stream its kind or cannot read it. */
    private static Instrument instrument(JsonNode p) {
        try {
            return product(p);
        } catch (RuntimeException e) {
            return null; // a product whose dates or numbers do not read: left out, the others stay
        }
    }

    private static Instrument product(JsonNode p) {
        String symbol = p.path("symbol").asText();
        String base = p.path("underlying_asset").path("symbol").asText();
        String quote = p.path("quoting_asset").path("symbol").asText();
        if (symbol.isEmpty() || base.isEmpty() || quote.isEmpty() || !p.path("state").asText("live").equals("live")) {
            return null;
        }
        Instrument.Builder b = Instrument.builder(ID, symbol).assets(Listings.asset(base), Listings.asset(quote))
                .tickSize(Listings.decimal(p.path("tick_size"))).lotSize(Listings.step(0)).contractSize(Listings.decimal(p.path("contract_value")));
        LocalDate settles = p.hasNonNull("settlement_time") ? OffsetDateTime.parse(p.path("settlement_time").asText()).toLocalDate() : null;
        switch (p.path("contract_type").asText()) {
            case "perpetual_futures" -> b.type(InstrumentType.PERPETUAL);
            case "futures" -> b.type(InstrumentType.FUTURE).expiry(settles);
            case "call_options", "put_options" -> b.type(InstrumentType.OPTION).expiry(settles).option(Listings.decimal(p.path("strike_price")),
                    p.path("contract_type").asText().startsWith("call") ? OptionKind.CALL : OptionKind.PUT);
            default -> {
                return null;
            }
        }
        return b.build();
    }

    @Override
    public VenueDecoder newDecoder(InstrumentCatalog instruments, FeedOutput output) {
        return new DeltaDecoder(instruments, output);
    }
}
