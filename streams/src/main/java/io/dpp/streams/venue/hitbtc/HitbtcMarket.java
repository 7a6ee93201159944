package io.dpp.streams.venue.hitbtc;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.streams.venue.ChannelKind;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.simulation.Assets;
import io.dpp.streams.venue.simulation.LevelChanges;
import io.dpp.streams.venue.simulation.StreamWriter;
import io.dpp.streams.venue.simulation.SyntheticVenue;
import java.util.List;
import java.util.Map;

/**
 * HitBTC and Bequant: the symbol listing, orderbook snapshots then updates numbered one by one,
 * trades with the taker's side, tickers of the best bid and ask.
 */
final class HitbtcMarket implements SyntheticVenue {

    private static final List<String> USUAL = List.of("BTCUSD", "ETHUSD");

    private final String id;

    HitbtcMarket(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public List<Instrument> instruments(int count) {
        return Assets.spotPairs(id, count, USUAL, "", "USD", 5);
    }

    @Override
    public Map<String, String> listing(List<Instrument> instruments) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < instruments.size(); i++) {
            Instrument in = instruments.get(i);
            sb.append(i == 0 ? "" : ",").append("{\"id\":\"").append(in.nativeSymbol()).append("\",\"baseCurrency\":\"").append(in.base())
                    .append("\",\"quoteCurrency\":\"").append(in.quote()).append("\",\"quantityIncrement\":\"")
                    .append(Decimal64.toString(in.lotSize())).append("\",\"tickSize\":\"").append(Decimal64.toString(in.tickSize()))
                    .append("\",\"feeCurrency\":\"").append(in.quote()).append("\"}");
        }
        return Map.of("/api/2/public/symbol", sb.append(']').toString());
    }

    @Override
    public List<ChannelKind> channels(Instrument instrument) {
        return List.of(ChannelKind.BOOK, ChannelKind.TRADES, ChannelKind.QUOTES);
    }

    @Override
    public StreamWriter writer(Subscription stream, Instrument instrument) {
        return switch (stream.channel()) {
            case "Orderbook", "Trades", "Ticker" -> new Writer(stream, instrument);
            default -> null;
        };
    }

    /** One stream: its channel's events only; a book's updates numbered one by one from its snapshot's sequence. */
    private static final class Writer extends StreamWriter {

        private static final LevelFormat LEVEL = (sb, price, size) -> HitbtcSim.level(sb, dec(price), dec(size));

        private long sequence;

        Writer(Subscription stream, Instrument instrument) {
            super(stream, instrument);
        }

        @Override
        public String ack() {
            return "{\"jsonrpc\":\"2.0\",\"result\":true,\"id\":1}";
        }

        @Override
        public void book(long time, boolean snapshot, long firstUpdate, long lastUpdate, LevelChanges changes) {
            if (!stream.channel().equals("Orderbook")) {
                return;
            }
            sequence = snapshot ? lastUpdate : sequence + 1;
            StringBuilder sb = new StringBuilder("{\"jsonrpc\":\"2.0\",\"method\":\"").append(snapshot ? "snapshotOrderbook" : "updateOrderbook")
                    .append("\",\"params\":{\"ask\":");
            side(sb, changes, false, LEVEL);
            sb.append(",\"bid\":");
            side(sb, changes, true, LEVEL);
            sb.append(",\"symbol\":\"").append(stream.symbol()).append("\",\"sequence\":").append(sequence).append(",\"timestamp\":\"")
                    .append(iso(time)).append("\"}}");
            emit(time, sb.toString());
        }

        @Override
        public void trade(long time, long id, boolean buy, long price, long size) {
            if (stream.channel().equals("Trades")) {
                emit(time, "{\"jsonrpc\":\"2.0\",\"method\":\"updateTrades\",\"params\":{\"data\":[{\"id\":" + id + ",\"price\":\""
                        + dec(price) + "\",\"quantity\":\"" + dec(size) + "\",\"side\":\"" + (buy ? "buy" : "sell") + "\",\"timestamp\":\""
                        + iso(time) + "\"}],\"symbol\":\"" + stream.symbol() + "\"}}");
            }
        }

        @Override
        public void quote(long time, long updateId, long bidPrice, long bidSize, long askPrice, long askSize) {
            if (stream.channel().equals("Ticker")) {
                emit(time, "{\"jsonrpc\":\"2.0\",\"method\":\"ticker\",\"params\":{\"ask\":\"" + dec(askPrice) + "\",\"bid\":\"" + dec(bidPrice)
                        + "\",\"timestamp\":\"" + iso(time) + "\",\"symbol\":\"" + stream.symbol() + "\"}}");
            }
        }

        private static String iso(long micros) {
            return java.time.Instant.ofEpochSecond(micros / 1_000_000, micros % 1_000_000 * 1000).toString();
        }
    }
}
