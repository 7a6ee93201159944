package io.dpp.streams.venue.gateio;

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

/**
 * Gate.io v4: the listing (spot currency_pairs, or the USDT futures' contracts), subscriptions
 * answered with a status, order book diffs numbered U..u whose books start from the REST snapshot
 * (with its id), trades (the taker's side; the futures' signed sizes) and best bid and ask (spot
 * tickers, the futures' book_ticker).
 */
final class GateioMarket implements SyntheticVenue {

    private final GateioFlavor flavor;

    GateioMarket(GateioFlavor flavor) {
        this.flavor = flavor;
    }

    @Override
    public String id() {
        return flavor.id;
    }

    @Override
    public List<Instrument> instruments(int count) {
        List<Instrument> out = new ArrayList<>();
        for (String id : Assets.usualThenExtra(count, flavor.usual(), (i, base) -> base + "_USDT")) {
            String[] p = id.split("_");
            Instrument.Builder b = Instrument.builder(id(), id).assets(p[0], p[1])
                    .tickSize(Listings.step(Assets.priceDecimals(p[0], p[1])));
            if (flavor.futures()) {
                // Whole contracts of a ten-thousandth of a bitcoin, a hundredth of an ether, one of anything else.
                b.type(InstrumentType.PERPETUAL).lotSize(Listings.step(0))
                        .contractSize(p[0].equals("BTC") ? Listings.step(4) : p[0].equals("ETH") ? Listings.step(2) : Listings.step(0));
            } else {
                b.lotSize(Listings.step(6));
            }
            out.add(b.build());
        }
        return out;
    }

