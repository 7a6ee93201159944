package io.dpp.streams.venue.probit;

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
import io.dpp.streams.json.TimeText;
import io.dpp.streams.venue.AbstractDecoder;
import io.dpp.streams.venue.InstrumentCatalog;

/**
 * ProBit {@code marketdata}: {@code {"channel":"marketdata","market_id":..,"order_books":[{side, price,
 * quantity}],"recent_trades":[{id, price, quantity, time, side}],"reset":true}}. A message with
 * {@code reset} holds the whole book (it replaces the book) and the market's recent trades, which are
 * history and not published; the others hold changed levels (quantity 0 removes one) and new trades
 * ({@code side} the taker's). Changes for a book not yet built are dropped: its reset is still to come.
 */
final class ProbitDecoder extends AbstractDecoder {

    private static final byte[] CHANNEL = Ascii.bytes("channel");
    private static final byte[] MARKETDATA = Ascii.bytes("marketdata");
    private static final byte[] MARKET_ID = Ascii.bytes("market_id");
    private static final byte[] ORDER_BOOKS = Ascii.bytes("order_books");
    private static final byte[] RECENT_TRADES = Ascii.bytes("recent_trades");
    private static final byte[] RESET = Ascii.bytes("reset");
    private static final byte[] SIDE = Ascii.bytes("side");
    private static final byte[] PRICE = Ascii.bytes("price");
    private static final byte[] QUANTITY = Ascii.bytes("quantity");
    private static final byte[] ID = Ascii.bytes("id");
    private static final byte[] TIME = Ascii.bytes("time");
    private static final byte[] BUY = Ascii.bytes("buy");
    private static final byte[] SELL = Ascii.bytes("sell");

    ProbitDecoder(InstrumentCatalog instruments, FeedOutput out) {
        super(instruments, out);
    }

    @Override
    protected void decode(byte[] buf, int offset, int length, long receiveTime) {
        json.reset(buf, offset, length).beginObject();
        boolean marketdata = false;
        Instrument instrument = null;
        int booksStart = -1;
        int booksEnd = -1;
        int tradesStart = -1;
        int tradesEnd = -1;
        boolean reset = false;
        while (json.nextField()) {
            if (json.nameIs(CHANNEL)) {
                json.readString();
                marketdata = json.stringIs(MARKETDATA);
            } else if (json.nameIs(MARKET_ID)) {
                json.readString();
                instrument = instrumentFromString();
            } else if (json.nameIs(ORDER_BOOKS)) {
                booksStart = json.position();
                json.skipValue();
                booksEnd = json.position();
            } else if (json.nameIs(RECENT_TRADES)) {
                tradesStart = json.position();
                json.skipValue();
                tradesEnd = json.position();
            } else if (json.nameIs(RESET)) {
                reset = json.readBoolean();
            } else {
                json.skipValue();
            }
        }
        if (!marketdata || (booksStart < 0 && tradesStart < 0)) {
            return; // an error, an answer
        }
        if (instrument == null) {
            throw json.fail("marketdata without market_id");
        }
        if (booksStart >= 0) {
            book(instrument, buf, booksStart, booksEnd, reset, receiveTime);
        }
        if (tradesStart >= 0 && !reset) {
            trades(instrument, buf, tradesStart, tradesEnd, receiveTime);
        }
    }

    private void book(Instrument instrument, byte[] buf, int start, int end, boolean reset, long receiveTime) {
        InstrumentBook book = book(instrument);
        if (!reset && !book.inSync()) {
            return; // changes before the book's reset
        }
        BookChange change = out.bookChange();
        change.instrument(instrument);
        change.times(Timestamps.UNKNOWN, receiveTime);
        change.begin(reset, BookChange.NO_SEQUENCE);
        json.reset(buf, start, end - start).beginArray();
        while (json.nextElement()) {
            json.beginObject();
            BookSide side = null;
            long price = Decimal64.NULL;
            long quantity = Decimal64.NULL;
            while (json.nextField()) {
                if (json.nameIs(SIDE)) {
                    json.readString();
                    side = json.stringIs(BUY) ? BookSide.BID : json.stringIs(SELL) ? BookSide.ASK : null;
                } else if (json.nameIs(PRICE)) {
                    price = requireDecimal();
                } else if (json.nameIs(QUANTITY)) {
                    quantity = requireDecimal();
                } else {
                    json.skipValue();
                }
            }
            if (side == null || price == Decimal64.NULL || quantity == Decimal64.NULL) {
                throw json.fail("order_books entry without side, price or quantity");
            }
            change.addLevel(side, price, quantity);
        }
        if (reset) {
            out.snapshot(book, change);
        } else if (out.apply(book, change)) {
            out.publishChange(book, change);
        }
    }

    private void trades(Instrument instrument, byte[] buf, int start, int end, long receiveTime) {
        json.reset(buf, start, end - start).beginArray();
        while (json.nextElement()) {
            json.beginObject();
            Trade trade = out.trade();
            long price = Decimal64.NULL;
            long quantity = Decimal64.NULL;
            long time = Timestamps.UNKNOWN;
            Side side = Side.UNKNOWN;
            while (json.nextField()) {
                if (json.nameIs(ID)) {
                    json.readString();
                    trade.id().set(json.buffer(), json.stringStart(), json.stringLength());
                } else if (json.nameIs(PRICE)) {
                    price = requireDecimal();
                } else if (json.nameIs(QUANTITY)) {
                    quantity = requireDecimal();
                } else if (json.nameIs(TIME)) {
                    json.readString();
                    time = TimeText.iso(json.buffer(), json.stringStart(), json.stringLength());
                    if (time < 0) {
                        throw json.fail("trade time not in ISO-8601");
                    }
                } else if (json.nameIs(SIDE)) {
                    side = readSide(BUY, SELL);
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
}
