package io.dpp.streams.venue.poloniex;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.Side;
import io.dpp.core.model.Trade;
import io.dpp.core.time.Timestamps;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.json.Ascii;
import io.dpp.streams.venue.AbstractDecoder;
import io.dpp.streams.venue.InstrumentCatalog;

/**
 * Poloniex public WebSocket: {@code {"channel":..,"data":[..],"action":..}}. {@code book_lv2}: an
 * {@code action} "snapshot" replaces the book (its top 20 levels) and sets its {@code id}; each
 * "update" must carry {@code lastId} equal to the last {@code id} (anything else is a gap, which a
 * new subscription heals), its levels {@code [price, quantity]}, quantity 0 removing one.
 * {@code trades}: {@code quantity} at {@code price}, {@code takerSide} the aggressor's.
 * Subscription answers, pongs and errors carry no channel data and are not decoded.
 */
final class PoloniexDecoder extends AbstractDecoder {

    private static final byte[] CHANNEL = Ascii.bytes("channel");
    private static final byte[] DATA = Ascii.bytes("data");
    private static final byte[] ACTION = Ascii.bytes("action");
    private static final byte[] BOOK = Ascii.bytes("book_lv2");
    private static final byte[] TRADES = Ascii.bytes("trades");
    private static final byte[] SNAPSHOT = Ascii.bytes("snapshot");
    private static final byte[] UPDATE = Ascii.bytes("update");
    private static final byte[] SYMBOL = Ascii.bytes("symbol");
    private static final byte[] CREATE_TIME = Ascii.bytes("createTime");
    private static final byte[] ASKS = Ascii.bytes("asks");
    private static final byte[] BIDS = Ascii.bytes("bids");
    private static final byte[] LAST_ID = Ascii.bytes("lastId");
    private static final byte[] ID = Ascii.bytes("id");
    private static final byte[] QUANTITY = Ascii.bytes("quantity");
    private static final byte[] PRICE = Ascii.bytes("price");
    private static final byte[] TAKER_SIDE = Ascii.bytes("takerSide");
    private static final byte[] BUY = Ascii.bytes("buy");
    private static final byte[] SELL = Ascii.bytes("sell");

    PoloniexDecoder(InstrumentCatalog instruments, FeedOutput out) {
        super(instruments, out);
    }

    @Override
    protected void decode(byte[] buf, int offset, int length, long receiveTime) {
        json.reset(buf, offset, length).beginObject();
        int channelStart = -1;
        int channelLength = 0;
        int dataStart = -1;
        int dataEnd = -1;
        int action = 0; // 1 snapshot, 2 update
        while (json.nextField()) {
            if (json.nameIs(CHANNEL)) {
                json.readString();
                channelStart = json.stringStart();
                channelLength = json.stringLength();
            } else if (json.nameIs(DATA)) {
                dataStart = json.position();
                json.skipValue();
                dataEnd = json.position();
            } else if (json.nameIs(ACTION)) {
                json.readString();
                action = json.stringIs(SNAPSHOT) ? 1 : json.stringIs(UPDATE) ? 2 : 0;
            } else {
                json.skipValue();
            }
        }
        if (channelStart < 0 || dataStart < 0) {
            return; // an answer to a subscription or a ping, an error
        }
        boolean book = Ascii.equals(buf, channelStart, channelLength, BOOK);
        boolean trades = !book && Ascii.equals(buf, channelStart, channelLength, TRADES);
        if (book && action == 0) {
            throw json.fail("book_lv2 data without a snapshot or update action");
        }
        if (!book && !trades) {
            return;
        }
        // The pass above proved the data whole (the action may follow it): each element is now
        // read where it stands, its levels in place, and published in turn.
        json.reset(buf, dataStart, dataEnd - dataStart).beginArray();
        while (json.nextElement()) {
            if (book) {
                book(action == 1, receiveTime);
            } else {
                trade(receiveTime);
            }
        }
    }

    /** A book element's bids and asks. */
    private final BookSides sides = new BookSides(BIDS, ASKS);

    /** Reads a book element where it stands (its levels in place) and applies it. */
    private void book(boolean snapshot, long receiveTime) {
        json.beginObject();
        Instrument instrument = null;
        long time = Timestamps.UNKNOWN;
        long lastId = Long.MIN_VALUE;
        long id = Long.MIN_VALUE;
        BookChange change = out.bookChange();
        change.begin(snapshot, BookChange.NO_SEQUENCE);
        sides.begin(change);
        while (json.nextField()) {
            if (json.nameIs(SYMBOL)) {
                json.readString();
                instrument = instrumentFromString();
            } else if (json.nameIs(CREATE_TIME)) {
                time = Timestamps.ofMillis(json.readLong());
            } else if (json.nameIs(LAST_ID)) {
                lastId = json.readLong();
            } else if (json.nameIs(ID)) {
                id = json.readLong();
            } else if (!sides.read()) {
                json.skipValue();
            }
        }
        if (instrument == null || id == Long.MIN_VALUE || (!snapshot && lastId == Long.MIN_VALUE)) {
            throw json.fail("book_lv2 without symbol, id or lastId");
        }
        InstrumentBook b = book(instrument);
        if (!snapshot) {
            if (!b.inSync()) {
                return; // waits for the snapshot of a new subscription
            }
            long last = b.lastSequence();
            if (id <= last) {
                return; // a repeat of an update already applied
            }
            if (lastId != last) {
                out.sequenceGap(b, receiveTime, last, lastId);
                return;
            }
        }
        change.instrument(instrument);
        change.times(time, receiveTime);
        change.sequence(id);
        applySequenced(b, change, snapshot, id);
    }

    /** Reads a trade element where it stands and publishes it. */
    private void trade(long receiveTime) {
        json.beginObject();
        Trade trade = out.trade();
        Instrument instrument = null;
        long time = Timestamps.UNKNOWN;
        long price = Decimal64.NULL;
        long quantity = Decimal64.NULL;
        Side side = Side.UNKNOWN;
        while (json.nextField()) {
            if (json.nameIs(SYMBOL)) {
                json.readString();
                instrument = instrumentFromString();
            } else if (json.nameIs(ID)) {
                json.readString();
                trade.id().set(json.buffer(), json.stringStart(), json.stringLength());
            } else if (json.nameIs(CREATE_TIME)) {
                time = Timestamps.ofMillis(json.readLong());
            } else if (json.nameIs(PRICE)) {
                price = requireDecimal();
            } else if (json.nameIs(QUANTITY)) {
                quantity = requireDecimal();
            } else if (json.nameIs(TAKER_SIDE)) {
                side = readSide(BUY, SELL);
            } else {
                json.skipValue();
            }
        }
        if (instrument == null || !Decimal64.isNumber(price) || !Decimal64.isNumber(quantity)) {
            throw json.fail("trade without symbol, price or quantity");
        }
        trade.instrument(instrument);
        trade.times(time, receiveTime);
        trade.set(price, quantity, side);
        out.publish(trade);
    }
}
