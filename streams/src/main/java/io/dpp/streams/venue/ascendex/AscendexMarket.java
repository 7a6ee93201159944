package io.dpp.streams.venue.ascendex;

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
 * AscendEX: the products (or futures contracts) listing, subscriptions acknowledged per symbol, a
 * depth snapshot then changes numbered one by one per symbol, trades with the maker's side.
 */
final class AscendexMarket implements SyntheticVenue {

    private final AscendexFlavor flavor;

    AscendexMarket(AscendexFlavor flavor) {
        this.flavor = flavor;
    }

    @Override
    public String id() {
        return flavor.id;
    }

    @Override
    public List<Instrument> instruments(int count) {
        if (!flavor.futures()) {
            return Assets.spotPairs(id(), count, flavor.usual, "/", "USDT", 4);
        }
        List<Instrument> out = new ArrayList<>();
        for (String symbol : Assets.usualThenExtra(count, flavor.usual, (i, base) -> base + "-PERP")) {
            String base = symbol.substring(0, symbol.indexOf('-'));
            out.add(Instrument.builder(id(), symbol).assets(base, "USDT").type(InstrumentType.PERPETUAL)
                    .tickSize(Listings.step(Assets.priceDecimals(base, "USDT"))).lotSize(Listings.step(4)).build());
        }
        return out;
    }

    @Override
    public Map<String, String> listing(List<Instrument> instruments) {
        StringBuilder sb = new StringBuilder("{\"code\":0,\"data\":[");
        for (int i = 0; i < instruments.size(); i++) {
            Instrument in = instruments.get(i);
            String tick = Decimal64.toString(in.tickSize());
            String lot = Decimal64.toString(in.lotSize());
            sb.append(i == 0 ? "" : ",").append("{\"symbol\":\"").append(in.nativeSymbol()).append("\",\"status\":\"Normal\",");
            if (flavor.futures()) {
                sb.append("\"settlementAsset\":\"").append(in.quote()).append("\",\"underlying\":\"").append(in.base()).append('/')
                        .append(in.quote()).append("\",\"priceFilter\":{\"tickSize\":\"").append(tick)
                        .append("\"},\"lotSizeFilter\":{\"lotSize\":\"").append(lot).append("\"}}");
            } else {
                sb.append("\"baseAsset\":\"").append(in.base()).append("\",\"quoteAsset\":\"").append(in.quote())
                        .append("\",\"tickSize\":\"").append(tick).append("\",\"lotSize\":\"").append(lot).append("\"}");
            }
        }
        return Map.of(flavor.listingPath, sb.append("]}").toString());
    }

    @Override
    public List<ChannelKind> channels(Instrument instrument) {
        return List.of(ChannelKind.BOOK, ChannelKind.TRADES);
    }

    @Override
    public StreamWriter writer(Subscription stream, Instrument instrument) {
        return switch (stream.channel()) {
            case "depth", "trades" -> new Writer(stream, instrument);
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
            return "{\"m\":\"sub\",\"ch\":\"" + stream.channel() + ":" + stream.symbol() + "\",\"code\":0}";
        }

        @Override
        public void book(long time, boolean snapshot, long firstUpdate, long lastUpdate, LevelChanges changes) {
            if (!stream.channel().equals("depth")) {
                return;
            }
            long seqnum = bookMessages();
            StringBuilder sb = new StringBuilder("{\"m\":\"").append(snapshot ? "depth-snapshot" : "depth").append("\",\"symbol\":\"")
                    .append(stream.symbol()).append("\",\"data\":{\"ts\":").append(millis(time)).append(",\"seqnum\":").append(seqnum)
                    .append(",\"asks\":");
            side(sb, changes, false, PAIR);
            sb.append(",\"bids\":");
            side(sb, changes, true, PAIR);
            emit(time, sb.append("}}").toString());
        }

        @Override
        public void trade(long time, long id, boolean buy, long price, long size) {
            if (stream.channel().equals("trades")) {
                emit(time, "{\"m\":\"trades\",\"symbol\":\"" + stream.symbol() + "\",\"data\":[{\"p\":\"" + dec(price) + "\",\"q\":\""
                        + dec(size) + "\",\"ts\":" + millis(time) + ",\"bm\":" + !buy + ",\"seqnum\":" + id + "}]}");
            }
        }
    }
}
