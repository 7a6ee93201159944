package io.dpp.streams.venue.independentreserve;

import io.dpp.book.Orders;
import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.BookSide;
import io.dpp.core.model.Side;
import io.dpp.core.model.Trade;
import io.dpp.core.time.Timestamps;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.feed.PendingMessages;
import io.dpp.streams.json.Ascii;
import io.dpp.streams.json.TimeText;
import io.dpp.streams.venue.AbstractDecoder;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.OrderKeyedBooks;
import io.dpp.streams.venue.ProtocolSupport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Independent Reserve's order book ticker: {@code {"Channel","Nonce","Data","Time","Event"}}.
 * <ul>
 *   <li>{@code NewOrder}, {@code OrderChanged}, {@code OrderCanceled} on {@code orderbook-<base>}:
 *       one order each, named by its GUID; a new order carries its price in every quote currency
 *       ({@code "Price":{"aud":31.5105,"usd":23.7243,...}}) and its volume, a change the volume left
 *       (0 when filled), a cancel nothing more. Each pair's book keeps the orders
 *       ({@link Orders}) and publishes the levels they add up to; an order without a price in a
 *       pair's currency is not in that pair's book. The {@code Nonce} counts the channel's events one
 *       by one: any other step is a gap, and every book of the base goes stale.</li>
 *   <li>REST {@code /Public/GetAllOrders} snapshots list a pair's orders ({@code BuyOrders},
 *       {@code SellOrders}: {@code Guid, Price, Volume}) with no nonce, so nothing says which events
 *       they hold. Every event of the base since the connection opened (or since its last gap) is
 *       held, bounded, and applied over the snapshot before it is published: each event sets or
 *       removes one order absolutely, so events the snapshot already holds change nothing that a
 *       later held event does not set again, and the book is the venue's once the last is applied.
 *       The snapshot published is that book, stamped with the snapshot's receive time.</li>
 *   <li>{@code Trade} on {@code ticker-<pair>} ({@code "Pair","Price"} a number) or
 *       {@code ticker-<base>} ({@code "Price":{"Aud":..,"Sgd":..}}: the trade in each currency it
 *       is priced in, one trade per pair the catalog lists); {@code Side} is the taker's.</li>
 * </ul>
 * {@code Subscriptions} and {@code Heartbeat} are not decoded; an {@code Error} event is a decode error.
 */
final class IndependentReserveDecoder extends AbstractDecoder implements OrderKeyedBooks {

    private static final byte[] CHANNEL = Ascii.bytes("Channel");
    private static final byte[] NONCE = Ascii.bytes("Nonce");
    private static final byte[] DATA = Ascii.bytes("Data");
    private static final byte[] TIME = Ascii.bytes("Time");
    private static final byte[] EVENT = Ascii.bytes("Event");
    private static final byte[] NEW_ORDER = Ascii.bytes("NewOrder");
    private static final byte[] ORDER_CHANGED = Ascii.bytes("OrderChanged");
    private static final byte[] ORDER_CANCELED = Ascii.bytes("OrderCanceled");
    private static final byte[] TRADE = Ascii.bytes("Trade");
    private static final byte[] ERROR = Ascii.bytes("Error");
    private static final byte[] ORDER_TYPE = Ascii.bytes("OrderType");
    private static final byte[] ORDER_GUID = Ascii.bytes("OrderGuid");
    private static final byte[] PRICE = Ascii.bytes("Price");
    private static final byte[] VOLUME = Ascii.bytes("Volume");
    private static final byte[] LIMIT_BID = Ascii.bytes("LimitBid");
    private static final byte[] LIMIT_OFFER = Ascii.bytes("LimitOffer");
    private static final byte[] BUY_ORDERS = Ascii.bytes("BuyOrders");
    private static final byte[] SELL_ORDERS = Ascii.bytes("SellOrders");
    private static final byte[] GUID = Ascii.bytes("Guid");
    private static final byte[] CREATED = Ascii.bytes("CreatedTimestampUtc");
    private static final byte[] TRADE_GUID = Ascii.bytes("TradeGuid");
    private static final byte[] PAIR = Ascii.bytes("Pair");
    private static final byte[] TRADE_DATE = Ascii.bytes("TradeDate");
    private static final byte[] SIDE = Ascii.bytes("Side");
    private static final byte[] BUY = Ascii.bytes("Buy");
    private static final byte[] SELL = Ascii.bytes("Sell");
    private static final String BOOK_PREFIX = IndependentReserveProtocol.BOOK + "-";
    private static final String TRADES_PREFIX = IndependentReserveProtocol.TRADES + "-";

