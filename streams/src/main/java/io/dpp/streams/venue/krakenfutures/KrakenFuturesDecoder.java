package io.dpp.streams.venue.krakenfutures;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.BookSide;
import io.dpp.core.model.DerivativeTicker;
import io.dpp.core.model.Liquidation;
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
 * Kraken Futures WebSocket v1: {@code {"feed":..,"product_id":..}}. Books: "book_snapshot" then
 * one "book" message per level change, each with the product's {@code seq}, which must grow by
 * exactly one. Trades ("trade", "trade_snapshot"; the side is the taker's; fills of type
 * "liquidation" are also published as liquidations), "ticker_lite" (best bid and ask) and
 * "ticker" (with mark, index, funding and open interest).
 */
final class KrakenFuturesDecoder extends AbstractDecoder {

    private static final byte[] FEED = Ascii.bytes("feed");
    private static final byte[] EVENT = Ascii.bytes("event");
    private static final byte[] PRODUCT_ID = Ascii.bytes("product_id");
    private static final byte[] SEQ = Ascii.bytes("seq");
    private static final byte[] TIMESTAMP = Ascii.bytes("timestamp");
    private static final byte[] TIME = Ascii.bytes("time");
    private static final byte[] BIDS = Ascii.bytes("bids");
    private static final byte[] ASKS = Ascii.bytes("asks");
    private static final byte[] PRICE = Ascii.bytes("price");
    private static final byte[] QTY = Ascii.bytes("qty");
    private static final byte[] SIDE = Ascii.bytes("side");
    private static final byte[] UID = Ascii.bytes("uid");
    private static final byte[] TYPE = Ascii.bytes("type");
    private static final byte[] TRADES = Ascii.bytes("trades");
    private static final byte[] BID = Ascii.bytes("bid");
    private static final byte[] ASK = Ascii.bytes("ask");
    private static final byte[] BID_SIZE = Ascii.bytes("bid_size");
    private static final byte[] ASK_SIZE = Ascii.bytes("ask_size");
    private static final byte[] MARK_PRICE = Ascii.bytes("markPrice");
    private static final byte[] INDEX = Ascii.bytes("index");
    private static final byte[] LAST = Ascii.bytes("last");
    private static final byte[] FUNDING_RATE = Ascii.bytes("funding_rate");
    private static final byte[] FUNDING_PREDICTION = Ascii.bytes("funding_rate_prediction");
    private static final byte[] NEXT_FUNDING = Ascii.bytes("next_funding_rate_time");
    private static final byte[] OPEN_INTEREST = Ascii.bytes("openInterest");
    private static final byte[] BOOK_SNAPSHOT = Ascii.bytes("book_snapshot");
    private static final byte[] BOOK = Ascii.bytes("book");
    private static final byte[] TRADE = Ascii.bytes("trade");
    private static final byte[] TRADE_SNAPSHOT = Ascii.bytes("trade_snapshot");
    private static final byte[] TICKER_LITE = Ascii.bytes("ticker_lite");
    private static final byte[] TICKER = Ascii.bytes("ticker");
    private static final byte[] BUY = Ascii.bytes("buy");
    private static final byte[] SELL = Ascii.bytes("sell");
    private static final byte[] LIQUIDATION = Ascii.bytes("liquidation");

    private int feedStart;
    private int feedLength;
    private Instrument instrument;
    private long seq;
    private long time;
    private long price;
    private long qty;
    private Side side;
    private boolean liquidation;
    private int bidsStart;
    private int bidsEnd;
    private int asksStart;
    private int asksEnd;
    private int tradesStart;
    private int tradesEnd;
    private int uidStart;
    private int uidLength;
    private long bid;
    private long ask;
    private long bidSize;
    private long askSize;
    private long mark;
    private long index;
    private long last;
    private long funding;
    private long fundingPrediction;
    private long nextFunding;
    private long openInterest;

    KrakenFuturesDecoder(InstrumentCatalog instruments, FeedOutput out) {
        super(instruments, out);
    }

