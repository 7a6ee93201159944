package io.dpp.streams.venue.ascendex;

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
 * AscendEX's pro WebSocket: {@code {"m":..,"symbol":..,"data":..}}. A {@code depth-snapshot} (the
 * answer to the client's request) replaces the book: its {@code seqnum} is that of the last change
 * it holds. Each {@code depth} change carries the next {@code seqnum} of its symbol (one more than
 * the last); changes at or below the book's are already in it, a larger step is a gap, and changes
 * before the first snapshot wait for it. Levels are {@code ["price","size"]}, size 0 removing one.
 * {@code trades}: {@code q} at {@code p}, {@code bm} true when the buyer was the maker (the taker
 * sold), {@code seqnum} the trade's id. Pings, acknowledgements and errors carry no market data.
 */
final class AscendexDecoder extends AbstractDecoder {

    private static final byte[] M = Ascii.bytes("m");
    private static final byte[] SYMBOL = Ascii.bytes("symbol");
    private static final byte[] DATA = Ascii.bytes("data");
    private static final byte[] DEPTH = Ascii.bytes("depth");
    private static final byte[] DEPTH_SNAPSHOT = Ascii.bytes("depth-snapshot");
    private static final byte[] TRADES = Ascii.bytes("trades");
    private static final byte[] TS = Ascii.bytes("ts");
    private static final byte[] SEQNUM = Ascii.bytes("seqnum");
    private static final byte[] ASKS = Ascii.bytes("asks");
    private static final byte[] BIDS = Ascii.bytes("bids");
    private static final byte[] P = Ascii.bytes("p");
    private static final byte[] Q = Ascii.bytes("q");
    private static final byte[] BM = Ascii.bytes("bm");

    AscendexDecoder(InstrumentCatalog instruments, FeedOutput out) {
        super(instruments, out);
    }

    /** A new connection asks for every book's snapshot again: what its books hold stops at the old one's end. */
    @Override
    public void onConnect(String url, long receiveTime) {
        allStale(receiveTime, "a new connection: the book is rebuilt from the snapshot it asks for");
    }

    @Override
    protected void decode(byte[] buf, int offset, int length, long receiveTime) {
        json.reset(buf, offset, length).beginObject();
        int kind = 0; // 1 depth, 2 depth-snapshot, 3 trades
        Instrument instrument = null;
        int dataStart = -1;
        int dataEnd = -1;
        while (json.nextField()) {
            if (json.nameIs(M)) {
                json.readString();
                kind = json.stringIs(DEPTH) ? 1 : json.stringIs(DEPTH_SNAPSHOT) ? 2 : json.stringIs(TRADES) ? 3 : -1;
                if (kind < 0) {
                    return; // a ping, an acknowledgement, an error: no market data
                }
            } else if (json.nameIs(SYMBOL)) {
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
        if (kind <= 0) {
            return;
        }
        if (instrument == null || dataStart < 0) {
            throw json.fail("market data without symbol or data");
        }
        json.reset(buf, dataStart, dataEnd - dataStart);
        if (kind == 3) {
            trades(instrument, receiveTime);
        } else {
            book(instrument, kind == 2, receiveTime);
        }
    }

    private void book(Instrument instrument, boolean snapshot, long receiveTime) {
        json.beginObject();
        long time = Timestamps.UNKNOWN;
        long seqnum = Long.MIN_VALUE;
        int bidsStart = -1;
        int bidsEnd = -1;
        int asksStart = -1;
        int asksEnd = -1;
        while (json.nextField()) {
            if (json.nameIs(TS)) {
                time = Timestamps.ofMillis(json.readLong());
            } else if (json.nameIs(SEQNUM)) {
                seqnum = json.readLong();
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
        if (seqnum < 0) {
            throw json.fail("depth without seqnum");
        }
        InstrumentBook book = book(instrument);
        if (book.inSync()) {
            long last = book.lastSequence();
            if (seqnum <= last) {
                return; // a change already applied, or a snapshot older than the book
            }
            if (!snapshot && seqnum != last + 1) {
                out.sequenceGap(book, receiveTime, last + 1, seqnum);
                return;
            }
        } else if (!snapshot) {
            return; // waits for the snapshot it asked for
        }
        BookChange change = out.bookChange();
        change.instrument(instrument);
        change.times(time, receiveTime);
        change.begin(snapshot, seqnum);
        readLevels(change, BookSide.BID, bidsStart, bidsEnd);
        readLevels(change, BookSide.ASK, asksStart, asksEnd);
        applySequenced(book, change, snapshot, seqnum);
    }

    private void trades(Instrument instrument, long receiveTime) {
        json.beginArray();
        while (json.nextElement()) {
            json.beginObject();
            long time = Timestamps.UNKNOWN;
            long price = Decimal64.NULL;
            long size = Decimal64.NULL;
            long id = Long.MIN_VALUE;
            Side side = Side.UNKNOWN;
            while (json.nextField()) {
                if (json.nameIs(P)) {
                    price = requireDecimal();
                } else if (json.nameIs(Q)) {
                    size = requireDecimal();
                } else if (json.nameIs(TS)) {
                    time = Timestamps.ofMillis(json.readLong());
                } else if (json.nameIs(BM)) {
                    side = json.readBoolean() ? Side.SELL : Side.BUY;
                } else if (json.nameIs(SEQNUM)) {
                    id = json.readLong();
                } else {
                    json.skipValue();
                }
            }
            if (!Decimal64.isNumber(price) || !Decimal64.isNumber(size)) {
                throw json.fail("trade without p or q");
            }
            Trade trade = out.trade();
            trade.instrument(instrument);
            trade.times(time, receiveTime);
            if (id != Long.MIN_VALUE) {
                trade.id().set(id);
            }
            trade.set(price, size, side);
            out.publish(trade);
        }
    }
}
