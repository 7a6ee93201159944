package io.dpp.streams.venue.independentreserve;

import io.dpp.book.Orders;
import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.streams.venue.ChannelKind;
import io.dpp.streams.venue.Listings;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.simulation.Assets;
import io.dpp.streams.venue.simulation.LevelChanges;
import io.dpp.streams.venue.simulation.StreamWriter;
import io.dpp.streams.venue.simulation.SyntheticVenue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Independent Reserve: pairs in AUD (one quote currency, so that each {@code orderbook-<base>}
 * channel carries one book and counts its own nonce), the order book as orders (each level one
 * order, whose GUID the level's price names: placed when the level appears, changed as it changes,
 * cancelled when it goes), REST {@code GetAllOrders} snapshots of the same orders, and trades on
 * {@code ticker-<pair>}.
 */
final class IndependentReserveMarket implements SyntheticVenue {

    private static final List<String> USUAL = List.of("xbt-aud", "eth-aud");
    private static final String QUOTE = "aud";

    @Override
    public String id() {
        return IndependentReserveVenue.ID;
    }

    @Override
    public List<Instrument> instruments(int count) {
        List<Instrument> out = new ArrayList<>();
        for (String pair : Assets.usualThenExtra(count, USUAL, (i, base) -> base.toLowerCase(Locale.ROOT) + "-" + QUOTE)) {
            String base = Listings.asset(IndependentReserveProtocol.base(pair));
            String quote = Listings.asset(QUOTE);
            out.add(Instrument.builder(id(), pair).assets(base, quote).tickSize(Listings.step(Assets.priceDecimals(base, quote)))
                    .lotSize(Listings.step(8)).build());
        }
        return out;
    }

    @Override
    public Map<String, String> listing(List<Instrument> instruments) {
        Set<String> bases = new LinkedHashSet<>();
        for (Instrument i : instruments) {
            String base = IndependentReserveProtocol.base(i.nativeSymbol());
            bases.add("\"" + Character.toUpperCase(base.charAt(0)) + base.substring(1) + "\"");
        }
        return Map.of("/Public/GetValidPrimaryCurrencyCodes", "[" + String.join(",", bases) + "]",
                "/Public/GetValidSecondaryCurrencyCodes", "[\"Aud\"]");
    }

    @Override
    public List<ChannelKind> channels(Instrument instrument) {
        return List.of(ChannelKind.BOOK, ChannelKind.TRADES);
    }

    @Override
    public StreamWriter writer(Subscription stream, Instrument instrument) {
        return switch (stream.channel()) {
            case IndependentReserveProtocol.BOOK -> new BookWriter(stream, instrument);
            case IndependentReserveProtocol.TRADES -> new TradeWriter(stream, instrument);
            default -> null;
        };
    }

    /** The channel's confirmation: every channel the client has, here the writer's own. */
    private static String subscriptions(String channel) {
        return "{\"Data\":[\"" + channel + "\"],\"Time\":0,\"Event\":\"Subscriptions\"}";
    }

    /** The orders of a book: one per level, its GUID made of its side and price. */
    private static final class BookWriter extends StreamWriter {
        private final Orders orders = new Orders();
        private final String channel;
        private long nonce;

        BookWriter(Subscription stream, Instrument instrument) {
            super(stream, instrument);
            this.channel = IndependentReserveProtocol.BOOK + "-" + IndependentReserveProtocol.base(stream.symbol());
        }

        @Override
        public String ack() {
            return subscriptions(channel);
        }

        private static long high(boolean bid) {
            return bid ? 0x5359_4e42_4944_0001L : 0x5359_4e41_534b_0002L;
        }

        private static long low(long price) {
            return Decimal64.stripTrailingZeros(price);
        }

        @Override
        public void book(long time, boolean snapshot, long firstUpdate, long lastUpdate, LevelChanges changes) {
            if (snapshot) {
                orders.clear();
                for (int i = 0; i < changes.count(); i++) {
                    if (Decimal64.signum(changes.size(i)) > 0) {
                        orders.put(high(changes.isBid(i)), low(changes.price(i)), changes.isBid(i), changes.price(i), changes.size(i));
                    }
                }
                emitRest(time, new IndependentReserveProtocol().snapshotPath(instrument),
                        IndependentReserveSim.snapshot(instrument, orders, time));
                return;
            }
            for (int i = 0; i < changes.count(); i++) {
                boolean bid = changes.isBid(i);
                long high = high(bid);
                long low = low(changes.price(i));
                String guid = new UUID(high, low).toString();
                String type = bid ? "LimitBid" : "LimitOffer";
                String data;
                String event;
                if (Decimal64.signum(changes.size(i)) <= 0) {
                    if (!orders.remove(high, low)) {
                        continue;
                    }
                    event = "OrderCanceled";
                    data = "{\"OrderType\":\"" + type + "\",\"OrderGuid\":\"" + guid + "\"}";
                } else if (orders.contains(high, low)) {
                    orders.resize(high, low, changes.size(i));
                    event = "OrderChanged";
                    data = "{\"OrderType\":\"" + type + "\",\"OrderGuid\":\"" + guid + "\",\"Volume\":" + dec(changes.size(i)) + "}";
                } else {
                    orders.put(high, low, bid, changes.price(i), changes.size(i));
                    event = "NewOrder";
                    data = "{\"OrderType\":\"" + type + "\",\"OrderGuid\":\"" + guid + "\",\"Price\":{\"" + QUOTE + "\":"
                            + dec(changes.price(i)) + "},\"Volume\":" + dec(changes.size(i)) + "}";
                }
                emit(time, "{\"Channel\":\"" + channel + "\",\"Nonce\":" + (++nonce) + ",\"Data\":" + data + ",\"Time\":" + millis(time)
                        + ",\"Event\":\"" + event + "\"}");
            }
        }
    }

    /** Trades of one pair, as recorded: the pair named, its price a number. */
    private static final class TradeWriter extends StreamWriter {
        private final String channel;
        private long nonce;

        TradeWriter(Subscription stream, Instrument instrument) {
            super(stream, instrument);
            this.channel = IndependentReserveProtocol.TRADES + "-" + stream.symbol();
        }

        @Override
        public String ack() {
            return subscriptions(channel);
        }

        @Override
        public void trade(long time, long id, boolean buy, long price, long size) {
            String tradeDate = Instant.ofEpochSecond(time / 1_000_000, time % 1_000_000 * 1000).toString();
            emit(time, "{\"Channel\":\"" + channel + "\",\"Nonce\":" + (++nonce) + ",\"Data\":{\"TradeGuid\":\"" + new UUID(0x5452_4144_4500_0000L, id)
                    + "\",\"Pair\":\"" + stream.symbol() + "\",\"TradeDate\":\"" + tradeDate + "\",\"Price\":" + dec(price) + ",\"Volume\":"
                    + dec(size) + ",\"Side\":\"" + (buy ? "Buy" : "Sell") + "\"},\"Time\":" + millis(time) + ",\"Event\":\"Trade\"}");
        }
    }
}
