package io.dpp.streams.venue.bitmex;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.core.time.Timestamps;
import io.dpp.streams.venue.simulation.Assets;
import io.dpp.streams.venue.simulation.LevelChanges;

import io.dpp.streams.venue.simulation.StreamWriter;
import io.dpp.streams.venue.simulation.SyntheticVenue;
import io.dpp.streams.venue.ChannelKind;
import io.dpp.streams.venue.Listings;
import io.dpp.streams.venue.Subscription;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * BitMEX realtime API, perpetual swaps: the active-instrument listing, {"success":true,
 * "subscribe":..} acknowledgements, orderBookL2 (a "partial", then "insert", "update" and "delete"
 * messages that name levels by id: updates and deletes carry the id only), trade, quote and
 * liquidation tables.
 */
final class BitmexMarket implements SyntheticVenue {

    /** Symbol, base, quote, tick, lot, dollars per lot (0: linear, the lot's worth at the price). */
    private static final String[][] USUAL = {
        {"XBTUSD", "XBT", "USD", "0.5", "100", "100"}, {"ETHUSD", "ETH", "USD", "0.05", "1", "0"},
        {"XBTUSDT", "XBT", "USDT", "0.5", "0.001", "0"}, {"ETHUSDT", "ETH", "USDT", "0.05", "0.01", "0"}};

    private final Map<String, Double> dollarsPerLot = new HashMap<>();

    @Override
    public String id() {
        return "bitmex";
    }

    @Override
    public List<Instrument> instruments(int count) {
        List<Instrument> out = new ArrayList<>();
        for (String[] r : Assets.usualThenExtra(count, List.of(USUAL), (i, base) -> new String[] {base + "USDT", base, "USDT",
            Decimal64.toString(Listings.step(Assets.priceDecimals(base, "USDT"))), "0.01", "0"})) {
            out.add(Instrument.builder(id(), r[0]).assets(Listings.asset(r[1]), r[2]).type(InstrumentType.PERPETUAL)
                    .tickSize(Decimal64.parse(r[3])).lotSize(Decimal64.parse(r[4])).build());
            dollarsPerLot.put(r[0], Double.parseDouble(r[5]));
        }
        return out;
    }

