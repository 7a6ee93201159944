package io.dpp.streams.venue.gateio;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.BookSide;
import io.dpp.core.model.Quote;
import io.dpp.core.model.Side;
import io.dpp.core.model.Trade;
import io.dpp.core.time.Timestamps;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.json.Ascii;
import io.dpp.streams.venue.AbstractDecoder;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.ProtocolSupport;
import io.dpp.streams.venue.SnapshotBridge;
import java.util.Objects;

/**
 * Gate.io WebSocket v4: {@code spot.order_book_update} diffs ({@code U..u}, levels
 * {@code [price, amount]}, amount 0 removing one), held until the REST snapshot arrives; the first
 * kept must straddle the snapshot's {@code id} ({@code U <= id+1 <= u}), each next one start where the
 * last ended ({@code U == previous u + 1}); anything else is a gap. {@code spot.trades} (the taker's
 * side, {@code create_time_ms} with a fraction of a millisecond) and {@code spot.tickers} (best bid and
 * ask without sizes, published as quotes). The USDT futures ({@code futures.*}) follow the same book
 * rule with levels {@code {"p":price,"s":contracts}}; their trades come in arrays, the size signed by
 * the taker's side, and {@code futures.book_ticker} gives best bid and ask with sizes. Subscription
 * answers and candlesticks are not decoded.
 */
final class GateioDecoder extends AbstractDecoder {

    private static final byte[] CHANNEL = Ascii.bytes("channel");
    private static final byte[] EVENT = Ascii.bytes("event");
    private static final byte[] RESULT = Ascii.bytes("result");
    private static final byte[] UPDATE = Ascii.bytes("update");
    private static final byte[] S = Ascii.bytes("s");
    private static final byte[] T = Ascii.bytes("t");
    private static final byte[] U_FIRST = Ascii.bytes("U");
    private static final byte[] U_LAST = Ascii.bytes("u");
    private static final byte[] B = Ascii.bytes("b");
    private static final byte[] A = Ascii.bytes("a");
    private static final byte[] ID = Ascii.bytes("id");
    private static final byte[] CURRENCY_PAIR = Ascii.bytes("currency_pair");
    private static final byte[] CREATE_TIME_MS = Ascii.bytes("create_time_ms");
    private static final byte[] SIDE = Ascii.bytes("side");
    private static final byte[] AMOUNT = Ascii.bytes("amount");
    private static final byte[] PRICE = Ascii.bytes("price");
    private static final byte[] HIGHEST_BID = Ascii.bytes("highest_bid");
    private static final byte[] LOWEST_ASK = Ascii.bytes("lowest_ask");
    private static final byte[] BIDS = Ascii.bytes("bids");
    private static final byte[] ASKS = Ascii.bytes("asks");
    private static final byte[] UPDATE_MS = Ascii.bytes("update");
    private static final byte[] CONTRACT = Ascii.bytes("contract");
    private static final byte[] SIZE = Ascii.bytes("size");
    private static final byte[] P = Ascii.bytes("p");
    private static final byte[] B_UPPER = Ascii.bytes("B");
    private static final byte[] A_UPPER = Ascii.bytes("A");
    private static final byte[] BUY = Ascii.bytes("buy");
    private static final byte[] SELL = Ascii.bytes("sell");

    private final SnapshotBridge snapshots;

    private final GateioFlavor flavor;
    private final byte[] book;
    private final byte[] trades;
    private final byte[] quotes;
    /** The digits of a second a REST snapshot's {@code update} time is written in: 3 (milliseconds) or 0 (seconds). */
    private final int snapshotTimeDigits;

