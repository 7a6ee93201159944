package io.dpp.streams.venue.bitflyer;

import io.dpp.book.SortedBook;
import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.time.Timestamps;
import io.dpp.streams.venue.ChannelKind;
import io.dpp.streams.venue.Listings;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.simulation.Assets;
import io.dpp.streams.venue.simulation.LevelChanges;
import io.dpp.streams.venue.simulation.StreamWriter;
import io.dpp.streams.venue.simulation.SyntheticVenue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** bitFlyer: the getmarkets list, board snapshots then board changes, executions, tickers. */
final class BitflyerMarket implements SyntheticVenue {

    private static final List<String> USUAL = List.of("BTC_JPY", "ETH_JPY", "FX_BTC_JPY");

    @Override
    public String id() {
        return BitflyerVenue.ID;
    }

    @Override
    public List<Instrument> instruments(int count) {
        List<Instrument> out = new ArrayList<>();
        for (String code : Assets.usualThenExtra(count, USUAL, (i, base) -> base + "_JPY")) {
            Instrument parsed = BitflyerVenue.instrument(code);
            out.add(Instrument.builder(id(), code).assets(parsed.base(), parsed.quote()).type(parsed.type())
                    .tickSize(Listings.step(Assets.priceDecimals(parsed.base(), "JPY"))).lotSize(Listings.step(8)).build());
        }
        return out;
    }

    @Override
    public Map<String, String> listing(List<Instrument> instruments) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < instruments.size(); i++) {
            String code = instruments.get(i).nativeSymbol();
            sb.append(i == 0 ? "" : ",").append("{\"product_code\":\"").append(code).append("\",\"market_type\":\"")
                    .append(code.startsWith("FX_") ? "FX" : "Spot").append("\"}");
        }
        return Map.of("/v1/getmarkets", sb.append(']').toString());
    }

    @Override
    public List<ChannelKind> channels(Instrument instrument) {
        return List.of(ChannelKind.BOOK, ChannelKind.TRADES, ChannelKind.QUOTES);
    }

    @Override
    public StreamWriter writer(Subscription stream, Instrument instrument) {
        return switch (stream.channel()) {
            case BitflyerProtocol.BOOK, "lightning_executions", "lightning_ticker" -> new Writer(stream, instrument);
            default -> null;
        };
    }

    /** A board message: the whole book ({@code snapshot}) or the given book's levels as changes. */
    static String board(String product, boolean snapshot, SortedBook book) {
        StringBuilder sb = new StringBuilder(160 + 48 * (book.depth(true) + book.depth(false)));
        sb.append("{\"jsonrpc\":\"2.0\",\"method\":\"channelMessage\",\"params\":{\"channel\":\"")
                .append(snapshot ? BitflyerProtocol.SNAPSHOT : BitflyerProtocol.BOOK).append('_').append(product)
                .append("\",\"message\":{\"mid_price\":0,\"bids\":");
        side(sb, book, true);
        sb.append(",\"asks\":");
        side(sb, book, false);
        return sb.append("}}}").toString();
    }

    private static void side(StringBuilder sb, SortedBook book, boolean bid) {
        sb.append('[');
        for (int i = 0; i < book.depth(bid); i++) {
            sb.append(i == 0 ? "" : ",").append("{\"price\":").append(Decimal64.toString(book.price(bid, i))).append(",\"size\":")
                    .append(Decimal64.toString(book.size(bid, i))).append('}');
        }
        sb.append(']');
    }

    /** One channel: its messages only; the board's snapshot first, then its changes. */
    private static final class Writer extends StreamWriter {
        Writer(Subscription stream, Instrument instrument) {
            super(stream, instrument);
        }

        @Override
        public String ack() {
            return null; // requests without an id are not answered
        }

        private String head(String kind) {
            return "{\"jsonrpc\":\"2.0\",\"method\":\"channelMessage\",\"params\":{\"channel\":\"" + kind + "_" + stream.symbol()
                    + "\",\"message\":";
        }

        @Override
        public void book(long time, boolean snapshot, long firstUpdate, long lastUpdate, LevelChanges changes) {
            if (!stream.channel().equals(BitflyerProtocol.BOOK)) {
                return;
            }
            if (snapshot) {
                apply(true, changes);
                emit(time, board(stream.symbol(), true, book()));
                return;
            }
            StringBuilder sb = new StringBuilder(head(BitflyerProtocol.BOOK)).append("{\"mid_price\":0,\"bids\":");
            side(sb, changes, true, (b, price, size) -> b.append("{\"price\":").append(dec(price)).append(",\"size\":").append(dec(size))
                    .append('}'));
            sb.append(",\"asks\":");
            side(sb, changes, false, (b, price, size) -> b.append("{\"price\":").append(dec(price)).append(",\"size\":").append(dec(size))
                    .append('}'));
            emit(time, sb.append("}}}").toString());
        }

        @Override
        public void trade(long time, long id, boolean buy, long price, long size) {
            if (stream.channel().equals("lightning_executions")) {
                emit(time, head("lightning_executions") + "[{\"id\":" + id + ",\"side\":\"" + (buy ? "BUY" : "SELL") + "\",\"price\":"
                        + dec(price) + ",\"size\":" + dec(size) + ",\"exec_date\":\"" + Timestamps.toIso(time) + "\"}]}}");
            }
        }

        @Override
        public void quote(long time, long updateId, long bidPrice, long bidSize, long askPrice, long askSize) {
            if (stream.channel().equals("lightning_ticker")) {
                emit(time, head("lightning_ticker") + "{\"product_code\":\"" + stream.symbol() + "\",\"state\":\"RUNNING\",\"timestamp\":\""
                        + Timestamps.toIso(time) + "\",\"tick_id\":" + updateId + ",\"best_bid\":" + dec(bidPrice) + ",\"best_ask\":"
                        + dec(askPrice) + ",\"best_bid_size\":" + dec(bidSize) + ",\"best_ask_size\":" + dec(askSize) + "}}}");
            }
        }
    }
}