    @Override
    public Map<String, String> listing(List<Instrument> instruments) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < instruments.size(); i++) {
            Instrument in = instruments.get(i);
            sb.append(i == 0 ? "" : ",").append("{\"symbol\":\"").append(in.nativeSymbol()).append("\",\"typ\":\"FFWCSX\",\"underlying\":\"")
                    .append(in.base().equals("BTC") ? "XBT" : in.base()).append("\",\"quoteCurrency\":\"").append(in.quote())
                    .append("\",\"tickSize\":").append(Decimal64.toString(in.tickSize())).append(",\"lotSize\":")
                    .append(Decimal64.toString(in.lotSize())).append(",\"state\":\"Open\"}");
        }
        return Map.of("/api/v1/instrument/active", sb.append(']').toString());
    }

    @Override
    public double quotePerLot(Instrument instrument) {
        double dollars = dollarsPerLot.getOrDefault(instrument.nativeSymbol(), 0.0);
        return dollars > 0 ? dollars : Double.NaN;
    }

    @Override
    public List<ChannelKind> channels(Instrument instrument) {
        return List.of(ChannelKind.BOOK, ChannelKind.TRADES, ChannelKind.QUOTES, ChannelKind.LIQUIDATIONS);
    }

    @Override
    public StreamWriter writer(Subscription stream, Instrument instrument) {
        return switch (stream.channel()) {
            case "orderBookL2" -> new Book(stream, instrument);
            case "trade", "quote", "liquidation" -> new Other(stream, instrument);
            default -> null;
        };
    }

    private abstract static class Writer extends StreamWriter {
        Writer(Subscription stream, Instrument instrument) {
            super(stream, instrument);
        }

        @Override
        public String ack() {
            String arg = stream.channel() + ":" + stream.symbol();
            return "{\"success\":true,\"subscribe\":\"" + arg + "\",\"request\":{\"op\":\"subscribe\",\"args\":[\"" + arg + "\"]}}";
        }

        void table(long time, String action, String rows) {
            emit(time, "{\"table\":\"" + stream.channel() + "\",\"action\":\"" + action + "\",\"data\":[" + rows + "]}");
        }
    }

    private static final class Book extends Writer {
        Book(Subscription stream, Instrument instrument) {
            super(stream, instrument);
        }

        /** A level's id: its price in the smallest unit, unique on the instrument's tick grid. */
        private static long id(long price) {
            return Decimal64.mantissa(Decimal64.rescale(price, 8));
        }

        @Override
        public void book(long time, boolean snapshot, long firstUpdate, long lastUpdate, LevelChanges changes) {
            if (snapshot) {
                apply(true, changes);
                StringBuilder rows = new StringBuilder();
                for (int i = 0; i < changes.count(); i++) {
                    row(rows.append(i == 0 ? "" : ","), changes, i, "insert");
                }
                emit(time, "{\"table\":\"orderBookL2\",\"action\":\"partial\",\"keys\":[\"symbol\",\"id\",\"side\"],\"filter\":{\"symbol\":\""
                        + stream.symbol() + "\"},\"data\":[" + rows + "]}");
                return;
            }
            // One action per message, in the step's order: runs of the same action share a message.
            String action = null;
            StringBuilder rows = new StringBuilder();
            for (int i = 0; i < changes.count(); i++) {
                boolean bid = changes.isBid(i);
                boolean exists = has(bid, changes.price(i));
                String a = Decimal64.signum(changes.size(i)) == 0 ? "delete" : exists ? "update" : "insert";
                if (action != null && !a.equals(action)) {
                    table(time, action, rows.toString());
                    rows.setLength(0);
                }
                action = a;
                row(rows.append(rows.length() == 0 ? "" : ","), changes, i, a);
                book().set(bid, changes.price(i), changes.size(i));
            }
            if (action != null) {
                table(time, action, rows.toString());
            }
        }

        private boolean has(boolean bid, long price) {
            for (int i = 0; i < book().depth(bid); i++) {
                if (Decimal64.equalValue(book().price(bid, i), price)) {
                    return true;
                }
            }
            return false;
        }

        private void row(StringBuilder sb, LevelChanges changes, int i, String action) {
            sb.append("{\"symbol\":\"").append(stream.symbol()).append("\",\"id\":").append(id(changes.price(i)))
                    .append(",\"side\":\"").append(changes.isBid(i) ? "Buy" : "Sell").append('"');
            if (!action.equals("delete")) {
                sb.append(",\"size\":").append(dec(changes.size(i)));
            }
            if (action.equals("insert")) {
                sb.append(",\"price\":").append(dec(changes.price(i)));
            }
            sb.append('}');
        }
    }

    /** Trade, quote and liquidation: each writes only its own events. */
    private static final class Other extends Writer {
        Other(Subscription stream, Instrument instrument) {
            super(stream, instrument);
        }

        @Override
        public void trade(long time, long id, boolean buy, long price, long size) {
            if (stream.channel().equals("trade")) {
                table(time, "insert", "{\"timestamp\":\"" + Timestamps.toIso(time) + "\",\"symbol\":\"" + stream.symbol() + "\",\"side\":\""
                        + (buy ? "Buy" : "Sell") + "\",\"size\":" + dec(size) + ",\"price\":" + dec(price) + ",\"trdMatchID\":\"t-" + id
                        + "\"}");
            }
        }

        @Override
        public void quote(long time, long updateId, long bidPrice, long bidSize, long askPrice, long askSize) {
            if (stream.channel().equals("quote")) {
                table(time, "insert", "{\"timestamp\":\"" + Timestamps.toIso(time) + "\",\"symbol\":\"" + stream.symbol() + "\",\"bidSize\":"
                        + dec(bidSize) + ",\"bidPrice\":" + dec(bidPrice) + ",\"askPrice\":" + dec(askPrice) + ",\"askSize\":"
                        + dec(askSize) + "}");
            }
        }

        @Override
        public void liquidation(long time, long id, boolean buy, long price, long size) {
            if (stream.channel().equals("liquidation")) {
                table(time, "insert", "{\"orderID\":\"l-" + id + "\",\"symbol\":\"" + stream.symbol() + "\",\"side\":\""
                        + (buy ? "Buy" : "Sell") + "\",\"price\":" + dec(price) + ",\"leavesQty\":" + dec(size) + "}");
            }
        }
    }
}