    GateioDecoder(InstrumentCatalog instruments, FeedOutput out, GateioFlavor flavor) {
        super(instruments, out);
        this.flavor = flavor;
        this.book = Ascii.bytes(flavor.book());
        this.trades = Ascii.bytes(flavor.trades());
        this.quotes = Ascii.bytes(flavor.quotesChannel());
        this.snapshotTimeDigits = flavor.futures() ? 0 : 3;
        this.snapshots = new SnapshotBridge(json, instruments, out,
                url -> url.contains(flavor.snapshotPath)
                        ? Objects.requireNonNullElse(ProtocolSupport.query(url, flavor.snapshotParameter), "") : null,
                (b, buf, offset, length, receiveTime) -> decode(buf, offset, length, receiveTime, false));
    }

    /**
     * A new connection's diffs start afresh: every book is rebuilt from the snapshot asked for it,
     * with the diffs held until then (the live feed has marked them stale when the last connection
     * ended; a replay that starts a capture again finds them in sync, and must not take the new
     * connection's diffs for repeats).
     */
    @Override
    public void onConnect(String url, long receiveTime) {
        allStale(receiveTime, "a new connection: the book is rebuilt from a fresh snapshot");
        snapshots.clear();
    }

    @Override
    protected void decode(byte[] buf, int offset, int length, long receiveTime) {
        decode(buf, offset, length, receiveTime, true);
    }

    private void decode(byte[] buf, int offset, int length, long receiveTime, boolean live) {
        json.reset(buf, offset, length).beginObject();
        int channelStart = -1;
        int channelLength = 0;
        boolean update = false;
        int resultStart = -1;
        int resultEnd = -1;
        while (json.nextField()) {
            if (json.nameIs(CHANNEL)) {
                json.readString();
                channelStart = json.stringStart();
                channelLength = json.stringLength();
            } else if (json.nameIs(EVENT)) {
                json.readString();
                update = json.stringIs(UPDATE);
            } else if (json.nameIs(RESULT)) {
                if (update && channelStart >= 0 && Ascii.equals(buf, channelStart, channelLength, book)) {
                    // The usual order: channel and event first, so a book update is read where it
                    // stands, once (whole, before it changes the book); what may follow it in the
                    // envelope is not needed. Trades, published one by one, are read once the
                    // whole message has proven well formed.
                    depth(buf, offset, length, receiveTime, live);
                    return;
                }
                resultStart = json.position();
                json.skipValue();
                resultEnd = json.position();
            } else {
                json.skipValue();
            }
        }
        if (!update || channelStart < 0 || resultStart < 0) {
            return; // a subscription's answer, a pong
        }
        // Read apart from the envelope: reading a book's levels moves the reader to them.
        json.reset(buf, resultStart, resultEnd - resultStart);
        if (Ascii.equals(buf, channelStart, channelLength, book)) {
            depth(buf, offset, length, receiveTime, live);
        } else if (Ascii.equals(buf, channelStart, channelLength, trades)) {
            if (flavor.futures()) {
                json.beginArray(); // futures.trades: an array of trades
                while (json.nextElement()) {
                    trade(receiveTime);
                }
            } else {
                trade(receiveTime);
            }
        } else if (Ascii.equals(buf, channelStart, channelLength, quotes)) {
            quote(receiveTime);
        }
    }

