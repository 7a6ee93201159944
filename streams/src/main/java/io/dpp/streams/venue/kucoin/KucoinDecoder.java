package io.dpp.streams.venue.kucoin;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.BookSide;
import io.dpp.core.time.Timestamps;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.json.Ascii;
import io.dpp.streams.venue.AbstractDecoder;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.ProtocolSupport;
import io.dpp.streams.venue.SnapshotBridge;
import java.util.Objects;

/**
 * KuCoin's public WebSocket: messages {@code {"type":"message","topic":..,"subject":..,"data":{..}}}
 * (members in any order).
 * <ul>
 *   <li>{@code trade.l2update}: book changes {@code [price, size, sequence]} per side, each numbered,
 *       the message covering {@code sequenceStart..sequenceEnd}; size 0 removes a level, and a change
 *       at price 0 only moves the sequence on. Held until the REST snapshot (its {@code sequence} the
 *       last change it holds) arrives; a message is in order when it starts at or before the next
 *       number and ends after the book's last, of which only the changes numbered after the last are
 *       applied; one that starts later is a gap.</li>
 *   <li>{@code trade.l3match}: a trade, the taker's side, its time in nanoseconds, a hex trade id.</li>
 *   <li>{@code trade.ticker}: best bid and ask with sizes; the symbol is in the topic only.</li>
 * </ul>
 * Welcome, acks, pongs and candles are not decoded.
 */
final class KucoinDecoder extends AbstractDecoder {

    private static final byte[] TYPE = Ascii.bytes("type");
    private static final byte[] MESSAGE = Ascii.bytes("message");
    private static final byte[] TOPIC = Ascii.bytes("topic");
    private static final byte[] SUBJECT = Ascii.bytes("subject");
    private static final byte[] DATA = Ascii.bytes("data");
    private static final byte[] L2UPDATE = Ascii.bytes("trade.l2update");
    private static final byte[] MATCH = Ascii.bytes("trade.l3match");
    private static final byte[] TICKER = Ascii.bytes("trade.ticker");
    private static final byte[] SEQUENCE_START = Ascii.bytes("sequenceStart");
    private static final byte[] SEQUENCE_END = Ascii.bytes("sequenceEnd");
    private static final byte[] SEQUENCE = Ascii.bytes("sequence");
    private static final byte[] SYMBOL = Ascii.bytes("symbol");
    private static final byte[] CHANGES = Ascii.bytes("changes");
    private static final byte[] ASKS = Ascii.bytes("asks");
    private static final byte[] BIDS = Ascii.bytes("bids");
    private static final byte[] TIME = Ascii.bytes("time");
    private static final byte[] SIDE = Ascii.bytes("side");
    private static final byte[] SIZE = Ascii.bytes("size");
    private static final byte[] PRICE = Ascii.bytes("price");
    private static final byte[] TRADE_ID = Ascii.bytes("tradeId");
    private static final byte[] BEST_BID = Ascii.bytes("bestBid");
    private static final byte[] BEST_BID_SIZE = Ascii.bytes("bestBidSize");
    private static final byte[] BEST_ASK = Ascii.bytes("bestAsk");
    private static final byte[] BEST_ASK_SIZE = Ascii.bytes("bestAskSize");
    private static final byte[] BUY = Ascii.bytes("buy");
    private static final byte[] SELL = Ascii.bytes("sell");

    private static final TradeFields TRADE = new TradeFields(PRICE, SIZE, SIDE, BUY, SELL, TRADE_ID);

    private final SnapshotBridge snapshots;

    KucoinDecoder(InstrumentCatalog instruments, FeedOutput out) {
        super(instruments, out);
        this.snapshots = new SnapshotBridge(json, instruments, out,
                url -> url.contains(KucoinProtocol.SNAPSHOT_PATH) || url.contains(KucoinProtocol.FULL_SNAPSHOT_PATH)
                        ? Objects.requireNonNullElse(ProtocolSupport.query(url, "symbol"), "") : null,
                (b, buf, offset, length, receiveTime) -> decode(buf, offset, length, receiveTime, false));
    }

    /**
     * A new connection's changes start afresh: every book is rebuilt from the snapshot asked for it,
     * with the changes held until then.
     */
    @Override
    public void onConnect(String url, long receiveTime) {
        allStale(receiveTime, "a new connection: the book is rebuilt from a fresh snapshot");
        snapshots.clear();
    }

