package io.dpp.bus;

import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.core.instrument.OptionKind;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.BookSide;
import io.dpp.core.model.Candle;
import io.dpp.core.model.DerivativeTicker;
import io.dpp.core.model.EventType;
import io.dpp.core.model.Execution;
import io.dpp.core.model.FeedState;
import io.dpp.core.model.FeedStatus;
import io.dpp.core.model.Liquidation;
import io.dpp.core.model.MarketEvent;
import io.dpp.core.model.Quote;
import io.dpp.core.model.Side;
import io.dpp.core.model.Trade;
import io.dpp.core.text.AsciiSequence;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.IdentityHashMap;

/**
 * The compact, versioned binary form of an event on Kafka. Big-endian; decimals travel as their
 * raw {@code Decimal64} longs (value and scale, exact), times as epoch microseconds.
 *
 * <pre>
 * u8  version (2; version 1 lacks the trailing flags)
 * u8  event type (EventType ordinal)
 * str venue
 * u8  1 when an instrument follows, else 0
 *     str native symbol, str base, str quote, u8 type, i64 expiry epoch day (MIN: none),
 *     i64 strike, i8 option kind (-1: none), i64 tick size, i64 lot size, i64 contract size
 * i64 exchange time, i64 receive time
 * then by type:
 *   trade, liquidation: str id, i64 price, i64 amount, u8 side
 *   book change:        u8 snapshot, i64 sequence, i32 n, n x (u8 bid, i64 price, i64 size)
 *   quote:              i64 bid price, bid size, ask price, ask size
 *   candle:             i64 interval, open time, open, high, low, close, volume, trade count, u8 closed
 *   derivative ticker:  i64 last, mark, index, funding rate, predicted rate, funding time, open interest
 *   feed status:        u8 state, str reason
 * u8  flags (version 2 on): bit 0 demo (synthetic data), bit 1 source follows, the other bits 0
 * i64 source, when flag bit 1 is set: the id of the process that published it (hot-hot feeds)
 * str = u16 length + UTF-8 bytes
 * </pre>
 *
 * A decoder refuses versions it does not know with a clear error instead of guessing; a new
 * version adds fields at the end so that old readers can be taught to skip them. Readers of
 * version 2 ignore what follows the flags, so the source was added within it. This build
 * writes version 2 and reads 1 and 2 (a version 1 event is not demo): during a rolling upgrade,
 * upgrade the consumers (recorder, stream API) before the feeds.
 */
public final class EventCodec {

    public static final int VERSION = 2;
    /** The oldest version this build still reads. */
    public static final int OLDEST_READABLE = 1;
    private static final int FLAG_DEMO = 1;
    private static final int FLAG_SOURCE = 2;
    /** The source written after the flags, 0 for none ({@link #EventCodec(long)}). */
    private final long source;
    /** The source of the record {@link #decode} read last, 0 when it names none. */
    private long decodedSource;
    /** Where what identifies the record {@link #decode} read last ends: before its source, if any. */
    private int identityEnd;
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    /**
     * Instruments whose encoded header (venue to contract size) and Kafka key are kept: a feed's
     * instruments, a few thousand at most; past this the cache starts over, so it stays bounded.
     */
    static final int MAX_CACHED_INSTRUMENTS = 1 << 14;

    private byte[] out = new byte[512];
    /** Where the receive time of the record {@link #decode} read last starts. */
    private int receiveTimeAt;

    /** A codec that writes no source. */
    public EventCodec() {
        this(0);
    }

    /** A codec that writes {@code source} (not 0) into every event it encodes: the publishing process's id. */
    public EventCodec(long source) {
        this.source = source;
    }

    /** The source of the record {@link #decode} read last (the publishing process's id), 0 when it names none. */
    public long source() {
        return decodedSource;
    }

    /**
     * Where the bytes that identify the record {@link #decode} read last end: the event without
     * its source. With {@link #receiveTimeOffset()}, what two feeds' copies of an event share.
     */
    public int identityEnd() {
        return identityEnd;
    }
    private int len;
    /** Encoding: the header and key of each instrument seen, by identity (a feed reuses its instruments). */
    private final IdentityHashMap<Instrument, Header> headers = new IdentityHashMap<>();
    /** Decoding: instruments by their encoded header bytes. */
    private final InstrumentTable decoded = new InstrumentTable();

    /** An instrument's encoded header ({@code str venue, u8 1, the instrument's fields}) and its record key. */
    private record Header(String venue, byte[] bytes, byte[] key) {
    }

