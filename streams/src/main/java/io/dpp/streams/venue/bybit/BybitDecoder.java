package io.dpp.streams.venue.bybit;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.BookSide;
import io.dpp.core.model.DerivativeTicker;
import io.dpp.core.model.Liquidation;
import io.dpp.core.model.Quote;
import io.dpp.core.model.Side;
import io.dpp.core.model.Trade;
import io.dpp.core.time.Timestamps;
import io.dpp.book.LevelIds;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.json.Ascii;
import io.dpp.streams.venue.AbstractDecoder;
import io.dpp.streams.venue.InstrumentCatalog;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Bybit public streams, v5 and the retired v2/"realtime" API of the fixture capture, told apart
 * by topic: {@code {"topic":..,"type":"snapshot"|"delta","data":..}}.
 *
 * <ul>
 *   <li>v5 "orderbook.N.SYM": {@code {s, b, a, u, seq}}; each delta's u must follow the last by
 *       one, else the book is stale.</li>
 *   <li>legacy "orderBookL2_25.SYM" / "orderBook_200.100ms.SYM": levels named by id; inserts give
 *       the price of an id, updates and deletes may not, so the id-to-price map
 *       ({@link LevelIds}) fills it in. No usable sequence.</li>
 *   <li>trades ("trade.SYM", "publicTrade.SYM"), v5 "tickers.SYM" (deltas carry changed fields
 *       only, merged into the last known ticker) and liquidations.</li>
 * </ul>
 */
final class BybitDecoder extends AbstractDecoder implements io.dpp.streams.venue.IdKeyedBooks {

    private static final byte[] TOPIC = Ascii.bytes("topic");
    private static final byte[] TYPE = Ascii.bytes("type");
    private static final byte[] DATA = Ascii.bytes("data");
    private static final byte[] SNAPSHOT = Ascii.bytes("snapshot");
    private static final byte[] TIMESTAMP_E6 = Ascii.bytes("timestamp_e6");
    private static final byte[] TS = Ascii.bytes("ts");
    private static final byte[] ORDER_BOOK = Ascii.bytes("order_book");
    private static final byte[] DELETE = Ascii.bytes("delete");
    private static final byte[] UPDATE = Ascii.bytes("update");
    private static final byte[] INSERT = Ascii.bytes("insert");
    private static final byte[] PRICE = Ascii.bytes("price");
    private static final byte[] ID = Ascii.bytes("id");
    private static final byte[] SIDE = Ascii.bytes("side");
    private static final byte[] SIZE = Ascii.bytes("size");
    private static final byte[] BUY = Ascii.bytes("Buy");
    private static final byte[] SELL = Ascii.bytes("Sell");
    private static final byte[] B = Ascii.bytes("b");
    private static final byte[] A = Ascii.bytes("a");
    private static final byte[] U = Ascii.bytes("u");
    private static final byte[] P = Ascii.bytes("p");
    private static final byte[] V = Ascii.bytes("v");
    private static final byte[] S_UPPER = Ascii.bytes("S");
    private static final byte[] T_UPPER = Ascii.bytes("T");
    private static final byte[] I = Ascii.bytes("i");
    private static final byte[] TRADE_ID = Ascii.bytes("trade_id");
    private static final byte[] TRADE_TIME_MS = Ascii.bytes("trade_time_ms");
    private static final byte[] UPDATED_TIME = Ascii.bytes("updatedTime");
    private static final byte[] BID1_PRICE = Ascii.bytes("bid1Price");
    private static final byte[] BID1_SIZE = Ascii.bytes("bid1Size");
    private static final byte[] ASK1_PRICE = Ascii.bytes("ask1Price");
    private static final byte[] ASK1_SIZE = Ascii.bytes("ask1Size");
    private static final byte[] LAST_PRICE = Ascii.bytes("lastPrice");
    private static final byte[] MARK_PRICE = Ascii.bytes("markPrice");
    private static final byte[] INDEX_PRICE = Ascii.bytes("indexPrice");
    private static final byte[] FUNDING_RATE = Ascii.bytes("fundingRate");
    private static final byte[] NEXT_FUNDING_TIME = Ascii.bytes("nextFundingTime");
    private static final byte[] OPEN_INTEREST = Ascii.bytes("openInterest");

    /** The last known ticker of an instrument, which v5 deltas update field by field. */
    private static final class TickerState {
        long bid = Decimal64.NULL;
        long bidSize = Decimal64.NULL;
        long ask = Decimal64.NULL;
        long askSize = Decimal64.NULL;
        long last = Decimal64.NULL;
        long mark = Decimal64.NULL;
        long index = Decimal64.NULL;
        long funding = Decimal64.NULL;
        long fundingTime = Timestamps.UNKNOWN;
        long openInterest = Decimal64.NULL;
        boolean derivative;