    private void depth(byte[] buf, int offset, int length, long receiveTime, boolean live) {
        json.beginObject();
        Instrument instrument = null;
        long time = Timestamps.UNKNOWN;
        long first = -1;
        long last = -1;
        int bidsStart = -1;
        int bidsEnd = -1;
        int asksStart = -1;
        int asksEnd = -1;
        while (json.nextField()) {
            if (json.nameIs(S)) {
                json.readString();
                instrument = instrumentFromString();
            } else if (json.nameIs(T)) {
                time = Timestamps.ofMillis(json.readLong());
            } else if (json.nameIs(U_FIRST)) {
                first = json.readLong();
            } else if (json.nameIs(U_LAST)) {
                last = json.readLong();
            } else if (json.nameIs(B)) {
                bidsStart = json.position();
                json.skipValue();
                bidsEnd = json.position();
            } else if (json.nameIs(A)) {
                asksStart = json.position();
                json.skipValue();
                asksEnd = json.position();
            } else {
                json.skipValue();
            }
        }
        if (instrument == null || first < 0 || last < first) {
            throw json.fail("order book update without s, U or u");
        }
        InstrumentBook book = book(instrument);
        if (!book.inSync()) {
            if (live) {
                snapshots.hold(instrument, buf, offset, length, receiveTime);
            }
            return;
        }
        long lastApplied = book.lastSequence();
        if (last <= lastApplied) {
            return; // in the snapshot already, or a repeat
        }
        if (book.firstChangePending() ? first > lastApplied + 1 : first != lastApplied + 1) {
            out.sequenceGap(book, receiveTime, lastApplied + 1, first);
            if (live) {
                snapshots.hold(instrument, buf, offset, length, receiveTime); // a snapshot that comes next may need it
            }
            return;
        }
        BookChange change = out.bookChange();
        change.instrument(instrument);
        change.times(time, receiveTime);
        change.begin(false, last);
        levels(change, BookSide.BID, bidsStart, bidsEnd);
        levels(change, BookSide.ASK, asksStart, asksEnd);
        if (out.apply(book, change)) {
            book.lastSequence(last);
            out.publishChange(book, change);
        }
    }

    @Override
    protected void decodeRest(String url, byte[] buf, int offset, int length, long receiveTime) {
        Instrument instrument = snapshots.instrument(url, buf, offset, length);
        if (instrument == null) {
            return;
        }
        long id = -1;
        long time = Timestamps.UNKNOWN;
        int bidsStart = -1;
        int bidsEnd = -1;
        int asksStart = -1;
        int asksEnd = -1;
        json.reset(buf, offset, length).beginObject();
        while (json.nextField()) {
            if (json.nameIs(ID)) {
                id = json.readLong();
            } else if (json.nameIs(UPDATE_MS)) {
                long t = json.readDecimal(); // milliseconds (spot) or seconds with a fraction (futures)
                if (Decimal64.isNumber(t) && Decimal64.signum(t) > 0) {
                    time = micros(t, snapshotTimeDigits);
                }
            } else if (json.nameIs(BIDS)) {
                bidsStart = json.position();
                json.skipValue();
                bidsEnd = json.position();
            } else if (json.nameIs(ASKS)) {
                asksStart = json.position();
                json.skipValue();
                asksEnd = json.position();
            } else {
                json.skipValue();
            }
        }
        if (id < 0 || bidsStart < 0 || asksStart < 0) {
            throw json.fail("snapshot without id, bids or asks (with_id=true asks for the id)");
        }
        BookChange change = out.bookChange();
        change.instrument(instrument);
        change.begin(true, id);
        change.times(time, receiveTime);
        levels(change, BookSide.BID, bidsStart, bidsEnd);
        levels(change, BookSide.ASK, asksStart, asksEnd);
        InstrumentBook book = book(instrument);
        out.snapshot(book, change);
        if (!book.inSync()) {
            return;
        }
        book.lastSequence(id);
        snapshots.release(book, receiveTime);
    }

    /**
     * Epoch microseconds of an epoch time written with {@code digits} digits of a second before its
     * point (3: milliseconds, 0: seconds) and any fraction after it; the fraction below a microsecond is dropped.
     */
    static long micros(long time, int digits) {
        long m = Decimal64.mantissa(time);
        int target = 6 - digits;
        for (int s = Decimal64.scale(time); s != target; s += s < target ? 1 : -1) {
            m = s < target ? Math.multiplyExact(m, 10) : m / 10;
        }
        return m;
    }

    /** A side's levels over a range noted earlier (-1: none): {@code [price, amount]} arrays, or the futures' {@code {"p","s"}} objects. */
    private void levels(BookChange change, BookSide side, int start, int end) {
        if (!flavor.futures()) {
            readLevels(change, side, start, end);
            return;
        }
        readLevelObjects(change, side, start, end, P, S);
    }