    /** Encodes {@code event}; the result is a new array owned by the caller. */
    public byte[] encode(MarketEvent event) {
        len = 0;
        u8(VERSION);
        u8(event.type().ordinal());
        Instrument i = event.instrument();
        if (i == null) {
            str(event.venue());
            u8(0);
        } else {
            byte[] h = header(event.venue(), i).bytes;
            ensure(h.length);
            System.arraycopy(h, 0, out, len, h.length);
            len += h.length;
        }
        i64(event.exchangeTime());
        i64(event.receiveTime());
        switch (event.type()) {
            case TRADE, LIQUIDATION -> {
                Execution e = (Execution) event;
                ascii(e.id());
                i64(e.price());
                i64(e.amount());
                u8(e.side().ordinal());
            }
            case BOOK_CHANGE -> {
                BookChange b = (BookChange) event;
                u8(b.snapshot() ? 1 : 0);
                i64(b.sequence());
                int n = b.levelCount();
                i32(n);
                ensure(17 * n);
                for (int k = 0; k < n; k++) {
                    out[len++] = (byte) (b.isBid(k) ? 1 : 0);
                    LONG.set(out, len, b.price(k));
                    LONG.set(out, len + 8, b.size(k));
                    len += 16;
                }
            }
            case QUOTE -> {
                Quote q = (Quote) event;
                i64(q.bidPrice());
                i64(q.bidSize());
                i64(q.askPrice());
                i64(q.askSize());
            }
            case CANDLE -> {
                Candle c = (Candle) event;
                i64(c.intervalMicros());
                i64(c.openTime());
                i64(c.open());
                i64(c.high());
                i64(c.low());
                i64(c.close());
                i64(c.volume());
                i64(c.tradeCount());
                u8(c.closed() ? 1 : 0);
            }
            case DERIVATIVE_TICKER -> {
                DerivativeTicker d = (DerivativeTicker) event;
                i64(d.lastPrice());
                i64(d.markPrice());
                i64(d.indexPrice());
                i64(d.fundingRate());
                i64(d.predictedFundingRate());
                i64(d.fundingTime());
                i64(d.openInterest());
            }
            case FEED_STATUS -> {
                FeedStatus s = (FeedStatus) event;
                u8(s.state().ordinal());
                ascii(s.reason());
            }
        }
        u8((event.demo() ? FLAG_DEMO : 0) | (source != 0 ? FLAG_SOURCE : 0));
        if (source != 0) {
            i64(source);
        }
        return Arrays.copyOf(out, len);
    }

    /**
     * The record key of {@code event} on Kafka: {@code venue:native symbol}, or the venue for a
     * venue-wide event, so that each instrument stays in one partition. Kept per instrument: the
     * same array is returned each time (Kafka's producer only reads it).
     */
    public byte[] key(MarketEvent event) {
        Instrument i = event.instrument();
        return i == null ? event.venue().getBytes(StandardCharsets.UTF_8) : header(event.venue(), i).key;
    }

    private Header header(String venue, Instrument i) {
        Header h = headers.get(i);
        if (h != null && (h.venue == venue || h.venue.equals(venue))) {
            return h;
        }
        if (headers.size() >= MAX_CACHED_INSTRUMENTS) {
            headers.clear();
        }
        byte[] saved = out;
        int savedLen = len;
        out = new byte[64];
        len = 0;
        str(venue);
        u8(1);
        str(i.nativeSymbol());
        str(i.base());
        str(i.quote());
        u8(i.type().ordinal());
        i64(i.expiry() == null ? Long.MIN_VALUE : i.expiry().toEpochDay());
        i64(i.strike());
        u8(i.optionKind() == null ? 255 : i.optionKind().ordinal());
        i64(i.tickSize());
        i64(i.lotSize());
        i64(i.contractSize());
        h = new Header(venue, Arrays.copyOf(out, len), (venue + ":" + i.nativeSymbol()).getBytes(StandardCharsets.UTF_8));
        out = saved;
        len = savedLen;
        headers.put(i, h);
        return h;
    }

    /**
     * Where the 8 bytes of the receive time start in the record {@link #decode} read last: two
     * copies of one venue message, received by two feed processes, differ only there.
     */
    public int receiveTimeOffset() {
        return receiveTimeAt;
    }

