package io.dpp.streams.venue.bitstamp;

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
import io.dpp.streams.venue.SnapshotBridge;

/**
 * Bitstamp WebSocket v2: {@code {"event":..,"channel":..,"data":{..}}}. Books come from
 * "diff_order_book_X" changes bridged onto a REST snapshot ({@code /api/v2/order_book/X}) by
 * microtimestamp: changes not newer than the snapshot are dropped, later ones applied in order
 * (there are no sequence numbers). "order_book_X" messages are complete top-100 pictures and
 * replace the book each time. Trades from "live_trades_X" (type 0 buy, 1 sell).
 */
final class BitstampDecoder extends AbstractDecoder {

    private static final byte[] EVENT = Ascii.bytes("event");
    private static final byte[] CHANNEL = Ascii.bytes("channel");
    private static final byte[] DATA = Ascii.bytes("data");
    private static final byte[] TRADE = Ascii.bytes("trade");
    private static final byte[] DATA_EVENT = Ascii.bytes("data");
    private static final byte[] MICROTIMESTAMP = Ascii.bytes("microtimestamp");
    private static final byte[] BIDS = Ascii.bytes("bids");
    private static final byte[] ASKS = Ascii.bytes("asks");
    private static final byte[] ID = Ascii.bytes("id");
    private static final byte[] PRICE_STR = Ascii.bytes("price_str");
    private static final byte[] AMOUNT_STR = Ascii.bytes("amount_str");
    private static final byte[] TYPE = Ascii.bytes("type");
    private static final String DIFF = "diff_order_book_";
    private static final String FULL = "order_book_";
    private static final String TRADES = "live_trades_";

    private final SnapshotBridge snapshots = new SnapshotBridge(json, instruments, out,
            BitstampDecoder::snapshotPair, this::heldDiff);
    private final BookSides sides = new BookSides(BIDS, ASKS);
    private long micros;

    BitstampDecoder(InstrumentCatalog instruments, FeedOutput out) {
        super(instruments, out);
    }

    @Override
    protected void decode(byte[] buf, int offset, int length, long receiveTime) {
        json.reset(buf, offset, length).beginObject();
        int channelStart = -1;
        int channelLength = 0;
        int dataStart = -1;
        int dataEnd = -1;
        boolean trade = false;
        boolean data = false;
        while (json.nextField()) {
            if (json.nameIs(EVENT)) {
                json.readString();
                trade = json.stringIs(TRADE);
                data = json.stringIs(DATA_EVENT);
            } else if (json.nameIs(CHANNEL)) {
                json.readString();
                channelStart = json.stringStart();
                channelLength = json.stringLength();
            } else if (json.nameIs(DATA)) {
                dataStart = json.position();
                json.skipValue();
                dataEnd = json.position();
            } else {
                json.skipValue();
            }
        }
        if (channelStart < 0 || dataStart < 0 || !(data || trade)) {
            return; // subscription replies, heartbeats, reconnect requests
        }
        if (Ascii.startsWith(buf, channelStart, channelLength, DIFF)) {
            Instrument instrument = symbol(buf, channelStart + DIFF.length(), channelLength - DIFF.length());
            InstrumentBook book = book(instrument);
            if (!book.inSync()) {
                snapshots.hold(instrument, buf, offset, length, receiveTime);
                return;
            }
            diff(book, dataStart, dataEnd, receiveTime);
        } else if (Ascii.startsWith(buf, channelStart, channelLength, FULL)) {
            Instrument instrument = symbol(buf, channelStart + FULL.length(), channelLength - FULL.length());
            snapshot(book(instrument), dataStart, dataEnd, receiveTime);
        } else if (trade && Ascii.startsWith(buf, channelStart, channelLength, TRADES)) {
            trade(symbol(buf, channelStart + TRADES.length(), channelLength - TRADES.length()), dataStart, dataEnd,
                    receiveTime);
        }
    }

