package io.dpp.streams.venue.bitget;

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
import io.dpp.streams.venue.okx.OkxChecksum;

/**
 * Bitget WebSocket v1: {@code {"action":"snapshot"|"update","arg":{"instType","channel","instId"},"data":[...]}}
 * (members in any order). The instrument is the {@code instId} in its market ({@code sp} spot,
 * {@code mc} futures: {@link BitgetMarkets}).
 * <ul>
 *   <li>{@code books}: a snapshot, then updates of {@code [price, size]} levels (size 0 removes),
 *       each with a {@code checksum}: CRC32 of the top 25 levels interleaved, prices and sizes as
 *       sent (OKX's rule), checked after every message.</li>
 *   <li>{@code trade}: {@code [ts, price, size, side]} arrays, the taker's side; the snapshot on
 *       subscribing is recent history and is not published.</li>
 *   <li>{@code ticker}: best bid and ask without sizes (published as quotes), spot's time in
 *       {@code ts}, futures' in {@code systemTime}.</li>
 * </ul>
 * Subscription answers, pongs and candles are not decoded.
 */
final class BitgetDecoder extends AbstractDecoder {

    private static final byte[] ACTION = Ascii.bytes("action");
    private static final byte[] SNAPSHOT = Ascii.bytes("snapshot");
    private static final byte[] UPDATE = Ascii.bytes("update");
    private static final byte[] ARG = Ascii.bytes("arg");
    private static final byte[] DATA = Ascii.bytes("data");
    private static final byte[] INST_TYPE = Ascii.bytes("instType");
    private static final byte[] CHANNEL = Ascii.bytes("channel");
    private static final byte[] INST_ID = Ascii.bytes("instId");
    private static final byte[] SP = Ascii.bytes("sp");
    private static final byte[] SP_UPPER = Ascii.bytes("SP");
    private static final byte[] BOOKS = Ascii.bytes("books");
    private static final byte[] TRADE = Ascii.bytes("trade");
    private static final byte[] TICKER = Ascii.bytes("ticker");
    private static final byte[] ASKS = Ascii.bytes("asks");
    private static final byte[] BIDS = Ascii.bytes("bids");
    private static final byte[] CHECKSUM = Ascii.bytes("checksum");
    private static final byte[] TS = Ascii.bytes("ts");
    private static final byte[] SYSTEM_TIME = Ascii.bytes("systemTime");
    private static final byte[] BEST_BID = Ascii.bytes("bestBid");
    private static final byte[] BEST_ASK = Ascii.bytes("bestAsk");
    private static final byte[] BUY = Ascii.bytes("buy");
    private static final byte[] SELL = Ascii.bytes("sell");
    /** Longest instrument id read; longer ones are unknown instruments. */
    private static final int MAX_ID = 48;

    private final OkxChecksum checksum = new OkxChecksum();
    /** The native symbol of the message's instrument, built from its instId and market. */
    private final byte[] symbol = new byte[MAX_ID + 8];

    BitgetDecoder(InstrumentCatalog instruments, FeedOutput out) {
        super(instruments, out);
    }

    @Override
    protected void decode(byte[] buf, int offset, int length, long receiveTime) {
        json.reset(buf, offset, length).beginObject();
        int action = 0; // 1 snapshot, 2 update
        int argStart = -1;
        int argEnd = -1;
        int dataStart = -1;
        int dataEnd = -1;
        while (json.nextField()) {
            if (json.nameIs(ACTION)) {
                json.readString();
                action = json.stringIs(SNAPSHOT) ? 1 : json.stringIs(UPDATE) ? 2 : 0;
            } else if (json.nameIs(ARG)) {
                argStart = json.position();
                json.skipValue();
                argEnd = json.position();
            } else if (json.nameIs(DATA)) {
                dataStart = json.position();
                json.skipValue();
                dataEnd = json.position();
            } else {
                json.skipValue();
            }
        }
        if (action == 0) {
            return; // a subscription's answer, an error notice
        }
        if (argStart < 0 || dataStart < 0) {
            throw json.fail("push without arg or data");
        }
        json.reset(buf, argStart, argEnd - argStart).beginObject();
        boolean spot = false;
        int channelStart = -1;
        int channelLength = 0;
        int idStart = -1;
        int idLength = 0;
        while (json.nextField()) {
            if (json.nameIs(INST_TYPE)) {
                json.readString();
                spot = json.stringIs(SP) || json.stringIs(SP_UPPER);
            } else if (json.nameIs(CHANNEL)) {
                json.readString();
                channelStart = json.stringStart();
                channelLength = json.stringLength();
            } else if (json.nameIs(INST_ID)) {
                json.readString();
                idStart = json.stringStart();
                idLength = json.stringLength();
            } else {
                json.skipValue();
            }
        }
        if (channelStart < 0 || idStart < 0) {
            throw json.fail("arg without channel or instId");
        }
        boolean books = Ascii.equals(buf, channelStart, channelLength, BOOKS);
        boolean trades = !books && Ascii.equals(buf, channelStart, channelLength, TRADE);
        boolean ticker = !books && !trades && Ascii.equals(buf, channelStart, channelLength, TICKER);
        if (!books && !trades && !ticker) {
            return; // candles
        }
        Instrument instrument = instrument(buf, idStart, idLength, spot);
        json.reset(buf, dataStart, dataEnd - dataStart).beginArray();
        if (books) {
            while (json.nextElement()) {
                book(instrument, action == 1, receiveTime);
            }
        } else if (trades) {
            if (action == 2) {
                while (json.nextElement()) {
                    trade(instrument, receiveTime);
                }
            }
        } else {
            while (json.nextElement()) {
                quote(instrument, spot, receiveTime);
            }
        }
    }

