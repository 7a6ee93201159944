package io.dpp.streams.venue.okx;

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
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.json.Ascii;
import io.dpp.streams.venue.AbstractDecoder;
import io.dpp.streams.venue.InstrumentCatalog;

/**
 * OKX v5 public channels: {@code {"arg":{"channel":..,"instId":..},"action":..,"data":[..]}}.
 * Books ("books", "books-l2-tbt", "books50-l2-tbt", "books5", "bbo-tbt") start with a snapshot
 * and carry a checksum ({@link OkxChecksum}) and, on newer feeds, seqId/prevSeqId, both checked;
 * "books5" and "bbo-tbt" are full pictures every time. Also trades, tickers (best bid and ask),
 * mark-price, index-tickers, funding-rate, open-interest and liquidation-orders.
 */
final class OkxDecoder extends AbstractDecoder {

    private static final byte[] ARG = Ascii.bytes("arg");
    private static final byte[] CHANNEL = Ascii.bytes("channel");
    private static final byte[] INST_ID = Ascii.bytes("instId");
    private static final byte[] ACTION = Ascii.bytes("action");
    private static final byte[] DATA = Ascii.bytes("data");
    private static final byte[] SNAPSHOT = Ascii.bytes("snapshot");
    private static final byte[] ASKS = Ascii.bytes("asks");
    private static final byte[] BIDS = Ascii.bytes("bids");
    private static final byte[] TS = Ascii.bytes("ts");
    private static final byte[] CHECKSUM = Ascii.bytes("checksum");
    private static final byte[] SEQ_ID = Ascii.bytes("seqId");
    private static final byte[] PREV_SEQ_ID = Ascii.bytes("prevSeqId");
    private static final byte[] TRADES = Ascii.bytes("trades");
    private static final byte[] TICKERS = Ascii.bytes("tickers");
    private static final byte[] MARK_PRICE = Ascii.bytes("mark-price");
    private static final byte[] INDEX_TICKERS = Ascii.bytes("index-tickers");
    private static final byte[] FUNDING_RATE = Ascii.bytes("funding-rate");
    private static final byte[] OPEN_INTEREST = Ascii.bytes("open-interest");
    private static final byte[] LIQUIDATIONS = Ascii.bytes("liquidation-orders");
    private static final byte[] BOOKS5 = Ascii.bytes("books5");
    private static final byte[] BBO = Ascii.bytes("bbo-tbt");
    private static final byte[] TRADE_ID = Ascii.bytes("tradeId");
    private static final byte[] PX = Ascii.bytes("px");
    private static final byte[] SZ = Ascii.bytes("sz");
    private static final byte[] SIDE = Ascii.bytes("side");
    private static final byte[] BID_PX = Ascii.bytes("bidPx");
    private static final byte[] BID_SZ = Ascii.bytes("bidSz");
    private static final byte[] ASK_PX = Ascii.bytes("askPx");
    private static final byte[] ASK_SZ = Ascii.bytes("askSz");
    private static final byte[] MARK_PX = Ascii.bytes("markPx");
    private static final byte[] IDX_PX = Ascii.bytes("idxPx");
    private static final byte[] FUNDING = Ascii.bytes("fundingRate");
    private static final byte[] NEXT_FUNDING = Ascii.bytes("nextFundingRate");
    private static final byte[] FUNDING_TIME = Ascii.bytes("fundingTime");
    private static final byte[] OI = Ascii.bytes("oi");
    private static final byte[] DETAILS = Ascii.bytes("details");
    private static final byte[] BK_PX = Ascii.bytes("bkPx");
    private static final byte[] BUY = Ascii.bytes("buy");
    private static final byte[] SELL = Ascii.bytes("sell");

    private final OkxChecksum checksum = new OkxChecksum();

    OkxDecoder(InstrumentCatalog instruments, FeedOutput out) {
        super(instruments, out);
    }

