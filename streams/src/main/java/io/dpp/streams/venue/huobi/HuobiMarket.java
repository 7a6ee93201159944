package io.dpp.streams.venue.huobi;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Huobi: the symbols (spot) or the two swap_contract_info listings (swaps), topics acknowledged
 * with subbed, depth.step0 pictures of the whole book at each change, trades with the taker's
 * direction.
 */
final class HuobiMarket implements SyntheticVenue {

    /** Levels a side a depth.step0 picture holds. */
    static final int LEVELS = 150;

    private final HuobiFlavor flavor;

    HuobiMarket(HuobiFlavor flavor) {
        this.flavor = flavor;
    }

    @Override
    public String id() {
        return flavor.id;
    }

    @Override
    public List<Instrument> instruments(int count) {
        List<Instrument> out = new ArrayList<>();
        if (flavor == HuobiFlavor.SPOT) {
            for (String s : Assets.usualThenExtra(count, flavor.usual, (i, base) -> base.toLowerCase(Locale.ROOT) + "usdt")) {
                String base = s.substring(0, s.length() - 4).toUpperCase(Locale.ROOT);
                out.add(Instrument.builder(id(), s).assets(base, "USDT")
                        .tickSize(Listings.step(Assets.priceDecimals(base, "USDT"))).lotSize(Listings.step(6)).build());
            }
            return out;
        }
        for (String code : Assets.usualThenExtra(count, flavor.usual, (i, base) -> base + "-USDT")) {
            String base = code.substring(0, code.indexOf('-'));
            String quote = code.substring(code.indexOf('-') + 1);
            boolean linear = HuobiFlavor.linear(code);
            // Coin-margined: 100 dollars a bitcoin contract, 10 for others; USDT-margined: a thousandth of a bitcoin, a hundredth of an ether, one of others.
            long size = linear ? (base.equals("BTC") ? Listings.step(3) : base.equals("ETH") ? Listings.step(2) : Listings.step(0))
                    : Decimal64.of(base.equals("BTC") ? 100 : 10, 0);
            out.add(Instrument.builder(id(), code).assets(base, quote).type(InstrumentType.PERPETUAL)
                    .tickSize(Listings.step(Assets.priceDecimals(base, "USD"))).lotSize(Listings.step(0)).contractSize(size).build());
        }
        return out;
    }

    @Override
    public Map<String, String> listing(List<Instrument> instruments) {
        if (flavor == HuobiFlavor.SPOT) {
            StringBuilder sb = new StringBuilder("{\"status\":\"ok\",\"data\":[");
            for (int i = 0; i < instruments.size(); i++) {
                Instrument in = instruments.get(i);
                sb.append(i == 0 ? "" : ",").append("{\"base-currency\":\"").append(in.base().toLowerCase(Locale.ROOT))
                        .append("\",\"quote-currency\":\"").append(in.quote().toLowerCase(Locale.ROOT)).append("\",\"price-precision\":")
                        .append(Decimal64.scale(in.tickSize())).append(",\"amount-precision\":").append(Decimal64.scale(in.lotSize()))
                        .append(",\"symbol\":\"").append(in.nativeSymbol()).append("\",\"state\":\"online\"}");
            }
            return Map.of("/v1/common/symbols", sb.append("]}").toString());
        }
        Map<String, StringBuilder> lists = new LinkedHashMap<>();
        for (Instrument in : instruments) {
            String path = HuobiFlavor.linear(in.nativeSymbol()) ? "/linear-swap-api/v1/swap_contract_info" : "/swap-api/v1/swap_contract_info";
            StringBuilder sb = lists.computeIfAbsent(path, k -> new StringBuilder("{\"status\":\"ok\",\"data\":["));
            sb.append(sb.charAt(sb.length() - 1) == '[' ? "" : ",").append("{\"symbol\":\"").append(in.base()).append("\",\"contract_code\":\"")
                    .append(in.nativeSymbol()).append("\",\"contract_size\":").append(Decimal64.toString(in.contractSize()))
                    .append(",\"price_tick\":").append(Decimal64.toString(in.tickSize())).append(",\"contract_status\":1}");
        }
        Map<String, String> out = new LinkedHashMap<>();
        lists.forEach((path, sb) -> out.put(path, sb.append("]}").toString()));
        return out;
    }

    @Override
    public List<ChannelKind> channels(Instrument instrument) {
        return List.of(ChannelKind.BOOK, ChannelKind.TRADES);
    }

    @Override
    public StreamWriter writer(Subscription stream, Instrument instrument) {
        return switch (stream.channel()) {
            case "depth.step0", "trade.detail" -> new Writer(stream, instrument, flavor == HuobiFlavor.SPOT);
            default -> null;
        };
    }

    /** A depth.step0 message: the whole book, at most {@link #LEVELS} levels a side. */
    static String depth(Subscription stream, long millis, SortedBook book) {
        StringBuilder sb = new StringBuilder(128 + 24 * (book.depth(true) + book.depth(false))).append("{\"ch\":\"market.")
                .append(stream.symbol()).append('.').append(stream.channel()).append("\",\"ts\":").append(millis).append(",\"tick\":{\"bids\":");
        levels(sb, book, true);
        sb.append(",\"asks\":");
        levels(sb, book, false);
        return sb.append(",\"ts\":").append(millis).append(",\"version\":").append(millis).append("}}").toString();
    }

    private static void levels(StringBuilder sb, SortedBook book, boolean bid) {
        sb.append('[');
        for (int i = 0; i < Math.min(LEVELS, book.depth(bid)); i++) {
            sb.append(i == 0 ? "" : ",").append('[').append(Decimal64.toString(book.price(bid, i))).append(',')
                    .append(Decimal64.toString(book.size(bid, i))).append(']');
        }
        sb.append(']');
    }

    /** One topic: its channel's messages only; depth pictures of the book as changed. */
    private static final class Writer extends StreamWriter {
        private final boolean spot;

        Writer(Subscription stream, Instrument instrument, boolean spot) {
            super(stream, instrument);
            this.spot = spot;
        }

        @Override
        public String ack() {
            return "{\"id\":\"1\",\"status\":\"ok\",\"subbed\":\"market." + stream.symbol() + "." + stream.channel() + "\",\"ts\":0}";
        }

        @Override
        public void book(long time, boolean snapshot, long firstUpdate, long lastUpdate, LevelChanges changes) {
            if (stream.channel().equals("depth.step0")) {
                apply(snapshot, changes);
                emit(time, depth(stream, millis(time), book()));
            }
        }

        @Override
        public void trade(long time, long id, boolean buy, long price, long size) {
            if (stream.channel().equals("trade.detail")) {
                emit(time, "{\"ch\":\"market." + stream.symbol() + ".trade.detail\",\"ts\":" + millis(time) + ",\"tick\":{\"id\":" + id
                        + ",\"ts\":" + millis(time) + ",\"data\":[{\"id\":" + id + (spot ? ",\"tradeId\":" + id : "") + ",\"ts\":"
                        + millis(time) + ",\"amount\":" + dec(size) + ",\"price\":" + dec(price) + ",\"direction\":\""
                        + (buy ? "buy" : "sell") + "\"}]}}");
            }
        }
    }
}
