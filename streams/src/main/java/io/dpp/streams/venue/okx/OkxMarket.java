package io.dpp.streams.venue.okx;

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
import io.dpp.streams.venue.okx.OkxChecksum;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OKX's v5 public channels, as OKX and Okcoin ({@link OkxFlavor}) serve them: instruments listing per type (spot and swaps; swaps in contracts of
 * 0.01 of the base asset), {"event":"subscribe"} acknowledgements, "books" (a snapshot, then
 * updates with seqId/prevSeqId and the signed CRC32 of the top 25 levels), trades and tickers.
 */
final class OkxMarket implements SyntheticVenue {

    private final OkxFlavor flavor;

    OkxMarket(OkxFlavor flavor) {
        this.flavor = flavor;
    }

    @Override
    public String id() {
        return flavor.id;
    }

    @Override
    public List<Instrument> instruments(int count) {
        List<Instrument> out = new ArrayList<>();
        String quote = flavor.usual.get(0).split("-")[1];
        for (String id : Assets.usualThenExtra(count, flavor.usual, (i, base) -> base + "-" + quote + (flavor.swaps && i % 2 == 1 ? "-SWAP" : ""))) {
            boolean swap = id.endsWith("-SWAP");
            String[] parts = id.split("-");
            int decimals = Assets.priceDecimals(parts[0], parts[1]);
            Instrument.Builder b = Instrument.builder(id(), id).assets(parts[0], parts[1]).tickSize(Listings.step(decimals));
            if (swap) {
                b.type(InstrumentType.PERPETUAL).lotSize(Decimal64.of(1, 0)).contractSize(Decimal64.of(1, 2));
            } else {
                b.lotSize(Listings.step(8));
            }
            out.add(b.build());
        }
        return out;
    }

    @Override
    public Map<String, String> listing(List<Instrument> instruments) {
        StringBuilder spot = new StringBuilder();
        StringBuilder swap = new StringBuilder();
        for (Instrument in : instruments) {
            boolean isSwap = in.type() == InstrumentType.PERPETUAL;
            StringBuilder sb = isSwap ? swap : spot;
            sb.append(sb.length() == 0 ? "" : ",").append("{\"instType\":\"").append(isSwap ? "SWAP" : "SPOT")
                    .append("\",\"instId\":\"").append(in.nativeSymbol()).append("\",\"baseCcy\":\"")
                    .append(isSwap ? "" : in.base()).append("\",\"quoteCcy\":\"").append(isSwap ? "" : in.quote())
                    .append("\",\"uly\":\"").append(isSwap ? in.base() + "-" + in.quote() : "").append("\",\"instFamily\":\"")
                    .append(isSwap ? in.base() + "-" + in.quote() : "").append("\",\"tickSz\":\"").append(dec(in.tickSize()))
                    .append("\",\"lotSz\":\"").append(dec(in.lotSize())).append("\",\"minSz\":\"").append(dec(in.lotSize()))
                    .append("\",\"ctVal\":\"").append(isSwap ? dec(in.contractSize()) : "").append("\",\"ctValCcy\":\"")
                    .append(isSwap ? in.base() : "").append("\",\"state\":\"live\"}");
        }
        Map<String, String> out = new LinkedHashMap<>();
        out.put("/api/v5/public/instruments?instType=SPOT", "{\"code\":\"0\",\"msg\":\"\",\"data\":[" + spot + "]}");
        if (flavor.swaps) {
            out.put("/api/v5/public/instruments?instType=SWAP", "{\"code\":\"0\",\"msg\":\"\",\"data\":[" + swap + "]}");
            out.put("/api/v5/public/instruments?instType=FUTURES", "{\"code\":\"0\",\"msg\":\"\",\"data\":[]}");
        }
        return out;
    }

    private static String dec(long d) {
        return Decimal64.toString(d);
    }

    @Override
    public List<ChannelKind> channels(Instrument instrument) {
        return List.of(ChannelKind.BOOK, ChannelKind.TRADES, ChannelKind.TICKERS);
    }

