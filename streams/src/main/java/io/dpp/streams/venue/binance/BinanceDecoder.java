package io.dpp.streams.venue.binance;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.BookSide;
import io.dpp.core.model.Candle;
import io.dpp.core.model.DerivativeTicker;
import io.dpp.core.model.Liquidation;
import io.dpp.core.model.Quote;
import io.dpp.core.model.Side;
import io.dpp.core.model.Trade;
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
 * Binance spot and USD-M futures market streams, raw or combined ({"stream":..,"data":..}):
 * depthUpdate, bookTicker, aggTrade, trade, kline, and for futures markPriceUpdate and
 * forceOrder. Members are read in one pass into {@link BinanceFields}; arrays are read after, so
 * nothing depends on member order.
 *
 * <p>Books follow Binance's "how to manage a local order book": diffs are held back until the
 * REST snapshot ({@code /depth}, its lastUpdateId) arrives; older diffs are dropped; the first
 * diff applied must straddle the snapshot (spot: {@code U <= lastUpdateId+1 <= u}; futures:
 * {@code U <= lastUpdateId <= u}); each later diff must follow the one before (spot:
 * {@code U == previous u + 1}; futures: {@code pu == previous u}). Anything else is a gap.
 */
final class BinanceDecoder extends AbstractDecoder {

    private static final byte[] DATA = Ascii.bytes("data");
    private static final byte[] DEPTH_UPDATE = Ascii.bytes("depthUpdate");
    private static final byte[] AGG_TRADE = Ascii.bytes("aggTrade");
    private static final byte[] TRADE = Ascii.bytes("trade");
    private static final byte[] KLINE = Ascii.bytes("kline");
    private static final byte[] BOOK_TICKER = Ascii.bytes("bookTicker");
    private static final byte[] MARK_PRICE = Ascii.bytes("markPriceUpdate");
    private static final byte[] FORCE_ORDER = Ascii.bytes("forceOrder");
    private static final byte[] LAST_UPDATE_ID = Ascii.bytes("lastUpdateId");
    private static final byte[] BIDS = Ascii.bytes("bids");
    private static final byte[] ASKS = Ascii.bytes("asks");
    private static final byte[] E_UPPER = Ascii.bytes("E");
    private static final byte[] T_UPPER = Ascii.bytes("T");

    private final boolean futures;
    private final BinanceFields f = new BinanceFields();
    private final BookSides sides = new BookSides(BIDS, ASKS);
    private final SnapshotBridge snapshots = new SnapshotBridge(json, instruments, out,
            url -> url.contains("/depth") ? Objects.requireNonNullElse(ProtocolSupport.query(url, "symbol"), "") : null,
            this::decodeHeld);

    BinanceDecoder(InstrumentCatalog instruments, FeedOutput out, BinanceFlavor flavor) {
        super(instruments, out);
        this.futures = flavor.futures;
    }

    @Override
    protected void decode(byte[] buf, int offset, int length, long receiveTime) {
        readFields(buf, offset, length);
        dispatch(buf, offset, length, receiveTime);
    }

    // Reads the payload's members into f, from {"stream":..,"data":{..}} or a raw stream message.
    // The envelope names its stream before the data, so the data is read where it stands, once;
    // what follows it in the envelope is skipped.
    private void readFields(byte[] buf, int offset, int length) {
        json.reset(buf, offset, length).beginObject();
        f.clear();
        boolean data = false;
        while (json.nextField()) {
            if (data) {
                json.skipValue();
            } else if (json.nameIs(DATA)) {
                data = true;
                f.clear();
                json.beginObject();
                while (json.nextField()) {
                    f.read(json);
                }
            } else {
                f.read(json);
            }
        }
    }

    private void dispatch(byte[] buf, int offset, int length, long receiveTime) {
        if (f.event(DEPTH_UPDATE)) {
            depth(buf, offset, length, receiveTime, true);
        } else if (f.event(BOOK_TICKER) || (f.eventLength == 0 && f.updateId != BinanceFields.NONE && f.bidPrice != Decimal64.NULL)) {
            bookTicker(receiveTime);
        } else if (f.event(AGG_TRADE)) {
            trade(receiveTime, f.aggregateId);
        } else if (f.event(TRADE)) {
            trade(receiveTime, f.tradeId);
        } else if (f.event(KLINE)) {
            kline(receiveTime);
        } else if (f.event(MARK_PRICE)) {
            markPrice(receiveTime);
        } else if (f.event(FORCE_ORDER)) {
            forceOrder(receiveTime);
        }
    }

