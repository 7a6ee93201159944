package io.dpp.streams.venue.bitcom;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.streams.capture.Capture;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.Listings;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.VenueDefinition;
import io.dpp.streams.venue.VenueEndpoints;
import io.dpp.streams.venue.simulation.Simulation;

/**
 * Bit.com, two markets on hosts of their own: spot ({@code bitcom}, pairs "BTC-USDT" from
 * {@code spot-api.bit.com/spot/v1/instruments}, {@code price_step} and {@code qty_step}) and the
 * linear perpetuals ({@code bitcom-linear}, "BTC-USDT-PERPETUAL" from
 * {@code api.bit.com/linear/v1/instruments}, USDT- and USD-settled, {@code price_step},
 * {@code size_step}, {@code contract_size} of the base coin). Both speak one WebSocket protocol
 * ({@link BitcomProtocol}); cryptofeed records both as {@code BIT.COM}.
 */
public final class BitcomVenue extends VenueDefinition {

    public static final String ID = "bitcom";
    public static final String LINEAR_ID = "bitcom-linear";

    private final boolean linear;

    public BitcomVenue() {
        this(false);
    }

    private BitcomVenue(boolean linear) {
        super(linear ? LINEAR_ID : ID, new BitcomProtocol(linear, VenueEndpoints.load(BitcomVenue.class,
                linear ? "endpoints-linear.json" : "endpoints.json")), new Simulation(new BitcomSim(linear), new BitcomMarket(linear)));
        this.linear = linear;
    }

    /** Bit.com's linear (USDT- and USD-settled) perpetuals. */
    public static BitcomVenue linear() {
        return new BitcomVenue(true);
    }

    @Override
    public String capturePrefix() {
        return "BIT.COM";
    }

    @Override
    public InstrumentCatalog parseListing(Capture listing) {
        InstrumentCatalog catalog = new InstrumentCatalog(id());
        for (JsonNode body : Listings.responses(listing, linear ? "/linear/v1/instruments" : "/spot/v1/instruments")) {
            for (JsonNode p : body.path("data")) {
                Instrument i = linear ? contract(p) : pair(p);
                if (i != null) {
                    catalog.add(i);
                }
            }
        }
        return catalog;
    }

    private Instrument pair(JsonNode p) {
        String pair = p.path("pair").asText();
        String base = p.path("base_currency").asText();
        String quote = p.path("quote_currency").asText();
        if (pair.isEmpty() || base.isEmpty() || quote.isEmpty()) {
            return null;
        }
        Instrument.Builder b = Instrument.builder(id(), pair).assets(Listings.asset(base), Listings.asset(quote));
        if (p.hasNonNull("price_step")) {
            b.tickSize(Listings.decimal(p.path("price_step")));
        }
        if (p.hasNonNull("qty_step")) {
            b.lotSize(Listings.decimal(p.path("qty_step")));
        }
        return b.build();
    }

    /** A linear contract: perpetuals only (Bit.com lists no dated linear futures). */
    private Instrument contract(JsonNode c) {
        String id = c.path("instrument_id").asText();
        String base = c.path("base_currency").asText();
        String quote = c.path("quote_currency").asText();
        if (!id.endsWith("-PERPETUAL") || base.isEmpty() || quote.isEmpty()) {
            return null;
        }
        Instrument.Builder b = Instrument.builder(id(), id).assets(Listings.asset(base), Listings.asset(quote))
                .type(InstrumentType.PERPETUAL);
        if (c.hasNonNull("price_step")) {
            b.tickSize(Listings.decimal(c.path("price_step")));
        }
        if (c.hasNonNull("size_step")) {
            b.lotSize(Listings.decimal(c.path("size_step")));
        }
        if (c.hasNonNull("contract_size")) {
            b.contractSize(Listings.decimal(c.path("contract_size")));
        }
        return b.build();
    }

    @Override
    public VenueDecoder newDecoder(InstrumentCatalog instruments, FeedOutput output) {
        return new BitcomDecoder(instruments, output);
    }
}
