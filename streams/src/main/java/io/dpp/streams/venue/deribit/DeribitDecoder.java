package io.dpp.streams.venue.deribit;

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
 * Deribit API v2 subscriptions: {@code {"method":"subscription","params":{"channel":..,"data":..}}}.
 * Books ("book.X.raw" or ".100ms"): a snapshot, then changes whose prev_change_id must equal the
 * last change_id; levels are ["new"|"change"|"delete", price, amount]. Trades (the direction is
 * the taker's; liquidation fills are published as liquidations too) and tickers (best bid and
 * ask, mark, index, funding, open interest).
 */
final class DeribitDecoder extends AbstractDecoder {

    private static final byte[] PARAMS = Ascii.bytes("params");
    private static final byte[] CHANNEL = Ascii.bytes("channel");
    private static final byte[] DATA = Ascii.bytes("data");
    private static final byte[] TYPE = Ascii.bytes("type");
    private static final byte[] SNAPSHOT = Ascii.bytes("snapshot");
    private static final byte[] TIMESTAMP = Ascii.bytes("timestamp");
    private static final byte[] INSTRUMENT_NAME = Ascii.bytes("instrument_name");
    private static final byte[] CHANGE_ID = Ascii.bytes("change_id");
    private static final byte[] PREV_CHANGE_ID = Ascii.bytes("prev_change_id");
    private static final byte[] BIDS = Ascii.bytes("bids");
    private static final byte[] ASKS = Ascii.bytes("asks");
    private static final byte[] DELETE = Ascii.bytes("delete");
    private static final byte[] TRADE_ID = Ascii.bytes("trade_id");
    private static final byte[] PRICE = Ascii.bytes("price");
    private static final byte[] AMOUNT = Ascii.bytes("amount");
    private static final byte[] DIRECTION = Ascii.bytes("direction");
    private static final byte[] LIQUIDATION = Ascii.bytes("liquidation");
    private static final byte[] BUY = Ascii.bytes("buy");
    private static final byte[] SELL = Ascii.bytes("sell");
    private static final byte[] BEST_BID_PRICE = Ascii.bytes("best_bid_price");
    private static final byte[] BEST_BID_AMOUNT = Ascii.bytes("best_bid_amount");
    private static final byte[] BEST_ASK_PRICE = Ascii.bytes("best_ask_price");
    private static final byte[] BEST_ASK_AMOUNT = Ascii.bytes("best_ask_amount");
    private static final byte[] MARK_PRICE = Ascii.bytes("mark_price");
    private static final byte[] INDEX_PRICE = Ascii.bytes("index_price");
    private static final byte[] LAST_PRICE = Ascii.bytes("last_price");
    private static final byte[] OPEN_INTEREST = Ascii.bytes("open_interest");
    private static final byte[] CURRENT_FUNDING = Ascii.bytes("current_funding");

    DeribitDecoder(InstrumentCatalog instruments, FeedOutput out) {
        super(instruments, out);
    }

    @Override
    protected void decode(byte[] buf, int offset, int length, long receiveTime) {
        // One pass over the message finds the channel and the data's range (and proves the whole
        // message well formed, so that a message cut short changes nothing); the data is then read.
        json.reset(buf, offset, length).beginObject();
        int channelStart = -1;
        int channelLength = 0;
        int dataStart = -1;
        int dataEnd = -1;
        while (json.nextField()) {
            if (json.nameIs(PARAMS) && json.peek() == '{') {
                json.beginObject();
                while (json.nextField()) {
                    if (json.nameIs(CHANNEL)) {
                        json.readString();
                        channelStart = json.stringStart();
                        channelLength = json.stringLength();
                    } else if (json.nameIs(DATA)) {
                        dataStart = json.position();
                        json.skipValue();
                        dataEnd = json.position();
                    } else {
                        json.skipValue(); // heartbeat type, etc.
                    }
                }
            } else {
                json.skipValue(); // replies to requests have no params
            }
        }
        if (channelStart < 0 || dataStart < 0) {
            return;
        }
        if (Ascii.startsWith(buf, channelStart, channelLength, "book.")) {
            book(dataStart, dataEnd, receiveTime);
        } else if (Ascii.startsWith(buf, channelStart, channelLength, "trades.")) {
            trades(dataStart, dataEnd, receiveTime);
        } else if (Ascii.startsWith(buf, channelStart, channelLength, "ticker.")) {
            ticker(dataStart, dataEnd, receiveTime);
        }
    }

