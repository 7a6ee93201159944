package io.dpp.streams.venue.krakenfutures;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.streams.venue.simulation.Assets;
import io.dpp.streams.venue.simulation.LevelChanges;
import io.dpp.streams.venue.simulation.StreamWriter;
import io.dpp.streams.venue.simulation.SyntheticVenue;
import io.dpp.streams.venue.simulation.TickerState;
import io.dpp.streams.venue.ChannelKind;
import io.dpp.streams.venue.Listings;
import io.dpp.streams.venue.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Kraken Futures WebSocket v1, perpetuals ("PF_"): instruments listing, "subscribed" events,
 * books ("book_snapshot", then one "book" message per level with the product's seq growing by one),
 * trades, ticker_lite and ticker (mark, index, funding, open interest).
 */
final class KrakenFuturesMarket implements SyntheticVenue {

    private static final List<String> USUAL = List.of("XBT", "ETH");

    @Override
    public String id() {
        return "kraken-futures";
    }

    @Override
    public List<Instrument> instruments(int count) {
        List<Instrument> out = new ArrayList<>();
        for (String base : Assets.usualThenExtra(count, USUAL, (i, b) -> b)) {
            String symbol = "PF_" + base + "USD";
            int decimals = Math.max(0, Assets.priceDecimals(base, "USD") - 1);
            out.add(Instrument.builder(id(), symbol).assets(Listings.asset(base), "USD").type(InstrumentType.PERPETUAL)
                    .tickSize(Listings.step(decimals)).contractSize(Decimal64.of(1, 0)).build());
        }
        return out;
    }

    @Override
    public Map<String, String> listing(List<Instrument> instruments) {
        StringBuilder sb = new StringBuilder("{\"result\":\"success\",\"instruments\":[");
        for (int i = 0; i < instruments.size(); i++) {
            Instrument in = instruments.get(i);
            sb.append(i == 0 ? "" : ",").append("{\"symbol\":\"").append(in.nativeSymbol())
                    .append("\",\"type\":\"flexible_futures\",\"tradeable\":true,\"tickSize\":").append(Decimal64.toString(in.tickSize()))
                    .append(",\"contractSize\":1,\"contractValueTradePrecision\":4}");
        }
        return Map.of("/derivatives/api/v3/instruments", sb.append("]}").toString());
    }

    @Override
    public List<ChannelKind> channels(Instrument instrument) {
        return List.of(ChannelKind.BOOK, ChannelKind.TRADES, ChannelKind.QUOTES, ChannelKind.TICKERS);
    }

    @Override
    public StreamWriter writer(Subscription stream, Instrument instrument) {
        return switch (stream.channel()) {
            case "book" -> new Book(stream, instrument);
            case "trade", "ticker", "ticker_lite" -> new Other(stream, instrument);
            default -> null;
        };
    }

    private abstract static class Writer extends StreamWriter {
        Writer(Subscription stream, Instrument instrument) {
            super(stream, instrument);
        }

        @Override
        public String ack() {
            return "{\"event\":\"subscribed\",\"feed\":\"" + stream.channel() + "\",\"product_ids\":[\"" + stream.symbol() + "\"]}";
        }
    }

    private static final class Book extends Writer {
        /** {"price":p,"qty":q}, numbers. */
        private static final LevelFormat LEVEL = (sb, price, size) -> sb.append("{\"price\":").append(dec(price))
                .append(",\"qty\":").append(dec(size)).append('}');

        Book(Subscription stream, Instrument instrument) {
            super(stream, instrument);
        }

        @Override
        public void book(long time, boolean snapshot, long firstUpdate, long lastUpdate, LevelChanges changes) {
            if (snapshot) {
                StringBuilder sb = new StringBuilder("{\"feed\":\"book_snapshot\",\"product_id\":\"").append(stream.symbol())
                        .append("\",\"timestamp\":").append(millis(time)).append(",\"seq\":").append(lastUpdate)
                        .append(",\"tickSize\":null,\"bids\":");
                side(sb, changes, true, LEVEL);
                sb.append(",\"asks\":");
                side(sb, changes, false, LEVEL);
                emit(time, sb.append('}').toString());
                return;
            }
            for (int i = 0; i < changes.count(); i++) {
                emit(time, "{\"feed\":\"book\",\"product_id\":\"" + stream.symbol() + "\",\"side\":\"" + (changes.isBid(i) ? "buy" : "sell")
                        + "\",\"seq\":" + (firstUpdate + i) + ",\"price\":" + dec(changes.price(i)) + ",\"qty\":"
                        + dec(changes.size(i)) + ",\"timestamp\":" + millis(time) + "}");
            }
        }
    }

    /** Trades, ticker_lite and ticker: each writes only its own events. */
    private static final class Other extends Writer {
        private long seq;

        Other(Subscription stream, Instrument instrument) {
            super(stream, instrument);
        }

        @Override
        public void trade(long time, long id, boolean buy, long price, long size) {
            if (stream.channel().equals("trade")) {
                emit(time, "{\"feed\":\"trade\",\"product_id\":\"" + stream.symbol() + "\",\"uid\":\"" + id + "\",\"side\":\""
                        + (buy ? "buy" : "sell") + "\",\"type\":\"fill\",\"seq\":" + (++seq) + ",\"time\":" + millis(time)
                        + ",\"qty\":" + dec(size) + ",\"price\":" + dec(price) + "}");
            }
        }

        @Override
        public void quote(long time, long updateId, long bidPrice, long bidSize, long askPrice, long askSize) {
            if (stream.channel().equals("ticker_lite")) {
                emit(time, "{\"feed\":\"ticker_lite\",\"product_id\":\"" + stream.symbol() + "\",\"bid\":" + dec(bidPrice) + ",\"ask\":"
                        + dec(askPrice) + ",\"bid_size\":" + dec(bidSize) + ",\"ask_size\":" + dec(askSize) + ",\"time\":"
                        + millis(time) + "}");
            }
        }

        @Override
        public void ticker(long time, TickerState t) {
            if (stream.channel().equals("ticker")) {
                emit(time, "{\"time\":" + millis(time) + ",\"product_id\":\"" + stream.symbol() + "\",\"feed\":\"ticker\",\"bid\":"
                        + dec(t.bidPrice()) + ",\"ask\":" + dec(t.askPrice()) + ",\"bid_size\":" + dec(t.bidSize()) + ",\"ask_size\":"
                        + dec(t.askSize()) + ",\"last\":" + dec(t.last()) + ",\"markPrice\":" + dec(t.mark()) + ",\"index\":"
                        + dec(t.index()) + ",\"funding_rate\":" + dec(t.fundingRate()) + ",\"funding_rate_prediction\":"
                        + dec(t.fundingRate()) + ",\"next_funding_rate_time\":" + millis(t.nextFundingTime()) + ",\"openInterest\":"
                        + dec(t.openInterest()) + "}");
            }
        }
    }
}
