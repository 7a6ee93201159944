package io.dpp.streams.venue.binance;

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
import java.util.Locale;
import java.util.Map;

/**
 * Binance (spot, Binance.US, USD-M and COIN-M futures): exchangeInfo listings, combined streams named in the URL (no
 * acknowledgement), depth diffs (spot: U follows the previous u; futures: pu chains them) whose
 * books start from the venue's REST {@code /depth} snapshot, aggTrade, bookTicker, and on futures
 * markPrice (mark, index, funding) and forceOrder.
 */
final class BinanceMarket implements SyntheticVenue {

    private final BinanceFlavor flavor;
    private final boolean futures;

    BinanceMarket(BinanceFlavor flavor) {
        this.flavor = flavor;
        this.futures = flavor.futures;
    }

    @Override
    public String id() {
        return flavor.id;
    }

    @Override
    public List<Instrument> instruments(int count) {
        List<String[]> usual = new ArrayList<>();
        for (String s : flavor.usual) {
            usual.add(new String[] {s.substring(0, 3), flavor.inverse() ? "USD" : s.substring(3)});
        }
        List<Instrument> out = new ArrayList<>();
        for (String[] p : Assets.usualThenExtra(count, usual, (i, base) -> new String[] {base, flavor.inverse() ? "USD" : "USDT"})) {
            int decimals = Assets.priceDecimals(p[0], p[1]);
            // COIN-M's contracts are BTCUSD_PERP, sized in whole contracts of 100 dollars (10 for the others).
            Instrument.Builder b = Instrument.builder(id(), p[0] + p[1] + (flavor.inverse() ? "_PERP" : "")).assets(p[0], p[1])
                    .tickSize(Listings.step(decimals)).lotSize(Listings.step(flavor.inverse() ? 0 : futures ? 3 : 5));
            if (flavor.inverse()) {
                b.contractSize(Decimal64.of(p[0].equals("BTC") ? 100 : 10, 0));
            }
            if (futures) {
                b.type(InstrumentType.PERPETUAL);
            }
            out.add(b.build());
        }
        return out;
    }

    @Override
    public Map<String, String> listing(List<Instrument> instruments) {
        StringBuilder sb = new StringBuilder("{\"timezone\":\"UTC\",\"serverTime\":0,\"symbols\":[");
        for (int i = 0; i < instruments.size(); i++) {
            Instrument in = instruments.get(i);
            sb.append(i == 0 ? "" : ",").append("{\"symbol\":\"").append(in.nativeSymbol()).append("\",\"status\":\"TRADING\"")
                    .append(futures ? ",\"contractType\":\"PERPETUAL\"" : "")
                    .append(flavor.inverse() ? ",\"contractSize\":" + Decimal64.toString(in.contractSize()) : "")
                    .append(",\"baseAsset\":\"").append(in.base())
                    .append("\",\"quoteAsset\":\"").append(in.quote()).append("\",\"filters\":[{\"filterType\":\"PRICE_FILTER\",\"tickSize\":\"")
                    .append(Decimal64.toString(in.tickSize())).append("\"},{\"filterType\":\"LOT_SIZE\",\"stepSize\":\"")
                    .append(Decimal64.toString(in.lotSize())).append("\"}]}");
        }
        return Map.of(flavor.listingPath(), sb.append("]}").toString());
    }

    @Override
    public List<ChannelKind> channels(Instrument instrument) {
        return futures ? List.of(ChannelKind.BOOK, ChannelKind.TRADES, ChannelKind.QUOTES, ChannelKind.TICKERS, ChannelKind.LIQUIDATIONS)
                : List.of(ChannelKind.BOOK, ChannelKind.TRADES, ChannelKind.QUOTES);
    }

    @Override
    public StreamWriter writer(Subscription stream, Instrument instrument) {
        return switch (stream.channel()) {
            case "depth@100ms", "depth" -> new Depth(stream, instrument, flavor);
            case "aggTrade", "bookTicker" -> new Other(stream, instrument, flavor);
            case "markPrice@1s", "forceOrder" -> futures ? new Other(stream, instrument, flavor) : null;
            default -> null;
        };
    }

    private abstract static class Writer extends StreamWriter {
        final BinanceFlavor flavor;
        final boolean futures;

        Writer(Subscription stream, Instrument instrument, BinanceFlavor flavor) {
            super(stream, instrument);
            this.flavor = flavor;
            this.futures = flavor.futures;
        }

        @Override
        public String ack() {
            return null; // streams named in the URL are not acknowledged
        }

        /** {"stream":"btcusdt@depth@100ms","data":...}, as the combined-stream endpoint sends. */
        void data(long time, String payload) {
            emit(time, "{\"stream\":\"" + stream.symbol().toLowerCase(Locale.ROOT) + "@" + stream.channel() + "\",\"data\":"
                    + payload + "}");
        }
    }

