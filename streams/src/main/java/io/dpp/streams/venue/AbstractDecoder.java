package io.dpp.streams.venue;

import io.dpp.core.instrument.Instrument;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.json.DecodeException;
import io.dpp.streams.json.JsonReader;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * What every decoder shares: a JSON reader, the catalog, the output, one book per instrument, and
 * the guard that turns any failure on one message into a counted decode error.
 */
public abstract class AbstractDecoder implements VenueDecoder {

    protected final InstrumentCatalog instruments;
    protected final FeedOutput out;
    protected final JsonReader json = new JsonReader();
    private final Map<Instrument, InstrumentBook> books = new IdentityHashMap<>();

    protected AbstractDecoder(InstrumentCatalog instruments, FeedOutput out) {
        this.instruments = instruments;
        this.out = out;
    }

    @Override
    public final void onMessage(byte[] buf, int offset, int length, long receiveTime) {
        out.messageReceived();
        try {
            decode(buf, offset, length, receiveTime);
        } catch (DecodeException e) {
            out.decodeError(buf, offset, length, e.getMessage());
        } catch (RuntimeException e) {
            // A message the parser did not foresee must not stop the feed; it is counted and shown.
            out.decodeError(buf, offset, length, e.toString());
        }
    }

    /** Decodes one message; throws {@link DecodeException} (via {@code json.fail}) when it is malformed. */
    protected abstract void decode(byte[] buf, int offset, int length, long receiveTime);

    @Override
    public final void onRest(String url, byte[] buf, int offset, int length, long receiveTime) {
        try {
            decodeRest(url, buf, offset, length, receiveTime);
        } catch (DecodeException e) {
            out.decodeError(buf, offset, length, "REST " + url + ": " + e.getMessage());
        } catch (RuntimeException e) {
            out.decodeError(buf, offset, length, "REST " + url + ": " + e);
        }
    }

    /** Decodes a REST response; venues with REST snapshots override it. */
    protected void decodeRest(String url, byte[] buf, int offset, int length, long receiveTime) {
    }

    /** The instruments this decoder knows. */
    public final InstrumentCatalog catalog() {
        return instruments;
    }

    /** The book of an instrument, created on first use. */
    protected final InstrumentBook book(Instrument instrument) {
        InstrumentBook b = books.get(instrument);
        if (b == null) {
            b = new InstrumentBook(instrument);
            books.put(instrument, b);
        }
        return b;
    }

    /** The instrument named by the last string read, or a decode error. */
    protected final Instrument instrumentFromString() {
        Instrument i = instruments.find(json.buffer(), json.stringStart(), json.stringLength());
        if (i == null) {
            throw json.fail("unknown instrument");
        }
        return i;
    }

    /** Reads a decimal that must be a number (not null, not garbage). */
    protected final long requireDecimal() {
        long d = json.readDecimal();
        if (!io.dpp.core.decimal.Decimal64.isNumber(d)) {
            throw json.fail("expected an exact decimal");
        }
        return d;
    }

    /** Reads a decimal the venue may leave out ("" or null): {@link io.dpp.core.decimal.Decimal64#NULL} then. */
    protected final long optionalDecimal() {
        long d = json.readDecimal();
        return io.dpp.core.decimal.Decimal64.isNumber(d) ? d : io.dpp.core.decimal.Decimal64.NULL;
    }

    /**
     * Reads {@code [[price, size, ...], ...]} at the reader's position into the change; members after
     * the size (timestamps, order counts) are skipped.
     */
    protected final void readLevels(io.dpp.core.model.BookChange change, io.dpp.core.model.BookSide side) {
        json.beginArray();
        while (json.nextElement()) {
            json.beginArray();
            json.nextElement();
            long price = requireDecimal();
            json.nextElement();
            long size = requireDecimal();
            json.skipRestOfArray();
            change.addLevel(side, price, size);
        }
    }

    /**
     * A book message's two level arrays ({@code [[price, size, ...], ...]} under two names, "bids"
     * and "asks" for most venues) read where they stand, each at most once (a repeated name is left
     * to the caller), into a change the caller has begun and publishes only once the whole message
     * is read: instead of noting each array's range and reading it again after the envelope. Call
     * {@link #begin} before a message's members, {@link #read} on each member, {@link #both} after.
     */
    protected final class BookSides {
        private final byte[] bidsName;
        private final byte[] asksName;
        private final LevelsReader levels;
        private io.dpp.core.model.BookChange change;
        private boolean bids;
        private boolean asks;

        /** The two arrays' member names; levels as {@code [price, size, ...]} ({@link #readLevels}). */
        public BookSides(byte[] bidsName, byte[] asksName) {
            this(bidsName, asksName, AbstractDecoder.this::readLevels);
        }

        /** The two arrays' member names and how the venue's levels are read. */
        public BookSides(byte[] bidsName, byte[] asksName, LevelsReader levels) {
            this.bidsName = bidsName;
            this.asksName = asksName;
            this.levels = levels;
        }

