package io.dpp.streams.venue.kraken;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.BookSide;
import io.dpp.core.model.Candle;
import io.dpp.core.model.Quote;
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
 * Kraken spot WebSocket v1. Channel messages are arrays
 * {@code [channelID, payload..., channelName, pair]}: the channel and the pair come last, so the
 * decoder first notes where each element lies, then reads the payload knowing what it is. No
 * subscription state is needed: the book depth comes from the channel name ("book-1000").
 *
 * <p>Book rules: the first message of a book holds "as"/"bs" (the snapshot); later ones hold "a"
 * and/or "b" (in one or two objects) and a checksum "c" in the last object. After applying a
 * message the book is truncated to the subscribed depth (Kraken does not send removals for
 * levels pushed out), then the checksum of the top 10 levels is verified ({@link KrakenChecksum}).
 */
final class KrakenDecoder extends AbstractDecoder {

    private static final byte[] AS = Ascii.bytes("as");
    private static final byte[] BS = Ascii.bytes("bs");
    private static final byte[] A = Ascii.bytes("a");
    private static final byte[] B = Ascii.bytes("b");
    private static final byte[] C = Ascii.bytes("c");
    private static final byte[] TRADE = Ascii.bytes("trade");
    private static final byte[] TICKER = Ascii.bytes("ticker");
    private static final byte[] SPREAD = Ascii.bytes("spread");

    private final KrakenChecksum checksum = new KrakenChecksum();
    private final int[] tailStarts = new int[2];
    private final int[] tailLengths = new int[2];

    KrakenDecoder(InstrumentCatalog instruments, FeedOutput out) {
        super(instruments, out);
    }

    @Override
    protected void decode(byte[] buf, int offset, int length, long receiveTime) {
        json.reset(buf, offset, length);
        byte first = json.peek();
        if (first == '{') {
            return; // heartbeat, systemStatus, subscriptionStatus: no market data
        }
        // The pair and channel name close the array; reading them first lets the payload be read
        // in one forward pass.
        int payloadEnd = json.lastStrings(2, tailStarts, tailLengths);
        if (payloadEnd < 0) {
            throw json.fail("expected [channelID, payload..., channelName, pair]");
        }
        Instrument instrument = instruments.find(buf, tailStarts[0], tailLengths[0]);
        if (instrument == null) {
            throw json.fail("unknown instrument");
        }
        int channelStart = tailStarts[1];
        int channelLength = tailLengths[1];
        json.beginArray();
        if (!json.nextElement()) {
            throw json.fail("empty array");
        }
        json.readLong(); // channelID: the pair at the end says the same
        if (!json.nextElement() || json.position() >= payloadEnd) {
            throw json.fail("no payload");
        }
        if (Ascii.startsWith(buf, channelStart, channelLength, "book-")) {
            book(instrument, parseInt(buf, channelStart + 5, channelStart + channelLength), payloadEnd, receiveTime);
        } else if (Ascii.equals(buf, channelStart, channelLength, TRADE)) {
            trades(instrument, receiveTime);
        } else if (Ascii.equals(buf, channelStart, channelLength, TICKER)) {
            ticker(instrument, receiveTime);
        } else if (Ascii.equals(buf, channelStart, channelLength, SPREAD)) {
            spread(instrument, receiveTime);
        } else if (Ascii.startsWith(buf, channelStart, channelLength, "ohlc-")) {
            ohlc(instrument, parseInt(buf, channelStart + 5, channelStart + channelLength), receiveTime);
        }
    }

