package io.dpp.streams.venue.bitget;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.streams.venue.ChannelKind;
import io.dpp.streams.venue.Listings;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.okx.OkxChecksum;
import io.dpp.streams.venue.simulation.Assets;
import io.dpp.streams.venue.simulation.LevelChanges;
import io.dpp.streams.venue.simulation.StreamWriter;
import io.dpp.streams.venue.simulation.SyntheticVenue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Bitget API v2: spot symbols and USDT-margined contracts (the coin- and USDC-margined listings are
 * empty), books as a snapshot (checksum 0, as v2 sends) then updates each carrying the checksum of
 * the book it leaves, trades (the taker's side) and tickers (best bid and ask with sizes).
 */
final class BitgetMarket implements SyntheticVenue {

    private static final List<String> USUAL = List.of("BTCUSDT_SPBL", "ETHUSDT_SPBL", "BTCUSDT_UMCBL");

    @Override
    public String id() {
        return BitgetVenue.ID;
    }

    @Override
    public List<Instrument> instruments(int count) {
        List<Instrument> out = new ArrayList<>();
        for (String symbol : Assets.usualThenExtra(count, USUAL, (i, base) -> base + "USDT" + BitgetMarkets.SPOT)) {
            String base = BitgetMarkets.instId(symbol).substring(0, BitgetMarkets.instId(symbol).length() - "USDT".length());
            Instrument.Builder b = Instrument.builder(id(), symbol).assets(base, "USDT")
                    .tickSize(Listings.step(Assets.priceDecimals(base, "USDT")));
            if (BitgetMarkets.spot(symbol)) {
                b.lotSize(Listings.step(4));
            } else {
                b.type(InstrumentType.PERPETUAL).lotSize(Listings.step(3));
            }
            out.add(b.build());
        }
        return out;
    }

    @Override
    public Map<String, String> listing(List<Instrument> instruments) {
        StringBuilder spot = new StringBuilder("{\"code\":\"00000\",\"msg\":\"success\",\"data\":[");
        StringBuilder futures = new StringBuilder("{\"code\":\"00000\",\"msg\":\"success\",\"data\":[");
        for (Instrument in : instruments) {
            String id = BitgetMarkets.instId(in.nativeSymbol());
            if (BitgetMarkets.spot(in.nativeSymbol())) {
                spot.append(spot.charAt(spot.length() - 1) == '[' ? "" : ",").append("{\"symbol\":\"").append(id)
                        .append("\",\"baseCoin\":\"").append(in.base()).append("\",\"quoteCoin\":\"").append(in.quote())
                        .append("\",\"pricePrecision\":\"").append(Decimal64.scale(in.tickSize()))
                        .append("\",\"quantityPrecision\":\"").append(Decimal64.scale(in.lotSize())).append("\",\"status\":\"online\"}");
            } else {
                futures.append(futures.charAt(futures.length() - 1) == '[' ? "" : ",").append("{\"symbol\":\"").append(id)
                        .append("\",\"baseCoin\":\"").append(in.base()).append("\",\"quoteCoin\":\"").append(in.quote())
                        .append("\",\"priceEndStep\":\"1\",\"pricePlace\":\"").append(Decimal64.scale(in.tickSize()))
                        .append("\",\"volumePlace\":\"").append(Decimal64.scale(in.lotSize())).append("\",\"symbolType\":\"perpetual\"}");
            }
        }
        String empty = "{\"code\":\"00000\",\"msg\":\"success\",\"data\":[]}";
        String contracts = BitgetProtocol.V2_FUTURES_LISTING + "?productType=";
        return Map.of(BitgetProtocol.V2_SPOT_LISTING, spot.append("]}").toString(),
                contracts + "USDT-FUTURES", futures.append("]}").toString(),
                contracts + "COIN-FUTURES", empty, contracts + "USDC-FUTURES", empty);
    }

    @Override
    public List<ChannelKind> channels(Instrument instrument) {
        return List.of(ChannelKind.BOOK, ChannelKind.TRADES, ChannelKind.QUOTES);
    }

    @Override
    public StreamWriter writer(Subscription stream, Instrument instrument) {
        return switch (stream.channel()) {
            case "books", "trade", "ticker" -> new Writer(stream, instrument);
            default -> null;
        };
    }

    /** One channel of one instrument: each writes only its own events. */
    private static final class Writer extends StreamWriter {
        private final OkxChecksum checksum = new OkxChecksum();

        Writer(Subscription stream, Instrument instrument) {
            super(stream, instrument);
        }

        private String arg() {
            return "{\"instType\":\"" + BitgetMarkets.v2InstType(stream.symbol()) + "\",\"channel\":\"" + stream.channel()
                    + "\",\"instId\":\"" + BitgetMarkets.instId(stream.symbol()) + "\"}";
        }

        @Override
        public String ack() {
            return "{\"event\":\"subscribe\",\"arg\":" + arg() + "}";
        }

        @Override
        public void book(long time, boolean snapshot, long firstUpdate, long lastUpdate, LevelChanges changes) {
            if (!stream.channel().equals("books")) {
                return;
            }
            apply(snapshot, changes);
            if (snapshot) {
                emit(time, BitgetSim.snapshot(stream, book(), millis(time), 0));
                return;
            }
            StringBuilder sb = new StringBuilder("{\"action\":\"update\",\"arg\":").append(arg()).append(",\"data\":[{\"asks\":");
            side(sb, changes, false, PAIR);
            sb.append(",\"bids\":");
            side(sb, changes, true, PAIR);
            emit(time, sb.append(",\"checksum\":").append(checksum.compute(book())).append(",\"ts\":\"").append(millis(time)).append("\"}]}")
                    .toString());
        }

        @Override
        public void trade(long time, long id, boolean buy, long price, long size) {
            if (stream.channel().equals("trade")) {
                emit(time, "{\"action\":\"update\",\"arg\":" + arg() + ",\"data\":[{\"ts\":\"" + millis(time) + "\",\"price\":\""
                        + dec(price) + "\",\"size\":\"" + dec(size) + "\",\"side\":\"" + (buy ? "buy" : "sell") + "\",\"tradeId\":\"" + id
                        + "\"}],\"ts\":" + millis(time) + "}");
            }
        }

        @Override
        public void quote(long time, long updateId, long bidPrice, long bidSize, long askPrice, long askSize) {
            if (stream.channel().equals("ticker")) {
                emit(time, "{\"action\":\"snapshot\",\"arg\":" + arg() + ",\"data\":[{\"instId\":\"" + BitgetMarkets.instId(stream.symbol())
                        + "\",\"lastPr\":\"" + dec(bidPrice) + "\",\"bidPr\":\"" + dec(bidPrice) + "\",\"askPr\":\"" + dec(askPrice)
                        + "\",\"bidSz\":\"" + dec(bidSize) + "\",\"askSz\":\"" + dec(askSize) + "\",\"ts\":\"" + millis(time) + "\"}],\"ts\":"
                        + millis(time) + "}");
            }
        }
    }
}
