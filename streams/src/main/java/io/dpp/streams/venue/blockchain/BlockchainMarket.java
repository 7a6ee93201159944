package io.dpp.streams.venue.blockchain;

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

/**
 * Blockchain.com Exchange: the instruments listing, channels acknowledged with subscribed, l2
 * snapshots then updates, trades; the simulator numbers every message of a connection.
 */
final class BlockchainMarket implements SyntheticVenue {

    private static final List<String> USUAL = List.of("BTC-USD", "ETH-USD");

    @Override
    public String id() {
        return BlockchainVenue.ID;
    }

    @Override
    public List<Instrument> instruments(int count) {
        return Assets.spotPairs(id(), count, USUAL, "-", "USD", 8);
    }

    @Override
    public Map<String, String> listing(List<Instrument> instruments) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < instruments.size(); i++) {
            Instrument in = instruments.get(i);
            sb.append(i == 0 ? "" : ",").append("{\"symbol\":\"").append(in.nativeSymbol()).append("\",\"base_currency\":\"").append(in.base())
                    .append("\",\"counter_currency\":\"").append(in.quote()).append("\",\"min_price_increment\":1,\"min_price_increment_scale\":")
                    .append(Decimal64.scale(in.tickSize())).append(",\"lot_size\":1,\"lot_size_scale\":").append(Decimal64.scale(in.lotSize()))
                    .append(",\"status\":\"open\"}");
        }
        return Map.of("/mercury-gateway/v1/instruments", sb.append(']').toString());
    }

    @Override
    public List<ChannelKind> channels(Instrument instrument) {
        return List.of(ChannelKind.BOOK, ChannelKind.TRADES);
    }

    @Override
    public StreamWriter writer(Subscription stream, Instrument instrument) {
        return switch (stream.channel()) {
            case "l2", "trades" -> new Writer(stream, instrument);
            default -> null;
        };
    }

    /** An l2 snapshot of a book (its seqnum is the connection's, written by the simulator). */
    static String snapshot(String symbol, long time, SortedBook book) {
        StringBuilder sb = new StringBuilder(128 + 56 * (book.depth(true) + book.depth(false)))
                .append("{\"seqnum\":0,\"event\":\"snapshot\",\"channel\":\"l2\",\"symbol\":\"").append(symbol).append("\",\"bids\":");
        side(sb, book, true);
        sb.append(",\"asks\":");
        side(sb, book, false);
        return sb.append(",\"timestamp\":\"").append(Timestamps.toIso(time == Long.MIN_VALUE ? Timestamps.now() : time)).append("\"}").toString();
    }

    private static void side(StringBuilder sb, SortedBook book, boolean bid) {
        sb.append('[');
        for (int i = 0; i < book.depth(bid); i++) {
            sb.append(i == 0 ? "" : ",").append("{\"num\":1,\"px\":").append(Decimal64.toString(book.price(bid, i))).append(",\"qty\":")
                    .append(Decimal64.toString(book.size(bid, i))).append('}');
        }
        sb.append(']');
    }

    /** One channel of a symbol. */
    private static final class Writer extends StreamWriter {
        private static final LevelFormat LEVEL = (sb, price, size) -> sb.append("{\"num\":1,\"px\":").append(dec(price)).append(",\"qty\":")
                .append(dec(size)).append('}');

        Writer(Subscription stream, Instrument instrument) {
            super(stream, instrument);
        }

        @Override
        public String ack() {
            return "{\"seqnum\":0,\"event\":\"subscribed\",\"channel\":\"" + stream.channel() + "\",\"symbol\":\"" + stream.symbol() + "\"}";
        }

        @Override
        public void book(long time, boolean snapshot, long firstUpdate, long lastUpdate, LevelChanges changes) {
            if (!stream.channel().equals("l2")) {
                return;
            }
            StringBuilder sb = new StringBuilder("{\"seqnum\":0,\"event\":\"").append(snapshot ? "snapshot" : "updated")
                    .append("\",\"channel\":\"l2\",\"symbol\":\"").append(stream.symbol()).append("\",\"bids\":");
            side(sb, changes, true, LEVEL);
            sb.append(",\"asks\":");
            side(sb, changes, false, LEVEL);
            emit(time, sb.append(",\"timestamp\":\"").append(Timestamps.toIso(time)).append("\"}").toString());
        }

        @Override
        public void trade(long time, long id, boolean buy, long price, long size) {
            if (stream.channel().equals("trades")) {
                emit(time, "{\"seqnum\":0,\"event\":\"updated\",\"channel\":\"trades\",\"symbol\":\"" + stream.symbol() + "\",\"timestamp\":\""
                        + Timestamps.toIso(time) + "\",\"side\":\"" + (buy ? "buy" : "sell") + "\",\"qty\":" + dec(size) + ",\"price\":"
                        + dec(price) + ",\"trade_id\":\"" + id + "\"}");
            }
        }
    }
}
