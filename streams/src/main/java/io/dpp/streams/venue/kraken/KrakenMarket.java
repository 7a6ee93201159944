package io.dpp.streams.venue.kraken;

import io.dpp.core.instrument.Instrument;
import io.dpp.streams.venue.simulation.Assets;
import io.dpp.streams.venue.simulation.LevelChanges;
import io.dpp.streams.venue.simulation.StreamWriter;
import io.dpp.streams.venue.simulation.SyntheticVenue;
import io.dpp.streams.venue.ChannelKind;
import io.dpp.streams.venue.Listings;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.kraken.KrakenChecksum;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kraken spot, WebSocket v1: AssetPairs listing, subscriptionStatus acknowledgements, books
 * ("book-1000": "as"/"bs" snapshot, then "a"/"b" changes with the CRC32 checksum of the top ten
 * levels), trades, spread (best bid and ask) and ticker messages.
 */
final class KrakenMarket implements SyntheticVenue {

    private static final List<String[]> USUAL = List.of(new String[] {"XBT", "USD"}, new String[] {"ETH", "USD"},
            new String[] {"XBT", "USDT"}, new String[] {"ETH", "USDT"});

    @Override
    public String id() {
        return "kraken";
    }

    @Override
    public List<Instrument> instruments(int count) {
        List<Instrument> out = new ArrayList<>();
        for (String[] p : Assets.usualThenExtra(count, USUAL, (i, base) -> new String[] {base, "USD"})) {
            String ws = p[0] + "/" + p[1];
            int decimals = Assets.priceDecimals(p[0], p[1]);
            out.add(Instrument.builder(id(), ws).assets(Listings.asset(p[0]), Listings.asset(p[1]))
                    .tickSize(Listings.step(decimals)).lotSize(Listings.step(8)).build());
        }
        return out;
    }

    @Override
    public Map<String, String> listing(List<Instrument> instruments) {
        StringBuilder sb = new StringBuilder("{\"error\":[],\"result\":{");
        for (int i = 0; i < instruments.size(); i++) {
            Instrument in = instruments.get(i);
            String ws = in.nativeSymbol();
            String alt = ws.replace("/", "");
            if (i > 0) {
                sb.append(',');
            }
            sb.append(quote(alt)).append(":{\"altname\":").append(quote(alt)).append(",\"wsname\":").append(quote(ws))
                    .append(",\"base\":").append(quote(ws.substring(0, ws.indexOf('/'))))
                    .append(",\"quote\":").append(quote(ws.substring(ws.indexOf('/') + 1)))
                    .append(",\"pair_decimals\":").append(io.dpp.core.decimal.Decimal64.scale(in.tickSize()))
                    .append(",\"lot_decimals\":").append(io.dpp.core.decimal.Decimal64.scale(in.lotSize()))
                    .append(",\"lot_multiplier\":1,\"status\":\"online\"}");
        }
        sb.append("}}");
        Map<String, String> out = new LinkedHashMap<>();
        out.put("/0/public/AssetPairs", sb.toString());
        return out;
    }

    @Override
    public List<ChannelKind> channels(Instrument instrument) {
        return List.of(ChannelKind.BOOK, ChannelKind.TRADES, ChannelKind.QUOTES);
    }

    @Override
    public StreamWriter writer(Subscription stream, Instrument instrument) {
        String channel = stream.channel();
        if (channel.startsWith("book-")) {
            return new Book(stream, instrument, Integer.parseInt(channel.substring(5)));
        }
        return switch (channel) {
            case "trade", "spread", "ticker" -> new Other(stream, instrument);
            default -> null;
        };
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }

    /** One channel id per stream, as Kraken numbers its subscriptions. */
    private static long channelId(Subscription stream) {
        return Math.floorMod((stream.channel() + " " + stream.symbol()).hashCode(), 100_000);
    }

    private abstract static class Writer extends StreamWriter {
        final long channelId;

        Writer(Subscription stream, Instrument instrument) {
            super(stream, instrument);
            this.channelId = channelId(stream);
        }

