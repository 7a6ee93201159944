package io.dpp.streams.venue.phemex;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.streams.venue.ChannelKind;
import io.dpp.streams.venue.Listings;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.simulation.Assets;
import io.dpp.streams.venue.simulation.LevelChanges;
import io.dpp.streams.venue.simulation.StreamWriter;
import io.dpp.streams.venue.simulation.SyntheticVenue;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Phemex: the products listing (spot pairs "sBTCUSDT" whose numbers are scaled by their currencies'
 * value scale, 8 here; perpetuals whose prices are scaled by 10^4 and sizes are whole contracts,
 * BTCUSD inverse at a dollar a contract; the USDT-margined BTCUSDT, whose numbers are decimals on
 * {@code orderbook_p} and {@code trades_p}), orderbook snapshots then incremental changes, trades
 * with the taker's side.
 */
final class PhemexMarket implements SyntheticVenue {

    private static final List<String> USUAL = List.of("sBTCUSDT", "sETHUSDT", "BTCUSD", "BTCUSDT");
    static final int SPOT_SCALE = 8;
    static final int CONTRACT_PRICE_SCALE = 4;

    @Override
    public String id() {
        return PhemexVenue.ID;
    }

    @Override
    public List<Instrument> instruments(int count) {
        List<Instrument> out = new ArrayList<>();
        for (String symbol : Assets.usualThenExtra(count, USUAL, (i, base) -> i % 2 == 0 ? "s" + base + "USDT" : base + "USD")) {
            if (usdtPerpetual(symbol)) {
                String base = symbol.substring(0, symbol.length() - 4);
                out.add(Instrument.builder(id(), symbol).assets(base, "USDT").type(InstrumentType.PERPETUAL)
                        .tickSize(Listings.step(Assets.priceDecimals(base, "USDT"))).lotSize(Listings.step(3)).build());
            } else if (symbol.startsWith("s")) {
                String base = symbol.substring(1, symbol.length() - 4);
                out.add(Instrument.builder(id(), symbol).assets(base, "USDT")
                        .tickSize(Listings.step(Math.min(SPOT_SCALE, Assets.priceDecimals(base, "USDT")))).lotSize(Listings.step(6)).build());
            } else {
                String base = symbol.substring(0, symbol.length() - 3);
                boolean inverse = base.equals("BTC");
                out.add(Instrument.builder(id(), symbol).assets(base, "USD").type(InstrumentType.PERPETUAL)
                        .tickSize(inverse ? Decimal64.of(5, 1) : Listings.step(Math.min(CONTRACT_PRICE_SCALE, Assets.priceDecimals(base, "USD"))))
                        .lotSize(Listings.step(0)).contractSize(inverse ? Listings.step(0) : base.equals("ETH") ? Decimal64.of(5, 3)
                                : Listings.step(0)).build());
            }
        }
        return out;
    }

    /** A USDT-margined perpetual ("BTCUSDT"; spot pairs start with "s"). */
    private static boolean usdtPerpetual(String symbol) {
        return !symbol.startsWith("s") && symbol.endsWith("USDT");
    }

    @Override
    public double quotePerLot(Instrument instrument) {
        return instrument.nativeSymbol().equals("BTCUSD") ? 1.0 : Double.NaN; // inverse: a dollar a contract
    }

