package io.dpp.streams.venue.bitfinex;

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
import org.agrona.collections.Long2ObjectHashMap;

/**
 * Bitfinex WebSocket v2. Channel data arrive as {@code [chanId, payload(, seq)]}; what a chanId
 * carries is learnt from the {@code subscribed} event, so the map is per connection.
 *
 * <p>With the SEQ_ALL flag (65536) every channel message ends with a sequence number counted
 * across the whole connection; a hole means some message was lost, and since it cannot be known
 * which channel it belonged to, every book of the connection goes stale. With the checksum flag
 * (131072) the venue sends {@code [chanId, "cs", checksum, seq]}, verified by
 * {@link BitfinexChecksum}. Books are the aggregated P0 to P4 ones: {@code [price, count, amount]},
 * count 0 removes the level, the sign of the amount gives the side.
 */
final class BitfinexDecoder extends AbstractDecoder {

    private static final int SEQ_ALL = 65536;
    private static final int CHECKSUM = 131072;
    private static final long NONE = Long.MIN_VALUE;

    private static final byte[] EVENT = Ascii.bytes("event");
    private static final byte[] SUBSCRIBED = Ascii.bytes("subscribed");
    private static final byte[] CONF = Ascii.bytes("conf");
    private static final byte[] FLAGS = Ascii.bytes("flags");
    private static final byte[] CHANNEL = Ascii.bytes("channel");
    private static final byte[] CHAN_ID = Ascii.bytes("chanId");
    private static final byte[] SYMBOL = Ascii.bytes("symbol");
    private static final byte[] PREC = Ascii.bytes("prec");
    private static final byte[] BOOK = Ascii.bytes("book");
    private static final byte[] TRADES = Ascii.bytes("trades");
    private static final byte[] TICKER = Ascii.bytes("ticker");
    private static final byte[] HB = Ascii.bytes("hb");
    private static final byte[] TE = Ascii.bytes("te");
    private static final byte[] CS = Ascii.bytes("cs");
    private static final byte[] R0 = Ascii.bytes("R0");

    /** What a channel carries; OTHER for channels subscribed to but not decoded (derivative status, candles). */
    private enum Kind { BOOK, RAW_BOOK, TRADES, TICKER, OTHER }

    private record Channel(Kind kind, Instrument instrument) {
    }

    private final Long2ObjectHashMap<Channel> channels = new Long2ObjectHashMap<>();
    private final BitfinexChecksum checksum = new BitfinexChecksum();
    private int flags;
    private long lastSequence = NONE;

    BitfinexDecoder(InstrumentCatalog instruments, FeedOutput out) {
        super(instruments, out);
    }

    @Override
    public void onConnect(String url, long receiveTime) {
        channels.clear();
        flags = 0;
        lastSequence = NONE;
    }

    @Override
    public void onSent(String url, byte[] buf, int offset, int length, long receiveTime) {
        try {
            json.reset(buf, offset, length);
            if (json.peek() == '{') {
                readEvent();
            }
        } catch (RuntimeException e) {
            // What the client sent does not affect decoding beyond the flags; ignore the rest.
        }
    }

    @Override
    protected void decode(byte[] buf, int offset, int length, long receiveTime) {
        json.reset(buf, offset, length);
        if (json.peek() == '{') {
            readEvent();
            return;
        }
        json.beginArray();
        json.nextElement();
        long chanId = json.readLong();
        if (!json.nextElement()) {
            throw json.fail("channel message without payload");
        }
        byte next = json.peek();
        int payloadStart = -1;
        int payloadEnd = -1;
        long venueChecksum = NONE;
        boolean heartbeat = false;
        boolean tradeUpdate = false;
        BookChange bookChange = null;
        Channel known = channels.get(chanId);
        if (next == '[' && known != null && known.kind() == Kind.BOOK) {
            // The common case, read in this one pass: the change is applied after the sequence check.
            bookChange = readBook(known.instrument(), receiveTime);
        } else if (next == '"') {
            json.readString();
            if (json.stringIs(HB)) {
                heartbeat = true;
            } else if (json.stringIs(TE)) {
                tradeUpdate = true;
                json.nextElement();
                payloadStart = json.position();
                json.skipValue();
                payloadEnd = json.position();
            } else if (json.stringIs(CS)) {
                json.nextElement();
                venueChecksum = json.readLong();
            } else {
                return; // "tu" repeats "te"; other tags carry nothing we publish
            }
        } else {
            payloadStart = json.position();
            json.skipValue();
            payloadEnd = json.position();
        }
        long seq = NONE;
        while (json.nextElement()) {
            seq = json.readLong();
        }
        boolean sequenced = (flags & SEQ_ALL) != 0 && seq != NONE;
        if (sequenced && lastSequence != NONE) {
            if (seq <= lastSequence) {
                return; // a repeat of a message already decoded
            }
            if (seq != lastSequence + 1) {
                connectionGap(receiveTime, lastSequence + 1, seq);
            }
        }
        if (bookChange != null) {
            applyBook(known.instrument(), bookChange);
        } else {
            decodePayload(chanId, heartbeat, tradeUpdate, venueChecksum, payloadStart, payloadEnd, receiveTime);
        }
        // Only a message decoded in full counts: if this one was unreadable, the next shows the hole.
        if (sequenced) {
            lastSequence = seq;
        }
    }

