package io.dpp.streams.venue.kucoin;

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
 * KuCoin: the symbols listing, subscriptions acknowledged by id, numbered level2 changes whose books
 * start from the REST snapshot (with its sequence), trades ({@code trade.l3match}, the taker's side,
 * nanosecond times) and tickers (best bid and ask with sizes).
 */
final class KucoinMarket implements SyntheticVenue {

    private static final List<String> USUAL = List.of("BTC-USDT", "ETH-USDT");

    @Override
    public String id() {
        return KucoinVenue.ID;
    }

    @Override
    public List<Instrument> instruments(int count) {
        return Assets.spotPairs(id(), count, USUAL, "-", "USDT", 8);
    }

    @Override
    public Map<String, String> listing(List<Instrument> instruments) {
        StringBuilder sb = new StringBuilder("{\"code\":\"200000\",\"data\":[");
        for (int i = 0; i < instruments.size(); i++) {
            Instrument in = instruments.get(i);
            sb.append(i == 0 ? "" : ",").append("{\"symbol\":\"").append(in.nativeSymbol()).append("\",\"name\":\"").append(in.nativeSymbol())
                    .append("\",\"baseCurrency\":\"").append(in.base()).append("\",\"quoteCurrency\":\"").append(in.quote())
                    .append("\",\"baseIncrement\":\"").append(Decimal64.toString(in.lotSize())).append("\",\"priceIncrement\":\"")
                    .append(Decimal64.toString(in.tickSize())).append("\",\"enableTrading\":true}");
        }
        return Map.of(KucoinProtocol.LISTING_PATH, sb.append("]}").toString());
    }

    @Override
    public List<ChannelKind> channels(Instrument instrument) {
        return List.of(ChannelKind.BOOK, ChannelKind.TRADES, ChannelKind.QUOTES);
    }

    @Override
    public StreamWriter writer(Subscription stream, Instrument instrument) {
        return switch (stream.channel()) {
            case KucoinProtocol.BOOK, "/market/match", "/market/ticker" -> new Writer(stream, instrument);
            default -> null;
        };
    }

    /** One topic of one symbol: each writes only its own events. */
    private static final class Writer extends StreamWriter {
        Writer(Subscription stream, Instrument instrument) {
            super(stream, instrument);
        }

        @Override
        public String ack() {
            return "{\"id\":\"1\",\"type\":\"ack\"}";
        }

        private void message(long time, String subject, String data) {
            emit(time, "{\"type\":\"message\",\"topic\":\"" + stream.channel() + ":" + stream.symbol() + "\",\"subject\":\"" + subject
                    + "\",\"data\":" + data + "}");
        }

        @Override
        public void book(long time, boolean snapshot, long firstUpdate, long lastUpdate, LevelChanges changes) {
            if (!stream.channel().equals(KucoinProtocol.BOOK)) {
                return;
            }
            apply(snapshot, changes);
            if (snapshot) {
                emitRest(time, KucoinProtocol.SNAPSHOT_PATH + "?symbol=" + stream.symbol(),
                        KucoinSim.snapshot(millis(time), lastUpdate, book()));
                return;
            }
            // Each change numbered in turn from the first update, the last ones sharing the message's last number.
            StringBuilder asks = new StringBuilder("[");
            StringBuilder bids = new StringBuilder("[");
            for (int i = 0; i < changes.count(); i++) {
                StringBuilder side = changes.isBid(i) ? bids : asks;
                side.append(side.length() > 1 ? "," : "").append("[\"").append(dec(changes.price(i))).append("\",\"")
                        .append(dec(changes.size(i))).append("\",\"").append(Math.min(firstUpdate + i, lastUpdate)).append("\"]");
            }
            message(time, "trade.l2update", "{\"changes\":{\"asks\":" + asks + "],\"bids\":" + bids + "]},\"sequenceEnd\":" + lastUpdate
                    + ",\"sequenceStart\":" + firstUpdate + ",\"symbol\":\"" + stream.symbol() + "\",\"time\":" + millis(time) + "}");
        }

        @Override
        public void trade(long time, long id, boolean buy, long price, long size) {
            if (stream.channel().equals("/market/match")) {
                message(time, "trade.l3match", "{\"symbol\":\"" + stream.symbol() + "\",\"sequence\":\"" + id + "\",\"side\":\""
                        + (buy ? "buy" : "sell") + "\",\"size\":\"" + dec(size) + "\",\"price\":\"" + dec(price) + "\",\"time\":\""
                        + time * 1000 + "\",\"type\":\"match\",\"tradeId\":\"" + Long.toHexString(id) + "\"}");
            }
        }

        @Override
        public void quote(long time, long updateId, long bidPrice, long bidSize, long askPrice, long askSize) {
            if (stream.channel().equals("/market/ticker")) {
                message(time, "trade.ticker", "{\"sequence\":\"" + updateId + "\",\"bestAsk\":\"" + dec(askPrice) + "\",\"bestAskSize\":\""
                        + dec(askSize) + "\",\"bestBid\":\"" + dec(bidPrice) + "\",\"bestBidSize\":\"" + dec(bidSize) + "\",\"time\":"
                        + millis(time) + "}");
            }
        }
    }
}