    private void book(int start, int end, long receiveTime) {
        boolean snapshot = false;
        long time = Timestamps.UNKNOWN;
        Instrument instrument = null;
        long changeId = Long.MIN_VALUE;
        long previous = Long.MIN_VALUE;
        int bidsStart = -1;
        int bidsEnd = -1;
        int asksStart = -1;
        int asksEnd = -1;
        json.reset(json.buffer(), start, end - start).beginObject();
        while (json.nextField()) {
            if (json.nameIs(TYPE)) {
                json.readString();
                snapshot = json.stringIs(SNAPSHOT);
            } else if (json.nameIs(TIMESTAMP)) {
                time = Timestamps.ofMillis(json.readLong());
            } else if (json.nameIs(INSTRUMENT_NAME)) {
                json.readString();
                instrument = instrumentFromString();
            } else if (json.nameIs(CHANGE_ID)) {
                changeId = json.readLong();
            } else if (json.nameIs(PREV_CHANGE_ID)) {
                previous = json.readLong();
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
        if (instrument == null || changeId == Long.MIN_VALUE) {
            throw json.fail("book without instrument_name or change_id");
        }
        BookChange change = out.bookChange();
        change.instrument(instrument);
        change.times(time, receiveTime);
        change.begin(snapshot, changeId);
        levels(change, BookSide.BID, bidsStart, bidsEnd);
        levels(change, BookSide.ASK, asksStart, asksEnd);
        InstrumentBook book = book(instrument);
        if (snapshot) {
            out.snapshot(book, change);
            book.lastSequence(changeId);
            return;
        }
        if (!book.inSync()) {
            return;
        }
        if (previous != book.lastSequence()) {
            out.sequenceGap(book, receiveTime, book.lastSequence(), previous);
            return;
        }
        if (out.apply(book, change)) {
            book.lastSequence(changeId);
            out.publishChange(book, change);
        }
    }

    private void levels(BookChange change, BookSide side, int start, int end) {
        if (start < 0) {
            return;
        }
        json.reset(json.buffer(), start, end - start).beginArray();
        while (json.nextElement()) {
            json.beginArray();
            json.nextElement();
            json.readString();
            boolean delete = json.stringIs(DELETE);
            json.nextElement();
            long price = requireDecimal();
            json.nextElement();
            long amount = requireDecimal();
            while (json.nextElement()) {
                json.skipValue();
            }
            change.addLevel(side, price, delete ? Decimal64.ZERO : amount);
        }
    }

    private void trades(int start, int end, long receiveTime) {
        json.reset(json.buffer(), start, end - start).beginArray();
        while (json.nextElement()) {
            Trade trade = out.trade();
            Instrument instrument = null;
            long price = Decimal64.NULL;
            long amount = Decimal64.NULL;
            long time = Timestamps.UNKNOWN;
            Side side = Side.UNKNOWN;
            boolean liquidation = false;
            json.beginObject();
            while (json.nextField()) {
                if (json.nameIs(INSTRUMENT_NAME)) {
                    json.readString();
                    instrument = instrumentFromString();
                } else if (json.nameIs(TRADE_ID)) {
                    json.readString();
                    trade.id().set(json.buffer(), json.stringStart(), json.stringLength());
                } else if (json.nameIs(PRICE)) {
                    price = requireDecimal();
                } else if (json.nameIs(AMOUNT)) {
                    amount = requireDecimal();
                } else if (json.nameIs(DIRECTION)) {
                    side = readSide(BUY, SELL);
                } else if (json.nameIs(TIMESTAMP)) {
                    time = Timestamps.ofMillis(json.readLong());
                } else if (json.nameIs(LIQUIDATION)) {
                    liquidation = json.readString();
                } else {
                    json.skipValue();
                }
            }
            if (instrument == null || !Decimal64.isNumber(price) || !Decimal64.isNumber(amount)) {
                throw json.fail("trade without instrument, price or amount");
            }
            trade.instrument(instrument);
            trade.times(time, receiveTime);
            trade.set(price, amount, side);
            out.publish(trade);
            if (liquidation) {
                Liquidation l = out.liquidation();
                l.instrument(instrument);
                l.times(time, receiveTime);
                l.id().set(trade.id());
                l.set(price, amount, side);
                out.publish(l);
            }
        }
    }

    private void ticker(int start, int end, long receiveTime) {
        Instrument instrument = null;
        long time = Timestamps.UNKNOWN;
        long bid = Decimal64.NULL;
        long bidSize = Decimal64.NULL;
        long ask = Decimal64.NULL;
        long askSize = Decimal64.NULL;
        long mark = Decimal64.NULL;
        long index = Decimal64.NULL;
        long last = Decimal64.NULL;
        long openInterest = Decimal64.NULL;
        long funding = Decimal64.NULL;
        json.reset(json.buffer(), start, end - start).beginObject();
        while (json.nextField()) {
            if (json.nameIs(INSTRUMENT_NAME)) {
                json.readString();
                instrument = instrumentFromString();
            } else if (json.nameIs(TIMESTAMP)) {
                time = Timestamps.ofMillis(json.readLong());
            } else if (json.nameIs(BEST_BID_PRICE)) {
                bid = optionalDecimal();
            } else if (json.nameIs(BEST_BID_AMOUNT)) {
                bidSize = optionalDecimal();
            } else if (json.nameIs(BEST_ASK_PRICE)) {
                ask = optionalDecimal();
            } else if (json.nameIs(BEST_ASK_AMOUNT)) {
                askSize = optionalDecimal();
            } else if (json.nameIs(MARK_PRICE)) {
                mark = optionalDecimal();
            } else if (json.nameIs(INDEX_PRICE)) {
                index = optionalDecimal();
            } else if (json.nameIs(LAST_PRICE)) {
                last = optionalDecimal();
            } else if (json.nameIs(OPEN_INTEREST)) {
                openInterest = optionalDecimal();
            } else if (json.nameIs(CURRENT_FUNDING)) {
                funding = optionalDecimal();
            } else {
                json.skipValue();
            }
        }
        if (instrument == null) {
            throw json.fail("ticker without instrument_name");
        }
        // An empty side is sent as price 0 and amount 0.
        boolean noBid = Decimal64.isNumber(bidSize) && Decimal64.signum(bidSize) == 0;
        boolean noAsk = Decimal64.isNumber(askSize) && Decimal64.signum(askSize) == 0;
        Quote quote = out.quote();
        quote.instrument(instrument);
        quote.times(time, receiveTime);
        quote.set(noBid ? Decimal64.NULL : bid, noBid ? Decimal64.NULL : bidSize,
                noAsk ? Decimal64.NULL : ask, noAsk ? Decimal64.NULL : askSize);
        out.publish(quote);
        DerivativeTicker ticker = out.ticker();
        ticker.instrument(instrument);
        ticker.times(time, receiveTime);
        ticker.prices(last, mark, index).funding(funding, Decimal64.NULL, Timestamps.UNKNOWN).openInterest(openInterest);
        out.publish(ticker);
    }

}