    private void decodePayload(long chanId, boolean heartbeat, boolean tradeUpdate, long venueChecksum, int payloadStart,
                               int payloadEnd, long receiveTime) {
        if (heartbeat) {
            return;
        }
        Channel channel = channels.get(chanId);
        if (channel == null) {
            throw json.fail("data for an unknown channel");
        }
        if (venueChecksum != NONE) {
            verify(channel, venueChecksum, receiveTime);
            return;
        }
        switch (channel.kind()) {
            case BOOK -> book(channel.instrument(), payloadStart, payloadEnd, receiveTime);
            case TRADES -> trades(channel.instrument(), payloadStart, payloadEnd, tradeUpdate, receiveTime);
            case TICKER -> ticker(channel.instrument(), payloadStart, payloadEnd, receiveTime);
            case RAW_BOOK, OTHER -> { } // order-level books are not L2; other channels are not decoded
        }
    }

    private void readEvent() {
        json.beginObject();
        boolean subscribed = false;
        boolean conf = false;
        long chanId = NONE;
        int channelStart = -1;
        int channelLength = 0;
        int symbolStart = -1;
        int symbolLength = 0;
        boolean raw = false;
        int eventFlags = -1;
        while (json.nextField()) {
            if (json.nameIs(EVENT)) {
                json.readString();
                subscribed = json.stringIs(SUBSCRIBED);
                conf = json.stringIs(CONF);
            } else if (json.nameIs(FLAGS)) {
                eventFlags = (int) json.readLong();
            } else if (json.nameIs(CHAN_ID)) {
                chanId = json.readLong();
            } else if (json.nameIs(CHANNEL)) {
                json.readString();
                channelStart = json.stringStart();
                channelLength = json.stringLength();
            } else if (json.nameIs(SYMBOL)) {
                json.readString();
                symbolStart = json.stringStart();
                symbolLength = json.stringLength();
            } else if (json.nameIs(PREC)) {
                json.readString();
                raw = json.stringIs(R0);
            } else {
                json.skipValue();
            }
        }
        if (conf && eventFlags >= 0) {
            flags = eventFlags;
        }
        if (!subscribed || chanId == NONE || channelStart < 0) {
            return;
        }
        byte[] b = json.buffer();
        Kind kind = Ascii.equals(b, channelStart, channelLength, BOOK) ? (raw ? Kind.RAW_BOOK : Kind.BOOK)
                : Ascii.equals(b, channelStart, channelLength, TRADES) ? Kind.TRADES
                : Ascii.equals(b, channelStart, channelLength, TICKER) ? Kind.TICKER : Kind.OTHER;
        // Derivative status channels name a key ("deriv:tBTCF0:USTF0"), not a symbol.
        Instrument instrument = symbolStart < 0 ? null : instruments.find(b, symbolStart, symbolLength);
        if (instrument == null && kind != Kind.OTHER) {
            throw json.fail("subscribed to an unknown symbol");
        }
        channels.put(chanId, new Channel(kind, instrument));
    }

    private void book(Instrument instrument, int start, int end, long receiveTime) {
        json.reset(json.buffer(), start, end - start);
        applyBook(instrument, readBook(instrument, receiveTime));
    }