    /** Events held per base for the snapshots to come; the oldest go first. */
    static final int MAX_HELD = 10_000;
    private static final long NO_NONCE = -1;

    /** One primary currency: its channel's nonce, the events held, and its pairs. */
    private static final class Base {
        final byte[] name;
        final List<Pair> listed = new ArrayList<>();
        /** The pairs, as an array: walked on every event without an iterator. */
        Pair[] pairs;
        final PendingMessages held = new PendingMessages(MAX_HELD);
        long lastNonce = NO_NONCE;

        Base(String name) {
            this.name = Ascii.bytes(name);
        }
    }

    /** One pair of a base: its quote currency and, once a snapshot has come, its orders. */
    private static final class Pair {
        final Instrument instrument;
        final Base base;
        final byte[] quote;
        Orders orders;

        Pair(Instrument instrument, Base base, String quote) {
            this.instrument = instrument;
            this.base = base;
            this.quote = Ascii.bytes(quote);
        }
    }

    private final Base[] bases;
    private final Map<Instrument, Pair> pairs = new IdentityHashMap<>();
    /** The pair each snapshot URL asks for, read once per URL. */
    private final Map<String, Pair> snapshotUrls = new HashMap<>();
    /** A snapshot is read into this one, which then changes places with the pair's: nothing allocated per snapshot. */
    private Orders spare = new Orders();
    /** The snapshot being written out of a pair's orders, and the side being written. */
    private BookChange snapshotChange;
    private BookSide snapshotSide;
    private final Orders.LevelConsumer snapshotLevel = (price, total) -> snapshotChange.addLevel(snapshotSide, price, total);
    /** A pair's symbol put together from a base and a currency code, without allocating. */
    private final byte[] symbol = new byte[64];

    // The order event being read.
    private int kind;
    private boolean bid;
    private long idHigh;
    private long idLow;
    private int pricesStart;
    private int pricesEnd;
    private long volume;

    private static final int NEW = 1;
    private static final int CHANGED = 2;
    private static final int CANCELED = 3;

    IndependentReserveDecoder(InstrumentCatalog instruments, FeedOutput out) {
        super(instruments, out);
        Map<String, Base> byName = new LinkedHashMap<>();
        for (Instrument i : instruments.all()) {
            String s = i.nativeSymbol();
            int dash = s.indexOf('-');
            if (dash <= 0) {
                continue;
            }
            Base base = byName.computeIfAbsent(s.substring(0, dash), Base::new);
            Pair pair = new Pair(i, base, s.substring(dash + 1));
            base.listed.add(pair);
            pairs.put(i, pair);
        }
        this.bases = byName.values().toArray(Base[]::new);
        for (Base b : bases) {
            b.pairs = b.listed.toArray(Pair[]::new);
        }
    }

    /** The book shows as awaiting its snapshot from the request on: no event names the pair before. */
    @Override
    public void snapshotRequested(Instrument instrument) {
        if (pairs.containsKey(instrument)) {
            book(instrument);
        }
    }

    @Override
    public Orders orders(Instrument instrument) {
        Pair p = pairs.get(instrument);
        return p == null ? null : p.orders;
    }

    /** A new connection misses what happened meanwhile: every book is rebuilt from a snapshot, nonces start afresh. */
    @Override
    public void onConnect(String url, long receiveTime) {
        allStale(receiveTime, "a new connection: the book is rebuilt from a fresh snapshot");
        for (Base b : bases) {
            b.held.clear();
            b.lastNonce = NO_NONCE;
        }
    }

