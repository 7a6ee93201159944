package io.dpp.streams.venue.okx;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.decimal.Decimal64;
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
 * OKX v5: instruments from {@code /api/v5/public/instruments} for every instType (spot, swaps,
 * futures, options); the native symbol is the instId. Derivatives take base and quote from their
 * underlying ("BTC-USD").
 */
public final class OkxVenue extends VenueDefinition {

    public static final String ID = "okx";

    private final OkxFlavor flavor;

    public OkxVenue() {
        this(OkxFlavor.OKX);
    }

    /** A venue on OKX's v5 public API: OKX, or Okcoin ({@link #okcoin()}). */
    private OkxVenue(OkxFlavor flavor) {
        super(flavor.id, new OkxProtocol(flavor), new Simulation(new OkxSim(), new OkxMarket(flavor)));
        this.flavor = flavor;
    }

    /** Okcoin: spot pairs in US dollars on the v5 API at {@code real.okcoin.com} and {@code www.okcoin.com}. */
    public static OkxVenue okcoin() {
        return new OkxVenue(OkxFlavor.OKCOIN);
    }

    @Override
    public InstrumentCatalog parseListing(Capture listing) {
        InstrumentCatalog catalog = new InstrumentCatalog(flavor.id);
        for (JsonNode body : Listings.responses(listing, "instruments")) {
            for (JsonNode i : body.path("data")) {
                catalog.add(instrument(flavor.id, i));
            }
        }
        return catalog;
    }

    private static Instrument instrument(String venue, JsonNode i) {
        String instId = i.path("instId").asText();
        String type = i.path("instType").asText();
        String base = i.path("baseCcy").asText();
        String quote = i.path("quoteCcy").asText();
        String underlying = i.path("uly").asText(i.path("instFamily").asText());
        if (!type.equals("SPOT") && underlying.contains("-")) {
            base = underlying.substring(0, underlying.indexOf('-'));
            quote = underlying.substring(underlying.indexOf('-') + 1);
        }
        Instrument.Builder b = Instrument.builder(venue, instId)
                .assets(Listings.asset(base), Listings.asset(quote))
                .tickSize(Listings.decimal(i.path("tickSz")))
                .lotSize(Listings.decimal(i.path("lotSz")));
        long contract = Listings.decimal(i.path("ctVal"));
        if (Decimal64.isNumber(contract)) {
            b.contractSize(contract);
        }
        switch (type) {
            case "SWAP" -> b.type(InstrumentType.PERPETUAL);
            case "FUTURES" -> b.type(InstrumentType.FUTURE).expiry(expiry(i));
            case "OPTION" -> b.type(InstrumentType.OPTION).expiry(expiry(i))
                    .option(Listings.decimal(i.path("stk")), "C".equals(i.path("optType").asText()) ? OptionKind.CALL : OptionKind.PUT);
            default -> b.type(InstrumentType.SPOT);
        }
        return b.build();
    }

    private static LocalDate expiry(JsonNode i) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(i.path("expTime").asLong()), ZoneOffset.UTC);
    }

    @Override
    public VenueDecoder newDecoder(InstrumentCatalog instruments, FeedOutput output) {
        return new OkxDecoder(instruments, output);
    }
}