    /** The instrument of an instId in its market, looked up by its native symbol without allocating. */
    private Instrument instrument(byte[] buf, int start, int length, boolean spot) {
        if (length > MAX_ID) {
            throw json.fail("unknown instrument");
        }
        System.arraycopy(buf, start, symbol, 0, length);
        String suffix = BitgetMarkets.suffix(spot, buf, start, length);
        for (int i = 0; i < suffix.length(); i++) {
            symbol[length + i] = (byte) suffix.charAt(i);
        }
        Instrument i = instruments.find(symbol, 0, length + suffix.length());
        if (i == null) {
            throw json.fail("unknown instrument");
        }
        return i;
    }

    private void book(Instrument instrument, boolean snapshot, long receiveTime) {
        BookChange change = out.bookChange();
        change.instrument(instrument);
        change.begin(snapshot, BookChange.NO_SEQUENCE);
        long time = Timestamps.UNKNOWN;
        long venueChecksum = Long.MIN_VALUE;
        json.beginObject();
        while (json.nextField()) {
            if (json.nameIs(ASKS)) {
                readLevels(change, BookSide.ASK);
            } else if (json.nameIs(BIDS)) {
                readLevels(change, BookSide.BID);
            } else if (json.nameIs(TS)) {
                time = Timestamps.ofMillis(json.readLong());
            } else if (json.nameIs(CHECKSUM)) {
                venueChecksum = json.readLong();
            } else {
                json.skipValue();
            }
        }
        change.times(time, receiveTime);
        InstrumentBook book = book(instrument);
        if (snapshot) {
            out.snapshot(book, change);
            if (book.inSync()) {
                verify(book, venueChecksum, receiveTime);
            }
            return;
        }
        if (!book.inSync()) {
            return;
        }
        if (out.apply(book, change) && verify(book, venueChecksum, receiveTime)) {
            out.publishChange(book, change);
        }
    }

    /** True when the message carried no checksum or its checksum matches the book. */
    private boolean verify(InstrumentBook book, long venueChecksum, long receiveTime) {
        return venueChecksum == Long.MIN_VALUE || checksumMatches(book, venueChecksum, checksum.compute(book.book()), receiveTime);
    }

    /** {@code ["1649290078916","9.977","1","sell"]}: time in milliseconds, price, size, the taker's side. */
    private void trade(Instrument instrument, long receiveTime) {
        json.beginArray();
        json.nextElement();
        long time = Timestamps.ofMillis(json.readLong());
        json.nextElement();
        long price = requireDecimal();
        json.nextElement();
        long size = requireDecimal();
        Side side = Side.UNKNOWN;
        if (json.nextElement()) {
            side = readSide(BUY, SELL);
            json.skipRestOfArray();
        }
        Trade trade = out.trade();
        trade.instrument(instrument);
        trade.times(time, receiveTime);
        trade.set(price, size, side);
        out.publish(trade);
    }

    private void quote(Instrument instrument, boolean spot, long receiveTime) {
        json.beginObject();
        long time = Timestamps.UNKNOWN;
        beginQuote();
        while (json.nextField()) {
            if (quoteField(BEST_BID, null, BEST_ASK, null)) {
                continue;
            }
            if (json.nameIs(spot ? TS : SYSTEM_TIME)) {
                time = Timestamps.ofMillis(json.readLong());
            } else {
                json.skipValue();
            }
        }
        publishQuote(instrument, time, receiveTime);
    }
}