        /** Starts a message whose levels go into {@code change}. */
        public void begin(io.dpp.core.model.BookChange change) {
            this.change = change;
            bids = false;
            asks = false;
        }

        /** Reads the current member if it is the first bids or asks array; false when it is neither. */
        public boolean read() {
            if (!bids && json.nameIs(bidsName)) {
                levels.read(change, io.dpp.core.model.BookSide.BID);
                bids = true;
                return true;
            }
            if (!asks && json.nameIs(asksName)) {
                levels.read(change, io.dpp.core.model.BookSide.ASK);
                asks = true;
                return true;
            }
            return false;
        }

        /** True when the message held both arrays. */
        public boolean both() {
            return bids && asks;
        }
    }

    /** Reads one side's array of levels, at the reader's position, into a change. */
    @FunctionalInterface
    protected interface LevelsReader {
        void read(io.dpp.core.model.BookChange change, io.dpp.core.model.BookSide side);
    }

    /** {@link #readLevels} over a range noted earlier ({@code start} -1: nothing). */
    protected final void readLevels(io.dpp.core.model.BookChange change, io.dpp.core.model.BookSide side, int start, int end) {
        if (start >= 0) {
            json.reset(json.buffer(), start, end - start);
            readLevels(change, side);
        }
    }

    /**
     * Reads {@code [{"<price>":p,"<size>":s,...},...]} over a range noted earlier ({@code start} -1:
     * nothing) into the change; other members of a level are skipped, a level without either is a
     * decode error.
     */
    protected final void readLevelObjects(io.dpp.core.model.BookChange change, io.dpp.core.model.BookSide side, int start, int end,
            byte[] priceName, byte[] sizeName) {
        if (start < 0) {
            return;
        }
        json.reset(json.buffer(), start, end - start);
        readLevelObjects(change, side, priceName, sizeName);
    }

    /** {@link #readLevelObjects(io.dpp.core.model.BookChange, io.dpp.core.model.BookSide, int, int, byte[], byte[])} where the array stands. */
    protected final void readLevelObjects(io.dpp.core.model.BookChange change, io.dpp.core.model.BookSide side, byte[] priceName,
            byte[] sizeName) {
        long priceWord = io.dpp.streams.json.Ascii.word(priceName);
        long sizeWord = io.dpp.streams.json.Ascii.word(sizeName);
        json.beginArray();
        while (json.nextElement()) {
            json.beginObject();
            long price = io.dpp.core.decimal.Decimal64.NULL;
            long size = io.dpp.core.decimal.Decimal64.NULL;
            while (json.nextField()) {
                if (json.nameIs(priceName, priceWord)) {
                    price = requireDecimal();
                } else if (json.nameIs(sizeName, sizeWord)) {
                    size = requireDecimal();
                } else {
                    json.skipValue();
                }
            }
            if (price == io.dpp.core.decimal.Decimal64.NULL || size == io.dpp.core.decimal.Decimal64.NULL) {
                throw json.fail("level without its price or size");
            }
            change.addLevel(side, price, size);
        }
    }

    /** Reads a string naming a side, as the venue spells buy and sell. */
    protected final io.dpp.core.model.Side readSide(byte[] buy, byte[] sell) {
        json.readString();
        return json.stringIs(buy) ? io.dpp.core.model.Side.BUY
                : json.stringIs(sell) ? io.dpp.core.model.Side.SELL : io.dpp.core.model.Side.UNKNOWN;
    }

    /** Reads a string holding an ISO-8601 UTC time ("2021-07-15T03:06:44.215Z") as epoch microseconds. */
    protected final long readIsoTime() {
        json.readString();
        long t = io.dpp.streams.json.TimeText.iso(json.buffer(), json.stringStart(), json.stringLength());
        if (t < 0) {
            throw json.fail("time not in ISO-8601");
        }
        return t;
    }

    /**
     * Applies a change read whole (a snapshot replacing the book, or changes to it) and, if the book
     * takes it, makes {@code sequence} the book's last; a change taken is published.
     */
    protected final void applySequenced(InstrumentBook book, io.dpp.core.model.BookChange change, boolean snapshot, long sequence) {
        if (snapshot) {
            out.snapshot(book, change);
            if (book.inSync()) {
                book.lastSequence(sequence);
            }
        } else if (out.apply(book, change)) {
            book.lastSequence(sequence);
            out.publishChange(book, change);
        }
    }

    /**
     * How a venue names a trade object's members ({@link #tradeField}): price, size, the taker's
     * side and its spellings, and the trade id (a string or a number; null when there is none).
     */
    public record TradeFields(byte[] price, byte[] size, byte[] side, byte[] buy, byte[] sell, byte[] id) {
    }

    /** The trade being read ({@link #tradeField}). */
    private long tradePrice;
    private long tradeSize;
    private io.dpp.core.model.Side tradeSide;
    private int tradeIdStart;
    private int tradeIdLength;
    private long tradeIdNumber;

