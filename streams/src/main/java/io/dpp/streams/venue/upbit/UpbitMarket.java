package io.dpp.streams.venue.upbit;

import io.dpp.book.SortedBook;
import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
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

/** Upbit: the market/all listing, orderbook messages each holding the whole top of the book, trades. */
final class UpbitMarket implements SyntheticVenue {

    private static final List<String> USUAL = List.of("KRW-BTC", "KRW-ETH");
    /** Units an orderbook message holds. */
    static final int UNITS = 15;

    @Override
    public String id() {
        return UpbitVenue.ID;
    }

    @Override
    public List<Instrument> instruments(int count) {
        List<Instrument> out = new ArrayList<>();
        for (String code : Assets.usualThenExtra(count, USUAL, (i, base) -> "KRW-" + base)) {
            String base = code.substring(4);
            out.add(Instrument.builder(id(), code).assets(base, "KRW")
                    .tickSize(Listings.step(Assets.priceDecimals(base, "KRW"))).lotSize(Listings.step(8)).build());
        }
        return out;
    }

    @Override
    public Map<String, String> listing(List<Instrument> instruments) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < instruments.size(); i++) {
            Instrument in = instruments.get(i);
            sb.append(i == 0 ? "" : ",").append("{\"market\":\"").append(in.nativeSymbol()).append("\",\"english_name\":\"")
                    .append(in.base()).append("\"}");
        }
        return Map.of("/v1/market/all", sb.append(']').toString());
    }

    @Override
    public List<ChannelKind> channels(Instrument instrument) {
        return List.of(ChannelKind.BOOK, ChannelKind.TRADES);
    }

    @Override
    public StreamWriter writer(Subscription stream, Instrument instrument) {
        return switch (stream.channel()) {
            case "orderbook", "trade" -> new Writer(stream, instrument);
            default -> null;
        };
    }

    /** An orderbook message of the top {@link #UNITS} levels a side, as SIMPLE writes it. */
    static String orderbook(String code, long millis, SortedBook book) {
        StringBuilder sb = new StringBuilder(96 + 80 * UNITS).append("{\"ty\":\"orderbook\",\"cd\":\"").append(code).append("\",\"tms\":")
                .append(millis).append(",\"obu\":[");
        int units = Math.min(UNITS, Math.max(book.depth(true), book.depth(false)));
        for (int i = 0; i < units; i++) {
            boolean ask = i < book.depth(false);
            boolean bid = i < book.depth(true);
            sb.append(i == 0 ? "" : ",").append("{\"ap\":").append(ask ? Decimal64.toString(book.price(false, i)) : "0")
                    .append(",\"bp\":").append(bid ? Decimal64.toString(book.price(true, i)) : "0")
                    .append(",\"as\":").append(ask ? Decimal64.toString(book.size(false, i)) : "0")
                    .append(",\"bs\":").append(bid ? Decimal64.toString(book.size(true, i)) : "0").append('}');
        }
        return sb.append("],\"st\":\"REALTIME\"}").toString();
    }

    /** One stream: its type's messages only; the book's are whole pictures of the book as changed. */
    private static final class Writer extends StreamWriter {
        Writer(Subscription stream, Instrument instrument) {
            super(stream, instrument);
        }

        @Override
        public String ack() {
            return null; // Upbit acknowledges nothing
        }

        @Override
        public void book(long time, boolean snapshot, long firstUpdate, long lastUpdate, LevelChanges changes) {
            if (stream.channel().equals("orderbook")) {
                apply(snapshot, changes);
                emit(time, orderbook(stream.symbol(), millis(time), book()));
            }
        }

        @Override
        public void trade(long time, long id, boolean buy, long price, long size) {
            if (stream.channel().equals("trade")) {
                emit(time, "{\"ty\":\"trade\",\"cd\":\"" + stream.symbol() + "\",\"tms\":" + millis(time) + ",\"ttms\":" + millis(time)
                        + ",\"tp\":" + dec(price) + ",\"tv\":" + dec(size) + ",\"ab\":\"" + (buy ? "BID" : "ASK") + "\",\"sid\":" + id
                        + ",\"st\":\"REALTIME\"}");
            }
        }
    }
}
