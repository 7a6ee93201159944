package io.dpp.streams.venue.hitbtc;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.Quote;
import io.dpp.core.model.Side;
import io.dpp.core.model.Trade;
import io.dpp.core.time.Timestamps;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.json.Ascii;
import io.dpp.streams.venue.AbstractDecoder;
import io.dpp.streams.venue.InstrumentCatalog;

/**
 * HitBTC's WebSocket, both API versions on one decoder (a message says which it is).
 *
 * <p>API v3: {@code {"ch":..,"snapshot"|"update"|"data":{"<symbol>":..}}}, each member one
 * symbol's. {@code orderbook/full}: a snapshot replaces the book, an update must carry the next
 * {@code s} (one more than the book's), else it is a gap; levels are {@code [price, size]} strings,
 * size 0 removing one; {@code t} is the venue's time in ms. {@code trades}: a list of
 * {@code {t, i, p, q, s}} ({@code s} the taker's side); the snapshot's trades are history and not
 * published. {@code orderbook/top/100ms}: the best bid and ask with sizes ({@code b, B, a, A}).
 *
 * <p>API v2: {@code {"jsonrpc":"2.0","method":..,"params":{..}}}. {@code snapshotOrderbook}
 * replaces the book; {@code updateOrderbook} must carry the next {@code sequence}; levels are
 * {@code {"price","size"}}. {@code updateTrades}: {@code quantity} at {@code price}, {@code side}
 * the taker's ({@code snapshotTrades} is history). {@code ticker}: best bid and ask without sizes.
 *
 * <p>Answers, errors and candles carry no book, trade or quote.
 */
final class HitbtcDecoder extends AbstractDecoder {

    private static final byte[] METHOD = Ascii.bytes("method");
    private static final byte[] PARAMS = Ascii.bytes("params");
    private static final byte[] SNAPSHOT_ORDERBOOK = Ascii.bytes("snapshotOrderbook");
    private static final byte[] UPDATE_ORDERBOOK = Ascii.bytes("updateOrderbook");
    private static final byte[] UPDATE_TRADES = Ascii.bytes("updateTrades");
    private static final byte[] TICKER = Ascii.bytes("ticker");
    private static final byte[] SYMBOL = Ascii.bytes("symbol");
    private static final byte[] SEQUENCE = Ascii.bytes("sequence");
    private static final byte[] TIMESTAMP = Ascii.bytes("timestamp");
    private static final byte[] ASK = Ascii.bytes("ask");
    private static final byte[] BID = Ascii.bytes("bid");
    private static final byte[] PRICE = Ascii.bytes("price");
    private static final byte[] SIZE = Ascii.bytes("size");
    private static final byte[] QUANTITY = Ascii.bytes("quantity");
    private static final byte[] SIDE = Ascii.bytes("side");
    private static final byte[] ID = Ascii.bytes("id");
    private static final byte[] DATA = Ascii.bytes("data");
    private static final byte[] BUY = Ascii.bytes("buy");
    private static final byte[] SELL = Ascii.bytes("sell");
    // API v3
    private static final byte[] CH = Ascii.bytes("ch");
    private static final byte[] SNAPSHOT = Ascii.bytes("snapshot");
    private static final byte[] UPDATE = Ascii.bytes("update");
    private static final byte[] ORDERBOOK_FULL = Ascii.bytes("orderbook/full");
    private static final byte[] TRADES = Ascii.bytes("trades");
    private static final byte[] TOP = Ascii.bytes("orderbook/top/100ms");
    private static final byte[] T = Ascii.bytes("t");
    private static final byte[] S = Ascii.bytes("s");
    private static final byte[] A = Ascii.bytes("a");
    private static final byte[] B = Ascii.bytes("b");
    private static final byte[] ASK_SIZE = Ascii.bytes("A");
    private static final byte[] BID_SIZE = Ascii.bytes("B");
    private static final TradeFields V3_TRADE = new TradeFields(Ascii.bytes("p"), Ascii.bytes("q"), S, BUY, SELL, Ascii.bytes("i"));

