package io.dpp.streams.venue.delta;

import io.dpp.book.SortedBook;
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
import java.util.List;
import java.util.Map;

/** Delta Exchange: the products listing (perpetuals), l2_orderbook pictures of the whole book, all_trades. */
final class DeltaMarket implements SyntheticVenue {

    private static final List<String> USUAL = List.of("BTC", "ETH");

    @Override
    public String id() {
        return DeltaVenue.ID;
    }

    @Override
    public List<Instrument> instruments(int count) {
        List<Instrument> out = new ArrayList<>();
        for (String base : Assets.usualThenExtra(count, USUAL, (i, b) -> b)) {
            // A contract is worth a thousandth of a bitcoin, a hundredth of an ether, one of anything else.
            long value = base.equals("BTC") ? Listings.step(3) : base.equals("ETH") ? Listings.step(2) : Listings.step(0);
            out.add(Instrument.builder(id(), base + "USDT").assets(base, "USDT").type(InstrumentType.PERPETUAL)
                    .tickSize(Listings.step(Assets.priceDecimals(base, "USDT"))).lotSize(Listings.step(0)).contractSize(value).build());
        }
        return out;
    }

    @Override
    public Map<String, String> listing(List<Instrument> instruments) {
        StringBuilder sb = new StringBuilder("{\"meta\":{},\"result\":[");
        for (int i = 0; i < instruments.size(); i++) {
            Instrument in = instruments.get(i);
            sb.append(i == 0 ? "" : ",").append("{\"symbol\":\"").append(in.nativeSymbol()).append("\",\"contract_type\":\"perpetual_futures\",")
                    .append("\"underlying_asset\":{\"symbol\":\"").append(in.base()).append("\"},\"quoting_asset\":{\"symbol\":\"")
                    .append(in.quote()).append("\"},\"tick_size\":\"").append(Decimal64.toString(in.tickSize())).append("\",\"contract_value\":\"")
                    .append(Decimal64.toString(in.contractSize())).append("\",\"state\":\"live\"}");
        }
        return Map.of("/v2/products", sb.append("]}").toString());
    }

    @Override
    public List<ChannelKind> channels(Instrument instrument) {
        return List.of(ChannelKind.BOOK, ChannelKind.TRADES);
    }

    @Override
    public StreamWriter writer(Subscription stream, Instrument instrument) {
        return switch (stream.channel()) {
            case "l2_orderbook", "all_trades" -> new Writer(stream, instrument);
            default -> null;
        };
    }

    /** An l2_orderbook message: the whole book. */
    static String orderbook(String symbol, long time, SortedBook book) {
        StringBuilder sb = new StringBuilder(128 + 64 * (book.depth(true) + book.depth(false))).append("{\"buy\":");
        side(sb, book, true);
        sb.append(",\"sell\":");
        side(sb, book, false);
        long t = time == Long.MIN_VALUE ? io.dpp.core.time.Timestamps.now() : time;
        return sb.append(",\"last_sequence_no\":").append(t).append(",\"last_updated_at\":").append(t).append(",\"symbol\":\"").append(symbol)
                .append("\",\"timestamp\":").append(t).append(",\"type\":\"l2_orderbook\"}").toString();
    }

    private static void side(StringBuilder sb, SortedBook book, boolean bid) {
        sb.append('[');
        for (int i = 0; i < book.depth(bid); i++) {
            sb.append(i == 0 ? "" : ",").append("{\"limit_price\":\"").append(Decimal64.toString(book.price(bid, i))).append("\",\"size\":")
                    .append(Decimal64.toString(book.size(bid, i))).append('}');
        }
        sb.append(']');
    }

    /** One channel of a symbol: book pictures as the book changes, or trades. */
    private static final class Writer extends StreamWriter {
        Writer(Subscription stream, Instrument instrument) {
            super(stream, instrument);
        }

        @Override
        public String ack() {
            return "{\"type\":\"subscriptions\",\"channels\":[{\"name\":\"" + stream.channel() + "\",\"symbols\":[\"" + stream.symbol() + "\"]}]}";
        }

        @Override
        public void book(long time, boolean snapshot, long firstUpdate, long lastUpdate, LevelChanges changes) {
            if (stream.channel().equals("l2_orderbook")) {
                apply(snapshot, changes);
                emit(time, orderbook(stream.symbol(), time, book()));
            }
        }

        @Override
        public void trade(long time, long id, boolean buy, long price, long size) {
            if (stream.channel().equals("all_trades")) {
                emit(time, "{\"buyer_role\":\"" + (buy ? "taker" : "maker") + "\",\"price\":\"" + dec(price) + "\",\"seller_role\":\""
                        + (buy ? "maker" : "taker") + "\",\"size\":" + dec(size) + ",\"symbol\":\"" + stream.symbol() + "\",\"timestamp\":" + time
                        + ",\"type\":\"all_trades\"}");
            }
        }
    }
}
