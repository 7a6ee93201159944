package io.dpp.streams.venue.bitfinex;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.streams.venue.simulation.Assets;
import io.dpp.streams.venue.simulation.LevelChanges;
import io.dpp.streams.venue.simulation.StreamWriter;
import io.dpp.streams.venue.simulation.SyntheticVenue;
import io.dpp.streams.venue.simulation.TickerState;
import io.dpp.streams.venue.ChannelKind;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.bitfinex.BitfinexChecksum;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bitfinex v2: pair lists (exchange pairs and perpetual "F0" pairs; the listing has no tick or
 * lot sizes), "subscribed" events naming each channel id, aggregated P0 books (a snapshot, then
 * one [price, count, amount] per message, amount negative for asks, count 0 to remove) followed by
 * the "cs" checksum of the top 25, "te" trades and tickers. Every channel message ends with a
 * sequence number, which the simulator renumbers per connection as SEQ_ALL asks.
 */
final class BitfinexMarket implements SyntheticVenue {

    private static final List<String> USUAL = List.of("tBTCUSD", "tETHUSD", "tBTCUST", "tETHUST", "tBTCF0:USTF0", "tETHF0:USTF0");

    @Override
    public String id() {
        return "bitfinex";
    }

    @Override
    public List<Instrument> instruments(int count) {
        List<Instrument> out = new ArrayList<>();
        for (String s : Assets.usualThenExtra(count, USUAL, (i, base) -> base.length() == 3 ? "t" + base + "USD" : "t" + base + ":USD")) {
            boolean perpetual = s.contains("F0");
            String pair = s.substring(1);
            String base = pair.contains(":") ? pair.substring(0, pair.indexOf(':')) : pair.substring(0, 3);
            String quote = pair.contains(":") ? pair.substring(pair.indexOf(':') + 1) : pair.substring(3);
            base = base.replace("F0", "");
            quote = quote.replace("F0", "").replace("UST", "USDT");
            out.add(Instrument.builder(id(), s).assets(base, quote).type(perpetual ? InstrumentType.PERPETUAL : InstrumentType.SPOT)
                    .build());
        }
        return out;
    }

    @Override
    public Map<String, String> listing(List<Instrument> instruments) {
        StringBuilder exchange = new StringBuilder();
        StringBuilder future = new StringBuilder();
        for (Instrument in : instruments) {
            StringBuilder sb = in.type() == InstrumentType.PERPETUAL ? future : exchange;
            sb.append(sb.length() == 0 ? "" : ",").append('"').append(in.nativeSymbol().substring(1)).append('"');
        }
        Map<String, String> out = new LinkedHashMap<>();
        out.put("/v2/conf/pub:list:pair:exchange", "[[" + exchange + "]]");
        out.put("/v2/conf/pub:list:pair:future", "[[" + future + "]]");
        return out;
    }

    @Override
    public List<ChannelKind> channels(Instrument instrument) {
        return List.of(ChannelKind.BOOK, ChannelKind.TRADES, ChannelKind.QUOTES);
    }

    @Override
    public StreamWriter writer(Subscription stream, Instrument instrument) {
        if (stream.channel().startsWith("book:P")) {
            return new Book(stream, instrument);
        }
        return switch (stream.channel()) {
            case "trades", "ticker" -> new Other(stream, instrument);
            default -> null;
        };
    }

    private abstract static class Writer extends StreamWriter {
        final long chanId;

        Writer(Subscription stream, Instrument instrument) {
            super(stream, instrument);
            this.chanId = 1 + Math.floorMod((stream.channel() + " " + stream.symbol()).hashCode(), 1_000_000);
        }

        @Override
        public String ack() {
            String[] parts = stream.channel().split(":");
            String book = parts.length == 4 ? ",\"prec\":\"" + parts[1] + "\",\"freq\":\"" + parts[2] + "\",\"len\":\"" + parts[3] + "\"" : "";
            return "{\"event\":\"subscribed\",\"channel\":\"" + parts[0] + "\",\"chanId\":" + chanId + ",\"symbol\":\"" + stream.symbol()
                    + "\"" + book + ",\"pair\":\"" + stream.symbol().substring(1) + "\"}";
        }
    }

    private static final class Book extends Writer {
        private final BitfinexChecksum checksum = new BitfinexChecksum();

        Book(Subscription stream, Instrument instrument) {
            super(stream, instrument);
        }

        @Override
        public void book(long time, boolean snapshot, long firstUpdate, long lastUpdate, LevelChanges changes) {
            apply(snapshot, changes);
            if (snapshot) {
                StringBuilder sb = new StringBuilder().append('[').append(chanId).append(",[");
                for (int i = 0; i < changes.count(); i++) {
                    level(sb.append(i == 0 ? "" : ","), changes, i);
                }
                emit(time, sb.append("],0]").toString());
                return;
            }
            for (int i = 0; i < changes.count(); i++) {
                emit(time, level(new StringBuilder().append('[').append(chanId).append(','), changes, i).append(",0]").toString());
            }
            emit(time, "[" + chanId + ",\"cs\"," + checksum.compute(book()) + ",0]");
        }

        private static StringBuilder level(StringBuilder sb, LevelChanges changes, int i) {
            boolean remove = Decimal64.signum(changes.size(i)) == 0;
            String amount = remove ? "1" : dec(changes.size(i));
            return sb.append('[').append(dec(changes.price(i))).append(',').append(remove ? 0 : 1).append(',')
                    .append(changes.isBid(i) ? "" : "-").append(amount).append(']');
        }
    }

    /** Trades and ticker: each writes only its own events. */
    private static final class Other extends Writer {
        Other(Subscription stream, Instrument instrument) {
            super(stream, instrument);
        }

        @Override
        public void trade(long time, long id, boolean buy, long price, long size) {
            if (stream.channel().equals("trades")) {
                emit(time, "[" + chanId + ",\"te\",[" + id + "," + millis(time) + "," + (buy ? "" : "-") + dec(size) + "," + dec(price)
                        + "],0]");
            }
        }

        @Override
        public void quote(long time, long updateId, long bidPrice, long bidSize, long askPrice, long askSize) {
            if (stream.channel().equals("ticker")) {
                emit(time, "[" + chanId + ",[" + dec(bidPrice) + "," + dec(bidSize) + "," + dec(askPrice) + "," + dec(askSize)
                        + ",0,0," + dec(bidPrice) + ",0,0,0],0]");
            }
        }

        @Override
        public void ticker(long time, TickerState t) {
            // Bitfinex tickers carry the best bid and ask, sent above as they change.
        }
    }
}