    /** What a v3 message's channel is. */
    private static final int V3_BOOK = 1;
    private static final int V3_TRADES = 2;
    private static final int V3_TOP = 3;

    HitbtcDecoder(InstrumentCatalog instruments, FeedOutput out) {
        super(instruments, out);
    }

    /** A new connection's subscriptions bring fresh snapshots; what the old one missed is not in the books. */
    @Override
    public void onConnect(String url, long receiveTime) {
        allStale(receiveTime, "a new connection: the book is rebuilt from its next snapshot");
    }

    @Override
    protected void decode(byte[] buf, int offset, int length, long receiveTime) {
        // One pass over the message. An API v2 notification names its method before its params:
        // a book's or a ticker's params are then read where they stand (a book's levels in place),
        // and published only once the rest of the message has been read too (a message cut short
        // changes nothing). Trades (published one by one), API v3 bodies (one member a symbol,
        // each published in turn) and members in another order are noted and read after the pass.
        json.reset(buf, offset, length).beginObject();
        int kind = 0; // v2: 1 snapshot, 2 update, 3 trades, 4 ticker
        int channel = 0; // v3: V3_BOOK, V3_TRADES, V3_TOP; -1 another channel
        boolean snapshot = false;
        boolean paramsRead = false;
        int bodyStart = -1;
        int bodyEnd = -1;
        while (json.nextField()) {
            if (json.nameIs(CH)) {
                json.readString();
                channel = json.stringIs(ORDERBOOK_FULL) ? V3_BOOK : json.stringIs(TRADES) ? V3_TRADES : json.stringIs(TOP) ? V3_TOP : -1;
                if (channel < 0) {
                    return; // candles, tickers, partial books
                }
            } else if (json.nameIs(SNAPSHOT) || json.nameIs(UPDATE) || json.nameIs(DATA)) {
                snapshot = json.nameIs(SNAPSHOT);
                bodyStart = json.position();
                json.skipValue();
                bodyEnd = json.position();
            } else if (json.nameIs(METHOD)) {
                json.readString();
                kind = json.stringIs(UPDATE_ORDERBOOK) ? 2 : json.stringIs(SNAPSHOT_ORDERBOOK) ? 1 : json.stringIs(UPDATE_TRADES) ? 3
                        : json.stringIs(TICKER) ? 4 : -1;
                if (kind < 0) {
                    return; // candles, the trades' history
                }
            } else if (json.nameIs(PARAMS) && !paramsRead && (kind == 1 || kind == 2 || kind == 4)) {
                if (kind == 4) {
                    readTicker();
                } else {
                    readBook(kind == 1);
                }
                paramsRead = true;
            } else if (json.nameIs(PARAMS)) {
                bodyStart = json.position();
                json.skipValue();
                bodyEnd = json.position();
            } else {
                json.skipValue();
            }
        }
        if (paramsRead) {
            if (kind == 4) {
                publishTicker(receiveTime);
            } else {
                sequenced(bookInstrument, kind == 1, bookSequence, bookTime, receiveTime);
            }
            return;
        }
        if (channel > 0) {
            if (bodyStart < 0) {
                throw json.fail("channel message without snapshot, update or data");
            }
            v3(channel, snapshot, buf, bodyStart, bodyEnd, receiveTime);
            return;
        }
        if (kind <= 0) {
            return; // an answer or an error
        }
        if (bodyStart < 0) {
            throw json.fail("notification without params");
        }
        json.reset(buf, bodyStart, bodyEnd - bodyStart);
        switch (kind) {
            case 1, 2 -> {
                readBook(kind == 1);
                sequenced(bookInstrument, kind == 1, bookSequence, bookTime, receiveTime);
            }
            case 3 -> trades(receiveTime);
            default -> {
                readTicker();
                publishTicker(receiveTime);
            }
        }
    }