    @Override
    protected void decode(byte[] buf, int offset, int length, long receiveTime) {
        json.reset(buf, offset, length).beginObject();
        int channelStart = -1;
        int channelLength = 0;
        long nonce = NO_NONCE;
        int dataStart = -1;
        int dataEnd = -1;
        long time = Timestamps.UNKNOWN;
        int eventStart = -1;
        int eventLength = 0;
        while (json.nextField()) {
            if (json.nameIs(CHANNEL)) {
                json.readString();
                channelStart = json.stringStart();
                channelLength = json.stringLength();
            } else if (json.nameIs(NONCE)) {
                nonce = json.readLong();
            } else if (json.nameIs(DATA)) {
                dataStart = json.position();
                json.skipValue();
                dataEnd = json.position();
            } else if (json.nameIs(TIME)) {
                time = Timestamps.ofMillis(json.readLong());
            } else if (json.nameIs(EVENT)) {
                json.readString();
                eventStart = json.stringStart();
                eventLength = json.stringLength();
            } else {
                json.skipValue();
            }
        }
        if (eventStart < 0) {
            throw json.fail("message without Event");
        }
        int event = orderEvent(buf, eventStart, eventLength);
        if (event != 0) {
            if (channelStart < 0 || dataStart < 0 || nonce < 0) {
                throw json.fail("order event without Channel, Data or Nonce");
            }
            Base base = base(buf, channelStart, channelLength, BOOK_PREFIX);
            if (base == null) {
                throw json.fail("order event on a channel of no listed currency");
            }
            readOrder(event, buf, dataStart, dataEnd);
            live(base, nonce, time, buf, offset, length, receiveTime);
        } else if (Ascii.equals(buf, eventStart, eventLength, TRADE)) {
            if (channelStart < 0 || dataStart < 0) {
                throw json.fail("trade without Channel or Data");
            }
            trade(buf, channelStart, channelLength, dataStart, dataEnd, time, receiveTime);
        } else if (Ascii.equals(buf, eventStart, eventLength, ERROR)) {
            throw json.fail("the venue answered an error: "
                    + (dataStart < 0 ? "no detail" : Ascii.string(buf, dataStart, dataEnd - dataStart)));
        }
        // Subscriptions, Heartbeat
    }

    private static int orderEvent(byte[] buf, int start, int length) {
        if (Ascii.equals(buf, start, length, NEW_ORDER)) {
            return NEW;
        }
        if (Ascii.equals(buf, start, length, ORDER_CHANGED)) {
            return CHANGED;
        }
        return Ascii.equals(buf, start, length, ORDER_CANCELED) ? CANCELED : 0;
    }

    /** The base a channel ({@code orderbook-eth}, {@code ticker-eth-aud}) names after its prefix, or null. */
    private Base base(byte[] buf, int start, int length, String prefix) {
        if (!Ascii.startsWith(buf, start, length, prefix)) {
            return null;
        }
        int from = start + prefix.length();
        int end = start + length;
        int to = from;
        while (to < end && buf[to] != '-') {
            to++;
        }
        for (Base b : bases) {
            if (Ascii.equals(buf, from, to - from, b.name)) {
                return b;
            }
        }
        return null;
    }

    /** Reads an order event's Data into the fields of the event being read. */
    private void readOrder(int event, byte[] buf, int start, int end) {
        json.reset(buf, start, end - start).beginObject();
        kind = event;
        int type = 0;
        boolean guid = false;
        pricesStart = -1;
        volume = Decimal64.NULL;
        while (json.nextField()) {
            if (json.nameIs(ORDER_TYPE)) {
                json.readString();
                type = json.stringIs(LIMIT_BID) ? 1 : json.stringIs(LIMIT_OFFER) ? 2 : 0;
            } else if (json.nameIs(ORDER_GUID)) {
                json.readString();
                readGuid();
                guid = true;
            } else if (json.nameIs(PRICE)) {
                // Every currency's price is read now, so that an event is held only when any book can take it.
                pricesStart = json.position();
                json.beginObject();
                while (json.nextField()) {
                    requireDecimal();
                }
                pricesEnd = json.position();
            } else if (json.nameIs(VOLUME)) {
                volume = requireDecimal();
            } else {
                json.skipValue();
            }
        }
        if (type == 0 || !guid) {
            throw json.fail("order event without a LimitBid/LimitOffer OrderType or an OrderGuid");
        }
        bid = type == 1;
        if (event == NEW && (pricesStart < 0 || Decimal64.isNull(volume))) {
            throw json.fail("NewOrder without Price or Volume");
        }
        if (event == CHANGED && Decimal64.isNull(volume)) {
            throw json.fail("OrderChanged without Volume");
        }
    }

