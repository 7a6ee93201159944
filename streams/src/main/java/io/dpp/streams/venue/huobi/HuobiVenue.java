package io.dpp.streams.venue.huobi;

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
import java.util.Locale;

/**
 * Huobi (HTX) spot: symbols from {@code /v1/common/symbols} ("btcusdt", with its base and quote
 * currencies and the decimals of its prices and amounts). Huobi swaps ({@link #swap()}): perpetual
 * contracts from the coin-margined and USDT-margined {@code swap_contract_info}, named by
 * {@code contract_code} ("BTC-USD", "BTC-USDT"), each with its {@code price_tick} and
 * {@code contract_size} (dollars for coin-margined contracts, coins for USDT-margined ones).
 */
public final class HuobiVenue extends VenueDefinition {

    public static final String ID = "huobi";

    private final HuobiFlavor flavor;

    public HuobiVenue() {
        this(HuobiFlavor.SPOT);
    }

    private HuobiVenue(HuobiFlavor flavor) {
        super(flavor.id, new HuobiProtocol(flavor), new Simulation(new HuobiSim(), new HuobiMarket(flavor)));
        this.flavor = flavor;
    }

    /** Huobi's perpetual swaps, coin- and USDT-margined. */
    public static HuobiVenue swap() {
        return new HuobiVenue(HuobiFlavor.SWAP);
    }

    @Override
    public InstrumentCatalog parseListing(Capture listing) {
        InstrumentCatalog catalog = new InstrumentCatalog(flavor.id);
        if (flavor == HuobiFlavor.SPOT) {
            for (JsonNode body : Listings.responses(listing, "/v1/common/symbols")) {
                for (JsonNode s : body.path("data")) {
                    String symbol = s.path("symbol").asText();
                    String base = s.path("base-currency").asText();
                    String quote = s.path("quote-currency").asText();
                    if (symbol.isEmpty() || base.isEmpty() || quote.isEmpty()) {
                        continue;
                    }
                    Instrument.Builder b = Instrument.builder(flavor.id, symbol)
                            .assets(Listings.asset(base.toUpperCase(Locale.ROOT)), Listings.asset(quote.toUpperCase(Locale.ROOT)));
                    if (s.path("price-precision").canConvertToInt()) {
                        b.tickSize(Listings.step(s.path("price-precision").asInt()));
                    }
                    if (s.path("amount-precision").canConvertToInt()) {
                        b.lotSize(Listings.step(s.path("amount-precision").asInt()));
                    }
                    catalog.add(b.build());
                }
            }
            return catalog;
        }
        for (JsonNode body : Listings.responses(listing, "swap_contract_info")) {
            for (JsonNode c : body.path("data")) {
                String code = c.path("contract_code").asText();
                int dash = code.indexOf('-');
                if (dash <= 0 || dash == code.length() - 1) {
                    continue;
                }
                Instrument.Builder b = Instrument.builder(flavor.id, code)
                        .assets(Listings.asset(code.substring(0, dash)), Listings.asset(code.substring(dash + 1)))
                        .type(InstrumentType.PERPETUAL).lotSize(Listings.step(0));
                b.tickSize(stripped(c.path("price_tick")));
                b.contractSize(stripped(c.path("contract_size")));
                catalog.add(b.build());
            }
        }
        return catalog;
    }

    /** A listed number written with many trailing zeros ("100.000000000000000000"), exactly, or NULL when absent. */
    private static long stripped(JsonNode n) {
        if (!n.isNumber() && !n.isTextual()) {
            return io.dpp.core.decimal.Decimal64.NULL;
        }
        try {
            java.math.BigDecimal d = new java.math.BigDecimal(n.asText()).stripTrailingZeros();
            return d.signum() > 0 ? io.dpp.core.decimal.Decimal64.fromBigDecimal(d) : io.dpp.core.decimal.Decimal64.NULL;
        } catch (NumberFormatException | ArithmeticException e) {
            return io.dpp.core.decimal.Decimal64.NULL;
        }
    }

    @Override
    public VenueDecoder newDecoder(InstrumentCatalog instruments, FeedOutput output) {
        return new HuobiDecoder(instruments, output);
    }
}
