package io.dpp.streams.venue.phemex;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.BookSide;
import io.dpp.core.model.Side;
import io.dpp.core.model.Trade;
import io.dpp.core.time.Timestamps;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.json.Ascii;
import io.dpp.streams.venue.AbstractDecoder;
import io.dpp.streams.venue.InstrumentCatalog;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Phemex's public WebSocket. {@code {"book":{"asks":[[priceEp,size]],"bids":[..]},"depth":30,
 * "sequence":..,"symbol":..,"timestamp":ns,"type":"snapshot"|"incremental"}}: a snapshot replaces the
 * book (kept to its {@code depth} levels), an incremental change with a larger {@code sequence}
 * changes it (size 0 removes a level), one at or below the book's is already in it. Levels are
 * scaled integers, read with the instrument's {@link PhemexVenue.Scales}. {@code {"trades":
 * [[ns,"Buy",priceEp,size]],"type":..}}: the side is the taker's; the snapshot's trades are history
 * and not published. Answers ({@code {"error":..,"id":..,"result":..}}) and klines carry no book or
 * trade. USDT-margined perpetuals ({@link PhemexVenue.RealValues}) send the same messages under
 * {@code orderbook_p} and {@code trades_p}, their prices and sizes decimal strings
 * ({@code [["20702.9","0.718"]]}, {@code [[ns,"Sell","20700.3","0.649"]]}).
 */
final class PhemexDecoder extends AbstractDecoder {

    private static final byte[] BOOK = Ascii.bytes("book");
    private static final byte[] TRADES = Ascii.bytes("trades");
    private static final byte[] BOOK_P = Ascii.bytes("orderbook_p");
    private static final byte[] TRADES_P = Ascii.bytes("trades_p");
    private static final byte[] SYMBOL = Ascii.bytes("symbol");
    private static final byte[] SEQUENCE = Ascii.bytes("sequence");
    private static final byte[] TIMESTAMP = Ascii.bytes("timestamp");
    private static final byte[] DEPTH = Ascii.bytes("depth");
    private static final byte[] TYPE = Ascii.bytes("type");
    private static final byte[] SNAPSHOT = Ascii.bytes("snapshot");
    private static final byte[] INCREMENTAL = Ascii.bytes("incremental");
    private static final byte[] ASKS = Ascii.bytes("asks");
    private static final byte[] BIDS = Ascii.bytes("bids");
    private static final byte[] BUY = Ascii.bytes("Buy");
    private static final byte[] SELL = Ascii.bytes("Sell");

    private final Map<Instrument, PhemexVenue.Scales> scales = new IdentityHashMap<>();

    PhemexDecoder(InstrumentCatalog instruments, FeedOutput out) {
        super(instruments, out);
        for (Instrument i : instruments.all()) {
            if (instruments.detail(i.nativeSymbol()) instanceof PhemexVenue.Scales s) {
                scales.put(i, s);
            }
        }
    }

    /** The scales of an instrument's numbers, or null when its listing gave none. */
    PhemexVenue.Scales scales(Instrument instrument) {
        return scales.get(instrument);
    }

    /** A new connection's subscriptions bring fresh snapshots; nothing shows what the old one missed. */
    @Override
    public void onConnect(String url, long receiveTime) {
        allStale(receiveTime, "a new connection: the book is rebuilt from its next snapshot");
    }