    @Override
    protected void decode(byte[] buf, int offset, int length, long receiveTime) {
        json.reset(buf, offset, length).beginObject();
        int channelStart = -1;
        int channelLength = 0;
        int instStart = -1;
        int instLength = 0;
        boolean snapshot = false;
        boolean actionSeen = false;
        int dataStart = -1;
        int dataEnd = -1;
        while (json.nextField()) {
            if (json.nameIs(ARG)) {
                json.beginObject();
                while (json.nextField()) {
                    if (json.nameIs(CHANNEL)) {
                        json.readString();
                        channelStart = json.stringStart();
                        channelLength = json.stringLength();
                    } else if (json.nameIs(INST_ID)) {
                        json.readString();
                        instStart = json.stringStart();
                        instLength = json.stringLength();
                    } else {
                        json.skipValue();
                    }
                }
            } else if (json.nameIs(ACTION)) {
                json.readString();
                snapshot = json.stringIs(SNAPSHOT);
                actionSeen = true;
            } else if (json.nameIs(DATA)) {
                if (channelStart >= 0 && (actionSeen || !isBook(buf, channelStart, channelLength))) {
                    // OKX sends arg and action before data: read the items in this one pass.
                    items(buf, channelStart, channelLength, instrument(buf, instStart, instLength), snapshot, receiveTime);
                    return;
                }
                dataStart = json.position();
                json.skipValue();
                dataEnd = json.position();
            } else {
                json.skipValue(); // event replies, codes
            }
        }
        if (dataStart < 0 || channelStart < 0) {
            return; // subscription replies and errors carry no data
        }
        json.reset(buf, dataStart, dataEnd - dataStart);
        items(buf, channelStart, channelLength, instrument(buf, instStart, instLength), snapshot, receiveTime);
    }

    private Instrument instrument(byte[] buf, int start, int length) {
        return start < 0 ? null : instruments.find(buf, start, length);
    }

    private static boolean isBook(byte[] buf, int channelStart, int channelLength) {
        return Ascii.startsWith(buf, channelStart, channelLength, "books") || Ascii.equals(buf, channelStart, channelLength, BBO);
    }

    /** Reads the data array at the reader's position, item by item, leaving the reader after it. */
    private void items(byte[] buf, int channelStart, int channelLength, Instrument instrument, boolean snapshot,
                       long receiveTime) {
        json.beginArray();
        while (json.nextElement()) {
            item(buf, channelStart, channelLength, instrument, snapshot, receiveTime);
        }
    }

    /** Reads one item of the data array at the reader's position. */
    private void item(byte[] buf, int channelStart, int channelLength, Instrument instrument, boolean snapshot,
                      long receiveTime) {
        if (isBook(buf, channelStart, channelLength)) {
            boolean full = Ascii.equals(buf, channelStart, channelLength, BOOKS5) || Ascii.equals(buf, channelStart, channelLength, BBO);
            book(require(instrument), snapshot || full, receiveTime);
        } else if (Ascii.equals(buf, channelStart, channelLength, TRADES)) {
            trade(receiveTime);
        } else if (Ascii.equals(buf, channelStart, channelLength, TICKERS)) {
            ticker(receiveTime);
        } else if (Ascii.equals(buf, channelStart, channelLength, MARK_PRICE)
                || Ascii.equals(buf, channelStart, channelLength, INDEX_TICKERS)
                || Ascii.equals(buf, channelStart, channelLength, FUNDING_RATE)
                || Ascii.equals(buf, channelStart, channelLength, OPEN_INTEREST)) {
            derivative(instrument, receiveTime);
        } else if (Ascii.equals(buf, channelStart, channelLength, LIQUIDATIONS)) {
            liquidations(receiveTime);
        } else {
            json.skipValue();
        }
    }

