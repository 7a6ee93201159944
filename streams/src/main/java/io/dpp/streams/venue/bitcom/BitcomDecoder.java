package io.dpp.streams.venue.bitcom;

import io.dpp.core.instrument.Instrument;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.BookSide;
import io.dpp.core.time.Timestamps;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.json.Ascii;
import io.dpp.streams.venue.AbstractDecoder;
import io.dpp.streams.venue.InstrumentCatalog;

/**
 * Bit.com's public WebSocket, spot and linear alike: {@code {"channel","timestamp","data","module"}}
 * (members in any order); the market is {@code pair} (spot) or {@code instrument_id} (linear).
 * <ul>
 *   <li>{@code depth}: a {@code snapshot} ({@code bids}, {@code asks} as {@code [price, qty]}, its
 *       {@code sequence}), then {@code update}s of {@code [side, price, qty]} changes (qty 0
 *       removes) whose {@code prev_sequence} must be the book's last sequence, else a gap.</li>
 *   <li>{@code trade}: an array of trades, the taker's {@code side}, {@code created_at} in
 *       milliseconds.</li>
 *   <li>{@code ticker}: best bid and ask with their quantities ("" when the side is empty).</li>
 * </ul>
 * Subscription answers are not decoded.
 */
final class BitcomDecoder extends AbstractDecoder {

    private static final byte[] CHANNEL = Ascii.bytes("channel");
    private static final byte[] TIMESTAMP = Ascii.bytes("timestamp");
    private static final byte[] DATA = Ascii.bytes("data");
    private static final byte[] DEPTH = Ascii.bytes("depth");
    private static final byte[] TRADE = Ascii.bytes("trade");
    private static final byte[] TICKER = Ascii.bytes("ticker");
    private static final byte[] TYPE = Ascii.bytes("type");
    private static final byte[] SNAPSHOT = Ascii.bytes("snapshot");
    private static final byte[] UPDATE = Ascii.bytes("update");
    private static final byte[] PAIR = Ascii.bytes("pair");
    private static final byte[] INSTRUMENT_ID = Ascii.bytes("instrument_id");
    private static final byte[] SEQUENCE = Ascii.bytes("sequence");
    private static final byte[] PREV_SEQUENCE = Ascii.bytes("prev_sequence");
    private static final byte[] BIDS = Ascii.bytes("bids");
    private static final byte[] ASKS = Ascii.bytes("asks");
    private static final byte[] CHANGES = Ascii.bytes("changes");
    private static final byte[] CREATED_AT = Ascii.bytes("created_at");
    private static final byte[] TRADE_ID = Ascii.bytes("trade_id");
    private static final byte[] PRICE = Ascii.bytes("price");
    private static final byte[] QTY = Ascii.bytes("qty");
    private static final byte[] SIDE = Ascii.bytes("side");
    private static final byte[] TIME = Ascii.bytes("time");
    private static final byte[] BEST_BID = Ascii.bytes("best_bid");
    private static final byte[] BEST_ASK = Ascii.bytes("best_ask");
    private static final byte[] BEST_BID_QTY = Ascii.bytes("best_bid_qty");
    private static final byte[] BEST_ASK_QTY = Ascii.bytes("best_ask_qty");
    private static final byte[] BUY = Ascii.bytes("buy");
    private static final byte[] SELL = Ascii.bytes("sell");

    private static final TradeFields TRADE_FIELDS = new TradeFields(PRICE, QTY, SIDE, BUY, SELL, TRADE_ID);

    BitcomDecoder(InstrumentCatalog instruments, FeedOutput out) {
        super(instruments, out);
    }

    @Override
    protected void decode(byte[] buf, int offset, int length, long receiveTime) {
        json.reset(buf, offset, length).beginObject();
        int kind = 0; // 1 depth, 2 trade, 3 ticker
        long time = Timestamps.UNKNOWN;
        int dataStart = -1;
        int dataEnd = -1;
        while (json.nextField()) {
            if (json.nameIs(CHANNEL)) {
                json.readString();
                kind = json.stringIs(DEPTH) ? 1 : json.stringIs(TRADE) ? 2 : json.stringIs(TICKER) ? 3 : 0;
            } else if (json.nameIs(TIMESTAMP)) {
                time = Timestamps.ofMillis(json.readLong());
            } else if (json.nameIs(DATA)) {
                dataStart = json.position();
                json.skipValue();
                dataEnd = json.position();
            } else {
                json.skipValue();
            }
        }
        if (kind == 0) {
            return; // a subscription's answer, a pong
        }
        if (dataStart < 0) {
            throw json.fail("message without data");
        }
        json.reset(buf, dataStart, dataEnd - dataStart);
        switch (kind) {
            case 1 -> depth(time, receiveTime);
            case 2 -> {
                json.beginArray();
                while (json.nextElement()) {
                    trade(receiveTime);
                }
            }
            default -> quote(time, receiveTime);
        }
    }

