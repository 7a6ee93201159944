package io.dpp.streams.venue.gemini;

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

/**
 * Gemini v2 market data: {@code l2_updates} (the first of a subscription is the book's snapshot:
 * it alone carries the {@code trades} and {@code auction_events} fields; the others change levels,
 * {@code [side, price, quantity]} with quantity 0 removing one) and {@code trade} (its {@code side}
 * the taker's, {@code event_id} its id, {@code timestamp} in ms). The recent trades a snapshot
 * carries happened before the subscription and come again after a resubscription: they are not
 * published. No sequence numbers: a book is checked for crossing only. Heartbeats are ignored.
 */
final class GeminiDecoder extends AbstractDecoder {

    private static final byte[] TYPE = Ascii.bytes("type");
    private static final byte[] SYMBOL = Ascii.bytes("symbol");
    private static final byte[] CHANGES = Ascii.bytes("changes");
    private static final byte[] TRADES = Ascii.bytes("trades");
    private static final byte[] L2_UPDATES = Ascii.bytes("l2_updates");
    private static final byte[] TRADE = Ascii.bytes("trade");
    private static final byte[] EVENT_ID = Ascii.bytes("event_id");
    private static final byte[] TIMESTAMP = Ascii.bytes("timestamp");
    private static final byte[] PRICE = Ascii.bytes("price");
    private static final byte[] QUANTITY = Ascii.bytes("quantity");
    private static final byte[] SIDE = Ascii.bytes("side");
    private static final byte[] BUY = Ascii.bytes("buy");
    private static final byte[] SELL = Ascii.bytes("sell");

    GeminiDecoder(InstrumentCatalog instruments, FeedOutput out) {
        super(instruments, out);
    }

    @Override
    protected void decode(byte[] buf, int offset, int length, long receiveTime) {
        // One pass. Gemini names the type first: an l2_updates message's changes are then read
        // where they stand into the book change, which is applied only once the whole message has
        // been read (whether it is a snapshot shows after them). Changes before the type, or of
        // another type (candles), are noted and read after the pass only for l2_updates.
        json.reset(buf, offset, length).beginObject();
        int typeStart = -1;
        int typeLength = 0;
        Instrument instrument = null;
        BookChange change = null;
        int changesStart = -1;
        int changesEnd = -1;
        boolean snapshot = false;
        long eventId = Long.MIN_VALUE;
        long time = Timestamps.UNKNOWN;
        long price = Decimal64.NULL;
        long quantity = Decimal64.NULL;
        Side side = Side.UNKNOWN;
        while (json.nextField()) {
            if (json.nameIs(TYPE)) {
                json.readString();
                typeStart = json.stringStart();
                typeLength = json.stringLength();
            } else if (json.nameIs(SYMBOL)) {
                json.readString();
                instrument = instrumentFromString();
            } else if (json.nameIs(CHANGES) && typeStart >= 0 && Ascii.equals(buf, typeStart, typeLength, L2_UPDATES)) {
                change = out.bookChange();
                change.begin(false, BookChange.NO_SEQUENCE);
                changes(change);
            } else if (json.nameIs(CHANGES)) {
                changesStart = json.position();
                json.skipValue();
                changesEnd = json.position();
            } else if (json.nameIs(TRADES)) {
                snapshot = true; // only a subscription's first l2_updates carries the recent trades
                json.skipValue();
            } else if (json.nameIs(EVENT_ID)) {
                eventId = json.readLong();
            } else if (json.nameIs(TIMESTAMP)) {
                long ms = json.readLong();
                if (ms < 0) {
                    throw json.fail("bad timestamp");
                }
                time = Timestamps.ofMillis(ms);
            } else if (json.nameIs(PRICE)) {
                price = json.readDecimal();
            } else if (json.nameIs(QUANTITY)) {
                quantity = json.readDecimal();
            } else if (json.nameIs(SIDE)) {
                side = readSide(BUY, SELL);
            } else {
                json.skipValue();
            }
        }
        if (typeStart < 0) {
            return;
        }
        if (Ascii.equals(buf, typeStart, typeLength, L2_UPDATES)) {
            if (change == null && changesStart >= 0) { // the changes came before the type
                change = out.bookChange();
                change.begin(false, BookChange.NO_SEQUENCE);
                json.reset(buf, changesStart, changesEnd - changesStart);
                changes(change);
            }
            if (change == null) {
                throw json.fail("l2_updates without changes");
            }
            change.instrument(require(instrument));
            change.times(Timestamps.UNKNOWN, receiveTime);
            change.snapshot(snapshot);
            InstrumentBook book = book(change.instrument());
            if (snapshot) {
                out.snapshot(book, change);
            } else if (out.apply(book, change)) {
                out.publishChange(book, change);
            }
        } else if (Ascii.equals(buf, typeStart, typeLength, TRADE)) {
            if (!Decimal64.isNumber(price) || !Decimal64.isNumber(quantity)) {
                throw json.fail("trade without price or quantity");
            }
            Trade trade = out.trade();
            trade.instrument(require(instrument));
            trade.times(time, receiveTime);
            if (eventId != Long.MIN_VALUE) {
                trade.id().set(eventId);
            }
            trade.set(price, quantity, side);
            out.publish(trade);
        }
    }

    /** Reads [[side, price, quantity], ...] at the reader's position into the change. */
    private void changes(BookChange change) {
        json.beginArray();
        while (json.nextElement()) {
            json.beginArray();
            json.nextElement();
            json.readString();
            BookSide bookSide = json.stringIs(BUY) ? BookSide.BID : json.stringIs(SELL) ? BookSide.ASK : null;
            if (bookSide == null) {
                throw json.fail("change side is neither buy nor sell");
            }
            json.nextElement();
            long p = requireDecimal();
            json.nextElement();
            long q = requireDecimal();
            json.skipRestOfArray();
            change.addLevel(bookSide, p, q);
        }
    }

    private Instrument require(Instrument instrument) {
        if (instrument == null) {
            throw json.fail("missing symbol");
        }
        return instrument;
    }
}