    private void book(Instrument instrument, boolean snapshot, long receiveTime) {
        BookChange change = out.bookChange();
        change.instrument(instrument);
        change.begin(snapshot, BookChange.NO_SEQUENCE);
        long time = Timestamps.UNKNOWN;
        long venueChecksum = Long.MIN_VALUE;
        long seq = Long.MIN_VALUE;
        long prevSeq = Long.MIN_VALUE;
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
            } else if (json.nameIs(SEQ_ID)) {
                seq = json.readLong();
            } else if (json.nameIs(PREV_SEQ_ID)) {
                prevSeq = json.readLong();
            } else {
                json.skipValue();
            }
        }
        change.sequence(seq == Long.MIN_VALUE ? BookChange.NO_SEQUENCE : seq);
        change.times(time, receiveTime);
        InstrumentBook book = book(instrument);
        if (snapshot) {
            out.snapshot(book, change);
            if (book.inSync()) {
                book.lastSequence(seq == Long.MIN_VALUE ? InstrumentBook.NO_SEQUENCE : seq);
                verify(book, venueChecksum, receiveTime);
            }
            return;
        }
        if (!book.inSync()) {
            return;
        }
        if (prevSeq != Long.MIN_VALUE && book.lastSequence() != InstrumentBook.NO_SEQUENCE && prevSeq != book.lastSequence()) {
            out.sequenceGap(book, receiveTime, book.lastSequence(), prevSeq);
            return;
        }
        if (!out.apply(book, change)) {
            return;
        }
        if (seq != Long.MIN_VALUE) {
            book.lastSequence(seq);
        }
        if (verify(book, venueChecksum, receiveTime)) {
            out.publishChange(book, change);
        }
    }

    /** True when the message carried no checksum or its checksum matches the book. */
    private boolean verify(InstrumentBook book, long venueChecksum, long receiveTime) {
        return venueChecksum == Long.MIN_VALUE || checksumMatches(book, venueChecksum, checksum.compute(book.book()), receiveTime);
    }

    private void trade(long receiveTime) {
        Trade trade = out.trade();
        long price = Decimal64.NULL;
        long size = Decimal64.NULL;
        long time = Timestamps.UNKNOWN;
        Side side = Side.UNKNOWN;
        Instrument instrument = null;
        json.beginObject();
        while (json.nextField()) {
            if (json.nameIs(INST_ID)) {
                json.readString();
                instrument = instrumentFromString();
            } else if (json.nameIs(TRADE_ID)) {
                json.readString();
                trade.id().set(json.buffer(), json.stringStart(), json.stringLength());
            } else if (json.nameIs(PX)) {
                price = requireDecimal();
            } else if (json.nameIs(SZ)) {
                size = requireDecimal();
            } else if (json.nameIs(SIDE)) {
                side = readSide(BUY, SELL);
            } else if (json.nameIs(TS)) {
                time = Timestamps.ofMillis(json.readLong());
            } else {
                json.skipValue();
            }
        }
        trade.instrument(require(instrument));
        trade.times(time, receiveTime);
        trade.set(requireNumber(price), requireNumber(size), side);
        out.publish(trade);
    }

    private void ticker(long receiveTime) {
        long bid = Decimal64.NULL;
        long bidSize = Decimal64.NULL;
        long ask = Decimal64.NULL;
        long askSize = Decimal64.NULL;
        long time = Timestamps.UNKNOWN;
        Instrument instrument = null;
        json.beginObject();
        while (json.nextField()) {
            if (json.nameIs(INST_ID)) {
                json.readString();
                instrument = instrumentFromString();
            } else if (json.nameIs(BID_PX)) {
                bid = optionalDecimal();
            } else if (json.nameIs(BID_SZ)) {
                bidSize = optionalDecimal();
            } else if (json.nameIs(ASK_PX)) {
                ask = optionalDecimal();
            } else if (json.nameIs(ASK_SZ)) {
                askSize = optionalDecimal();
            } else if (json.nameIs(TS)) {
                time = Timestamps.ofMillis(json.readLong());
            } else {
                json.skipValue();
            }
        }
        Quote quote = out.quote();
        quote.instrument(require(instrument));
        quote.times(time, receiveTime);
        quote.set(bid, bidSize, ask, askSize);
        out.publish(quote);
    }

    private void derivative(Instrument fromArg, long receiveTime) {
        DerivativeTicker ticker = out.ticker();
        Instrument instrument = fromArg;
        long mark = Decimal64.NULL;
        long index = Decimal64.NULL;
        long funding = Decimal64.NULL;
        long nextFunding = Decimal64.NULL;
        long fundingTime = Timestamps.UNKNOWN;
        long oi = Decimal64.NULL;
        long time = Timestamps.UNKNOWN;
        json.beginObject();
        while (json.nextField()) {
            if (json.nameIs(INST_ID)) {
                json.readString();
                Instrument named = instruments.find(json.buffer(), json.stringStart(), json.stringLength());
                instrument = named != null ? named : instrument;
            } else if (json.nameIs(MARK_PX)) {
                mark = optionalDecimal();
            } else if (json.nameIs(IDX_PX)) {
                index = optionalDecimal();
            } else if (json.nameIs(FUNDING)) {
                funding = optionalDecimal();
            } else if (json.nameIs(NEXT_FUNDING)) {
                nextFunding = optionalDecimal();
            } else if (json.nameIs(FUNDING_TIME)) {
                fundingTime = Timestamps.ofMillis(json.readLong());
            } else if (json.nameIs(OI)) {
                oi = optionalDecimal();
            } else if (json.nameIs(TS)) {
                time = Timestamps.ofMillis(json.readLong());
            } else {
                json.skipValue();
            }
        }
        ticker.instrument(require(instrument));
        ticker.times(time, receiveTime);
        ticker.prices(Decimal64.NULL, mark, index).funding(funding, nextFunding, fundingTime).openInterest(oi);
        out.publish(ticker);
    }

    private void liquidations(long receiveTime) {
        Instrument instrument = null;
        int detailsStart = -1;
        int detailsEnd = -1;
        json.beginObject();
        while (json.nextField()) {
            if (json.nameIs(INST_ID)) {
                json.readString();
                instrument = instrumentFromString();
            } else if (json.nameIs(DETAILS)) {
                detailsStart = json.position();
                json.skipValue();
                detailsEnd = json.position();
            } else {
                json.skipValue();
            }
        }
        if (detailsStart < 0) {
            return;
        }
        require(instrument);
        // The details are read after the item (instId may follow them); the reader then resumes
        // where the item ended.
        int resume = json.position();
        int limit = json.limit();
        json.reset(json.buffer(), detailsStart, detailsEnd - detailsStart).beginArray();
        while (json.nextElement()) {
            long price = Decimal64.NULL;
            long size = Decimal64.NULL;
            long time = Timestamps.UNKNOWN;
            Side side = Side.UNKNOWN;
            json.beginObject();
            while (json.nextField()) {
                if (json.nameIs(BK_PX)) {
                    price = requireDecimal();
                } else if (json.nameIs(SZ)) {
                    size = requireDecimal();
                } else if (json.nameIs(SIDE)) {
                    side = readSide(BUY, SELL);
                } else if (json.nameIs(TS)) {
                    time = Timestamps.ofMillis(json.readLong());
                } else {
                    json.skipValue();
                }
            }
            Liquidation liquidation = out.liquidation();
            liquidation.instrument(instrument);
            liquidation.times(time, receiveTime);
            liquidation.set(requireNumber(price), requireNumber(size), side);
            out.publish(liquidation);
        }
        json.reset(json.buffer(), resume, limit - resume);
    }

    private long requireNumber(long d) {
        if (!Decimal64.isNumber(d)) {
            throw json.fail("missing price or size");
        }
        return d;
    }

    private Instrument require(Instrument instrument) {
        if (instrument == null) {
            throw json.fail("unknown instrument");
        }
        return instrument;
    }
}
