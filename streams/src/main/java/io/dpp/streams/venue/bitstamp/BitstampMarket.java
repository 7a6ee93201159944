package io.dpp.streams.venue.bitstamp;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.streams.venue.simulation.Assets;
import io.dpp.streams.venue.simulation.LevelChanges;
import io.dpp.streams.venue.simulation.StreamWriter;
import io.dpp.streams.venue.simulation.SyntheticVenue;
import io.dpp.streams.venue.ChannelKind;
import io.dpp.streams.venue.Listings;
import io.dpp.streams.venue.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Bitstamp WebSocket v2: trading-pairs-info listing, bts:subscription_succeeded
 * acknowledgements, diff_order_book changes stamped with a microtimestamp (books start from the
 * REST {@code /api/v2/order_book/PAIR} snapshot and are bridged by that time), live_trades.
 */
final class BitstampMarket implements SyntheticVenue {

    private static final List<String> USUAL = List.of("btcusd", "ethusd", "btcusdt", "ethusdt");

    @Override
    public String id() {
        return "bitstamp";
    }

    @Override
    public List<Instrument> instruments(int count) {
        List<String[]> usual = new ArrayList<>();
        for (String s : USUAL) {
            usual.add(new String[] {s.substring(0, 3).toUpperCase(Locale.ROOT), s.substring(3).toUpperCase(Locale.ROOT)});
        }
        List<Instrument> out = new ArrayList<>();
        for (String[] p : Assets.usualThenExtra(count, usual, (i, base) -> new String[] {base, "USD"})) {
            String symbol = (p[0] + p[1]).toLowerCase(Locale.ROOT);
            out.add(Instrument.builder(id(), symbol).assets(p[0], p[1])
                    .tickSize(Listings.step(Assets.priceDecimals(p[0], p[1]))).lotSize(Listings.step(8)).build());
        }
        return out;
    }

    @Override
    public Map<String, String> listing(List<Instrument> instruments) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < instruments.size(); i++) {
            Instrument in = instruments.get(i);
            sb.append(i == 0 ? "" : ",").append("{\"name\":\"").append(in.base()).append('/').append(in.quote())
                    .append("\",\"url_symbol\":\"").append(in.nativeSymbol()).append("\",\"base_decimals\":")
                    .append(Decimal64.scale(in.lotSize())).append(",\"counter_decimals\":").append(Decimal64.scale(in.tickSize()))
                    .append(",\"trading\":\"Enabled\",\"description\":\"").append(in.base()).append(" / ").append(in.quote()).append("\"}");
        }
        return Map.of("/api/v2/trading-pairs-info/", sb.append(']').toString());
    }

    @Override
    public List<ChannelKind> channels(Instrument instrument) {
        return List.of(ChannelKind.BOOK, ChannelKind.TRADES);
    }

    @Override
    public StreamWriter writer(Subscription stream, Instrument instrument) {
        return switch (stream.channel()) {
            case "diff_order_book" -> new Book(stream, instrument);
            case "live_trades" -> new Trades(stream, instrument);
            default -> null;
        };
    }

    private abstract static class Writer extends StreamWriter {
        Writer(Subscription stream, Instrument instrument) {
            super(stream, instrument);
        }

        @Override
        public String ack() {
            return "{\"event\":\"bts:subscription_succeeded\",\"channel\":\"" + channel() + "\",\"data\":{}}";
        }

        String channel() {
            return stream.channel() + "_" + stream.symbol();
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
                // The venue's state starts from its REST snapshot; the client asks for its own.
                sb.append("{\"timestamp\": \"").append(time / 1_000_000).append("\", \"microtimestamp\": \"").append(time)
                        .append("\", \"bids\": ");
                side(sb, changes, true, PAIR);
                sb.append(", \"asks\": ");
                side(sb, changes, false, PAIR);
                emitRest(time, "/api/v2/order_book/" + stream.symbol(), sb.append('}').toString());
                return;
            }
            sb.append("{\"data\":{\"timestamp\":\"").append(time / 1_000_000).append("\",\"microtimestamp\":\"").append(time)
                    .append("\",\"bids\":");
            side(sb, changes, true, PAIR);
            sb.append(",\"asks\":");
            side(sb, changes, false, PAIR);
            emit(time, sb.append("},\"channel\":\"").append(channel()).append("\",\"event\":\"data\"}").toString());
        }
    }

    private static final class Trades extends Writer {
        Trades(Subscription stream, Instrument instrument) {
            super(stream, instrument);
        }

        @Override
        public void trade(long time, long id, boolean buy, long price, long size) {
            emit(time, "{\"data\":{\"id\":" + id + ",\"timestamp\":\"" + time / 1_000_000 + "\",\"amount\":" + dec(size)
                    + ",\"amount_str\":\"" + dec(size) + "\",\"price\":" + dec(price) + ",\"price_str\":\"" + dec(price)
                    + "\",\"type\":" + (buy ? 0 : 1) + ",\"microtimestamp\":\"" + time + "\",\"buy_order_id\":0,\"sell_order_id\":0},"
                    + "\"channel\":\"" + channel() + "\",\"event\":\"trade\"}");
        }
    }
}
