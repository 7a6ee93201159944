package io.dpp.streams.venue.probit;

import io.dpp.book.SortedBook;
import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.time.Timestamps;
import io.dpp.streams.venue.ChannelKind;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.simulation.Assets;
import io.dpp.streams.venue.simulation.LevelChanges;
import io.dpp.streams.venue.simulation.StreamWriter;
import io.dpp.streams.venue.simulation.SyntheticVenue;
import java.util.List;
import java.util.Map;

/** ProBit: the market listing, marketdata with a reset holding the whole book, then changed levels and trades. */
final class ProbitMarket implements SyntheticVenue {

    private static final List<String> USUAL = List.of("BTC-USDT", "ETH-USDT");

    @Override
    public String id() {
        return ProbitVenue.ID;
    }

    @Override
    public List<Instrument> instruments(int count) {
        return Assets.spotPairs(id(), count, USUAL, "-", "USDT", 6);
    }

    @Override
    public Map<String, String> listing(List<Instrument> instruments) {
        StringBuilder sb = new StringBuilder("{\"data\":[");
        for (int i = 0; i < instruments.size(); i++) {
            Instrument in = instruments.get(i);
            sb.append(i == 0 ? "" : ",").append("{\"id\":\"").append(in.nativeSymbol()).append("\",\"base_currency_id\":\"").append(in.base())
                    .append("\",\"quote_currency_id\":\"").append(in.quote()).append("\",\"price_increment\":\"")
                    .append(Decimal64.toString(in.tickSize())).append("\",\"quantity_precision\":").append(Decimal64.scale(in.lotSize()))
                    .append(",\"closed\":false}");
        }
        return Map.of("/api/exchange/v1/market", sb.append("]}").toString());
    }

    @Override
    public List<ChannelKind> channels(Instrument instrument) {
        return List.of(ChannelKind.BOOK, ChannelKind.TRADES);
    }

    @Override
    public StreamWriter writer(Subscription stream, Instrument instrument) {
        return switch (stream.channel()) {
            case "order_books", "recent_trades" -> new Writer(stream, instrument);
            default -> null;
        };
    }

    /** A marketdata message of a book's levels ({@code reset}: the whole book) and the given trades. */
    static String marketdata(String market, SortedBook book, boolean reset, String trades) {
        StringBuilder sb = new StringBuilder(128 + 64 * (book.depth(true) + book.depth(false)))
                .append("{\"channel\":\"marketdata\",\"market_id\":\"").append(market).append("\",\"status\":\"ok\",\"lag\":0,\"order_books\":[");
        boolean first = true;
        for (int pass = 0; pass < 2; pass++) {
            boolean bid = pass == 0;
            for (int i = 0; i < book.depth(bid); i++) {
                sb.append(first ? "" : ",").append("{\"side\":\"").append(bid ? "buy" : "sell").append("\",\"price\":\"")
                        .append(Decimal64.toString(book.price(bid, i))).append("\",\"quantity\":\"").append(Decimal64.toString(book.size(bid, i)))
                        .append("\"}");
                first = false;
            }
        }
        sb.append("],\"recent_trades\":").append(trades);
        return sb.append(reset ? ",\"reset\":true}" : "}").toString();
    }

    /** One kind of a market's marketdata: a reset, then changed levels, or trades. */
    private static final class Writer extends StreamWriter {
        Writer(Subscription stream, Instrument instrument) {
            super(stream, instrument);
        }

        @Override
        public String ack() {
            return null; // ProBit acknowledges nothing: the reset comes first
        }

        @Override
        public void book(long time, boolean snapshot, long firstUpdate, long lastUpdate, LevelChanges changes) {
            if (!stream.channel().equals("order_books")) {
                return;
            }
            if (snapshot) {
                apply(true, changes);
                emit(time, marketdata(stream.symbol(), book(), true, "[]"));
                return;
            }
            StringBuilder sb = new StringBuilder("{\"channel\":\"marketdata\",\"market_id\":\"").append(stream.symbol())
                    .append("\",\"status\":\"ok\",\"lag\":0,\"order_books\":[");
            for (int i = 0; i < changes.count(); i++) {
                sb.append(i == 0 ? "" : ",").append("{\"side\":\"").append(changes.isBid(i) ? "buy" : "sell").append("\",\"price\":\"")
                        .append(dec(changes.price(i))).append("\",\"quantity\":\"").append(dec(changes.size(i))).append("\"}");
            }
            emit(time, sb.append("]}").toString());
        }

        @Override
        public void trade(long time, long id, boolean buy, long price, long size) {
            if (stream.channel().equals("recent_trades")) {
                emit(time, "{\"channel\":\"marketdata\",\"market_id\":\"" + stream.symbol() + "\",\"status\":\"ok\",\"lag\":0,\"recent_trades\":[{\"id\":\""
                        + stream.symbol() + ":" + id + "\",\"price\":\"" + dec(price) + "\",\"quantity\":\"" + dec(size) + "\",\"time\":\""
                        + Timestamps.toIso(time) + "\",\"side\":\"" + (buy ? "buy" : "sell") + "\",\"tick_direction\":\"zero\"}]}");
            }
        }
    }
}