    /**
     * Decodes {@code bytes} into the matching object of {@code slot}.
     *
     * @throws IllegalArgumentException for an unknown version or type, or a truncated message
     */
    public MarketEvent decode(byte[] bytes, EventSlot slot) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            int version = in.get() & 0xff;
            if (version < OLDEST_READABLE || version > VERSION) {
                throw new IllegalArgumentException("event encoding version " + version + " is not known to this build"
                        + " (it reads versions " + OLDEST_READABLE + " to " + VERSION + "); upgrade the consumer");
            }
            int typeIndex = in.get() & 0xff;
            if (typeIndex >= EventType.values().length) {
                throw new IllegalArgumentException("unknown event type " + typeIndex);
            }
            EventType type = EventType.values()[typeIndex];
            MarketEvent event = slot.prepare(type);
            String venue = null;
            Instrument instrument = instrument(bytes, in);
            if (instrument == null) {
                venue = str(in);
                if (in.get() != 0) {
                    throw new IllegalArgumentException("bad instrument flag");
                }
            }
            long exchangeTime = in.getLong();
            receiveTimeAt = in.position();
            long receiveTime = in.getLong();
            switch (type) {
                case TRADE, LIQUIDATION -> {
                    int idLength = in.getShort() & 0xffff;
                    int idStart = ascii(bytes, in, idLength);
                    long price = in.getLong();
                    long amount = in.getLong();
                    Side side = Side.values()[in.get() & 0xff];
                    if (type == EventType.TRADE) {
                        ((Trade) event).set(price, amount, side);
                    } else {
                        ((Liquidation) event).set(price, amount, side);
                    }
                    ((Execution) event).id().set(bytes, idStart, idLength);
                }
                case BOOK_CHANGE -> {
                    BookChange b = (BookChange) event;
                    boolean snapshot = in.get() == 1;
                    b.begin(snapshot, in.getLong());
                    int n = in.getInt();
                    if (n < 0 || n > in.remaining() / 17) {
                        throw new IllegalArgumentException("book change claims " + n + " levels");
                    }
                    for (int k = 0; k < n; k++) {
                        BookSide side = in.get() == 1 ? BookSide.BID : BookSide.ASK;
                        b.addLevel(side, in.getLong(), in.getLong());
                    }
                }
                case QUOTE -> ((Quote) event).set(in.getLong(), in.getLong(), in.getLong(), in.getLong());
                case CANDLE -> {
                    Candle c = (Candle) event;
                    c.interval(in.getLong(), in.getLong());
                    c.set(in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.get() == 1);
                }
                case DERIVATIVE_TICKER -> {
                    DerivativeTicker d = (DerivativeTicker) event;
                    d.prices(in.getLong(), in.getLong(), in.getLong());
                    d.funding(in.getLong(), in.getLong(), in.getLong());
                    d.openInterest(in.getLong());
                }
                case FEED_STATUS -> {
                    FeedStatus s = (FeedStatus) event;
                    FeedState state = FeedState.values()[in.get() & 0xff];
                    if (instrument == null) {
                        s.setVenueWide(venue, state);
                    } else {
                        s.set(instrument, state);
                    }
                    int n = in.getShort() & 0xffff;
                    s.reason().set(bytes, ascii(bytes, in, n), n);
                }
            }
            if (type != EventType.FEED_STATUS) {
                if (instrument == null) {
                    throw new IllegalArgumentException(type + " without an instrument");
                }
                event.instrument(instrument);
            }
            event.times(exchangeTime, receiveTime);
            int flags = version >= 2 ? in.get() : 0;
            event.demo((flags & FLAG_DEMO) != 0);
            identityEnd = in.position();
            decodedSource = (flags & FLAG_SOURCE) != 0 && in.remaining() >= 8 ? in.getLong() : 0;
            return event;
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("truncated or corrupt event (" + bytes.length + " bytes)", e);
        }
    }

    /**
     * The instrument of the header at the buffer's position, the position moved past it; null, the
     * position unmoved, when the event has none. A header seen before is found by its bytes and
     * allocates nothing; a new one is parsed and kept (a changed tick size is a new header).
     */
    private Instrument instrument(byte[] bytes, ByteBuffer in) {
        int start = in.position();
        int venueLength = ((bytes[start] & 0xff) << 8) | (bytes[start + 1] & 0xff);
        int at = start + 2 + venueLength;
        if (bytes[at] != 1) {
            return null;
        }
        at++;
        int symbolEnd = 0;
        for (int k = 0; k < 3; k++) { // symbol, base, quote
            at += 2 + (((bytes[at] & 0xff) << 8) | (bytes[at + 1] & 0xff));
            if (k == 0) {
                symbolEnd = at;
            }
        }
        int end = at + 1 + 8 + 8 + 1 + 8 + 8 + 8;
        if (end > bytes.length) {
            throw new BufferUnderflowException();
        }
        Instrument known = decoded.get(bytes, start, end, symbolEnd);
        if (known != null) {
            in.position(end);
            return known;
        }
        String venue = str(in);
        in.get();
        String symbol = str(in);
        String base = str(in);
        String quote = str(in);
        InstrumentType type = InstrumentType.values()[in.get() & 0xff];
        long expiry = in.getLong();
        long strike = in.getLong();
        int kind = in.get() & 0xff;
        long tick = in.getLong();
        long lot = in.getLong();
        long contract = in.getLong();
        Instrument.Builder b = Instrument.builder(venue, symbol).assets(base, quote).type(type)
                .tickSize(tick).lotSize(lot).contractSize(contract);
        if (expiry != Long.MIN_VALUE) {
            b.expiry(LocalDate.ofEpochDay(expiry));
        }
        if (kind != 255) {
            b.option(strike, OptionKind.values()[kind]);
        }
        Instrument built = b.build();
        decoded.put(Arrays.copyOfRange(bytes, start, end), symbolEnd - start, built);
        return built;
    }

    /** Instruments by the bytes of their encoded header: open addressing, bounded, emptied when full. */
    private static final class InstrumentTable {
        private byte[][] keys = new byte[1024][];
        private Instrument[] values = new Instrument[1024];
        /** How much of each key the hash covers: its venue and symbol, which tell instruments apart. */
        private int[] hashedLengths = new int[1024];
        private int size;

        /** The instrument of header {@code bytes[from, to)}, whose venue and symbol end at {@code hashed}. */
        Instrument get(byte[] bytes, int from, int to, int hashed) {
            int mask = keys.length - 1;
            for (int slot = hash(bytes, from, hashed) & mask; ; slot = (slot + 1) & mask) {
                byte[] k = keys[slot];
                if (k == null) {
                    return null;
                }
                if (Arrays.equals(k, 0, k.length, bytes, from, to)) {
                    return values[slot];
                }
            }
        }

        void put(byte[] key, int hashed, Instrument value) {
            if ((size + 1) * 4 > keys.length * 3) {
                if (keys.length >= MAX_CACHED_INSTRUMENTS * 2) {
                    Arrays.fill(keys, null);
                    Arrays.fill(values, null);
                    size = 0;
                } else {
                    grow();
                }
            }
            int mask = keys.length - 1;
            int slot = hash(key, 0, hashed) & mask;
            while (keys[slot] != null) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = key;
            hashedLengths[slot] = hashed;
            values[slot] = value;
            size++;
        }

        private void grow() {
            byte[][] oldKeys = keys;
            Instrument[] oldValues = values;
            int[] oldHashed = hashedLengths;
            keys = new byte[oldKeys.length * 2][];
            values = new Instrument[oldKeys.length * 2];
            hashedLengths = new int[oldKeys.length * 2];
            size = 0;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != null) {
                    put(oldKeys[i], oldHashed[i], oldValues[i]);
                }
            }
        }

        private static int hash(byte[] bytes, int from, int to) {
            int h = 1;
            for (int i = from; i < to; i++) {
                h = 31 * h + bytes[i];
            }
            return h ^ (h >>> 16);
        }
    }

    private void ensure(int n) {
        if (len + n > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, len + n));
        }
    }

    private void u8(int v) {
        ensure(1);
        out[len++] = (byte) v;
    }

    private void i32(int v) {
        ensure(4);
        INT.set(out, len, v);
        len += 4;
    }

    private void i64(long v) {
        ensure(8);
        LONG.set(out, len, v);
        len += 8;
    }

    /** An identifier or reason: ASCII (an {@link AsciiSequence}) copied as it is. */
    private void ascii(AsciiSequence s) {
        int n = s.length();
        if (n > 65_535) {
            throw new IllegalArgumentException("text of " + n + " bytes is too long to encode");
        }
        ensure(2 + n);
        out[len++] = (byte) (n >>> 8);
        out[len++] = (byte) n;
        len += s.copyTo(out, len);
    }

    private void str(CharSequence s) {
        byte[] b = s.toString().getBytes(StandardCharsets.UTF_8);
        if (b.length > 65_535) {
            throw new IllegalArgumentException("text of " + b.length + " bytes is too long to encode");
        }
        ensure(2 + b.length);
        out[len++] = (byte) (b.length >>> 8);
        out[len++] = (byte) b.length;
        System.arraycopy(b, 0, out, len, b.length);
        len += b.length;
    }

    /** Skips {@code n} bytes of ASCII text at the position and returns where they start. */
    private static int ascii(byte[] bytes, ByteBuffer in, int n) {
        int at = in.position();
        in.position(at + n);
        for (int i = at; i < at + n; i++) {
            if (bytes[i] < 0) {
                throw new IllegalArgumentException("non-ASCII byte in an identifier at " + i);
            }
        }
        return at;
    }

    private static String str(ByteBuffer in) {
        int n = in.getShort() & 0xffff;
        byte[] b = new byte[n];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