    // ---- books -------------------------------------------------------------------------------

    private void depth(byte[] buf, int offset, int length, long receiveTime, boolean live) {
        Instrument instrument = symbol(f.symbolStart, f.symbolLength);
        InstrumentBook book = book(instrument);
        if (!book.inSync()) {
            if (live) {
                snapshots.hold(instrument, buf, offset, length, receiveTime);
            }
            return;
        }
        long last = book.lastSequence();
        if (book.firstChangePending()) {
            // Diffs the snapshot already contains are dropped; the first one kept must straddle it.
            if (futures ? f.lastUpdateId < last : f.lastUpdateId <= last) {
                return;
            }
            long target = futures ? last : last + 1;
            if (!(f.firstUpdateId <= target && f.lastUpdateId >= target)) {
                out.sequenceGap(book, receiveTime, target, f.firstUpdateId);
                return;
            }
        } else {
            if (f.lastUpdateId <= last) {
                return; // a repeat of a diff already applied
            }
            long expected = futures ? last : last + 1;
            long received = futures ? f.previousUpdateId : f.firstUpdateId;
            if (received != expected) {
                out.sequenceGap(book, receiveTime, expected, received);
                if (live) {
                    // The diff after the hole is still good: a snapshot that arrives next may need it.
                    snapshots.hold(instrument, buf, offset, length, receiveTime);
                }
                return;
            }
        }
        BookChange change = out.bookChange();
        change.instrument(instrument);
        change.times(exchangeTime(), receiveTime);
        change.begin(false, f.lastUpdateId);
        readLevels(change, BookSide.BID, f.bidsStart, f.bidsEnd);
        readLevels(change, BookSide.ASK, f.asksStart, f.asksEnd);
        if (out.apply(book, change)) {
            book.lastSequence(f.lastUpdateId);
            out.publishChange(book, change);
        }
    }

    @Override
    protected void decodeRest(String url, byte[] buf, int offset, int length, long receiveTime) {
        Instrument instrument = snapshots.instrument(url, buf, offset, length);
        if (instrument == null) {
            return;
        }
        BookChange change = out.bookChange();
        change.instrument(instrument);
        // The levels are read where they stand (the change is published only once the whole
        // response has been read); the sequence is set once it is known.
        change.begin(true, BookChange.NO_SEQUENCE);
        long lastUpdateId = -1;
        long eventTime = Timestamps.UNKNOWN;
        sides.begin(change);
        json.reset(buf, offset, length).beginObject();
        while (json.nextField()) {
            if (json.nameIs(LAST_UPDATE_ID)) {
                lastUpdateId = json.readLong();
            } else if (json.nameIs(E_UPPER) || json.nameIs(T_UPPER)) {
                eventTime = Math.max(eventTime, Timestamps.ofMillis(json.readLong()));
            } else if (!sides.read()) {
                json.skipValue();
            }
        }
        if (lastUpdateId < 0 || !sides.both()) {
            throw json.fail("snapshot without lastUpdateId, bids or asks");
        }
        change.sequence(lastUpdateId);
        change.times(eventTime, receiveTime);
        InstrumentBook book = book(instrument);
        out.snapshot(book, change);
        if (!book.inSync()) {
            return;
        }
        book.lastSequence(lastUpdateId);
        snapshots.release(book, receiveTime);
    }

    private void decodeHeld(InstrumentBook book, byte[] buf, int offset, int length, long receiveTime) {
        readFields(buf, offset, length);
        depth(buf, offset, length, receiveTime, false);
    }

    // ---- other streams -----------------------------------------------------------------------

    private void bookTicker(long receiveTime) {
        Instrument instrument = symbol(f.symbolStart, f.symbolLength);
        Quote quote = out.quote();
        quote.instrument(instrument);
        quote.times(exchangeTime(), receiveTime);
        quote.set(f.bidPrice, f.bidSize, f.askPrice, f.askSize);
        out.publish(quote);
    }