    @Override
    protected void decode(byte[] buf, int offset, int length, long receiveTime) {
        json.reset(buf, offset, length).beginObject();
        clear();
        boolean event = false;
        while (json.nextField()) {
            event |= json.nameIs(EVENT);
            readMember();
        }
        if (event || feedStart < 0) {
            return; // info, subscribed, heartbeat-less events
        }
        byte[] b = buf;
        if (Ascii.equals(b, feedStart, feedLength, BOOK)) {
            bookChange(receiveTime);
        } else if (Ascii.equals(b, feedStart, feedLength, BOOK_SNAPSHOT)) {
            bookSnapshot(receiveTime);
        } else if (Ascii.equals(b, feedStart, feedLength, TRADE)) {
            trade(receiveTime);
        } else if (Ascii.equals(b, feedStart, feedLength, TRADE_SNAPSHOT)) {
            tradeSnapshot(receiveTime);
        } else if (Ascii.equals(b, feedStart, feedLength, TICKER_LITE) || Ascii.equals(b, feedStart, feedLength, TICKER)) {
            ticker(receiveTime, Ascii.equals(b, feedStart, feedLength, TICKER));
        }
    }

    private void clear() {
        feedStart = -1;
        instrument = null;
        seq = Long.MIN_VALUE;
        time = Timestamps.UNKNOWN;
        price = Decimal64.NULL;
        qty = Decimal64.NULL;
        side = Side.UNKNOWN;
        liquidation = false;
        bidsStart = asksStart = tradesStart = -1;
        uidStart = -1;
        bid = ask = bidSize = askSize = mark = index = last = Decimal64.NULL;
        funding = fundingPrediction = openInterest = Decimal64.NULL;
        nextFunding = Timestamps.UNKNOWN;
    }

    private void readMember() {
        if (json.nameIs(FEED)) {
            json.readString();
            feedStart = json.stringStart();
            feedLength = json.stringLength();
        } else if (json.nameIs(PRODUCT_ID)) {
            json.readString();
            instrument = instrumentFromString();
        } else if (json.nameIs(SEQ)) {
            seq = json.readLong();
        } else if (json.nameIs(TIMESTAMP) || json.nameIs(TIME)) {
            time = Timestamps.ofMillis(json.readLong());
        } else if (json.nameIs(PRICE)) {
            price = json.readDecimal();
        } else if (json.nameIs(QTY)) {
            qty = json.readDecimal();
        } else if (json.nameIs(SIDE)) {
            side = readSide(BUY, SELL);
        } else if (json.nameIs(TYPE)) {
            json.readString();
            liquidation = json.stringIs(LIQUIDATION);
        } else if (json.nameIs(UID)) {
            json.readString();
            uidStart = json.stringStart();
            uidLength = json.stringLength();
        } else if (json.nameIs(BIDS)) {
            bidsStart = json.position();
            json.skipValue();
            bidsEnd = json.position();
        } else if (json.nameIs(ASKS)) {
            asksStart = json.position();
            json.skipValue();
            asksEnd = json.position();
        } else if (json.nameIs(TRADES)) {
            tradesStart = json.position();
            json.skipValue();
            tradesEnd = json.position();
        } else if (json.nameIs(BID)) {
            bid = optionalDecimal();
        } else if (json.nameIs(ASK)) {
            ask = optionalDecimal();
        } else if (json.nameIs(BID_SIZE)) {
            bidSize = optionalDecimal();
        } else if (json.nameIs(ASK_SIZE)) {
            askSize = optionalDecimal();
        } else if (json.nameIs(MARK_PRICE)) {
            mark = optionalDecimal();
        } else if (json.nameIs(INDEX)) {
            index = optionalDecimal();
        } else if (json.nameIs(LAST)) {
            last = optionalDecimal();
        } else if (json.nameIs(FUNDING_RATE)) {
            funding = optionalDecimal();
        } else if (json.nameIs(FUNDING_PREDICTION)) {
            fundingPrediction = optionalDecimal();
        } else if (json.nameIs(NEXT_FUNDING)) {
            nextFunding = json.readNull() ? Timestamps.UNKNOWN : Timestamps.ofMillis(json.readLong());
        } else if (json.nameIs(OPEN_INTEREST)) {
            openInterest = optionalDecimal();
        } else {
            json.skipValue();
        }
    }