    @Override
    protected void decode(byte[] buf, int offset, int length, long receiveTime) {
        decode(buf, offset, length, receiveTime, true);
    }

    private void decode(byte[] buf, int offset, int length, long receiveTime, boolean live) {
        json.reset(buf, offset, length).beginObject();
        boolean message = false;
        int topicStart = -1;
        int topicLength = 0;
        int subjectStart = -1;
        int subjectLength = 0;
        int dataStart = -1;
        int dataEnd = -1;
        while (json.nextField()) {
            if (json.nameIs(TYPE)) {
                json.readString();
                message = json.stringIs(MESSAGE);
            } else if (json.nameIs(TOPIC)) {
                json.readString();
                topicStart = json.stringStart();
                topicLength = json.stringLength();
            } else if (json.nameIs(SUBJECT)) {
                json.readString();
                subjectStart = json.stringStart();
                subjectLength = json.stringLength();
            } else if (json.nameIs(DATA)) {
                dataStart = json.position();
                json.skipValue();
                dataEnd = json.position();
            } else {
                json.skipValue();
            }
        }
        if (!message) {
            return; // welcome, ack, pong
        }
        if (subjectStart < 0 || dataStart < 0) {
            throw json.fail("message without subject or data");
        }
        json.reset(buf, dataStart, dataEnd - dataStart);
        if (Ascii.equals(buf, subjectStart, subjectLength, L2UPDATE)) {
            depth(buf, offset, length, receiveTime, live);
        } else if (Ascii.equals(buf, subjectStart, subjectLength, MATCH)) {
            trade(receiveTime);
        } else if (Ascii.equals(buf, subjectStart, subjectLength, TICKER)) {
            quote(buf, topicStart, topicLength, receiveTime);
        }
    }

    private void depth(byte[] buf, int offset, int length, long receiveTime, boolean live) {
        json.beginObject();
        Instrument instrument = null;
        long first = -1;
        long last = -1;
        long time = Timestamps.UNKNOWN;
        int changesStart = -1;
        int changesEnd = -1;
        while (json.nextField()) {
            if (json.nameIs(SYMBOL)) {
                json.readString();
                instrument = instrumentFromString();
            } else if (json.nameIs(SEQUENCE_START)) {
                first = json.readLong();
            } else if (json.nameIs(SEQUENCE_END)) {
                last = json.readLong();
            } else if (json.nameIs(TIME)) {
                time = Timestamps.ofMillis(json.readLong());
            } else if (json.nameIs(CHANGES)) {
                changesStart = json.position();
                json.skipValue();
                changesEnd = json.position();
            } else {
                json.skipValue();
            }
        }
        if (instrument == null || first < 0 || last < first || changesStart < 0) {
            throw json.fail("level2 change without symbol, sequenceStart, sequenceEnd or changes");
        }
        InstrumentBook book = book(instrument);
        if (!book.inSync()) {
            if (live) {
                snapshots.hold(instrument, buf, offset, length, receiveTime);
            }
            return;
        }
        long lastApplied = book.lastSequence();
        if (last <= lastApplied) {
            return; // in the snapshot already, or a repeat
        }
        if (first > lastApplied + 1) {
            out.sequenceGap(book, receiveTime, lastApplied + 1, first);
            if (live) {
                snapshots.hold(instrument, buf, offset, length, receiveTime); // a snapshot that comes next may need it
            }
            return;
        }
        BookChange change = out.bookChange();
        change.instrument(instrument);
        change.times(time, receiveTime);
        change.begin(false, last);
        json.reset(buf, changesStart, changesEnd - changesStart).beginObject();
        while (json.nextField()) {
            if (json.nameIs(ASKS)) {
                changes(change, BookSide.ASK, lastApplied, first, last);
            } else if (json.nameIs(BIDS)) {
                changes(change, BookSide.BID, lastApplied, first, last);
            } else {
                json.skipValue();
            }
        }
        applySequenced(book, change, false, last);
    }