    /** Reads the book payload objects from the reader's position up to {@code payloadEnd}. */
    private void book(Instrument instrument, int depth, int payloadEnd, long receiveTime) {
        BookChange change = out.bookChange();
        change.instrument(instrument);
        long venueChecksum = -1;
        long latest = Timestamps.UNKNOWN;
        boolean snapshot = false;
        boolean firstField = true;
        do {
            json.beginObject();
            while (json.nextField()) {
                if (firstField) {
                    snapshot = json.nameIs(AS) || json.nameIs(BS);
                    change.begin(snapshot, BookChange.NO_SEQUENCE);
                    firstField = false;
                }
                if (json.nameIs(AS) || json.nameIs(A)) {
                    latest = Math.max(latest, levels(change, BookSide.ASK));
                } else if (json.nameIs(BS) || json.nameIs(B)) {
                    latest = Math.max(latest, levels(change, BookSide.BID));
                } else if (json.nameIs(C)) {
                    venueChecksum = json.readLong();
                } else {
                    json.skipValue();
                }
            }
        } while (json.nextElement() && json.position() < payloadEnd);
        if (firstField) {
            throw json.fail("empty book payload");
        }
        change.times(latest, receiveTime);
        InstrumentBook book = book(instrument);
        if (snapshot) {
            book.maxDepth(depth);
            out.snapshot(book, change);
            return;
        }
        if (!out.apply(book, change)) {
            return;
        }
        if (venueChecksum >= 0 && !checksumMatches(book, venueChecksum, checksum.compute(book.book()), receiveTime)) {
            return;
        }
        out.publishChange(book, change);
    }

    /**
     * Reads [[price, volume, timestamp(, "r")], ...]; returns the latest timestamp. Kraken writes
     * every timestamp with the same digits ("1618678117.243818"), so the latest is found by
     * comparing the text and only that one is parsed.
     */
    private long levels(BookChange change, BookSide side) {
        int latestStart = -1;
        int latestLength = 0;
        byte[] b = json.buffer();
        json.beginArray();
        while (json.nextElement()) {
            json.beginArray();
            json.nextElement();
            long price = requireDecimal();
            json.nextElement();
            long volume = requireDecimal();
            json.nextElement();
            json.readString();
            int start = json.stringStart();
            int length = json.stringLength();
            if (latestStart < 0 || later(b, start, length, latestStart, latestLength)) {
                latestStart = start;
                latestLength = length;
            }
            json.skipRestOfArray(); // "r": a republished level, applied like any other
            change.addLevel(side, price, volume);
        }
        if (latestStart < 0) {
            return Timestamps.UNKNOWN;
        }
        long time = TimeText.epochSeconds(b, latestStart, latestLength);
        if (time < 0) {
            throw json.fail("bad level timestamp");
        }
        return time;
    }

    // Text order is time order for timestamps of equal integer width; otherwise compare the numbers.
    private static boolean later(byte[] b, int start, int length, int otherStart, int otherLength) {
        int dot = indexOfDot(b, start, length);
        int otherDot = indexOfDot(b, otherStart, otherLength);
        if (dot != otherDot) {
            return TimeText.epochSeconds(b, start, length) > TimeText.epochSeconds(b, otherStart, otherLength);
        }
        int n = Math.min(length, otherLength);
        for (int i = 0; i < n; i++) {
            int diff = b[start + i] - b[otherStart + i];
            if (diff != 0) {
                return diff > 0;
            }
        }
        return length > otherLength;
    }

    private static int indexOfDot(byte[] b, int start, int length) {
        for (int i = 0; i < length; i++) {
            if (b[start + i] == '.') {
                return i;
            }
        }
        return length;
    }

    /** [[price, volume, time, side, orderType, misc], ...] */
    private void trades(Instrument instrument, long receiveTime) {
        json.beginArray();
        while (json.nextElement()) {
            json.beginArray();
            json.nextElement();
            long price = requireDecimal();
            json.nextElement();
            long volume = requireDecimal();
            json.nextElement();
            json.readString();
            long time = TimeText.epochSeconds(json.buffer(), json.stringStart(), json.stringLength());
            json.nextElement();
            json.readString();
            Side side = json.stringLength() == 1 && json.buffer()[json.stringStart()] == 'b' ? Side.BUY
                    : json.stringLength() == 1 && json.buffer()[json.stringStart()] == 's' ? Side.SELL : Side.UNKNOWN;
            while (json.nextElement()) {
                json.skipValue();
            }
            if (time < 0) {
                throw json.fail("bad trade timestamp");
            }
            Trade trade = out.trade();
            trade.instrument(instrument);
            trade.times(time, receiveTime);
            trade.set(price, volume, side);
            out.publish(trade);
        }
    }

