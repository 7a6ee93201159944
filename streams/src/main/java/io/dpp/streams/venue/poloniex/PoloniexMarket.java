package io.dpp.streams.venue.poloniex;

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
 * Poloniex: the /markets listing, subscriptions answered by channel, book_lv2 snapshots and updates
 * chained by lastId and id, trades with the taker's side.
 */
final class PoloniexMarket implements SyntheticVenue {

    private static final List<String> USUAL = List.of("BTC_USDT", "ETH_USDT");

    @Override
    public String id() {
        return PoloniexVenue.ID;
    }

    @Override
    public List<Instrument> instruments(int count) {
        return Assets.spotPairs(id(), count, USUAL, "_", "USDT", 6);
    }

    @Override
    public Map<String, String> listing(List<Instrument> instruments) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < instruments.size(); i++) {
            Instrument in = instruments.get(i);
            sb.append(i == 0 ? "" : ",").append("{\"symbol\":\"").append(in.nativeSymbol()).append("\",\"baseCurrencyName\":\"")
                    .append(in.base()).append("\",\"quoteCurrencyName\":\"").append(in.quote()).append("\",\"state\":\"NORMAL\",")
                    .append("\"symbolTradeLimit\":{\"symbol\":\"").append(in.nativeSymbol()).append("\",\"priceScale\":")
                    .append(Decimal64.scale(in.tickSize())).append(",\"quantityScale\":").append(Decimal64.scale(in.lotSize())).append("}}");
        }
        return Map.of("/markets", sb.append(']').toString());
    }

    @Override
    public List<ChannelKind> channels(Instrument instrument) {
        return List.of(ChannelKind.BOOK, ChannelKind.TRADES);
    }

    @Override
    public StreamWriter writer(Subscription stream, Instrument instrument) {
        return switch (stream.channel()) {
            case "book_lv2", "trades" -> new Writer(stream, instrument);
            default -> null;
        };
    }

    /** One stream: its channel's events only. */
    private static final class Writer extends StreamWriter {
        Writer(Subscription stream, Instrument instrument) {
            super(stream, instrument);
        }

        @Override
        public String ack() {
            return "{\"event\":\"subscribe\",\"channel\":\"" + stream.channel() + "\",\"symbols\":[\"" + stream.symbol() + "\"]}";
        }

        @Override
        public void book(long time, boolean snapshot, long firstUpdate, long lastUpdate, LevelChanges changes) {
            if (!stream.channel().equals("book_lv2")) {
                return;
            }
            StringBuilder sb = new StringBuilder("{\"channel\":\"book_lv2\",\"data\":[{\"symbol\":\"").append(stream.symbol())
                    .append("\",\"createTime\":").append(millis(time)).append(",\"asks\":");
            side(sb, changes, false, PAIR);
            sb.append(",\"bids\":");
            side(sb, changes, true, PAIR);
            sb.append(",\"lastId\":").append(snapshot ? lastUpdate - 1 : firstUpdate - 1).append(",\"id\":").append(lastUpdate)
                    .append(",\"ts\":").append(millis(time)).append("}],\"action\":\"").append(snapshot ? "snapshot" : "update").append("\"}");
            emit(time, sb.toString());
        }

        @Override
        public void trade(long time, long id, boolean buy, long price, long size) {
            if (stream.channel().equals("trades")) {
                emit(time, "{\"channel\":\"trades\",\"data\":[{\"symbol\":\"" + stream.symbol() + "\",\"amount\":\"0\",\"quantity\":\""
                        + dec(size) + "\",\"takerSide\":\"" + (buy ? "buy" : "sell") + "\",\"createTime\":" + millis(time) + ",\"price\":\""
                        + dec(price) + "\",\"id\":\"" + id + "\",\"ts\":" + millis(time) + "}]}");
            }
        }
    }
}
