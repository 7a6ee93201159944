package io.dpp.streams.venue.coinbase;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.time.Timestamps;
import io.dpp.streams.venue.simulation.Assets;
import io.dpp.streams.venue.simulation.LevelChanges;
import io.dpp.streams.venue.simulation.MarketState;
import io.dpp.streams.venue.simulation.StreamWriter;
import io.dpp.streams.venue.simulation.SyntheticVenue;
import io.dpp.streams.venue.ChannelKind;
import io.dpp.streams.venue.Subscription;
import java.util.List;
import java.util.Map;

/**
 * Coinbase Exchange: /products listing, "subscriptions" acknowledgements, level2_batch (a
 * "snapshot", then "l2update" changes, no sequence numbers), "match" trades (with the maker's
 * side) and "ticker" best bid and ask.
 */
final class CoinbaseMarket implements SyntheticVenue {

    private static final List<String> USUAL = List.of("BTC-USD", "ETH-USD", "BTC-USDT", "ETH-USDT");

    @Override
    public String id() {
        return "coinbase";
    }

    @Override
    public List<Instrument> instruments(int count) {
        return Assets.spotPairs(id(), count, USUAL, "-", "USD", 8);
    }

    @Override
    public Map<String, String> listing(List<Instrument> instruments) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < instruments.size(); i++) {
            Instrument in = instruments.get(i);
            sb.append(i == 0 ? "" : ",").append("{\"id\":\"").append(in.nativeSymbol()).append("\",\"base_currency\":\"")
                    .append(in.base()).append("\",\"quote_currency\":\"").append(in.quote()).append("\",\"quote_increment\":\"")
                    .append(Decimal64.toString(in.tickSize())).append("\",\"base_increment\":\"").append(Decimal64.toString(in.lotSize()))
                    .append("\",\"display_name\":\"").append(in.base()).append('/').append(in.quote()).append("\",\"status\":\"online\"}");
        }
        return Map.of("/products", sb.append(']').toString());
    }

    @Override
    public List<ChannelKind> channels(Instrument instrument) {
        return List.of(ChannelKind.BOOK, ChannelKind.TRADES, ChannelKind.QUOTES);
    }

    @Override
    public StreamWriter writer(Subscription stream, Instrument instrument) {
        return switch (stream.channel()) {
            case "level2_batch", "level2" -> new Book(stream, instrument);
            case "matches", "ticker" -> new Other(stream, instrument);
            default -> null;
        };
    }

    private abstract static class Writer extends StreamWriter {
        Writer(Subscription stream, Instrument instrument) {
            super(stream, instrument);
        }

        @Override
        public String ack() {
            return "{\"type\":\"subscriptions\",\"channels\":[{\"name\":\"" + stream.channel() + "\",\"product_ids\":[\""
                    + stream.symbol() + "\"]}]}";
        }
    }

    private static final class Book extends Writer {
        Book(Subscription stream, Instrument instrument) {
            super(stream, instrument);
        }

        @Override
        public void book(long time, boolean snapshot, long firstUpdate, long lastUpdate, LevelChanges changes) {
            StringBuilder sb = new StringBuilder();
            if (snapshot) {
                sb.append("{\"type\":\"snapshot\",\"product_id\":\"").append(stream.symbol()).append("\",\"bids\":");
                side(sb, changes, true, PAIR);
                sb.append(",\"asks\":");
                side(sb, changes, false, PAIR);
                emit(time, sb.append('}').toString());
                return;
            }
            sb.append("{\"type\":\"l2update\",\"product_id\":\"").append(stream.symbol()).append("\",\"changes\":[");
            for (int i = 0; i < changes.count(); i++) {
                sb.append(i == 0 ? "" : ",").append("[\"").append(changes.isBid(i) ? "buy" : "sell").append("\",\"")
                        .append(dec(changes.price(i))).append("\",\"").append(dec(changes.size(i))).append("\"]");
            }
            emit(time, sb.append("],\"time\":\"").append(Timestamps.toIso(time)).append("\"}").toString());
        }
    }

    /** Matches and ticker: each writes only its own events. */
    private static final class Other extends Writer {
        private long sequence;

        Other(Subscription stream, Instrument instrument) {
            super(stream, instrument);
        }

        @Override
        public void start(MarketState model) {
            super.start(model);
            sequence = model.updateId();
        }

        @Override
        public void trade(long time, long id, boolean buy, long price, long size) {
            if (stream.channel().equals("matches")) {
                // "side" is the maker's: a taker who bought met a resting sell.
                emit(time, "{\"type\":\"match\",\"trade_id\":" + id + ",\"sequence\":" + (++sequence) + ",\"side\":\""
                        + (buy ? "sell" : "buy") + "\",\"size\":\"" + dec(size) + "\",\"price\":\"" + dec(price)
                        + "\",\"product_id\":\"" + stream.symbol() + "\",\"time\":\"" + Timestamps.toIso(time) + "\"}");
            }
        }

        @Override
        public void quote(long time, long updateId, long bidPrice, long bidSize, long askPrice, long askSize) {
            if (stream.channel().equals("ticker")) {
                emit(time, "{\"type\":\"ticker\",\"sequence\":" + updateId + ",\"product_id\":\"" + stream.symbol()
                        + "\",\"best_bid\":\"" + dec(bidPrice) + "\",\"best_bid_size\":\"" + dec(bidSize) + "\",\"best_ask\":\""
                        + dec(askPrice) + "\",\"best_ask_size\":\"" + dec(askSize) + "\",\"time\":\"" + Timestamps.toIso(time) + "\"}");
            }
        }
    }
}