        void copyFrom(TickerState o) {
            bid = o.bid;
            bidSize = o.bidSize;
            ask = o.ask;
            askSize = o.askSize;
            last = o.last;
            mark = o.mark;
            index = o.index;
            funding = o.funding;
            fundingTime = o.fundingTime;
            openInterest = o.openInterest;
            derivative = o.derivative;
        }
    }

    private final Map<Instrument, LevelIds> levelIds = new IdentityHashMap<>();
    private final Map<Instrument, TickerState> tickers = new IdentityHashMap<>();
    private final TickerState update = new TickerState();

    BybitDecoder(InstrumentCatalog instruments, FeedOutput out) {
        super(instruments, out);
    }

    @Override
    protected void decode(byte[] buf, int offset, int length, long receiveTime) {
        json.reset(buf, offset, length).beginObject();
        int topicStart = -1;
        int topicLength = 0;
        boolean snapshot = false;
        int dataStart = -1;
        int dataEnd = -1;
        long time = Timestamps.UNKNOWN;
        while (json.nextField()) {
            if (json.nameIs(TOPIC)) {
                json.readString();
                topicStart = json.stringStart();
                topicLength = json.stringLength();
            } else if (json.nameIs(TYPE)) {
                json.readString();
                snapshot = json.stringIs(SNAPSHOT);
            } else if (json.nameIs(DATA)) {
                dataStart = json.position();
                json.skipValue();
                dataEnd = json.position();
            } else if (json.nameIs(TIMESTAMP_E6)) {
                time = json.readLong();
            } else if (json.nameIs(TS)) {
                time = Timestamps.ofMillis(json.readLong());
            } else {
                json.skipValue();
            }
        }
        if (topicStart < 0 || dataStart < 0) {
            return; // subscription replies, pongs
        }
        int dot = topicStart + topicLength - 1;
        while (dot > topicStart && buf[dot] != '.') {
            dot--;
        }
        Instrument instrument = instruments.find(buf, dot + 1, topicStart + topicLength - dot - 1);
        if (instrument == null) {
            throw json.fail("unknown symbol in topic");
        }
        if (Ascii.startsWith(buf, topicStart, topicLength, "orderBook")) {
            legacyBook(instrument, snapshot, dataStart, dataEnd, time, receiveTime);
        } else if (Ascii.startsWith(buf, topicStart, topicLength, "orderbook.")) {
            book(instrument, snapshot, dataStart, dataEnd, time, receiveTime);
        } else if (Ascii.startsWith(buf, topicStart, topicLength, "trade.")
                || Ascii.startsWith(buf, topicStart, topicLength, "publicTrade.")) {
            trades(instrument, dataStart, dataEnd, receiveTime);
        } else if (Ascii.startsWith(buf, topicStart, topicLength, "tickers.")) {
            ticker(instrument, snapshot, dataStart, dataEnd, time, receiveTime);
        } else if (Ascii.startsWith(buf, topicStart, topicLength, "liquidation.")
                || Ascii.startsWith(buf, topicStart, topicLength, "allLiquidation.")) {
            liquidations(instrument, dataStart, dataEnd, receiveTime);
        }
    }

    // ---- v5 books ------------------------------------------------------------------------

    private void book(Instrument instrument, boolean snapshot, int start, int end, long time, long receiveTime) {
        int bidsStart = -1;
        int bidsEnd = -1;
        int asksStart = -1;
        int asksEnd = -1;
        long u = Long.MIN_VALUE;
        json.reset(json.buffer(), start, end - start).beginObject();
        while (json.nextField()) {
            if (json.nameIs(B)) {
                bidsStart = json.position();
                json.skipValue();
                bidsEnd = json.position();
            } else if (json.nameIs(A)) {
                asksStart = json.position();
                json.skipValue();
                asksEnd = json.position();
            } else if (json.nameIs(U)) {
                u = json.readLong();
            } else {
                json.skipValue();
            }
        }
        BookChange change = out.bookChange();
        change.instrument(instrument);
        change.times(time, receiveTime);
        change.begin(snapshot, u == Long.MIN_VALUE ? BookChange.NO_SEQUENCE : u);
        readLevels(change, BookSide.BID, bidsStart, bidsEnd);
        readLevels(change, BookSide.ASK, asksStart, asksEnd);
        InstrumentBook book = book(instrument);
        if (snapshot) {
            out.snapshot(book, change);
            book.lastSequence(u == Long.MIN_VALUE ? InstrumentBook.NO_SEQUENCE : u);
            return;
        }
        if (!book.inSync()) {
            return;
        }
        if (u != Long.MIN_VALUE && book.lastSequence() != InstrumentBook.NO_SEQUENCE && u != book.lastSequence() + 1) {
            out.sequenceGap(book, receiveTime, book.lastSequence() + 1, u);
            return;
        }
        if (out.apply(book, change)) {
            book.lastSequence(u == Long.MIN_VALUE ? InstrumentBook.NO_SEQUENCE : u);
            out.publishChange(book, change);
        }
    }

