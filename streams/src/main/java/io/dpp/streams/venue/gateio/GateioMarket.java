package io.dpp.streams.venue.gateio;

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

/**
 * Gate.io spot v4: the currency_pairs listing, subscriptions answered with a status, order book
 * diffs numbered U..u whose books start from the REST snapshot (with its id), trades (the taker's
 * side) and tickers (best bid and ask).
 */
final class GateioMarket implements SyntheticVenue {

    private static final List<String> USUAL = List.of("BTC_USDT", "ETH_USDT");

    @Override
    public String id() {
        return GateioVenue.ID;
    }

    @Override
    public List<Instrument> instruments(int count) {
        List<Instrument> out = new ArrayList<>();
        for (String id : Assets.usualThenExtra(count, USUAL, (i, base) -> base + "_USDT")) {
            String[] p = id.split("_");
            out.add(Instrument.builder(id(), id).assets(p[0], p[1])
                    .tickSize(Listings.step(Assets.priceDecimals(p[0], p[1]))).lotSize(Listings.step(6)).build());
        }
        return out;
    }

    @Override
    public Map<String, String> listing(List<Instrument> instruments) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < instruments.size(); i++) {
            Instrument in = instruments.get(i);
            sb.append(i == 0 ? "" : ",").append("{\"id\":\"").append(in.nativeSymbol()).append("\",\"base\":\"").append(in.base())
                    .append("\",\"quote\":\"").append(in.quote()).append("\",\"fee\":\"0.2\",\"precision\":")
                    .append(Decimal64.scale(in.tickSize())).append(",\"amount_precision\":").append(Decimal64.scale(in.lotSize()))
                    .append(",\"trade_status\":\"tradable\"}");
        }
        return Map.of("/api/v4/spot/currency_pairs", sb.append(']').toString());
    }

    @Override
    public List<ChannelKind> channels(Instrument instrument) {
        return List.of(ChannelKind.BOOK, ChannelKind.TRADES, ChannelKind.QUOTES);
    }

    @Override
    public StreamWriter writer(Subscription stream, Instrument instrument) {
        return switch (stream.channel()) {
            case GateioProtocol.BOOK -> new Depth(stream, instrument);
            case "spot.trades", "spot.tickers" -> new Other(stream, instrument);
            default -> null;
        };
    }

    private abstract static class Writer extends StreamWriter {
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

    private static final class Depth extends Writer {
        Depth(Subscription stream, Instrument instrument) {
            super(stream, instrument);
        }

        @Override
        public void book(long time, boolean snapshot, long firstUpdate, long lastUpdate, LevelChanges changes) {
            if (snapshot) {
                StringBuilder sb = new StringBuilder("{\"id\":").append(lastUpdate).append(",\"current\":").append(millis(time))
                        .append(",\"update\":").append(millis(time)).append(",\"asks\":");
                side(sb, changes, false, PAIR);
                sb.append(",\"bids\":");
                side(sb, changes, true, PAIR);
                emitRest(time, "/api/v4/spot/order_book?currency_pair=" + stream.symbol() + "&limit=100&with_id=true",
                        sb.append('}').toString());
                return;
            }
            StringBuilder sb = new StringBuilder("{\"t\":").append(millis(time)).append(",\"e\":\"depthUpdate\",\"E\":").append(millis(time) / 1000)
                    .append(",\"s\":\"").append(stream.symbol()).append("\",\"U\":").append(firstUpdate).append(",\"u\":").append(lastUpdate)
                    .append(",\"b\":");
            side(sb, changes, true, PAIR);
            sb.append(",\"a\":");
            side(sb, changes, false, PAIR);
            update(time, sb.append('}').toString());
        }
    }

    /** Trades and tickers: each writes only its own events. */
    private static final class Other extends Writer {
        Other(Subscription stream, Instrument instrument) {
            super(stream, instrument);
        }

        @Override
        public void trade(long time, long id, boolean buy, long price, long size) {
            if (stream.channel().equals("spot.trades")) {
                update(time, "{\"id\":" + id + ",\"create_time\":" + millis(time) / 1000 + ",\"create_time_ms\":\"" + millis(time)
                        + ".000\",\"side\":\"" + (buy ? "buy" : "sell") + "\",\"currency_pair\":\"" + stream.symbol() + "\",\"amount\":\""
                        + Decimal64.toString(size) + "\",\"price\":\"" + Decimal64.toString(price) + "\"}");
            }
        }

        @Override
        public void quote(long time, long updateId, long bidPrice, long bidSize, long askPrice, long askSize) {
            if (stream.channel().equals("spot.tickers")) {
                update(time, "{\"currency_pair\":\"" + stream.symbol() + "\",\"last\":\"" + Decimal64.toString(bidPrice) + "\",\"lowest_ask\":\""
                        + Decimal64.toString(askPrice) + "\",\"highest_bid\":\"" + Decimal64.toString(bidPrice) + "\"}");
            }
        }
    }
}