    private void trade(long receiveTime, long id) {
        Instrument instrument = symbol(f.symbolStart, f.symbolLength);
        Trade trade = out.trade();
        trade.instrument(instrument);
        trade.times(f.tradeTime != BinanceFields.NONE ? Timestamps.ofMillis(f.tradeTime) : exchangeTime(), receiveTime);
        if (id != BinanceFields.NONE) {
            trade.id().set(id);
        }
        // m: the buyer is the maker, so the aggressor sold.
        trade.set(require(f.price), require(f.quantity), f.buyerMaker ? Side.SELL : Side.BUY);
        out.publish(trade);
    }

    private void kline(long receiveTime) {
        if (f.klineStart < 0) {
            throw json.fail("kline without k");
        }
        BinanceFields k = f.kline(json);
        Instrument instrument = symbol(k.symbolStart >= 0 ? k.symbolStart : f.symbolStart,
                k.symbolStart >= 0 ? k.symbolLength : f.symbolLength);
        if (k.openTime == BinanceFields.NONE || k.closeTime == BinanceFields.NONE) {
            throw json.fail("kline without t or T");
        }
        Candle candle = out.candle();
        candle.instrument(instrument);
        candle.times(exchangeTime(), receiveTime);
        candle.interval(Timestamps.ofMillis(k.closeTime + 1 - k.openTime), Timestamps.ofMillis(k.openTime));
        candle.set(require(k.open), require(k.high), require(k.low), require(k.close), require(k.volume),
                k.tradeCount == BinanceFields.NONE ? -1 : k.tradeCount, k.closed);
        out.publish(candle);
    }

    private void markPrice(long receiveTime) {
        Instrument instrument = symbol(f.symbolStart, f.symbolLength);
        DerivativeTicker ticker = out.ticker();
        ticker.instrument(instrument);
        ticker.times(f.eventTime == BinanceFields.NONE ? Timestamps.UNKNOWN : Timestamps.ofMillis(f.eventTime), receiveTime);
        ticker.prices(Decimal64.NULL, require(f.price), Decimal64.isNumber(f.indexPrice) ? f.indexPrice : Decimal64.NULL);
        ticker.funding(Decimal64.isNumber(f.fundingRate) ? f.fundingRate : Decimal64.NULL, Decimal64.NULL,
                f.tradeTime == BinanceFields.NONE ? Timestamps.UNKNOWN : Timestamps.ofMillis(f.tradeTime));
        out.publish(ticker);
    }

    private void forceOrder(long receiveTime) {
        if (f.orderStart < 0) {
            throw json.fail("forceOrder without o");
        }
        BinanceFields o = f.order(json);
        Instrument instrument = symbol(o.symbolStart, o.symbolLength);
        boolean filled = Decimal64.isNumber(o.averagePrice) && Decimal64.signum(o.averagePrice) > 0
                && Decimal64.isNumber(o.filledQuantity) && Decimal64.signum(o.filledQuantity) > 0;
        Liquidation liquidation = out.liquidation();
        liquidation.instrument(instrument);
        liquidation.times(o.tradeTime != BinanceFields.NONE ? Timestamps.ofMillis(o.tradeTime) : exchangeTime(), receiveTime);
        liquidation.set(filled ? o.averagePrice : require(o.price), filled ? o.filledQuantity : require(o.quantity), o.side);
        out.publish(liquidation);
    }

    private long exchangeTime() {
        if (f.transactionTime != BinanceFields.NONE) {
            return Timestamps.ofMillis(f.transactionTime);
        }
        return f.eventTime == BinanceFields.NONE ? Timestamps.UNKNOWN : Timestamps.ofMillis(f.eventTime);
    }

    private long require(long decimal) {
        if (!Decimal64.isNumber(decimal)) {
            throw json.fail("missing or invalid price or quantity");
        }
        return decimal;
    }

    private Instrument symbol(int start, int length) {
        if (start < 0) {
            throw json.fail("missing symbol");
        }
        Instrument i = instruments.find(json.buffer(), start, length);
        if (i == null) {
            throw json.fail("unknown instrument");
        }
        return i;
    }
}