    @Override
    protected void decode(byte[] buf, int offset, int length, long receiveTime) {
        json.reset(buf, offset, length).beginObject();
        Instrument instrument = null;
        int bookStart = -1;
        int bookEnd = -1;
        int tradesStart = -1;
        int tradesEnd = -1;
        long sequence = Long.MIN_VALUE;
        long time = Timestamps.UNKNOWN;
        int depth = 0;
        boolean snapshot = false;
        boolean real = false;
        while (json.nextField()) {
            if (json.nameIs(BOOK) || json.nameIs(BOOK_P)) {
                real = json.nameIs(BOOK_P);
                bookStart = json.position();
                json.skipValue();
                bookEnd = json.position();
            } else if (json.nameIs(TRADES) || json.nameIs(TRADES_P)) {
                real = json.nameIs(TRADES_P);
                tradesStart = json.position();
                json.skipValue();
                tradesEnd = json.position();
            } else if (json.nameIs(SYMBOL)) {
                json.readString();
                instrument = instrumentFromString();
            } else if (json.nameIs(SEQUENCE)) {
                sequence = json.readLong();
            } else if (json.nameIs(TIMESTAMP)) {
                time = json.readLong() / 1000; // nanoseconds
            } else if (json.nameIs(DEPTH)) {
                depth = (int) Math.min(Integer.MAX_VALUE, Math.max(0, json.readLong()));
            } else if (json.nameIs(TYPE)) {
                json.readString();
                snapshot = json.stringIs(SNAPSHOT);
                if (!snapshot && !json.stringIs(INCREMENTAL)) {
                    throw json.fail("type neither snapshot nor incremental");
                }
            } else {
                json.skipValue();
            }
        }
        if (bookStart < 0 && tradesStart < 0) {
            return; // an answer, a kline
        }
        if (instrument == null) {
            throw json.fail("book or trades without symbol");
        }
        PhemexVenue.Scales s = scales.get(instrument);
        if (real != (s == null)) {
            throw json.fail(real ? instrument.nativeSymbol() + " is listed with scaled integers, not decimals"
                    : "no price and size scales for " + instrument.nativeSymbol() + " in the listing");
        }
        if (bookStart >= 0) {
            book(instrument, s, bookStart, bookEnd, snapshot, sequence, time, depth, receiveTime);
        } else if (!snapshot) {
            trades(instrument, s, tradesStart, tradesEnd, receiveTime);
        }
    }

    private void book(Instrument instrument, PhemexVenue.Scales s, int start, int end, boolean snapshot, long sequence, long time,
            int depth, long receiveTime) {
        if (sequence == Long.MIN_VALUE) {
            throw json.fail("book without sequence");
        }
        InstrumentBook book = book(instrument);
        if (book.inSync()) {
            if (sequence <= book.lastSequence()) {
                return; // already in the book
            }
        } else if (!snapshot) {
            return; // waits for a snapshot
        }
        if (depth > 0) {
            book.maxDepth(depth);
        }
        BookChange change = out.bookChange();
        change.instrument(instrument);
        change.times(time, receiveTime);
        change.begin(snapshot, sequence);
        json.reset(json.buffer(), start, end - start).beginObject();
        while (json.nextField()) {
            if (json.nameIs(BIDS)) {
                levels(change, BookSide.BID, s);
            } else if (json.nameIs(ASKS)) {
                levels(change, BookSide.ASK, s);
            } else {
                json.skipValue();
            }
        }
        applySequenced(book, change, snapshot, sequence);
    }

    /** {@code [[priceEp,size],...]} into the change ({@code [["price","size"],...]} without scales). */
    private void levels(BookChange change, BookSide side, PhemexVenue.Scales s) {
        if (s == null) {
            readLevels(change, side);
            return;
        }
        json.beginArray();
        while (json.nextElement()) {
            json.beginArray();
            element("a level without its price");
            long price = scaled(s.price());
            element("a level without its size");
            long size = scaled(s.size());
            json.skipRestOfArray();
            change.addLevel(side, price, size);
        }
    }

    private void trades(Instrument instrument, PhemexVenue.Scales s, int start, int end, long receiveTime) {
        json.reset(json.buffer(), start, end - start).beginArray();
        while (json.nextElement()) {
            json.beginArray();
            element("an empty trade");
            long time = json.readLong() / 1000; // nanoseconds
            element("a trade without its side");
            Side side = readSide(BUY, SELL);
            element("a trade without its price");
            long price = s == null ? requireDecimal() : scaled(s.price());
            element("a trade without its size");
            long size = s == null ? requireDecimal() : scaled(s.size());
            json.skipRestOfArray();
            Trade trade = out.trade();
            trade.instrument(instrument);
            trade.times(time, receiveTime);
            trade.set(price, size, side);
            out.publish(trade);
        }
    }

    /** Moves to the next element of the array being read, which must have one. */
    private void element(String missing) {
        if (!json.nextElement()) {
            throw json.fail(missing);
        }
    }

    /** The element at the reader, an integer, as a decimal of {@code scale} places. */
    private long scaled(int scale) {
        long v = json.readLong();
        if (v < 0 || v > Decimal64.MAX_MANTISSA || scale > Decimal64.MAX_SCALE) {
            throw json.fail("a scaled number out of range");
        }
        return Decimal64.of(v, scale);
    }
}