    private void bookSnapshot(long receiveTime) {
        Instrument product = require();
        BookChange change = out.bookChange();
        change.instrument(product);
        change.times(time, receiveTime);
        change.begin(true, seq == Long.MIN_VALUE ? BookChange.NO_SEQUENCE : seq);
        levels(change, BookSide.BID, bidsStart, bidsEnd);
        levels(change, BookSide.ASK, asksStart, asksEnd);
        InstrumentBook book = book(product);
        out.snapshot(book, change);
        book.lastSequence(seq == Long.MIN_VALUE ? InstrumentBook.NO_SEQUENCE : seq);
    }

    private void bookChange(long receiveTime) {
        Instrument product = require();
        InstrumentBook book = book(product);
        if (!book.inSync()) {
            return;
        }
        if (seq == Long.MIN_VALUE) {
            throw json.fail("book change without seq");
        }
        if (book.lastSequence() != InstrumentBook.NO_SEQUENCE) {
            if (seq <= book.lastSequence()) {
                return; // a repeat
            }
            if (seq != book.lastSequence() + 1) {
                out.sequenceGap(book, receiveTime, book.lastSequence() + 1, seq);
                return;
            }
        }
        if (!Decimal64.isNumber(price) || !Decimal64.isNumber(qty) || side == Side.UNKNOWN) {
            throw json.fail("book change without price, qty or side");
        }
        BookChange change = out.bookChange();
        change.instrument(product);
        change.times(time, receiveTime);
        change.begin(false, seq);
        change.addLevel(side == Side.BUY ? BookSide.BID : BookSide.ASK, price, qty);
        if (out.apply(book, change)) {
            book.lastSequence(seq);
            out.publishChange(book, change);
        }
    }

    private void levels(BookChange change, BookSide bookSide, int start, int end) {
        if (start < 0) {
            return;
        }
        json.reset(json.buffer(), start, end - start).beginArray();
        while (json.nextElement()) {
            long p = Decimal64.NULL;
            long q = Decimal64.NULL;
            json.beginObject();
            while (json.nextField()) {
                if (json.nameIs(PRICE)) {
                    p = requireDecimal();
                } else if (json.nameIs(QTY)) {
                    q = requireDecimal();
                } else {
                    json.skipValue();
                }
            }
            if (!Decimal64.isNumber(p) || !Decimal64.isNumber(q)) {
                throw json.fail("level without price or qty");
            }
            change.addLevel(bookSide, p, q);
        }
    }

    private void trade(long receiveTime) {
        Instrument product = require();
        if (!Decimal64.isNumber(price) || !Decimal64.isNumber(qty)) {
            throw json.fail("trade without price or qty");
        }
        Trade trade = out.trade();
        trade.instrument(product);
        trade.times(time, receiveTime);
        if (uidStart >= 0) {
            trade.id().set(json.buffer(), uidStart, uidLength);
        }
        trade.set(price, qty, side);
        out.publish(trade);
        if (liquidation) {
            Liquidation l = out.liquidation();
            l.instrument(product);
            l.times(time, receiveTime);
            l.id().set(trade.id());
            l.set(price, qty, side);
            out.publish(l);
        }
    }

    private void tradeSnapshot(long receiveTime) {
        if (tradesStart < 0) {
            return;
        }
        int start = tradesStart;
        int end = tradesEnd;
        json.reset(json.buffer(), start, end - start).beginArray();
        while (json.nextElement()) {
            int itemStart = json.position();
            json.skipValue();
            int itemEnd = json.position();
            json.reset(json.buffer(), itemStart, itemEnd - itemStart).beginObject();
            clear();
            while (json.nextField()) {
                readMember();
            }
            trade(receiveTime);
            json.reset(json.buffer(), itemEnd, end - itemEnd);
        }
    }

    private void ticker(long receiveTime, boolean full) {
        Instrument product = require();
        Quote quote = out.quote();
        quote.instrument(product);
        quote.times(time, receiveTime);
        quote.set(bid, bidSize, ask, askSize);
        out.publish(quote);
        if (full) {
            DerivativeTicker ticker = out.ticker();
            ticker.instrument(product);
            ticker.times(time, receiveTime);
            ticker.prices(last, mark, index).funding(funding, fundingPrediction, nextFunding).openInterest(openInterest);
            out.publish(ticker);
        }
    }

    private Instrument require() {
        if (instrument == null) {
            throw json.fail("missing product_id");
        }
        return instrument;
    }

}