    // ---- legacy id-keyed books ---------------------------------------------------------------

    private void legacyBook(Instrument instrument, boolean snapshot, int start, int end, long time, long receiveTime) {
        LevelIds ids = levelIds.computeIfAbsent(instrument, i -> new LevelIds());
        BookChange change = out.bookChange();
        change.instrument(instrument);
        change.times(time, receiveTime);
        change.begin(snapshot, BookChange.NO_SEQUENCE);
        json.reset(json.buffer(), start, end - start);
        ids.begin();
        if (snapshot) {
            ids.stageClear();
            if (json.peek() == '{') {
                json.beginObject();
                while (json.nextField()) {
                    if (json.nameIs(ORDER_BOOK)) {
                        entries(change, ids, Action.INSERT);
                    } else {
                        json.skipValue();
                    }
                }
            } else {
                entries(change, ids, Action.INSERT);
            }
            ids.commit();
            out.snapshot(book(instrument), change);
            return;
        }
        InstrumentBook book = book(instrument);
        if (!book.inSync()) {
            return;
        }
        json.beginObject();
        while (json.nextField()) {
            if (json.nameIs(DELETE)) {
                entries(change, ids, Action.DELETE);
            } else if (json.nameIs(UPDATE)) {
                entries(change, ids, Action.UPDATE);
            } else if (json.nameIs(INSERT)) {
                entries(change, ids, Action.INSERT);
            } else {
                json.skipValue();
            }
        }
        ids.commit(); // the whole message was read: its id changes are real
        if (out.apply(book, change)) {
            out.publishChange(book, change);
        }
    }

    private enum Action { INSERT, UPDATE, DELETE }

    private void entries(BookChange change, LevelIds ids, Action action) {
        json.beginArray();
        while (json.nextElement()) {
            long price = Decimal64.NULL;
            long id = LevelIds.UNKNOWN;
            long size = Decimal64.NULL;
            BookSide side = null;
            json.beginObject();
            while (json.nextField()) {
                if (json.nameIs(PRICE)) {
                    price = json.readDecimal();
                } else if (json.nameIs(ID)) {
                    id = json.readLong();
                } else if (json.nameIs(SIDE)) {
                    json.readString();
                    side = json.stringIs(BUY) ? BookSide.BID : json.stringIs(SELL) ? BookSide.ASK : null;
                } else if (json.nameIs(SIZE)) {
                    size = requireDecimal();
                } else {
                    json.skipValue();
                }
            }
            if (side == null || id == LevelIds.UNKNOWN) {
                throw json.fail("book entry without side or id");
            }
            long known = ids.price(id);
            if (!Decimal64.isNumber(price)) {
                if (known == LevelIds.UNKNOWN) {
                    throw json.fail("book entry for an unknown id without a price");
                }
                price = known;
            }
            if (action == Action.INSERT) {
                ids.stagePut(id, price);
            } else if (action == Action.DELETE) {
                ids.stageRemove(id);
            }
            if (action != Action.DELETE && !Decimal64.isNumber(size)) {
                throw json.fail("book entry without a size");
            }
            change.addLevel(side, price, action == Action.DELETE ? Decimal64.ZERO : size);
        }
    }

    // ---- trades, tickers, liquidations -------------------------------------------------------

    private void trades(Instrument instrument, int start, int end, long receiveTime) {
        json.reset(json.buffer(), start, end - start).beginArray();
        while (json.nextElement()) {
            Trade trade = out.trade();
            long price = Decimal64.NULL;
            long size = Decimal64.NULL;
            long time = Timestamps.UNKNOWN;
            Side side = Side.UNKNOWN;
            json.beginObject();
            while (json.nextField()) {
                if (json.nameIs(PRICE) || json.nameIs(P)) {
                    price = requireDecimal();
                } else if (json.nameIs(SIZE) || json.nameIs(V)) {
                    size = requireDecimal();
                } else if (json.nameIs(SIDE) || json.nameIs(S_UPPER)) {
                    side = readSide(BUY, SELL);
                } else if (json.nameIs(TRADE_ID) || json.nameIs(I)) {
                    json.readString();
                    trade.id().set(json.buffer(), json.stringStart(), json.stringLength());
                } else if (json.nameIs(TRADE_TIME_MS) || json.nameIs(T_UPPER)) {
                    time = Timestamps.ofMillis(json.readLong());
                } else {
                    json.skipValue();
                }
            }
            if (!Decimal64.isNumber(price) || !Decimal64.isNumber(size)) {
                throw json.fail("trade without price or size");
            }
            trade.instrument(instrument);
            trade.times(time, receiveTime);
            trade.set(price, size, side);
            out.publish(trade);
        }
    }

