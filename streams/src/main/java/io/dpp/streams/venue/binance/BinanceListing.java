package io.dpp.streams.venue.binance;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.streams.capture.Capture;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.Listings;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Reads Binance's {@code exchangeInfo} (every {@link BinanceFlavor} shares its shape; COIN-M's names each contract's size). */
final class BinanceListing {

    private BinanceListing() {
    }

    static InstrumentCatalog parse(Capture listing, BinanceFlavor flavor) {
        String venue = flavor.id;
        InstrumentCatalog catalog = new InstrumentCatalog(venue);
        for (JsonNode body : Listings.responses(listing, "exchangeInfo")) {
            for (JsonNode s : body.path("symbols")) {
                String symbol = s.path("symbol").asText();
                Instrument.Builder b = Instrument.builder(venue, symbol)
                        .assets(Listings.asset(s.path("baseAsset").asText()), Listings.asset(s.path("quoteAsset").asText()))
                        .tickSize(filter(s, "PRICE_FILTER", "tickSize"))
                        .lotSize(filter(s, "LOT_SIZE", "stepSize"));
                if (flavor.inverse()) {
                    // COIN-M: sizes in contracts of contractSize dollars.
                    b.contractSize(Listings.decimal(s.path("contractSize")));
                }
                if (flavor.futures) {
                    String contract = s.path("contractType").asText("PERPETUAL");
                    if (contract.equals("PERPETUAL") || contract.isEmpty()) {
                        b.type(InstrumentType.PERPETUAL);
                    } else {
                        b.type(InstrumentType.FUTURE).expiry(LocalDate.ofInstant(
                                Instant.ofEpochMilli(s.path("deliveryDate").asLong()), ZoneOffset.UTC));
                    }
                }
                catalog.add(b.build());
            }
        }
        return catalog;
    }

    private static long filter(JsonNode symbol, String type, String field) {
        for (JsonNode f : symbol.path("filters")) {
            if (type.equals(f.path("filterType").asText())) {
                long d = Listings.decimal(f.path(field));
                return Decimal64.isNumber(d) ? d : Decimal64.NULL;
            }
        }
        return Decimal64.NULL;
    }
}