    @Override
    public Map<String, String> listing(List<Instrument> instruments) {
        Set<String> currencies = new LinkedHashSet<>(List.of("USDT", "USD"));
        StringBuilder products = new StringBuilder();
        StringBuilder productsV2 = new StringBuilder();
        for (Instrument in : instruments) {
            if (usdtPerpetual(in.nativeSymbol())) {
                productsV2.append(productsV2.isEmpty() ? "" : ",").append("{\"symbol\":\"").append(in.nativeSymbol())
                        .append("\",\"type\":\"PerpetualV2\",\"contractUnderlyingAssets\":\"").append(in.base())
                        .append("\",\"settleCurrency\":\"USDT\",\"quoteCurrency\":\"USDT\",\"tickSize\":\"")
                        .append(Decimal64.toString(in.tickSize())).append("\",\"qtyStepSize\":\"").append(Decimal64.toString(in.lotSize()))
                        .append("\",\"status\":\"Listed\"}");
                continue;
            }
            products.append(products.isEmpty() ? "" : ",");
            if (in.type() == InstrumentType.SPOT) {
                currencies.add(in.base());
                products.append("{\"symbol\":\"").append(in.nativeSymbol()).append("\",\"type\":\"Spot\",\"baseCurrency\":\"")
                        .append(in.base()).append("\",\"quoteCurrency\":\"").append(in.quote()).append("\",\"baseTickSize\":\"")
                        .append(Decimal64.toString(in.lotSize())).append(' ').append(in.base()).append("\",\"quoteTickSize\":\"")
                        .append(Decimal64.toString(in.tickSize())).append(' ').append(in.quote()).append("\",\"status\":\"Listed\"}");
            } else {
                boolean inverse = in.nativeSymbol().equals("BTCUSD");
                currencies.add(in.base());
                products.append("{\"symbol\":\"").append(in.nativeSymbol()).append("\",\"type\":\"Perpetual\",\"contractUnderlyingAssets\":\"")
                        .append(inverse ? "USD" : in.base()).append("\",\"settleCurrency\":\"").append(inverse ? in.base() : "USD")
                        .append("\",\"quoteCurrency\":\"USD\",\"contractSize\":").append(Decimal64.toString(in.contractSize()))
                        .append(",\"lotSize\":1,\"tickSize\":").append(Decimal64.toString(in.tickSize())).append(",\"priceScale\":")
                        .append(CONTRACT_PRICE_SCALE).append(",\"ratioScale\":8,\"status\":\"Listed\"}");
            }
        }
        StringBuilder sb = new StringBuilder("{\"code\":0,\"msg\":\"OK\",\"data\":{\"ratioScale\":8,\"currencies\":[");
        boolean first = true;
        for (String c : currencies) {
            sb.append(first ? "" : ",").append("{\"currency\":\"").append(c).append("\",\"valueScale\":")
                    .append(c.equals("USD") ? 4 : SPOT_SCALE).append('}');
            first = false;
        }
        return Map.of("/exchange/public/cfg/v2/products", sb.append("],\"products\":[").append(products).append("],\"perpProductsV2\":[")
                .append(productsV2).append("]}}").toString());
    }

    @Override
    public List<ChannelKind> channels(Instrument instrument) {
        return List.of(ChannelKind.BOOK, ChannelKind.TRADES);
    }

    @Override
    public StreamWriter writer(Subscription stream, Instrument instrument) {
        return switch (stream.channel()) {
            case "orderbook", "trade" -> new Writer(stream, instrument);
            default -> null;
        };
    }

    /** One stream: its channel's events only, numbers as Phemex's scaled integers. */
    private static final class Writer extends StreamWriter {

        private final int priceScale;
        private final int sizeScale;
        /** A USDT-margined perpetual: decimals on its own channels. */
        private final boolean real;

        Writer(Subscription stream, Instrument instrument) {
            super(stream, instrument);
            this.real = usdtPerpetual(instrument.nativeSymbol());
            boolean spot = instrument.type() == InstrumentType.SPOT;
            this.priceScale = spot ? SPOT_SCALE : CONTRACT_PRICE_SCALE;
            this.sizeScale = spot ? SPOT_SCALE : 0;
        }

        @Override
        public String ack() {
            return "{\"error\":null,\"id\":1,\"result\":{\"status\":\"success\"}}";
        }

        @Override
        public void book(long time, boolean snapshot, long firstUpdate, long lastUpdate, LevelChanges changes) {
            if (!stream.channel().equals("orderbook")) {
                return;
            }
            LevelFormat scaled = real ? PAIR : (sb, price, size) -> sb.append('[').append(PhemexSim.scaled(price, priceScale)).append(',')
                    .append(PhemexSim.scaled(size, sizeScale)).append(']');
            StringBuilder sb = new StringBuilder(real ? "{\"orderbook_p\":{\"asks\":" : "{\"book\":{\"asks\":");
            side(sb, changes, false, scaled);
            sb.append(",\"bids\":");
            side(sb, changes, true, scaled);
            // No "depth": the synthetic book is whole, not Phemex's top 30 (which sends the level that enters it).
            sb.append("},\"sequence\":").append(lastUpdate).append(",\"symbol\":\"").append(stream.symbol())
                    .append("\",\"timestamp\":").append(time * 1000).append(",\"type\":\"").append(snapshot ? "snapshot" : "incremental")
                    .append("\"}");
            emit(time, sb.toString());
        }

        @Override
        public void trade(long time, long id, boolean buy, long price, long size) {
            if (stream.channel().equals("trade") && real) {
                emit(time, "{\"sequence\":" + id + ",\"symbol\":\"" + stream.symbol() + "\",\"trades_p\":[[" + time * 1000 + ",\""
                        + (buy ? "Buy" : "Sell") + "\",\"" + dec(price) + "\",\"" + dec(size) + "\"]],\"type\":\"incremental\"}");
            } else if (stream.channel().equals("trade")) {
                emit(time, "{\"sequence\":" + id + ",\"symbol\":\"" + stream.symbol() + "\",\"trades\":[[" + time * 1000 + ",\""
                        + (buy ? "Buy" : "Sell") + "\"," + PhemexSim.scaled(price, priceScale) + "," + PhemexSim.scaled(size, sizeScale)
                        + "]],\"type\":\"incremental\"}");
            }
        }
    }
}