    @Override
    public StreamWriter writer(Subscription stream, Instrument instrument) {
        return switch (stream.channel()) {
            case "books" -> new Book(stream, instrument);
            case "trades", "tickers" -> new Other(stream, instrument);
            default -> null;
        };
    }

    private abstract static class Writer extends StreamWriter {
        Writer(Subscription stream, Instrument instrument) {
            super(stream, instrument);
        }

        @Override
        public String ack() {
            return "{\"event\":\"subscribe\",\"arg\":" + arg() + ",\"connId\":\"5f1d2c3b\"}";
        }

        String arg() {
            return "{\"channel\":\"" + stream.channel() + "\",\"instId\":\"" + stream.symbol() + "\"}";
        }
    }

    private static final class Book extends Writer {
        /** ["price","size","0","orders"]: a removed level has no orders. */
        private static final LevelFormat LEVEL = (sb, price, size) -> sb.append("[\"").append(dec(price)).append("\",\"")
                .append(dec(size)).append("\",\"0\",\"").append(Decimal64.signum(size) == 0 ? 0 : 1).append("\"]");
        private final OkxChecksum checksum = new OkxChecksum();
        private long lastSeq = -1;

        Book(Subscription stream, Instrument instrument) {
            super(stream, instrument);
        }

        @Override
        public void book(long time, boolean snapshot, long firstUpdate, long lastUpdate, LevelChanges changes) {
            apply(snapshot, changes);
            StringBuilder sb = new StringBuilder("{\"arg\":").append(arg()).append(",\"action\":\"")
                    .append(snapshot ? "snapshot" : "update").append("\",\"data\":[{\"asks\":");
            side(sb, changes, false, LEVEL);
            sb.append(",\"bids\":");
            side(sb, changes, true, LEVEL);
            sb.append(",\"ts\":\"").append(millis(time)).append("\",\"checksum\":").append(checksum.compute(book()))
                    .append(",\"prevSeqId\":").append(snapshot ? -1 : lastSeq).append(",\"seqId\":").append(lastUpdate).append("}]}");
            lastSeq = lastUpdate;
            emit(time, sb.toString());
        }
    }

    /** Trades and tickers: each writes only its own events. */
    private static final class Other extends Writer {
        Other(Subscription stream, Instrument instrument) {
            super(stream, instrument);
        }

        @Override
        public void trade(long time, long id, boolean buy, long price, long size) {
            if (stream.channel().equals("trades")) {
                emit(time, "{\"arg\":" + arg() + ",\"data\":[{\"instId\":\"" + stream.symbol() + "\",\"tradeId\":\"" + id
                        + "\",\"px\":\"" + dec(price) + "\",\"sz\":\"" + dec(size) + "\",\"side\":\"" + (buy ? "buy" : "sell")
                        + "\",\"ts\":\"" + millis(time) + "\"}]}");
            }
        }

        @Override
        public void ticker(long time, TickerState t) {
            if (stream.channel().equals("tickers")) {
                emit(time, "{\"arg\":" + arg() + ",\"data\":[{\"instType\":\""
                        + (instrument.type() == InstrumentType.PERPETUAL ? "SWAP" : "SPOT") + "\",\"instId\":\"" + stream.symbol()
                        + "\",\"last\":\"" + dec(t.last()) + "\",\"askPx\":\"" + dec(t.askPrice()) + "\",\"askSz\":\""
                        + dec(t.askSize()) + "\",\"bidPx\":\"" + dec(t.bidPrice()) + "\",\"bidSz\":\"" + dec(t.bidSize())
                        + "\",\"open24h\":\"" + dec(t.open24h()) + "\",\"high24h\":\"" + dec(t.high24h()) + "\",\"low24h\":\""
                        + dec(t.low24h()) + "\",\"vol24h\":\"" + dec(t.volume24h()) + "\",\"ts\":\"" + millis(time) + "\"}]}");
            }
        }
    }
}