    /** {"a":[price, wholeLotVolume, lotVolume], "b":[...], ...}: the best bid and ask. */
    private void ticker(Instrument instrument, long receiveTime) {
        long askPrice = Decimal64.NULL;
        long askSize = Decimal64.NULL;
        long bidPrice = Decimal64.NULL;
        long bidSize = Decimal64.NULL;
        json.beginObject();
        while (json.nextField()) {
            boolean ask = json.nameIs(A);
            if (ask || json.nameIs(B)) {
                json.beginArray();
                json.nextElement();
                long price = requireDecimal();
                json.nextElement();
                json.skipValue();
                json.nextElement();
                long size = requireDecimal();
                while (json.nextElement()) {
                    json.skipValue();
                }
                if (ask) {
                    askPrice = price;
                    askSize = size;
                } else {
                    bidPrice = price;
                    bidSize = size;
                }
            } else {
                json.skipValue();
            }
        }
        Quote quote = out.quote();
        quote.instrument(instrument);
        quote.times(Timestamps.UNKNOWN, receiveTime);
        quote.set(bidPrice, bidSize, askPrice, askSize);
        out.publish(quote);
    }

    /** [bid, ask, timestamp, bidVolume, askVolume] */
    private void spread(Instrument instrument, long receiveTime) {
        json.beginArray();
        json.nextElement();
        long bid = requireDecimal();
        json.nextElement();
        long ask = requireDecimal();
        json.nextElement();
        json.readString();
        long time = TimeText.epochSeconds(json.buffer(), json.stringStart(), json.stringLength());
        json.nextElement();
        long bidSize = requireDecimal();
        json.nextElement();
        long askSize = requireDecimal();
        Quote quote = out.quote();
        quote.instrument(instrument);
        quote.times(time < 0 ? Timestamps.UNKNOWN : time, receiveTime);
        quote.set(bid, bidSize, ask, askSize);
        out.publish(quote);
    }

    /** [time, endTime, open, high, low, close, vwap, volume, count] for an interval of {@code minutes}. */
    private void ohlc(Instrument instrument, int minutes, long receiveTime) {
        json.beginArray();
        json.nextElement();
        json.readString();
        long time = TimeText.epochSeconds(json.buffer(), json.stringStart(), json.stringLength());
        json.nextElement();
        json.readString();
        long endTime = TimeText.epochSeconds(json.buffer(), json.stringStart(), json.stringLength());
        json.nextElement();
        long open = requireDecimal();
        json.nextElement();
        long high = requireDecimal();
        json.nextElement();
        long low = requireDecimal();
        json.nextElement();
        long close = requireDecimal();
        json.nextElement();
        json.skipValue();
        json.nextElement();
        long volume = requireDecimal();
        json.nextElement();
        long count = json.readLong();
        if (time < 0 || endTime < 0 || minutes <= 0) {
            throw json.fail("bad candle times");
        }
        long interval = minutes * 60_000_000L;
        Candle candle = out.candle();
        candle.instrument(instrument);
        candle.times(time, receiveTime);
        candle.interval(interval, endTime - interval);
        candle.set(open, high, low, close, volume, count, false);
        out.publish(candle);
    }

    private int parseInt(byte[] b, int start, int end) {
        int v = 0;
        if (start >= end) {
            throw json.fail("expected a number in the channel name");
        }
        for (int i = start; i < end; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                throw json.fail("expected a number in the channel name");
            }
            v = v * 10 + d;
        }
        return v;
    }
}
