package io.dpp.streams.venue.hitbtc;

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

/**
 * HitBTC's API v2 WebSocket: {@code {"jsonrpc":"2.0","method":..,"params":{..}}}.
 * {@code snapshotOrderbook} replaces the book; {@code updateOrderbook} must carry the next
 * {@code sequence} (one more than the book's), else it is a gap; levels are
 * {@code {"price","size"}}, size 0 removing one. {@code updateTrades}: {@code quantity} at
 * {@code price}, {@code side} the taker's (the trades of {@code snapshotTrades} are history and not
 * published). {@code ticker}: best bid and ask without sizes. Answers, errors and candles carry no
 * book, trade or quote.
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
        json.reset(buf, offset, length).beginObject();
        int kind = 0; // 1 snapshot, 2 update, 3 trades, 4 ticker
        int paramsStart = -1;
        int paramsEnd = -1;
        while (json.nextField()) {
            if (json.nameIs(METHOD)) {
                json.readString();
                kind = json.stringIs(UPDATE_ORDERBOOK) ? 2 : json.stringIs(SNAPSHOT_ORDERBOOK) ? 1 : json.stringIs(UPDATE_TRADES) ? 3
                        : json.stringIs(TICKER) ? 4 : -1;
                if (kind < 0) {
                    return; // candles, the trades' history
                }
            } else if (json.nameIs(PARAMS)) {
                paramsStart = json.position();
                json.skipValue();
                paramsEnd = json.position();
            } else {
                json.skipValue();
            }
        }
        if (kind <= 0) {
            return; // an answer or an error
        }
        if (paramsStart < 0) {
            throw json.fail("notification without params");
        }
        json.reset(buf, paramsStart, paramsEnd - paramsStart);
        switch (kind) {
            case 1, 2 -> book(kind == 1, receiveTime);
            case 3 -> trades(receiveTime);
            default -> ticker(receiveTime);
        }
    }

    private void book(boolean snapshot, long receiveTime) {
        json.beginObject();
        Instrument instrument = null;
        long sequence = Long.MIN_VALUE;
        long time = Timestamps.UNKNOWN;
        int bidsStart = -1;
        int bidsEnd = -1;
        int asksStart = -1;
        int asksEnd = -1;
        while (json.nextField()) {
            if (json.nameIs(SYMBOL)) {
                json.readString();
                instrument = instrumentFromString();
            } else if (json.nameIs(SEQUENCE)) {
                sequence = json.readLong();
            } else if (json.nameIs(TIMESTAMP)) {
                time = readIsoTime();
            } else if (json.nameIs(BID)) {
                bidsStart = json.position();
                json.skipValue();
                bidsEnd = json.position();
            } else if (json.nameIs(ASK)) {
                asksStart = json.position();
                json.skipValue();
                asksEnd = json.position();
            } else {
                json.skipValue();
            }
        }
        if (instrument == null || sequence == Long.MIN_VALUE) {
            throw json.fail("order book without symbol or sequence");
        }
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
        BookChange change = out.bookChange();
        change.instrument(instrument);
        change.times(time, receiveTime);
        change.begin(snapshot, sequence);
        readLevelObjects(change, BookSide.BID, bidsStart, bidsEnd, PRICE, SIZE);
        readLevelObjects(change, BookSide.ASK, asksStart, asksEnd, PRICE, SIZE);
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

    private void ticker(long receiveTime) {
        json.beginObject();
        Instrument instrument = null;
        long time = Timestamps.UNKNOWN;
        long bid = Decimal64.NULL;
        long ask = Decimal64.NULL;
        while (json.nextField()) {
            if (json.nameIs(SYMBOL)) {
                json.readString();
                instrument = instrumentFromString();
            } else if (json.nameIs(BID)) {
                bid = optionalDecimal();
            } else if (json.nameIs(ASK)) {
                ask = optionalDecimal();
            } else if (json.nameIs(TIMESTAMP)) {
                time = readIsoTime();
            } else {
                json.skipValue();
            }
        }
        if (instrument == null) {
            throw json.fail("ticker without symbol");
        }
        Quote quote = out.quote();
        quote.instrument(instrument);
        quote.times(time, receiveTime);
        quote.set(bid, Decimal64.NULL, ask, Decimal64.NULL);
        out.publish(quote);
    }
}