    /** An API v3 body: an object whose members are symbols, each read in turn. */
    private void v3(int channel, boolean snapshot, byte[] buf, int start, int end, long receiveTime) {
        json.reset(buf, start, end - start).beginObject();
        while (json.nextField()) {
            Instrument instrument = instruments.find(buf, json.nameStart(), json.nameLength());
            if (instrument == null) {
                throw json.fail("unknown instrument");
            }
            int valueStart = json.position();
            json.skipValue();
            int next = json.position();
            json.reset(buf, valueStart, next - valueStart);
            switch (channel) {
                case V3_BOOK -> v3Book(instrument, snapshot, receiveTime);
                case V3_TRADES -> {
                    if (!snapshot) {
                        v3Trades(instrument, receiveTime);
                    }
                }
                default -> v3Top(instrument, receiveTime);
            }
            json.reset(buf, next, end - next);
        }
    }

    private void v3Book(Instrument instrument, boolean snapshot, long receiveTime) {
        json.beginObject();
        long sequence = Long.MIN_VALUE;
        long time = Timestamps.UNKNOWN;
        change = out.bookChange();
        change.begin(snapshot, BookChange.NO_SEQUENCE);
        v3Sides.begin(change);
        while (json.nextField()) {
            if (json.nameIs(S)) {
                sequence = json.readLong();
            } else if (json.nameIs(T)) {
                time = Timestamps.ofMillis(json.readLong());
            } else if (!v3Sides.read()) {
                json.skipValue();
            }
        }
        if (sequence == Long.MIN_VALUE) {
            throw json.fail("order book without its sequence");
        }
        sequenced(instrument, snapshot, sequence, time, receiveTime);
    }

    /** API v3's level arrays, {@code b} and {@code a}. */
    private final BookSides v3Sides = new BookSides(B, A);
    /** API v2's, {@code bid} and {@code ask}, of {@code {"price","size"}} objects. */
    private final BookSides v2Sides = new BookSides(BID, ASK, (c, side) -> readLevelObjects(c, side, PRICE, SIZE));

    private void v3Trades(Instrument instrument, long receiveTime) {
        json.beginArray();
        while (json.nextElement()) {
            json.beginObject();
            beginTrade();
            long time = Timestamps.UNKNOWN;
            while (json.nextField()) {
                if (json.nameIs(T)) {
                    time = Timestamps.ofMillis(json.readLong());
                } else if (!tradeField(V3_TRADE)) {
                    json.skipValue();
                }
            }
            publishTrade(instrument, time, receiveTime, "trade without price or quantity");
        }
    }

    private void v3Top(Instrument instrument, long receiveTime) {
        json.beginObject();
        beginQuote();
        long time = Timestamps.UNKNOWN;
        while (json.nextField()) {
            if (json.nameIs(T)) {
                time = Timestamps.ofMillis(json.readLong());
            } else if (!quoteField(B, BID_SIZE, A, ASK_SIZE)) {
                json.skipValue();
            }
        }
        publishQuote(instrument, time, receiveTime);
    }

    // The API v2 book message read last, until it is applied.
    private BookChange change;
    private Instrument bookInstrument;
    private long bookSequence;
    private long bookTime;

    /** Reads an API v2 book's params where they stand, its levels in place, into {@link #change} and the fields above. */
    private void readBook(boolean snapshot) {
        json.beginObject();
        bookInstrument = null;
        bookSequence = Long.MIN_VALUE;
        bookTime = Timestamps.UNKNOWN;
        change = out.bookChange();
        change.begin(snapshot, BookChange.NO_SEQUENCE);
        v2Sides.begin(change);
        while (json.nextField()) {
            if (json.nameIs(SYMBOL)) {
                json.readString();
                bookInstrument = instrumentFromString();
            } else if (json.nameIs(SEQUENCE)) {
                bookSequence = json.readLong();
            } else if (json.nameIs(TIMESTAMP)) {
                bookTime = readIsoTime();
            } else if (!v2Sides.read()) {
                json.skipValue();
            }
        }
        if (bookInstrument == null || bookSequence == Long.MIN_VALUE) {
            throw json.fail("order book without symbol or sequence");
        }
    }

