package io.dpp.streams.venue.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.instrument.Instrument;
import io.dpp.streams.capture.Capture;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.Listings;
import io.dpp.streams.venue.VenueDefinition;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.simulation.Simulation;
import java.util.Iterator;
import java.util.Map;

/**
 * Kraken spot. Instruments come from {@code /0/public/AssetPairs}: the native symbol is the
 * WebSocket name ("XBT/CHF"), price and size steps come from pair_decimals and lot_decimals.
 */
public final class KrakenVenue extends VenueDefinition {

    public static final String ID = "kraken";

    public KrakenVenue() {
        super(ID, new KrakenProtocol(), new Simulation(new KrakenSim(), new KrakenMarket()));
    }

    @Override
    public InstrumentCatalog parseListing(Capture listing) {
        InstrumentCatalog catalog = new InstrumentCatalog(ID);
        for (JsonNode body : Listings.responses(listing, "AssetPairs")) {
            JsonNode result = body.path("result");
            for (Iterator<Map.Entry<String, JsonNode>> it = result.fields(); it.hasNext(); ) {
                JsonNode pair = it.next().getValue();
                String wsname = pair.path("wsname").asText("");
                int slash = wsname.indexOf('/');
                if (slash <= 0) {
                    continue; // dark-pool and other pairs without a WebSocket name
                }
                catalog.add(Instrument.builder(ID, wsname)
                        .assets(Listings.asset(wsname.substring(0, slash)), Listings.asset(wsname.substring(slash + 1)))
                        .tickSize(Listings.step(pair.path("pair_decimals").asInt(0)))
                        .lotSize(Listings.step(pair.path("lot_decimals").asInt(0)))
                        .build());
            }
        }
        return catalog;
    }

    @Override
    public VenueDecoder newDecoder(InstrumentCatalog instruments, FeedOutput output) {
        return new KrakenDecoder(instruments, output);
    }
}