    @Override
    public Map<String, String> listing(List<Instrument> instruments) {
        if (flavor.futures()) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < instruments.size(); i++) {
                Instrument in = instruments.get(i);
                sb.append(i == 0 ? "" : ",").append("{\"name\":\"").append(in.nativeSymbol()).append("\",\"type\":\"direct\",\"quanto_multiplier\":\"")
                        .append(Decimal64.toString(in.contractSize())).append("\",\"order_price_round\":\"")
                        .append(Decimal64.toString(in.tickSize())).append("\",\"order_size_min\":1,\"in_delisting\":false}");
            }
            return Map.of(flavor.listingPath, sb.append(']').toString());
        }
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < instruments.size(); i++) {
            Instrument in = instruments.get(i);
            sb.append(i == 0 ? "" : ",").append("{\"id\":\"").append(in.nativeSymbol()).append("\",\"base\":\"").append(in.base())
                    .append("\",\"quote\":\"").append(in.quote()).append("\",\"fee\":\"0.2\",\"precision\":")
                    .append(Decimal64.scale(in.tickSize())).append(",\"amount_precision\":").append(Decimal64.scale(in.lotSize()))
                    .append(",\"trade_status\":\"tradable\"}");
        }
        return Map.of(flavor.listingPath, sb.append(']').toString());
    }

    @Override
    public List<ChannelKind> channels(Instrument instrument) {
        return List.of(ChannelKind.BOOK, ChannelKind.TRADES, ChannelKind.QUOTES);
    }

    @Override
    public StreamWriter writer(Subscription stream, Instrument instrument) {
        if (stream.channel().equals(flavor.book())) {
            return new Depth(stream, instrument);
        }
        return stream.channel().equals(flavor.trades()) || stream.channel().equals(flavor.quotesChannel()) ? new Other(stream, instrument) : null;
    }

    /** Epoch seconds with a fraction, as the futures' snapshot writes its times. */
    static String seconds(long millis) {
        return Decimal64.toString(Decimal64.of(millis, 3));
    }

    /** A futures level: {@code {"p":"price","s":contracts}}. */
    static void level(StringBuilder sb, String price, String size) {
        sb.append("{\"p\":\"").append(price).append("\",\"s\":").append(size).append('}');
    }

    private abstract class Writer extends StreamWriter {
        /** A futures level, {@code {"p":"price","s":contracts}}. */
        static final LevelFormat OBJECT = (sb, price, size) -> level(sb, dec(price), dec(size));

        Writer(Subscription stream, Instrument instrument) {
            super(stream, instrument);
        }

        @Override
        public String ack() {
            return "{\"time\":0,\"channel\":\"" + stream.channel() + "\",\"event\":\"subscribe\",\"result\":{\"status\":\"success\"}}";
        }

        void update(long time, String result) {
            emit(time, "{\"time\":" + millis(time) / 1000 + ",\"channel\":\"" + stream.channel() + "\",\"event\":\"update\",\"result\":"
                    + result + "}");
        }
    }

    private final class Depth extends Writer {
        Depth(Subscription stream, Instrument instrument) {
            super(stream, instrument);
        }

        @Override
        public void book(long time, boolean snapshot, long firstUpdate, long lastUpdate, LevelChanges changes) {
            boolean futures = flavor.futures();
            if (snapshot) {
                String t = futures ? seconds(time) : Long.toString(millis(time));
                StringBuilder sb = new StringBuilder("{\"id\":").append(lastUpdate).append(",\"current\":").append(t)
                        .append(",\"update\":").append(t).append(",\"asks\":");
                side(sb, changes, false, futures ? OBJECT : PAIR);
                sb.append(",\"bids\":");
                side(sb, changes, true, futures ? OBJECT : PAIR);
                emitRest(time, flavor.snapshotPath + "?" + flavor.snapshotParameter + "=" + stream.symbol() + "&limit=100&with_id=true",
                        sb.append('}').toString());
                return;
            }
            StringBuilder sb = new StringBuilder("{\"t\":").append(millis(time)).append(",\"e\":\"depthUpdate\",\"E\":").append(millis(time) / 1000)
                    .append(",\"s\":\"").append(stream.symbol()).append("\",\"U\":").append(firstUpdate).append(",\"u\":").append(lastUpdate)
                    .append(",\"b\":");
            side(sb, changes, true, futures ? OBJECT : PAIR);
            sb.append(",\"a\":");
            side(sb, changes, false, futures ? OBJECT : PAIR);
            update(time, sb.append('}').toString());
        }
    }

    /** Trades and tickers: each writes only its own events. */
    private final class Other extends Writer {
        Other(Subscription stream, Instrument instrument) {
            super(stream, instrument);
        }

        @Override
        public void trade(long time, long id, boolean buy, long price, long size) {
            if (stream.channel().equals(flavor.trades()) && flavor.futures()) {
                update(time, "[{\"size\":" + (buy ? "" : "-") + Decimal64.toString(size) + ",\"id\":" + id + ",\"create_time\":"
                        + millis(time) / 1000 + ",\"create_time_ms\":" + millis(time) + ",\"price\":\"" + Decimal64.toString(price)
                        + "\",\"contract\":\"" + stream.symbol() + "\"}]");
            } else if (stream.channel().equals(flavor.trades())) {
                update(time, "{\"id\":" + id + ",\"create_time\":" + millis(time) / 1000 + ",\"create_time_ms\":\"" + millis(time)
                        + ".000\",\"side\":\"" + (buy ? "buy" : "sell") + "\",\"currency_pair\":\"" + stream.symbol() + "\",\"amount\":\""
                        + Decimal64.toString(size) + "\",\"price\":\"" + Decimal64.toString(price) + "\"}");
            }
        }

        @Override
        public void quote(long time, long updateId, long bidPrice, long bidSize, long askPrice, long askSize) {
            if (stream.channel().equals(flavor.quotesChannel()) && flavor.futures()) {
                update(time, "{\"t\":" + millis(time) + ",\"u\":" + updateId + ",\"s\":\"" + stream.symbol() + "\",\"b\":\""
                        + Decimal64.toString(bidPrice) + "\",\"B\":" + Decimal64.toString(bidSize) + ",\"a\":\"" + Decimal64.toString(askPrice)
                        + "\",\"A\":" + Decimal64.toString(askSize) + "}");
            } else if (stream.channel().equals(flavor.quotesChannel())) {
                update(time, "{\"currency_pair\":\"" + stream.symbol() + "\",\"last\":\"" + Decimal64.toString(bidPrice) + "\",\"lowest_ask\":\""
                        + Decimal64.toString(askPrice) + "\",\"highest_bid\":\"" + Decimal64.toString(bidPrice) + "\"}");
            }
        }
    }
}
