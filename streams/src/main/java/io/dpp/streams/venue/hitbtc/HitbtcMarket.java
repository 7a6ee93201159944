package io.dpp.streams.venue.hitbtc;

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
 * HitBTC and Bequant on API v3, as live feeds use them: the symbol listing (spot pairs and a
 * USDT-margined perpetual), {@code orderbook/full} snapshots then updates numbered one by one,
 * {@code trades} with the taker's side, {@code orderbook/top/100ms} with the best bid and ask and
 * their sizes.
 */
final class HitbtcMarket implements SyntheticVenue {

    private static final String PERPETUAL = "_PERP";

    private final String id;
    private final List<String> usual;
    private final String quote;

    /** A market whose usual symbols are {@code usual} and whose extra pairs are quoted in {@code quote}. */
    HitbtcMarket(String id, List<String> usual, String quote) {
        this.id = id;
        this.usual = usual;
        this.quote = quote;
    }

    /** HitBTC: Tether pairs and the perpetual. */
    static HitbtcMarket hitbtc() {
        return new HitbtcMarket(HitbtcVenue.ID, List.of("BTCUSDT", "ETHUSDT", "BTCUSDT_PERP"), "USDT");
    }

    /** Bequant: US dollar pairs. */
    static HitbtcMarket bequant() {
        return new HitbtcMarket(HitbtcVenue.BEQUANT, List.of("BTCUSD", "ETHUSD"), "USD");
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public List<Instrument> instruments(int count) {
        List<Instrument> out = new ArrayList<>();
        for (String symbol : Assets.usualThenExtra(count, usual, (i, base) -> base + quote)) {
            boolean perpetual = symbol.endsWith(PERPETUAL);
            String pair = perpetual ? symbol.substring(0, symbol.length() - PERPETUAL.length()) : symbol;
            String in = pair.endsWith("USDT") ? "USDT" : quote;
            String base = pair.substring(0, pair.length() - in.length());
            out.add(Instrument.builder(id, symbol).assets(base, in).type(perpetual ? InstrumentType.PERPETUAL : InstrumentType.SPOT)
                    .tickSize(Listings.step(Assets.priceDecimals(base, in))).lotSize(Listings.step(perpetual ? 4 : 5)).build());
        }
        return out;
    }

    @Override
    public Map<String, String> listing(List<Instrument> instruments) {
        StringBuilder sb = new StringBuilder("{");
        for (Instrument in : instruments) {
            boolean perpetual = in.type() == InstrumentType.PERPETUAL;
            sb.append(sb.length() == 1 ? "" : ",").append('"').append(in.nativeSymbol()).append("\":{\"type\":\"")
                    .append(perpetual ? "futures\",\"expiry\":null,\"underlying\":\"" + in.base() + "\",\"base_currency\":null"
                            : "spot\",\"base_currency\":\"" + in.base() + "\"")
                    .append(",\"quote_currency\":\"").append(in.quote()).append("\",\"status\":\"working\",\"quantity_increment\":\"")
                    .append(Decimal64.toString(in.lotSize())).append("\",\"tick_size\":\"").append(Decimal64.toString(in.tickSize()))
                    .append("\",\"fee_currency\":\"").append(in.quote()).append("\"}");
        }
        return Map.of("/api/3/public/symbol", sb.append('}').toString());
    }

    @Override
    public List<ChannelKind> channels(Instrument instrument) {
        return List.of(ChannelKind.BOOK, ChannelKind.TRADES, ChannelKind.QUOTES);
    }

    @Override
    public StreamWriter writer(Subscription stream, Instrument instrument) {
        return switch (stream.channel()) {
            case "Orderbook", "Trades", "Ticker" -> new Writer(stream, instrument);
            default -> null;
        };
    }

    /**
     * One stream: its channel's events only; a book's messages numbered one by one from the
     * market's start, so that every connection gets the same numbers.
     */
    private static final class Writer extends StreamWriter {

        Writer(Subscription stream, Instrument instrument) {
            super(stream, instrument);
        }

        @Override
        public String ack() {
            return "{\"result\":{\"ch\":\"" + HitbtcProtocol.v3Channel(stream.channel()) + "\",\"subscriptions\":[\"" + stream.symbol()
                    + "\"]},\"id\":1}";
        }

        @Override
        public void book(long time, boolean snapshot, long firstUpdate, long lastUpdate, LevelChanges changes) {
            if (!stream.channel().equals("Orderbook")) {
                return;
            }
            long sequence = bookMessages();
            StringBuilder sb = new StringBuilder("{\"ch\":\"orderbook/full\",\"").append(snapshot ? "snapshot" : "update").append("\":{\"")
                    .append(stream.symbol()).append("\":{\"t\":").append(millis(time)).append(",\"s\":").append(sequence).append(",\"a\":");
            side(sb, changes, false, PAIR);
            sb.append(",\"b\":");
            side(sb, changes, true, PAIR);
            emit(time, sb.append("}}}").toString());
        }

        @Override
        public void trade(long time, long id, boolean buy, long price, long size) {
            if (stream.channel().equals("Trades")) {
                emit(time, "{\"ch\":\"trades\",\"update\":{\"" + stream.symbol() + "\":[{\"t\":" + millis(time) + ",\"i\":" + id + ",\"p\":\""
                        + dec(price) + "\",\"q\":\"" + dec(size) + "\",\"s\":\"" + (buy ? "buy" : "sell") + "\"}]}}");
            }
        }

        @Override
        public void quote(long time, long updateId, long bidPrice, long bidSize, long askPrice, long askSize) {
            if (stream.channel().equals("Ticker")) {
                emit(time, "{\"ch\":\"orderbook/top/100ms\",\"data\":{\"" + stream.symbol() + "\":{\"t\":" + millis(time) + ",\"a\":\""
                        + dec(askPrice) + "\",\"A\":\"" + dec(askSize) + "\",\"b\":\"" + dec(bidPrice) + "\",\"B\":\"" + dec(bidSize)
                        + "\"}}}");
            }
        }
    }
}