    /** The string just read, a GUID ("be3c69b7-1c5e-446f-b80d-8398aae065c5"), as two longs. */
    private void readGuid() {
        byte[] b = json.buffer();
        int start = json.stringStart();
        if (json.stringLength() != 36) {
            throw json.fail("order id is not a GUID");
        }
        long high = 0;
        long low = 0;
        int digits = 0;
        for (int i = start; i < start + 36; i++) {
            int at = i - start;
            if (at == 8 || at == 13 || at == 18 || at == 23) {
                if (b[i] != '-') {
                    throw json.fail("order id is not a GUID");
                }
                continue;
            }
            int v = Character.digit(b[i], 16);
            if (v < 0) {
                throw json.fail("order id is not a GUID");
            }
            if (digits < 16) {
                high = high << 4 | v;
            } else {
                low = low << 4 | v;
            }
            digits++;
        }
        idHigh = high;
        idLow = low;
    }

    /** An order event as it arrives: checked against the channel's nonce, held, applied to every book of the base in sync. */
    private void live(Base base, long nonce, long time, byte[] buf, int offset, int length, long receiveTime) {
        if (nonce == base.lastNonce) {
            return; // the event again
        }
        if (base.lastNonce != NO_NONCE && nonce != base.lastNonce + 1) {
            // A step over a number is a lost event, a step back the channel starting again: either way
            // the books no longer follow.
            for (Pair p : base.pairs) {
                if (p.orders != null && book(p.instrument).inSync()) { // a pair's book exists once its snapshot has come
                    out.sequenceGap(book(p.instrument), receiveTime, base.lastNonce + 1, nonce);
                }
            }
            base.held.clear(); // what came before the gap cannot be replayed over a later snapshot
        }
        base.lastNonce = nonce;
        base.held.add(buf, offset, length, receiveTime);
        for (Pair p : base.pairs) {
            if (p.orders == null) {
                continue;
            }
            InstrumentBook book = book(p.instrument);
            if (!book.inSync()) {
                continue;
            }
            if (!applyOrder(p)) {
                continue; // not priced in this pair's currency
            }
            if (p.orders.changes() == 0) {
                book.lastSequence(nonce); // an order the book never held (cancelled before its snapshot)
                continue;
            }
            BookChange change = out.bookChange();
            change.instrument(p.instrument);
            change.times(time, receiveTime);
            // The nonce counts this connection's events (another connection numbers its own): checked
            // here for gaps, not carried in the event, which is then the same whichever connection
            // received it (hot-hot feeds deduplicate by the event's content).
            change.begin(false, BookChange.NO_SEQUENCE);
            addChanges(change, p.orders);
            applySequenced(book, change, false, nonce);
        }
    }

    /** Applies the event being read to a pair's orders; false when a new order has no price in the pair's currency. */
    private boolean applyOrder(Pair p) {
        switch (kind) {
            case NEW -> {
                long price = priceIn(p.quote);
                if (Decimal64.isNull(price)) {
                    return false;
                }
                if (Decimal64.signum(volume) > 0) {
                    p.orders.put(idHigh, idLow, bid, price, volume);
                } else {
                    p.orders.remove(idHigh, idLow); // placed and filled at once
                }
            }
            case CHANGED -> p.orders.resize(idHigh, idLow, volume);
            default -> p.orders.remove(idHigh, idLow);
        }
        return true;
    }

    /** The price of the order being read in a currency, or {@link Decimal64#NULL} when it has none. */
    private long priceIn(byte[] quote) {
        json.reset(json.buffer(), pricesStart, pricesEnd - pricesStart).beginObject();
        long price = Decimal64.NULL;
        while (json.nextField()) {
            if (nameIsIgnoringCase(quote)) {
                price = requireDecimal();
            } else {
                json.skipValue();
            }
        }
        return price;
    }