    /**
     * Applies the book snapshot or update of either version read into {@link #change}: an update
     * must be the next of the book's sequence; one before the book's snapshot waits for it.
     */
    private void sequenced(Instrument instrument, boolean snapshot, long sequence, long time, long receiveTime) {
        InstrumentBook book = book(instrument);
        if (book.inSync()) {
            long last = book.lastSequence();
            if (sequence <= last) {
                return; // already in the book
            }
            if (!snapshot && sequence != last + 1) {
                out.sequenceGap(book, receiveTime, last + 1, sequence);
                return;
            }
        } else if (!snapshot) {
            return; // waits for the subscription's snapshot
        }
        change.instrument(instrument);
        change.times(time, receiveTime);
        change.sequence(sequence);
        applySequenced(book, change, snapshot, sequence);
    }

    private void trades(long receiveTime) {
        json.beginObject();
        Instrument instrument = null;
        int dataStart = -1;
        int dataEnd = -1;
        while (json.nextField()) {
            if (json.nameIs(SYMBOL)) {
                json.readString();
                instrument = instrumentFromString();
            } else if (json.nameIs(DATA)) {
                dataStart = json.position();
                json.skipValue();
                dataEnd = json.position();
            } else {
                json.skipValue();
            }
        }
        if (instrument == null || dataStart < 0) {
            throw json.fail("trades without symbol or data");
        }
        json.reset(json.buffer(), dataStart, dataEnd - dataStart).beginArray();
        while (json.nextElement()) {
            json.beginObject();
            Trade trade = out.trade();
            long time = Timestamps.UNKNOWN;
            long price = Decimal64.NULL;
            long quantity = Decimal64.NULL;
            Side side = Side.UNKNOWN;
            while (json.nextField()) {
                if (json.nameIs(ID)) {
                    trade.id().set(json.readLong());
                } else if (json.nameIs(PRICE)) {
                    price = requireDecimal();
                } else if (json.nameIs(QUANTITY)) {
                    quantity = requireDecimal();
                } else if (json.nameIs(SIDE)) {
                    side = readSide(BUY, SELL);
                } else if (json.nameIs(TIMESTAMP)) {
                    time = readIsoTime();
                } else {
                    json.skipValue();
                }
            }
            if (!Decimal64.isNumber(price) || !Decimal64.isNumber(quantity)) {
                throw json.fail("trade without price or quantity");
            }
            trade.instrument(instrument);
            trade.times(time, receiveTime);
            trade.set(price, quantity, side);
            out.publish(trade);
        }
    }

    // The API v2 ticker read last, until it is published.
    private Instrument tickerInstrument;
    private long tickerTime;
    private long bid;
    private long ask;

    /** Reads an API v2 ticker's params where they stand into the fields above. */
    private void readTicker() {
        json.beginObject();
        tickerInstrument = null;
        tickerTime = Timestamps.UNKNOWN;
        bid = Decimal64.NULL;
        ask = Decimal64.NULL;
        while (json.nextField()) {
            if (json.nameIs(SYMBOL)) {
                json.readString();
                tickerInstrument = instrumentFromString();
            } else if (json.nameIs(BID)) {
                bid = optionalDecimal();
            } else if (json.nameIs(ASK)) {
                ask = optionalDecimal();
            } else if (json.nameIs(TIMESTAMP)) {
                tickerTime = readIsoTime();
            } else {
                json.skipValue();
            }
        }
        if (tickerInstrument == null) {
            throw json.fail("ticker without symbol");
        }
    }

    private void publishTicker(long receiveTime) {
        Quote quote = out.quote();
        quote.instrument(tickerInstrument);
        quote.times(tickerTime, receiveTime);
        quote.set(bid, Decimal64.NULL, ask, Decimal64.NULL);
        out.publish(quote);
    }
}
