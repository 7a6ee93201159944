package io.dpp.streams.venue.bitcom;

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
 * Bit.com: the listing (spot pairs, or USDT-settled perpetuals), subscriptions answered per channel,
 * depth as a snapshot then updates naming the sequence before them, trades (the taker's side) and
 * tickers (best bid and ask with quantities).
 */
final class BitcomMarket implements SyntheticVenue {

    private final boolean linear;

    BitcomMarket(boolean linear) {
        this.linear = linear;
    }

    @Override
    public String id() {
        return linear ? BitcomVenue.LINEAR_ID : BitcomVenue.ID;
    }

    @Override
    public List<Instrument> instruments(int count) {
        if (!linear) {
            return Assets.spotPairs(id(), count, List.of("BTC-USDT", "ETH-USDT"), "-", "USDT", 6);
        }
        List<Instrument> out = new ArrayList<>();
        for (String symbol : Assets.usualThenExtra(count, List.of("BTC-USDT-PERPETUAL", "ETH-USDT-PERPETUAL"),
                (i, base) -> base + "-USDT-PERPETUAL")) {
            String base = symbol.substring(0, symbol.indexOf('-'));
            out.add(Instrument.builder(id(), symbol).assets(base, "USDT").type(InstrumentType.PERPETUAL)
                    .tickSize(Listings.step(Assets.priceDecimals(base, "USDT"))).lotSize(Listings.step(3)).contractSize(Listings.step(0))
                    .build());
        }
        return out;
    }

    @Override
    public Map<String, String> listing(List<Instrument> instruments) {
        StringBuilder sb = new StringBuilder("{\"code\":0,\"message\":\"\",\"data\":[");
        for (int i = 0; i < instruments.size(); i++) {
            Instrument in = instruments.get(i);
            sb.append(i == 0 ? "" : ",").append(linear ? "{\"instrument_id\":\"" : "{\"pair\":\"").append(in.nativeSymbol())
                    .append("\",\"base_currency\":\"").append(in.base()).append("\",\"quote_currency\":\"").append(in.quote())
                    .append("\",\"price_step\":\"").append(Decimal64.toString(in.tickSize()))
                    .append(linear ? "\",\"size_step\":\"" : "\",\"qty_step\":\"").append(Decimal64.toString(in.lotSize()));
            if (linear) {
                sb.append("\",\"contract_size\":\"").append(Decimal64.toString(in.contractSize())).append("\",\"category\":\"future");
            }
            sb.append("\"}");
        }
        String body = sb.append("]}").toString();
        if (!linear) {
            return Map.of("/spot/v1/instruments", body);
        }
        return Map.of("/linear/v1/instruments?currency=USDT&active=true", body,
                "/linear/v1/instruments?currency=USD&active=true", "{\"code\":0,\"message\":\"\",\"data\":[]}");
    }

    @Override
    public List<ChannelKind> channels(Instrument instrument) {
        return List.of(ChannelKind.BOOK, ChannelKind.TRADES, ChannelKind.QUOTES);
    }

    @Override
    public StreamWriter writer(Subscription stream, Instrument instrument) {
        return switch (stream.channel()) {
            case "depth", "trade", "ticker" -> new Writer(stream, instrument);
            default -> null;
        };
    }

    /** One channel of one market: each writes only its own events. */
    private final class Writer extends StreamWriter {
        Writer(Subscription stream, Instrument instrument) {
            super(stream, instrument);
        }

        @Override
        public String ack() {
            return "{\"channel\":\"subscription\",\"timestamp\":0,\"data\":{\"code\":0,\"subscription\":[\"" + stream.channel() + "\"]}}";
        }

        private String market() {
            return (linear ? "\"instrument_id\":\"" : "\"pair\":\"") + stream.symbol() + "\"";
        }

        private void message(long time, String data) {
            emit(time, "{\"channel\":\"" + stream.channel() + "\",\"timestamp\":" + millis(time) + ",\"data\":" + data + ",\"module\":\""
                    + (linear ? "linear" : "spot") + "\"}");
        }

        @Override
        public void book(long time, boolean snapshot, long firstUpdate, long lastUpdate, LevelChanges changes) {
            if (!stream.channel().equals("depth")) {
                return;
            }
            apply(snapshot, changes);
            if (snapshot) {
                emit(time, BitcomSim.snapshot(linear, stream.symbol(), book(), lastUpdate, millis(time)));
                return;
            }
            StringBuilder sb = new StringBuilder("{\"type\":\"update\",").append(market()).append(",\"sequence\":").append(lastUpdate)
                    .append(",\"prev_sequence\":").append(firstUpdate - 1).append(",\"changes\":[");
            for (int i = 0; i < changes.count(); i++) {
                sb.append(i == 0 ? "" : ",").append("[\"").append(changes.isBid(i) ? "buy" : "sell").append("\",\"").append(dec(changes.price(i)))
                        .append("\",\"").append(dec(changes.size(i))).append("\"]");
            }
            message(time, sb.append("]}").toString());
        }

        @Override
        public void trade(long time, long id, boolean buy, long price, long size) {
            if (stream.channel().equals("trade")) {
                message(time, "[{\"created_at\":" + millis(time) + ",\"trade_id\":\"" + id + "\"," + market() + ",\"price\":\"" + dec(price)
                        + "\",\"qty\":\"" + dec(size) + "\",\"side\":\"" + (buy ? "buy" : "sell") + "\"}]");
            }
        }

        @Override
        public void quote(long time, long updateId, long bidPrice, long bidSize, long askPrice, long askSize) {
            if (stream.channel().equals("ticker")) {
                message(time, "{\"time\":" + millis(time) + "," + market() + ",\"best_bid\":\"" + dec(bidPrice) + "\",\"best_ask\":\""
                        + dec(askPrice) + "\",\"best_bid_qty\":\"" + dec(bidSize) + "\",\"best_ask_qty\":\"" + dec(askSize) + "\"}");
            }
        }
    }
}