    private void diff(InstrumentBook book, int start, int end, long receiveTime) {
        BookChange change = out.bookChange();
        change.begin(false, BookChange.NO_SEQUENCE);
        readBook(change, start, end);
        if (micros <= book.lastSequence()) {
            return; // already in the snapshot
        }
        change.instrument(book.instrument());
        change.times(micros, receiveTime);
        if (out.apply(book, change)) {
            book.lastSequence(micros);
            out.publishChange(book, change);
        }
    }

    private void snapshot(InstrumentBook book, int start, int end, long receiveTime) {
        BookChange change = out.bookChange();
        change.begin(true, BookChange.NO_SEQUENCE);
        readBook(change, start, end);
        change.instrument(book.instrument());
        change.times(micros, receiveTime);
        out.snapshot(book, change);
        if (book.inSync()) {
            book.lastSequence(micros);
        }
    }

    @Override
    protected void decodeRest(String url, byte[] buf, int offset, int length, long receiveTime) {
        Instrument instrument = snapshots.instrument(url, buf, offset, length);
        if (instrument == null) {
            return;
        }
        InstrumentBook book = book(instrument);
        json.reset(buf, offset, length);
        snapshot(book, offset, offset + length, receiveTime);
        snapshots.release(book, receiveTime);
    }

    /** The pair a snapshot URL ({@code .../order_book/btcusd}) asks for, or null for any other URL. */
    private static String snapshotPair(String url) {
        int at = url.indexOf("/order_book/");
        return at < 0 ? null : url.substring(at + "/order_book/".length()).replaceAll("[/?].*$", "");
    }

    private void heldDiff(InstrumentBook book, byte[] buf, int offset, int length, long receiveTime) {
        json.reset(buf, offset, length).beginObject();
        while (json.nextField()) {
            if (json.nameIs(DATA)) {
                // Read where it stands: the book reader stops at the end of the data object.
                diff(book, json.position(), offset + length, receiveTime);
                return;
            }
            json.skipValue();
        }
    }

    /**
     * Reads a book message's microtimestamp into {@link #micros} and its levels, where they stand,
     * into {@code change} (begun by the caller; published only after this returns).
     */
    private void readBook(BookChange change, int start, int end) {
        sides.begin(change);
        micros = Timestamps.UNKNOWN;
        json.reset(json.buffer(), start, end - start).beginObject();
        while (json.nextField()) {
            if (json.nameIs(MICROTIMESTAMP)) {
                micros = json.readLong();
            } else if (!sides.read()) {
                json.skipValue();
            }
        }
        if (micros == Timestamps.UNKNOWN) {
            throw json.fail("book without microtimestamp");
        }
    }

    private void trade(Instrument instrument, int start, int end, long receiveTime) {
        Trade trade = out.trade();
        long price = Decimal64.NULL;
        long amount = Decimal64.NULL;
        long time = Timestamps.UNKNOWN;
        Side side = Side.UNKNOWN;
        json.reset(json.buffer(), start, end - start).beginObject();
        while (json.nextField()) {
            if (json.nameIs(ID)) {
                trade.id().set(json.readLong());
            } else if (json.nameIs(PRICE_STR)) {
                price = requireDecimal();
            } else if (json.nameIs(AMOUNT_STR)) {
                amount = requireDecimal();
            } else if (json.nameIs(TYPE)) {
                long type = json.readLong();
                side = type == 0 ? Side.BUY : type == 1 ? Side.SELL : Side.UNKNOWN;
            } else if (json.nameIs(MICROTIMESTAMP)) {
                time = json.readLong();
            } else {
                json.skipValue();
            }
        }
        if (!Decimal64.isNumber(price) || !Decimal64.isNumber(amount)) {
            throw json.fail("trade without price_str or amount_str");
        }
        trade.instrument(instrument);
        trade.times(time, receiveTime);
        trade.set(price, amount, side);
        out.publish(trade);
    }

    private Instrument symbol(byte[] buf, int start, int length) {
        Instrument i = instruments.find(buf, start, length);
        if (i == null) {
            throw json.fail("unknown pair in channel name");
        }
        return i;
    }
}
