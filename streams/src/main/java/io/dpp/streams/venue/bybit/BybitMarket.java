package io.dpp.streams.venue.bybit;

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
 * Bybit v5, linear perpetuals: instruments-info listing, {"success":true,"op":"subscribe"}
 * acknowledgements, orderbook.50 (a snapshot, then deltas whose u follows the last by one),
 * publicTrade, tickers (last, mark, index, funding, open interest, best bid and ask) and
 * liquidation.
 */
final class BybitMarket implements SyntheticVenue {

    private static final List<String> USUAL = List.of("BTC", "ETH");

    @Override
    public String id() {
        return "bybit";
    }

    @Override
    public List<Instrument> instruments(int count) {
        List<Instrument> out = new ArrayList<>();
        for (String base : Assets.usualThenExtra(count, USUAL, (i, b) -> b)) {
            out.add(Instrument.builder(id(), base + "USDT").assets(base, "USDT").type(InstrumentType.PERPETUAL)
                    .tickSize(Listings.step(Assets.priceDecimals(base, "USDT"))).lotSize(Listings.step(3)).build());
        }
        return out;
    }

    @Override
    public Map<String, String> listing(List<Instrument> instruments) {
        StringBuilder sb = new StringBuilder("{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"category\":\"linear\",\"list\":[");
        for (int i = 0; i < instruments.size(); i++) {
            Instrument in = instruments.get(i);
            sb.append(i == 0 ? "" : ",").append("{\"symbol\":\"").append(in.nativeSymbol())
                    .append("\",\"contractType\":\"LinearPerpetual\",\"status\":\"Trading\",\"baseCoin\":\"").append(in.base())
                    .append("\",\"quoteCoin\":\"").append(in.quote()).append("\",\"priceFilter\":{\"tickSize\":\"")
                    .append(Decimal64.toString(in.tickSize())).append("\"},\"lotSizeFilter\":{\"qtyStep\":\"")
                    .append(Decimal64.toString(in.lotSize())).append("\"}}");
        }
        return Map.of("/v5/market/instruments-info?category=linear&limit=1000", sb.append("]}}").toString());
    }

    @Override
    public List<ChannelKind> channels(Instrument instrument) {
        return List.of(ChannelKind.BOOK, ChannelKind.TRADES, ChannelKind.TICKERS, ChannelKind.LIQUIDATIONS);
    }

    @Override
    public StreamWriter writer(Subscription stream, Instrument instrument) {
        if (stream.channel().startsWith("orderbook.")) {
            return new Book(stream, instrument);
        }
        return switch (stream.channel()) {
            case "publicTrade", "tickers", "liquidation" -> new Other(stream, instrument);
            default -> null;
        };
    }

    private abstract static class Writer extends StreamWriter {
        Writer(Subscription stream, Instrument instrument) {
            super(stream, instrument);
        }

        String topic() {
            return stream.channel() + "." + stream.symbol();
        }

        @Override
        public String ack() {
            return "{\"success\":true,\"ret_msg\":\"\",\"conn_id\":\"dpp-sim\",\"op\":\"subscribe\",\"request\":{\"op\":\"subscribe\","
                    + "\"args\":[\"" + topic() + "\"]}}";
        }
    }

    private static final class Book extends Writer {
        Book(Subscription stream, Instrument instrument) {
            super(stream, instrument);
        }

        @Override
        public void book(long time, boolean snapshot, long firstUpdate, long lastUpdate, LevelChanges changes) {
            long u = bookMessages();
            StringBuilder sb = new StringBuilder("{\"topic\":\"").append(topic()).append("\",\"type\":\"")
                    .append(snapshot ? "snapshot" : "delta").append("\",\"ts\":").append(millis(time)).append(",\"data\":{\"s\":\"")
                    .append(stream.symbol()).append("\",\"b\":");
            side(sb, changes, true, PAIR);
            sb.append(",\"a\":");
            side(sb, changes, false, PAIR);
            emit(time, sb.append(",\"u\":").append(u).append(",\"seq\":").append(lastUpdate).append("},\"cts\":")
                    .append(millis(time)).append('}').toString());
        }
    }

    /** publicTrade, tickers, liquidation: each writes only its own events. */
    private static final class Other extends Writer {
        Other(Subscription stream, Instrument instrument) {
            super(stream, instrument);
        }

        @Override
        public void trade(long time, long id, boolean buy, long price, long size) {
            if (stream.channel().equals("publicTrade")) {
                emit(time, "{\"topic\":\"" + topic() + "\",\"type\":\"snapshot\",\"ts\":" + millis(time) + ",\"data\":[{\"T\":"
                        + millis(time) + ",\"s\":\"" + stream.symbol() + "\",\"S\":\"" + (buy ? "Buy" : "Sell") + "\",\"v\":\""
                        + dec(size) + "\",\"p\":\"" + dec(price) + "\",\"i\":\"" + id + "\",\"BT\":false}]}");
            }
        }

        @Override
        public void ticker(long time, TickerState t) {
            if (stream.channel().equals("tickers")) {
                emit(time, "{\"topic\":\"" + topic() + "\",\"type\":\"snapshot\",\"data\":{\"symbol\":\"" + stream.symbol()
                        + "\",\"lastPrice\":\"" + dec(t.last()) + "\",\"markPrice\":\"" + dec(t.mark()) + "\",\"indexPrice\":\""
                        + dec(t.index()) + "\",\"fundingRate\":\"" + dec(t.fundingRate()) + "\",\"nextFundingTime\":\""
                        + millis(t.nextFundingTime()) + "\",\"openInterest\":\"" + dec(t.openInterest()) + "\",\"bid1Price\":\""
                        + dec(t.bidPrice()) + "\",\"bid1Size\":\"" + dec(t.bidSize()) + "\",\"ask1Price\":\"" + dec(t.askPrice())
                        + "\",\"ask1Size\":\"" + dec(t.askSize()) + "\",\"volume24h\":\"" + dec(t.volume24h()) + "\"},\"cs\":0,\"ts\":"
                        + millis(time) + "}");
            }
        }

        @Override
        public void liquidation(long time, long id, boolean buy, long price, long size) {
            if (stream.channel().equals("liquidation")) {
                emit(time, "{\"topic\":\"" + topic() + "\",\"type\":\"snapshot\",\"ts\":" + millis(time) + ",\"data\":{\"updatedTime\":"
                        + millis(time) + ",\"symbol\":\"" + stream.symbol() + "\",\"side\":\"" + (buy ? "Buy" : "Sell")
                        + "\",\"size\":\"" + dec(size) + "\",\"price\":\"" + dec(price) + "\"}}");
            }
        }
    }
}