    /** Starts reading a trade object: nothing known until {@link #tradeField} reads it. */
    protected final void beginTrade() {
        tradePrice = io.dpp.core.decimal.Decimal64.NULL;
        tradeSize = io.dpp.core.decimal.Decimal64.NULL;
        tradeSide = io.dpp.core.model.Side.UNKNOWN;
        tradeIdStart = -1;
        tradeIdNumber = Long.MIN_VALUE;
    }

    /** Reads the field at the reader into the trade when it is one of the venue's members; false when it is none. */
    protected final boolean tradeField(TradeFields names) {
        if (json.nameIs(names.price())) {
            tradePrice = requireDecimal();
        } else if (json.nameIs(names.size())) {
            tradeSize = requireDecimal();
        } else if (json.nameIs(names.side())) {
            tradeSide = readSide(names.buy(), names.sell());
        } else if (names.id() != null && json.nameIs(names.id())) {
            if (json.peek() == '"') {
                json.readString();
                tradeIdStart = json.stringStart();
                tradeIdLength = json.stringLength();
            } else {
                tradeIdNumber = json.readLong();
            }
        } else {
            return false;
        }
        return true;
    }

    /** Publishes the trade {@link #tradeField} has read; a decode error, saying {@code what}, without its price or size. */
    protected final void publishTrade(io.dpp.core.instrument.Instrument instrument, long time, long receiveTime, String what) {
        if (instrument == null || !io.dpp.core.decimal.Decimal64.isNumber(tradePrice) || !io.dpp.core.decimal.Decimal64.isNumber(tradeSize)) {
            throw json.fail(what);
        }
        io.dpp.core.model.Trade trade = out.trade();
        trade.instrument(instrument);
        trade.times(time, receiveTime);
        if (tradeIdStart >= 0) {
            trade.id().set(json.buffer(), tradeIdStart, tradeIdLength);
        } else if (tradeIdNumber != Long.MIN_VALUE) {
            trade.id().set(tradeIdNumber);
        }
        trade.set(tradePrice, tradeSize, tradeSide);
        out.publish(trade);
    }

    /** The best bid and ask of the quote being read ({@link #quoteField}); NULL where the message leaves one out. */
    private long quoteBid;
    private long quoteBidSize;
    private long quoteAsk;
    private long quoteAskSize;

    /** Starts reading a quote's best bid and ask: each is unknown until {@link #quoteField} reads it. */
    protected final void beginQuote() {
        quoteBid = io.dpp.core.decimal.Decimal64.NULL;
        quoteBidSize = io.dpp.core.decimal.Decimal64.NULL;
        quoteAsk = io.dpp.core.decimal.Decimal64.NULL;
        quoteAskSize = io.dpp.core.decimal.Decimal64.NULL;
    }

    /**
     * Reads the field at the reader into the quote when its name is one of the venue's four (a
     * null name: the venue sends no such field; an empty or null value leaves it unknown); false
     * when the field is none of them.
     */
    protected final boolean quoteField(byte[] bid, byte[] bidSize, byte[] ask, byte[] askSize) {
        if (json.nameIs(bid)) {
            quoteBid = optionalDecimal();
        } else if (json.nameIs(ask)) {
            quoteAsk = optionalDecimal();
        } else if (bidSize != null && json.nameIs(bidSize)) {
            quoteBidSize = optionalDecimal();
        } else if (askSize != null && json.nameIs(askSize)) {
            quoteAskSize = optionalDecimal();
        } else {
            return false;
        }
        return true;
    }

    /** Publishes the quote {@link #quoteField} has read. */
    protected final void publishQuote(io.dpp.core.instrument.Instrument instrument, long time, long receiveTime) {
        io.dpp.core.model.Quote quote = out.quote();
        quote.instrument(instrument);
        quote.times(time, receiveTime);
        quote.set(quoteBid, quoteBidSize, quoteAsk, quoteAskSize);
        out.publish(quote);
    }

    /**
     * Compares the venue's checksum of a book with the one computed from it: a match is counted, a
     * mismatch reported (the book goes stale and is rebuilt). Callers compute only where the venue
     * sent a checksum.
     */
    protected final boolean checksumMatches(InstrumentBook book, long venueChecksum, long computed, long receiveTime) {
        if (computed != venueChecksum) {
            out.checksumFailed(book, receiveTime, venueChecksum, computed);
            return false;
        }
        out.checksumVerified();
        return true;
    }

    /**
     * Marks every book in sync stale, with {@code why}: for a venue whose new connection starts
     * every book afresh (its changes no longer follow what the book holds).
     */
    protected final void allStale(long receiveTime, String why) {
        for (InstrumentBook b : books.values()) {
            if (b.inSync()) {
                out.stale(b, receiveTime, why);
            }
        }
    }

    @Override
    public final Iterable<InstrumentBook> books() {
        return books.values();
    }
}