    /**
     * One side's {@code [price, size, sequence]} changes: those numbered after {@code lastApplied}
     * join the change, those at price 0 only number a step; a number outside the message's range is
     * a decode error.
     */
    private void changes(BookChange change, BookSide side, long lastApplied, long first, long last) {
        json.beginArray();
        while (json.nextElement()) {
            json.beginArray();
            json.nextElement();
            long price = requireDecimal();
            json.nextElement();
            long size = requireDecimal();
            if (!json.nextElement()) {
                throw json.fail("change without its sequence");
            }
            long sequence = json.readLong();
            json.skipRestOfArray();
            if (sequence < first || sequence > last) {
                throw json.fail("change numbered " + sequence + " outside its message's " + first + ".." + last);
            }
            if (sequence > lastApplied && Decimal64.signum(price) != 0) {
                change.addLevel(side, price, size);
            }
        }
    }

    @Override
    protected void decodeRest(String url, byte[] buf, int offset, int length, long receiveTime) {
        Instrument instrument = snapshots.instrument(url, buf, offset, length);
        if (instrument == null) {
            return;
        }
        json.reset(buf, offset, length).beginObject();
        int dataStart = -1;
        int dataEnd = -1;
        while (json.nextField()) {
            if (json.nameIs(DATA)) {
                dataStart = json.position();
                json.skipValue();
                dataEnd = json.position();
            } else {
                json.skipValue();
            }
        }
        if (dataStart < 0) {
            throw json.fail("snapshot without data");
        }
        json.reset(buf, dataStart, dataEnd - dataStart).beginObject();
        long sequence = -1;
        long time = Timestamps.UNKNOWN;
        int bidsStart = -1;
        int bidsEnd = -1;
        int asksStart = -1;
        int asksEnd = -1;
        while (json.nextField()) {
            if (json.nameIs(SEQUENCE)) {
                sequence = json.readLong();
            } else if (json.nameIs(TIME)) {
                time = Timestamps.ofMillis(json.readLong());
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
        if (sequence < 0 || bidsStart < 0 || asksStart < 0) {
            throw json.fail("snapshot without sequence, bids or asks");
        }
        BookChange change = out.bookChange();
        change.instrument(instrument);
        change.begin(true, sequence);
        change.times(time, receiveTime);
        readLevels(change, BookSide.BID, bidsStart, bidsEnd);
        readLevels(change, BookSide.ASK, asksStart, asksEnd);
        InstrumentBook book = book(instrument);
        applySequenced(book, change, true, sequence);
        snapshots.release(book, receiveTime);
    }

    /** {@code {"symbol","side","size","price","time" (ns),"tradeId"}}: the taker's side. */
    private void trade(long receiveTime) {
        json.beginObject();
        Instrument instrument = null;
        long time = Timestamps.UNKNOWN;
        beginTrade();
        while (json.nextField()) {
            if (tradeField(TRADE)) {
                continue;
            }
            if (json.nameIs(SYMBOL)) {
                json.readString();
                instrument = instrumentFromString();
            } else if (json.nameIs(TIME)) {
                time = Timestamps.ofNanos(json.readLong());
            } else {
                json.skipValue();
            }
        }
        publishTrade(instrument, time, receiveTime, "match without symbol, price or size");
    }

    /** {@code {"bestBid","bestBidSize","bestAsk","bestAskSize","time" (ms)}}; the symbol follows the topic's colon. */
    private void quote(byte[] buf, int topicStart, int topicLength, long receiveTime) {
        int colon = -1;
        for (int i = 0; i < topicLength; i++) {
            if (buf[topicStart + i] == ':') {
                colon = i;
                break;
            }
        }
        if (colon < 0) {
            throw json.fail("ticker without a symbol in its topic");
        }
        Instrument instrument = instruments.find(buf, topicStart + colon + 1, topicLength - colon - 1);
        if (instrument == null) {
            throw json.fail("unknown instrument");
        }
        json.beginObject();
        long time = Timestamps.UNKNOWN;
        beginQuote();
        while (json.nextField()) {
            if (quoteField(BEST_BID, BEST_BID_SIZE, BEST_ASK, BEST_ASK_SIZE)) {
                continue;
            }
            if (json.nameIs(TIME)) {
                time = Timestamps.ofMillis(json.readLong());
            } else {
                json.skipValue();
            }
        }
        publishQuote(instrument, time, receiveTime);
    }
}