    private void depth(long time, long receiveTime) {
        json.beginObject();
        int type = 0; // 1 snapshot, 2 update
        Instrument instrument = null;
        long sequence = -1;
        long previous = -1;
        int bidsStart = -1;
        int bidsEnd = -1;
        int asksStart = -1;
        int asksEnd = -1;
        int changesStart = -1;
        int changesEnd = -1;
        while (json.nextField()) {
            if (json.nameIs(TYPE)) {
                json.readString();
                type = json.stringIs(SNAPSHOT) ? 1 : json.stringIs(UPDATE) ? 2 : 0;
            } else if (json.nameIs(PAIR) || json.nameIs(INSTRUMENT_ID)) {
                json.readString();
                instrument = instrumentFromString();
            } else if (json.nameIs(SEQUENCE)) {
                sequence = json.readLong();
            } else if (json.nameIs(PREV_SEQUENCE)) {
                previous = json.readLong();
            } else if (json.nameIs(BIDS)) {
                bidsStart = json.position();
                json.skipValue();
                bidsEnd = json.position();
            } else if (json.nameIs(ASKS)) {
                asksStart = json.position();
                json.skipValue();
                asksEnd = json.position();
            } else if (json.nameIs(CHANGES)) {
                changesStart = json.position();
                json.skipValue();
                changesEnd = json.position();
            } else {
                json.skipValue();
            }
        }
        if (instrument == null || sequence < 0 || type == 0) {
            throw json.fail("depth without type, pair or instrument_id, or sequence");
        }
        InstrumentBook book = book(instrument);
        BookChange change = out.bookChange();
        change.instrument(instrument);
        change.times(time, receiveTime);
        if (type == 1) {
            if (bidsStart < 0 || asksStart < 0) {
                throw json.fail("depth snapshot without bids or asks");
            }
            change.begin(true, sequence);
            readLevels(change, BookSide.BID, bidsStart, bidsEnd);
            readLevels(change, BookSide.ASK, asksStart, asksEnd);
            applySequenced(book, change, true, sequence);
            return;
        }
        if (changesStart < 0 || previous < 0) {
            throw json.fail("depth update without changes or prev_sequence");
        }
        if (!book.inSync()) {
            return;
        }
        if (sequence <= book.lastSequence()) {
            return; // a repeat
        }
        if (previous != book.lastSequence()) {
            out.sequenceGap(book, receiveTime, book.lastSequence(), previous);
            return;
        }
        change.begin(false, sequence);
        json.reset(json.buffer(), changesStart, changesEnd - changesStart).beginArray();
        while (json.nextElement()) {
            json.beginArray();
            json.nextElement();
            json.readString();
            BookSide side = json.stringIs(BUY) ? BookSide.BID : json.stringIs(SELL) ? BookSide.ASK : null;
            if (side == null) {
                throw json.fail("change side neither buy nor sell");
            }
            json.nextElement();
            long price = requireDecimal();
            json.nextElement();
            long qty = requireDecimal();
            json.skipRestOfArray();
            change.addLevel(side, price, qty);
        }
        applySequenced(book, change, false, sequence);
    }

    /** {@code {"created_at","trade_id","pair"|"instrument_id","price","qty","side"}}: the taker's side. */
    private void trade(long receiveTime) {
        json.beginObject();
        Instrument instrument = null;
        long time = Timestamps.UNKNOWN;
        beginTrade();
        while (json.nextField()) {
            if (tradeField(TRADE_FIELDS)) {
                continue;
            }
            if (json.nameIs(PAIR) || json.nameIs(INSTRUMENT_ID)) {
                json.readString();
                instrument = instrumentFromString();
            } else if (json.nameIs(CREATED_AT)) {
                time = Timestamps.ofMillis(json.readLong());
            } else {
                json.skipValue();
            }
        }
        publishTrade(instrument, time, receiveTime, "trade without pair or instrument_id, price or qty");
    }

    private void quote(long time, long receiveTime) {
        json.beginObject();
        Instrument instrument = null;
        beginQuote();
        while (json.nextField()) {
            if (quoteField(BEST_BID, BEST_BID_QTY, BEST_ASK, BEST_ASK_QTY)) {
                continue;
            }
            if (json.nameIs(PAIR) || json.nameIs(INSTRUMENT_ID)) {
                json.readString();
                instrument = instrumentFromString();
            } else if (json.nameIs(TIME)) {
                time = Timestamps.ofMillis(json.readLong());
            } else {
                json.skipValue();
            }
        }
        if (instrument == null) {
            throw json.fail("ticker without pair or instrument_id");
        }
        publishQuote(instrument, time, receiveTime);
    }
}