        @Override
        public String ack() {
            String channel = stream.channel();
            String subscription = channel.startsWith("book-")
                    ? "{\"depth\":" + channel.substring(5) + ",\"name\":\"book\"}" : "{\"name\":\"" + channel + "\"}";
            return "{\"channelID\":" + channelId + ",\"channelName\":\"" + channel + "\",\"event\":\"subscriptionStatus\",\"pair\":\""
                    + stream.symbol() + "\",\"status\":\"subscribed\",\"subscription\":" + subscription + "}";
        }

        String tail() {
            return ",\"" + stream.channel() + "\",\"" + stream.symbol() + "\"]";
        }
    }

    private static final class Book extends Writer {
        private final int depth;
        private final KrakenChecksum checksum = new KrakenChecksum();

        Book(Subscription stream, Instrument instrument, int depth) {
            super(stream, instrument);
            this.depth = depth;
        }

        @Override
        public void book(long time, boolean snapshot, long firstUpdate, long lastUpdate, LevelChanges changes) {
            apply(snapshot, changes);
            book().truncate(depth);
            String t = seconds(time);
            LevelFormat level = (b, price, size) -> b.append("[\"").append(dec(price)).append("\",\"").append(dec(size))
                    .append("\",\"").append(t).append("\"]");
            StringBuilder sb = new StringBuilder().append('[').append(channelId).append(',');
            if (snapshot) {
                sb.append("{\"as\":");
                side(sb, changes, false, level);
                sb.append(",\"bs\":");
                side(sb, changes, true, level);
                sb.append('}');
            } else {
                boolean asks = changes.hasSide(false);
                boolean bids = changes.hasSide(true);
                String c = ",\"c\":\"" + checksum.compute(book()) + "\"}";
                if (asks) {
                    sb.append("{\"a\":");
                    side(sb, changes, false, level);
                    sb.append(bids ? "}," : c);
                }
                if (bids) {
                    sb.append("{\"b\":");
                    side(sb, changes, true, level);
                    sb.append(c);
                }
            }
            emit(time, sb.append(tail()).toString());
        }
    }

    /** Trades, spread and ticker: each writes only its own events. */
    private static final class Other extends Writer {
        Other(Subscription stream, Instrument instrument) {
            super(stream, instrument);
        }

        @Override
        public void trade(long time, long id, boolean buy, long price, long size) {
            if (stream.channel().equals("trade")) {
                emit(time, "[" + channelId + ",[[\"" + dec(price) + "\",\"" + dec(size) + "\",\"" + seconds(time) + "\",\""
                        + (buy ? "b" : "s") + "\",\"l\",\"\"]]" + tail());
            }
        }

        @Override
        public void quote(long time, long updateId, long bidPrice, long bidSize, long askPrice, long askSize) {
            if (stream.channel().equals("spread")) {
                emit(time, "[" + channelId + ",[\"" + dec(bidPrice) + "\",\"" + dec(askPrice) + "\",\"" + seconds(time) + "\",\""
                        + dec(bidSize) + "\",\"" + dec(askSize) + "\"]" + tail());
            }
        }

        @Override
        public void ticker(long time, io.dpp.streams.venue.simulation.TickerState t) {
            if (stream.channel().equals("ticker")) {
                emit(time, "[" + channelId + ",{\"a\":[\"" + dec(t.askPrice()) + "\",1,\"" + dec(t.askSize()) + "\"],\"b\":[\""
                        + dec(t.bidPrice()) + "\",1,\"" + dec(t.bidSize()) + "\"],\"c\":[\"" + dec(t.last()) + "\",\"0\"],\"v\":[\""
                        + dec(t.volume24h()) + "\",\"" + dec(t.volume24h()) + "\"],\"l\":[\"" + dec(t.low24h()) + "\",\""
                        + dec(t.low24h()) + "\"],\"h\":[\"" + dec(t.high24h()) + "\",\"" + dec(t.high24h()) + "\"],\"o\":[\""
                        + dec(t.open24h()) + "\",\"" + dec(t.open24h()) + "\"]}" + tail());
            }
        }
    }
}
