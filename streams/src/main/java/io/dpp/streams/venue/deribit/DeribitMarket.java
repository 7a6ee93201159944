package io.dpp.streams.venue.deribit;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.streams.venue.simulation.LevelChanges;

import io.dpp.streams.venue.simulation.StreamWriter;
import io.dpp.streams.venue.simulation.SyntheticVenue;
import io.dpp.streams.venue.simulation.TickerState;
import io.dpp.streams.venue.ChannelKind;
import io.dpp.streams.venue.Subscription;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deribit API v2, inverse perpetuals (amounts in US dollars): get_instruments listings per
 * currency, JSON-RPC subscribe results, book.X.100ms (a snapshot, then changes whose
 * prev_change_id is the last change_id; levels "new", "change", "delete"), trades and tickers
 * (best bid and ask, mark, index, funding, open interest).
 */
final class DeribitMarket implements SyntheticVenue {

    private static final String[][] USUAL = {{"BTC", "0.5", "10", "10"}, {"ETH", "0.05", "1", "1"}};

    @Override
    public String id() {
        return "deribit";
    }

    @Override
    public List<Instrument> instruments(int count) {
        // Deribit lists perpetuals of its few settlement currencies only: no generated ones.
        count = count == 0 ? USUAL.length : Math.min(count, USUAL.length);
        List<Instrument> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String[] u = USUAL[i];
            out.add(Instrument.builder(id(), u[0] + "-PERPETUAL").assets(u[0], "USD").type(InstrumentType.PERPETUAL)
                    .tickSize(Decimal64.parse(u[1])).lotSize(Decimal64.parse(u[2])).contractSize(Decimal64.parse(u[3])).build());
        }
        return out;
    }

    @Override
    public Map<String, String> listing(List<Instrument> instruments) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String currency : new String[] {"BTC", "ETH"}) {
            StringBuilder sb = new StringBuilder("{\"jsonrpc\":\"2.0\",\"result\":[");
            boolean first = true;
            for (Instrument in : instruments) {
                if (in.base().equals(currency)) {
                    sb.append(first ? "" : ",").append("{\"instrument_name\":\"").append(in.nativeSymbol())
                            .append("\",\"kind\":\"future\",\"settlement_period\":\"perpetual\",\"base_currency\":\"").append(currency)
                            .append("\",\"counter_currency\":\"USD\",\"quote_currency\":\"USD\",\"tick_size\":")
                            .append(Decimal64.toString(in.tickSize())).append(",\"min_trade_amount\":").append(Decimal64.toString(in.lotSize()))
                            .append(",\"contract_size\":").append(Decimal64.toString(in.contractSize()))
                            .append(",\"expiration_timestamp\":32503708800000,\"is_active\":true}");
                    first = false;
                }
            }
            out.put("/api/v2/public/get_instruments?currency=" + currency + "&expired=false", sb.append("]}").toString());
        }
        return out;
    }

    @Override
    public double quotePerLot(Instrument instrument) {
        // Inverse contracts: a lot is a fixed number of dollars, whatever the price.
        return Decimal64.toDouble(instrument.lotSize());
    }

    @Override
    public List<ChannelKind> channels(Instrument instrument) {
        return List.of(ChannelKind.BOOK, ChannelKind.TRADES, ChannelKind.TICKERS);
    }

    @Override
    public StreamWriter writer(Subscription stream, Instrument instrument) {
        return switch (stream.channel()) {
            case "book.100ms", "book.raw" -> new Book(stream, instrument);
            case "trades.100ms", "trades.raw", "ticker.100ms", "ticker.raw" -> new Other(stream, instrument);
            default -> null;
        };
    }

    private abstract static class Writer extends StreamWriter {
        Writer(Subscription stream, Instrument instrument) {
            super(stream, instrument);
        }

        /** "book.BTC-PERPETUAL.100ms": the instrument goes between the channel's name and its interval. */
        String channel() {
            int dot = stream.channel().indexOf('.');
            return stream.channel().substring(0, dot) + "." + stream.symbol() + stream.channel().substring(dot);
        }

        @Override
        public String ack() {
            return "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":[\"" + channel() + "\"],\"usIn\":0,\"usOut\":0,\"usDiff\":0,\"testnet\":false}";
        }

        void notification(long time, String data) {
            emit(time, "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":\"" + channel() + "\",\"data\":" + data
                    + "}}");
        }
    }

    private static final class Book extends Writer {
        private long lastChange;

        Book(Subscription stream, Instrument instrument) {
            super(stream, instrument);
        }

        @Override
        public void book(long time, boolean snapshot, long firstUpdate, long lastUpdate, LevelChanges changes) {
            apply(snapshot, changes);
            StringBuilder sb = new StringBuilder("{\"type\":\"").append(snapshot ? "snapshot" : "change").append("\",\"timestamp\":")
                    .append(millis(time)).append(",\"instrument_name\":\"").append(stream.symbol()).append("\",\"change_id\":")
                    .append(lastUpdate);
            if (!snapshot) {
                sb.append(",\"prev_change_id\":").append(lastChange);
            }
            // ["new"|"change"|"delete", price, amount]: a snapshot's levels are all new.
            LevelFormat level = (b, price, size) -> {
                boolean delete = Decimal64.signum(size) == 0;
                b.append("[\"").append(snapshot ? "new" : delete ? "delete" : "change").append("\",").append(dec(price)).append(',')
                        .append(delete ? "0.0" : dec(size)).append(']');
            };
            sb.append(",\"bids\":");
            side(sb, changes, true, level);
            sb.append(",\"asks\":");
            side(sb, changes, false, level);
            lastChange = lastUpdate;
            notification(time, sb.append('}').toString());
        }
    }

    /** Trades and ticker: each writes only its own events. */
    private static final class Other extends Writer {
        private long tradeSeq;

        Other(Subscription stream, Instrument instrument) {
            super(stream, instrument);
        }

        @Override
        public void trade(long time, long id, boolean buy, long price, long size) {
            if (stream.channel().startsWith("trades.")) {
                notification(time, "[{\"trade_seq\":" + (++tradeSeq) + ",\"trade_id\":\"" + id + "\",\"timestamp\":" + millis(time)
                        + ",\"tick_direction\":0,\"price\":" + dec(price) + ",\"instrument_name\":\"" + stream.symbol()
                        + "\",\"direction\":\"" + (buy ? "buy" : "sell") + "\",\"amount\":" + dec(size) + "}]");
            }
        }

        @Override
        public void ticker(long time, TickerState t) {
            if (stream.channel().startsWith("ticker.")) {
                notification(time, "{\"timestamp\":" + millis(time) + ",\"instrument_name\":\"" + stream.symbol()
                        + "\",\"best_bid_price\":" + dec(t.bidPrice()) + ",\"best_bid_amount\":" + dec(t.bidSize())
                        + ",\"best_ask_price\":" + dec(t.askPrice()) + ",\"best_ask_amount\":" + dec(t.askSize()) + ",\"mark_price\":"
                        + dec(t.mark()) + ",\"index_price\":" + dec(t.index()) + ",\"last_price\":" + dec(t.last())
                        + ",\"open_interest\":" + dec(t.openInterest()) + ",\"current_funding\":" + dec(t.fundingRate())
                        + ",\"funding_8h\":" + dec(t.fundingRate()) + ",\"state\":\"open\"}");
            }
        }
    }
}