    private void ticker(Instrument instrument, boolean snapshot, int start, int end, long time, long receiveTime) {
        TickerState known = tickers.computeIfAbsent(instrument, i -> new TickerState());
        // The delta is merged into a copy; the known ticker changes only once the message is read.
        TickerState state = update;
        state.copyFrom(known);
        if (snapshot) {
            state.bid = state.bidSize = state.ask = state.askSize = Decimal64.NULL;
            state.last = state.mark = state.index = state.funding = state.openInterest = Decimal64.NULL;
            state.fundingTime = Timestamps.UNKNOWN;
        }
        boolean quoteChanged = false;
        boolean derivativeChanged = false;
        json.reset(json.buffer(), start, end - start).beginObject();
        while (json.nextField()) {
            if (json.nameIs(BID1_PRICE)) {
                state.bid = optionalDecimal();
                quoteChanged = true;
            } else if (json.nameIs(BID1_SIZE)) {
                state.bidSize = optionalDecimal();
                quoteChanged = true;
            } else if (json.nameIs(ASK1_PRICE)) {
                state.ask = optionalDecimal();
                quoteChanged = true;
            } else if (json.nameIs(ASK1_SIZE)) {
                state.askSize = optionalDecimal();
                quoteChanged = true;
            } else if (json.nameIs(LAST_PRICE)) {
                state.last = optionalDecimal();
                derivativeChanged = true;
            } else if (json.nameIs(MARK_PRICE)) {
                state.mark = optionalDecimal();
                derivativeChanged = state.derivative = true;
            } else if (json.nameIs(INDEX_PRICE)) {
                state.index = optionalDecimal();
                derivativeChanged = state.derivative = true;
            } else if (json.nameIs(FUNDING_RATE)) {
                state.funding = optionalDecimal();
                derivativeChanged = state.derivative = true;
            } else if (json.nameIs(NEXT_FUNDING_TIME)) {
                state.fundingTime = Timestamps.ofMillis(json.readLong());
                derivativeChanged = state.derivative = true;
            } else if (json.nameIs(OPEN_INTEREST)) {
                state.openInterest = optionalDecimal();
                derivativeChanged = state.derivative = true;
            } else {
                json.skipValue();
            }
        }
        known.copyFrom(state);
        if (quoteChanged) {
            Quote quote = out.quote();
            quote.instrument(instrument);
            quote.times(time, receiveTime);
            quote.set(state.bid, state.bidSize, state.ask, state.askSize);
            out.publish(quote);
        }
        if (derivativeChanged && state.derivative) {
            DerivativeTicker ticker = out.ticker();
            ticker.instrument(instrument);
            ticker.times(time, receiveTime);
            ticker.prices(state.last, state.mark, state.index).funding(state.funding, Decimal64.NULL, state.fundingTime)
                    .openInterest(state.openInterest);
            out.publish(ticker);
        }
    }

    private void liquidations(Instrument instrument, int start, int end, long receiveTime) {
        json.reset(json.buffer(), start, end - start);
        if (json.peek() == '[') {
            json.beginArray();
            while (json.nextElement()) {
                liquidation(instrument, receiveTime);
            }
        } else {
            liquidation(instrument, receiveTime);
        }
    }

    private void liquidation(Instrument instrument, long receiveTime) {
        long price = Decimal64.NULL;
        long size = Decimal64.NULL;
        long time = Timestamps.UNKNOWN;
        Side side = Side.UNKNOWN;
        json.beginObject();
        while (json.nextField()) {
            if (json.nameIs(PRICE) || json.nameIs(P)) {
                price = requireDecimal();
            } else if (json.nameIs(SIZE) || json.nameIs(V)) {
                size = requireDecimal();
            } else if (json.nameIs(SIDE) || json.nameIs(S_UPPER)) {
                side = readSide(BUY, SELL);
            } else if (json.nameIs(UPDATED_TIME) || json.nameIs(T_UPPER)) {
                time = Timestamps.ofMillis(json.readLong());
            } else {
                json.skipValue();
            }
        }
        if (!Decimal64.isNumber(price) || !Decimal64.isNumber(size)) {
            throw json.fail("liquidation without price or size");
        }
        Liquidation liquidation = out.liquidation();
        liquidation.instrument(instrument);
        liquidation.times(time, receiveTime);
        liquidation.set(price, size, side);
        out.publish(liquidation);
    }

    @Override
    public LevelIds levelIds(Instrument instrument) {
        return levelIds.get(instrument);
    }
}