    /** Reads a book payload at the reader's position: [[price, count, amount], ...] or [price, count, amount]. */
    private BookChange readBook(Instrument instrument, long receiveTime) {
        json.beginArray();
        boolean snapshot = json.peek() == '[' || json.peek() == ']';
        BookChange change = out.bookChange();
        change.instrument(instrument);
        change.times(Timestamps.UNKNOWN, receiveTime);
        change.begin(snapshot, BookChange.NO_SEQUENCE);
        if (snapshot) {
            while (json.nextElement()) {
                json.beginArray();
                level(change);
            }
        } else {
            level(change);
        }
        return change;
    }

    private void applyBook(Instrument instrument, BookChange change) {
        InstrumentBook book = book(instrument);
        if (change.snapshot()) {
            out.snapshot(book, change);
        } else if (out.apply(book, change)) {
            out.publishChange(book, change);
        }
    }

    /** Reads the rest of [price, count, amount] into the change. */
    private void level(BookChange change) {
        json.nextElement();
        long price = requireDecimal();
        json.nextElement();
        long count = json.readLong();
        json.nextElement();
        long amount = requireDecimal();
        while (json.nextElement()) {
            json.skipValue();
        }
        BookSide side = Decimal64.signum(amount) > 0 ? BookSide.BID : BookSide.ASK;
        change.addLevel(side, price, count == 0 ? Decimal64.ZERO : abs(amount));
    }

    private void verify(Channel channel, long venueChecksum, long receiveTime) {
        if (channel.kind() != Kind.BOOK || (flags & CHECKSUM) == 0) {
            return;
        }
        InstrumentBook book = book(channel.instrument());
        if (!book.inSync()) {
            return;
        }
        checksumMatches(book, venueChecksum, checksum.compute(book.book()), receiveTime);
    }

    /** [[id, mts, amount, price], ...] (snapshot) or [id, mts, amount, price] ("te"). */
    private void trades(Instrument instrument, int start, int end, boolean update, long receiveTime) {
        json.reset(json.buffer(), start, end - start).beginArray();
        if (update) {
            trade(instrument, receiveTime);
            return;
        }
        while (json.nextElement()) {
            json.beginArray();
            trade(instrument, receiveTime);
        }
    }

    private void trade(Instrument instrument, long receiveTime) {
        json.nextElement();
        long id = json.readLong();
        json.nextElement();
        long millis = json.readLong();
        json.nextElement();
        long amount = requireDecimal();
        json.nextElement();
        long price = requireDecimal();
        while (json.nextElement()) {
            json.skipValue();
        }
        Trade trade = out.trade();
        trade.instrument(instrument);
        trade.times(Timestamps.ofMillis(millis), receiveTime);
        trade.id().set(id);
        trade.set(price, abs(amount), Decimal64.signum(amount) > 0 ? Side.BUY : Side.SELL);
        out.publish(trade);
    }

    /** [BID, BID_SIZE, ASK, ASK_SIZE, DAILY_CHANGE, DAILY_CHANGE_RELATIVE, LAST_PRICE, VOLUME, HIGH, LOW] */
    private void ticker(Instrument instrument, int start, int end, long receiveTime) {
        json.reset(json.buffer(), start, end - start).beginArray();
        json.nextElement();
        long bid = requireDecimal();
        json.nextElement();
        long bidSize = requireDecimal();
        json.nextElement();
        long ask = requireDecimal();
        json.nextElement();
        long askSize = requireDecimal();
        Quote quote = out.quote();
        quote.instrument(instrument);
        quote.times(Timestamps.UNKNOWN, receiveTime);
        quote.set(bid, bidSize, ask, askSize);
        out.publish(quote);
    }

    // A lost message could have been any channel's: every book of the connection is suspect.
    private void connectionGap(long receiveTime, long expected, long received) {
        out.connectionGap(receiveTime, expected, received);
        for (InstrumentBook book : books()) {
            out.stale(book, receiveTime, "sequence gap on the connection");
        }
    }

    /**
     * The connection's channel id of an instrument's P0-P4 book, or -1 when it has none (cold path,
     * for unsubscribing a book that must be rebuilt).
     */
    long bookChannelId(Instrument instrument) {
        for (var e : channels.entrySet()) {
            if (e.getValue().kind() == Kind.BOOK && e.getValue().instrument() == instrument) {
                return e.getKey();
            }
        }
        return -1;
    }

    private static long abs(long d) {
        return Decimal64.signum(d) < 0 ? Decimal64.negate(d) : d;
    }
}
