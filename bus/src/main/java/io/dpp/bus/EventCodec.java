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
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

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
 * u8  flags (version 2 on): bit 0 demo (synthetic data), the other bits 0
 * str = u16 length + UTF-8 bytes
 * </pre>
 *
 * A decoder refuses versions it does not know with a clear error instead of guessing; a new
 * version adds fields at the end so that old readers can be taught to skip them. This build
 * writes version 2 and reads 1 and 2 (a version 1 event is not demo): during a rolling upgrade,
 * upgrade the consumers (recorder, stream API) before the feeds.
 */
public final class EventCodec {

    public static final int VERSION = 2;
    /** The oldest version this build still reads. */
    public static final int OLDEST_READABLE = 1;
    private static final int FLAG_DEMO = 1;

    private byte[] out = new byte[512];
    private int len;
    private final Map<String, Instrument> instruments = new HashMap<>();

    /** Encodes {@code event}; the result is a new array owned by the caller. */
    public byte[] encode(MarketEvent event) {
        len = 0;
        u8(VERSION);
        u8(event.type().ordinal());
        str(event.venue());
        Instrument i = event.instrument();
        u8(i == null ? 0 : 1);
        if (i != null) {
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
        }
        i64(event.exchangeTime());
        i64(event.receiveTime());
        switch (event.type()) {
            case TRADE, LIQUIDATION -> {
                Execution e = (Execution) event;
                str(e.id());
                i64(e.price());
                i64(e.amount());
                u8(e.side().ordinal());
            }
            case BOOK_CHANGE -> {
                BookChange b = (BookChange) event;
                u8(b.snapshot() ? 1 : 0);
                i64(b.sequence());
                i32(b.levelCount());
                for (int k = 0; k < b.levelCount(); k++) {
                    u8(b.isBid(k) ? 1 : 0);
                    i64(b.price(k));
                    i64(b.size(k));
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
                str(s.reason());
            }
        }
        u8(event.demo() ? FLAG_DEMO : 0);
        return Arrays.copyOf(out, len);
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
            String venue = str(in);
            Instrument instrument = in.get() == 1 ? instrument(venue, in) : null;
            long exchangeTime = in.getLong();
            long receiveTime = in.getLong();
            switch (type) {
                case TRADE, LIQUIDATION -> {
                    String id = str(in);
                    long price = in.getLong();
                    long amount = in.getLong();
                    Side side = Side.values()[in.get() & 0xff];
                    if (type == EventType.TRADE) {
                        ((Trade) event).set(price, amount, side);
                    } else {
                        ((Liquidation) event).set(price, amount, side);
                    }
                    ((Execution) event).id().set(id);
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
                    s.reason().set(str(in));
                }
            }
            if (type != EventType.FEED_STATUS) {
                if (instrument == null) {
                    throw new IllegalArgumentException(type + " without an instrument");
                }
                event.instrument(instrument);
            }
            event.times(exchangeTime, receiveTime);
            event.demo(version >= 2 && (in.get() & FLAG_DEMO) != 0);
            return event;
        } catch (BufferUnderflowException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("truncated or corrupt event (" + bytes.length + " bytes)", e);
        }
    }

    private Instrument instrument(String venue, ByteBuffer in) {
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
        String key = venue + '\u0000' + symbol;
        Instrument known = instruments.get(key);
        if (known != null && known.base().equals(base) && known.quote().equals(quote) && known.type() == type
                && known.tickSize() == tick && known.lotSize() == lot && known.contractSize() == contract) {
            return known;
        }
        Instrument.Builder b = Instrument.builder(venue, symbol).assets(base, quote).type(type)
                .tickSize(tick).lotSize(lot).contractSize(contract);
        if (expiry != Long.MIN_VALUE) {
            b.expiry(LocalDate.ofEpochDay(expiry));
        }
        if (kind != 255) {
            b.option(strike, OptionKind.values()[kind]);
        }
        Instrument built = b.build();
        instruments.put(key, built);
        return built;
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
        for (int s = 24; s >= 0; s -= 8) {
            out[len++] = (byte) (v >>> s);
        }
    }

    private void i64(long v) {
        ensure(8);
        for (int s = 56; s >= 0; s -= 8) {
            out[len++] = (byte) (v >>> s);
        }
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

    private static String str(ByteBuffer in) {
        int n = in.getShort() & 0xffff;
        byte[] b = new byte[n];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