    private static final class Depth extends Writer {
        Depth(Subscription stream, Instrument instrument, BinanceFlavor flavor) {
            super(stream, instrument, flavor);
        }

        @Override
        public void book(long time, boolean snapshot, long firstUpdate, long lastUpdate, LevelChanges changes) {
            if (snapshot) {
                // The venue's state starts from its REST snapshot; the client asks for its own.
                StringBuilder sb = new StringBuilder("{\"lastUpdateId\":").append(lastUpdate);
                if (futures) {
                    sb.append(",\"E\":").append(millis(time)).append(",\"T\":").append(millis(time));
                }
                sb.append(",\"bids\":");
                side(sb, changes, true, PAIR);
                sb.append(",\"asks\":");
                side(sb, changes, false, PAIR);
                emitRest(time, flavor.depthPath() + "?symbol=" + stream.symbol() + "&limit=1000",
                        sb.append('}').toString());
                return;
            }
            StringBuilder sb = new StringBuilder("{\"e\":\"depthUpdate\",\"E\":").append(millis(time));
            if (futures) {
                // Futures diffs overlap: U is the previous u, and pu names it.
                sb.append(",\"T\":").append(millis(time)).append(",\"s\":\"").append(stream.symbol()).append("\",\"U\":")
                        .append(firstUpdate - 1).append(",\"u\":").append(lastUpdate).append(",\"pu\":").append(firstUpdate - 1);
            } else {
                sb.append(",\"s\":\"").append(stream.symbol()).append("\",\"U\":").append(firstUpdate).append(",\"u\":").append(lastUpdate);
            }
            sb.append(",\"b\":");
            side(sb, changes, true, PAIR);
            sb.append(",\"a\":");
            side(sb, changes, false, PAIR);
            data(time, sb.append('}').toString());
        }
    }

    /** aggTrade, bookTicker, markPrice, forceOrder: each writes only its own events. */
    private static final class Other extends Writer {
        Other(Subscription stream, Instrument instrument, BinanceFlavor flavor) {
            super(stream, instrument, flavor);
        }

        @Override
        public void trade(long time, long id, boolean buy, long price, long size) {
            if (stream.channel().equals("aggTrade")) {
                data(time, "{\"e\":\"aggTrade\",\"E\":" + millis(time) + ",\"s\":\"" + stream.symbol() + "\",\"a\":" + id + ",\"p\":\""
                        + dec(price) + "\",\"q\":\"" + dec(size) + "\",\"f\":" + id + ",\"l\":" + id + ",\"T\":" + millis(time)
                        + ",\"m\":" + !buy + "}");
            }
        }

        @Override
        public void quote(long time, long updateId, long bidPrice, long bidSize, long askPrice, long askSize) {
            if (stream.channel().equals("bookTicker")) {
                String head = futures ? "{\"e\":\"bookTicker\",\"u\":" + updateId + ",\"E\":" + millis(time) + ",\"T\":" + millis(time)
                        : "{\"u\":" + updateId;
                data(time, head + ",\"s\":\"" + stream.symbol() + "\",\"b\":\"" + dec(bidPrice) + "\",\"B\":\"" + dec(bidSize)
                        + "\",\"a\":\"" + dec(askPrice) + "\",\"A\":\"" + dec(askSize) + "\"}");
            }
        }

        @Override
        public void ticker(long time, TickerState t) {
            if (stream.channel().startsWith("markPrice")) {
                data(time, "{\"e\":\"markPriceUpdate\",\"E\":" + millis(time) + ",\"s\":\"" + stream.symbol() + "\",\"p\":\""
                        + dec(t.mark()) + "\",\"i\":\"" + dec(t.index()) + "\",\"P\":\"" + dec(t.mark()) + "\",\"r\":\""
                        + dec(t.fundingRate()) + "\",\"T\":" + millis(t.nextFundingTime()) + "}");
            }
        }

        @Override
        public void liquidation(long time, long id, boolean buy, long price, long size) {
            if (stream.channel().equals("forceOrder")) {
                data(time, "{\"e\":\"forceOrder\",\"E\":" + millis(time) + ",\"o\":{\"s\":\"" + stream.symbol() + "\",\"S\":\""
                        + (buy ? "BUY" : "SELL") + "\",\"o\":\"LIMIT\",\"f\":\"IOC\",\"q\":\"" + dec(size) + "\",\"p\":\"" + dec(price)
                        + "\",\"ap\":\"" + dec(price) + "\",\"X\":\"FILLED\",\"l\":\"" + dec(size) + "\",\"z\":\"" + dec(size)
                        + "\",\"T\":" + millis(time) + "}}");
            }
        }
    }
}