    private boolean nameIsIgnoringCase(byte[] lowerName) {
        if (json.nameLength() != lowerName.length) {
            return false;
        }
        byte[] b = json.buffer();
        int s = json.nameStart();
        for (int i = 0; i < lowerName.length; i++) {
            int c = b[s + i];
            if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != lowerName[i]) {
                return false;
            }
        }
        return true;
    }

    private static void addChanges(BookChange change, Orders orders) {
        for (int i = 0; i < orders.changes(); i++) {
            change.addLevel(orders.changedBid(i) ? BookSide.BID : BookSide.ASK, orders.changedPrice(i), orders.changedTotal(i));
        }
    }

    /** A pair's orders from {@code GetAllOrders}, with every event held for its base applied over them. */
    @Override
    protected void decodeRest(String url, byte[] buf, int offset, int length, long receiveTime) {
        Pair pair = snapshotUrls.get(url);
        if (pair == null) {
            if (!url.contains(IndependentReserveProtocol.SNAPSHOT_PATH)) {
                return;
            }
            String primary = ProtocolSupport.query(url, "primaryCurrencyCode");
            String secondary = ProtocolSupport.query(url, "secondaryCurrencyCode");
            Instrument listed = primary == null || secondary == null ? null
                    : instruments.find((primary + "-" + secondary).toLowerCase(Locale.ROOT));
            pair = listed == null ? null : pairs.get(listed);
            if (pair == null) {
                throw json.reset(buf, offset, length).fail("snapshot of no listed pair: " + url);
            }
            snapshotUrls.put(url, pair);
        }
        Instrument instrument = pair.instrument;
        Orders orders = spare;
        orders.clear();
        long created = Timestamps.UNKNOWN;
        json.reset(buf, offset, length).beginObject();
        while (json.nextField()) {
            if (json.nameIs(BUY_ORDERS)) {
                readOrders(orders, true);
            } else if (json.nameIs(SELL_ORDERS)) {
                readOrders(orders, false);
            } else if (json.nameIs(CREATED)) {
                json.readString();
                long t = TimeText.iso(buf, json.stringStart(), json.stringLength());
                created = t < 0 ? Timestamps.UNKNOWN : t;
            } else {
                json.skipValue();
            }
        }
        spare = pair.orders == null ? new Orders() : pair.orders;
        pair.orders = orders;
        Base base = pair.base;
        PendingMessages held = base.held;
        for (int i = 0; i < held.size(); i++) {
            try {
                replay(pair, held.bytes(), held.offset(i), held.length(i));
            } catch (RuntimeException e) {
                // Read when it arrived, but not its price in this pair's currency, which no book in sync needed then.
                out.decodeError(held.bytes(), held.offset(i), held.length(i), e.toString());
            }
        }
        BookChange change = out.bookChange();
        change.instrument(instrument);
        change.times(created, receiveTime);
        change.begin(true, BookChange.NO_SEQUENCE); // the connection's nonce, as above
        snapshotChange = change;
        snapshotSide = BookSide.BID;
        orders.forEachLevel(true, snapshotLevel);
        snapshotSide = BookSide.ASK;
        orders.forEachLevel(false, snapshotLevel);
        snapshotChange = null;
        applySequenced(book(instrument), change, true, base.lastNonce == NO_NONCE ? 0 : base.lastNonce);
    }

    /** {@code [{"Guid","Price","Volume"},...]} into the orders. */
    private void readOrders(Orders orders, boolean bids) {
        json.beginArray();
        while (json.nextElement()) {
            json.beginObject();
            boolean guid = false;
            long price = Decimal64.NULL;
            long size = Decimal64.NULL;
            while (json.nextField()) {
                if (json.nameIs(GUID)) {
                    json.readString();
                    readGuid();
                    guid = true;
                } else if (json.nameIs(PRICE)) {
                    price = requireDecimal();
                } else if (json.nameIs(VOLUME)) {
                    size = requireDecimal();
                } else {
                    json.skipValue();
                }
            }
            if (!guid || Decimal64.isNull(price) || Decimal64.isNull(size)) {
                throw json.fail("snapshot order without Guid, Price or Volume");
            }
            if (Decimal64.signum(size) > 0) {
                orders.put(idHigh, idLow, bids, price, size);
            }
        }
    }

    /** Applies a held event to one pair's orders, publishing nothing (it was checked when it arrived). */
    private void replay(Pair pair, byte[] buf, int offset, int length) {
        json.reset(buf, offset, length).beginObject();
        int dataStart = -1;
        int dataEnd = -1;
        int event = 0;
        while (json.nextField()) {
            if (json.nameIs(DATA)) {
                dataStart = json.position();
                json.skipValue();
                dataEnd = json.position();
            } else if (json.nameIs(EVENT)) {
                json.readString();
                event = orderEvent(buf, json.stringStart(), json.stringLength());
            } else {
                json.skipValue();
            }
        }
        readOrder(event, buf, dataStart, dataEnd);
        applyOrder(pair);
    }

    /** A trade in each currency it is priced in. */
    private void trade(byte[] buf, int channelStart, int channelLength, int dataStart, int dataEnd, long time, long receiveTime) {
        Base base = base(buf, channelStart, channelLength, TRADES_PREFIX);
        json.reset(buf, dataStart, dataEnd - dataStart).beginObject();
        int pairStart = -1;
        int pairLength = 0;
        int priceAt = -1;
        int priceEnd = -1;
        long size = Decimal64.NULL;
        Side side = Side.UNKNOWN;
        int idStart = -1;
        int idLength = 0;
        long tradeTime = time;
        while (json.nextField()) {
            if (json.nameIs(PAIR)) {
                json.readString();
                pairStart = json.stringStart();
                pairLength = json.stringLength();
            } else if (json.nameIs(PRICE)) {
                priceAt = json.position();
                json.skipValue();
                priceEnd = json.position();
            } else if (json.nameIs(VOLUME)) {
                size = requireDecimal();
            } else if (json.nameIs(SIDE)) {
                side = readSide(BUY, SELL);
            } else if (json.nameIs(TRADE_GUID)) {
                json.readString();
                idStart = json.stringStart();
                idLength = json.stringLength();
            } else if (json.nameIs(TRADE_DATE)) {
                json.readString();
                long t = TimeText.iso(buf, json.stringStart(), json.stringLength());
                if (t >= 0) {
                    tradeTime = t;
                }
            } else {
                json.skipValue();
            }
        }
        if (priceAt < 0 || Decimal64.isNull(size)) {
            throw json.fail("trade without Price or Volume");
        }
        json.reset(buf, priceAt, priceEnd - priceAt);
        if (json.peek() != '{') {
            Instrument instrument = pairStart >= 0 ? instruments.find(buf, pairStart, pairLength) : null;
            if (instrument == null) {
                throw json.fail("trade of no listed Pair");
            }
            publishTrade(instrument, json.readDecimal(), size, side, buf, idStart, idLength, tradeTime, receiveTime);
            return;
        }
        if (base == null) {
            throw json.fail("trade on a channel of no listed currency");
        }
        json.beginObject();
        while (json.nextField()) {
            Instrument instrument = pairOf(base, json.buffer(), json.nameStart(), json.nameLength());
            long price = requireDecimal();
            if (instrument != null) {
                publishTrade(instrument, price, size, side, buf, idStart, idLength, tradeTime, receiveTime);
            }
        }
    }

    /** The pair of a base in a currency named in any case ("Aud"), or null when not listed. */
    private Instrument pairOf(Base base, byte[] buf, int start, int length) {
        int n = base.name.length;
        if (n + 1 + length > symbol.length) {
            return null;
        }
        System.arraycopy(base.name, 0, symbol, 0, n);
        symbol[n] = '-';
        for (int i = 0; i < length; i++) {
            byte c = buf[start + i];
            symbol[n + 1 + i] = c >= 'A' && c <= 'Z' ? (byte) (c + 32) : c;
        }
        return instruments.find(symbol, 0, n + 1 + length);
    }

    private void publishTrade(Instrument instrument, long price, long size, Side side, byte[] buf, int idStart, int idLength, long time,
            long receiveTime) {
        if (!Decimal64.isNumber(price)) {
            throw json.fail("trade price is not a decimal");
        }
        Trade trade = out.trade();
        trade.instrument(instrument);
        trade.times(time, receiveTime);
        if (idStart >= 0) {
            trade.id().set(buf, idStart, idLength);
        }
        trade.set(price, size, side);
        out.publish(trade);
    }
}