    /**
     * One trade: spot's {@code {"currency_pair","side","amount"}}, or a futures trade's
     * {@code {"contract","size"}} with the size signed by the taker's side (negative: a sell).
     */
    private void trade(long receiveTime) {
        boolean futures = flavor.futures();
        json.beginObject();
        Instrument instrument = null;
        long id = Long.MIN_VALUE;
        long time = Timestamps.UNKNOWN;
        long price = Decimal64.NULL;
        long amount = Decimal64.NULL;
        Side side = Side.UNKNOWN;
        while (json.nextField()) {
            if (json.nameIs(futures ? CONTRACT : CURRENCY_PAIR)) {
                json.readString();
                instrument = instrumentFromString();
            } else if (json.nameIs(ID)) {
                id = json.readLong();
            } else if (json.nameIs(CREATE_TIME_MS)) {
                long ms = json.readDecimal(); // "1619093543708.2642": milliseconds with a fraction
                if (!Decimal64.isNumber(ms) || Decimal64.signum(ms) < 0) {
                    throw json.fail("bad create_time_ms");
                }
                time = micros(ms, 3);
            } else if (!futures && json.nameIs(SIDE)) {
                side = readSide(BUY, SELL);
            } else if (json.nameIs(futures ? SIZE : AMOUNT)) {
                amount = requireDecimal();
            } else if (json.nameIs(PRICE)) {
                price = requireDecimal();
            } else {
                json.skipValue();
            }
        }
        if (instrument == null || !Decimal64.isNumber(price) || !Decimal64.isNumber(amount)
                || futures && Decimal64.signum(amount) == 0) {
            throw json.fail(futures ? "trade without contract, price or size" : "trade without currency_pair, price or amount");
        }
        if (futures) {
            side = Decimal64.signum(amount) > 0 ? Side.BUY : Side.SELL;
            amount = side == Side.BUY ? amount : Decimal64.negate(amount);
        }
        Trade trade = out.trade();
        trade.instrument(instrument);
        trade.times(time, receiveTime);
        if (id != Long.MIN_VALUE) {
            trade.id().set(id);
        }
        trade.set(price, amount, side);
        out.publish(trade);
    }

    /**
     * Best bid and ask: spot's {@code ticker} {@code {"currency_pair","highest_bid","lowest_ask"}}
     * (no sizes, no time), or the futures' {@code book_ticker} {@code {"s","t","b","B","a","A"}}.
     */
    private void quote(long receiveTime) {
        boolean futures = flavor.futures();
        json.beginObject();
        Instrument instrument = null;
        long time = Timestamps.UNKNOWN;
        long bid = Decimal64.NULL;
        long bidSize = Decimal64.NULL;
        long ask = Decimal64.NULL;
        long askSize = Decimal64.NULL;
        while (json.nextField()) {
            if (json.nameIs(futures ? S : CURRENCY_PAIR)) {
                json.readString();
                instrument = instrumentFromString();
            } else if (json.nameIs(futures ? B : HIGHEST_BID)) {
                bid = optionalDecimal();
            } else if (json.nameIs(futures ? A : LOWEST_ASK)) {
                ask = optionalDecimal();
            } else if (futures && json.nameIs(T)) {
                time = Timestamps.ofMillis(json.readLong());
            } else if (futures && json.nameIs(B_UPPER)) {
                bidSize = optionalDecimal();
            } else if (futures && json.nameIs(A_UPPER)) {
                askSize = optionalDecimal();
            } else {
                json.skipValue();
            }
        }
        if (instrument == null) {
            throw json.fail(futures ? "book_ticker without s" : "ticker without currency_pair");
        }
        Quote quote = out.quote();
        quote.instrument(instrument);
        quote.times(time, receiveTime);
        quote.set(bid, bidSize, ask, askSize);
        out.publish(quote);
    }
}
