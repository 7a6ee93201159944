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

    /** What a message's data was read into, where it stood, until the whole message is read. */
    private static final int NOTHING = 0;
    private static final int BOOK = 1;
    private static final int TICKER = 2;

    @Override
    protected void decode(byte[] buf, int offset, int length, long receiveTime) {
        // One pass over the message. Deribit names the channel before the data: a book's or a
        // ticker's data is then read where it stands, and published only once the rest of the
        // message has been read too (a message cut short changes nothing). Otherwise (trades, whose
        // elements are published one by one, or a channel named after its data) the data's range
        // is noted and read after the pass.
        json.reset(buf, offset, length).beginObject();
        int channelStart = -1;
        int channelLength = 0;
        int dataStart = -1;
        int dataEnd = -1;
        int read = NOTHING;
        while (json.nextField()) {
            if (json.nameIs(PARAMS) && json.peek() == '{') {
                json.beginObject();
                while (json.nextField()) {
                    if (json.nameIs(CHANNEL)) {
                        json.readString();
                        channelStart = json.stringStart();
                        channelLength = json.stringLength();
                    } else if (json.nameIs(DATA)) {
                        int kind = channelStart < 0 ? NOTHING : kind(buf, channelStart, channelLength);
                        if (kind == BOOK) {
                            readBook();
                        } else if (kind == TICKER) {
                            readTicker();
                        } else {
                            dataStart = json.position();
                            json.skipValue();
                            dataEnd = json.position();
                        }
                        read = kind;
                    } else {
                        json.skipValue(); // heartbeat type, etc.
                    }
                }
            } else {
                json.skipValue(); // replies to requests have no params
            }
        }
        if (read == BOOK) {
            publishBook(receiveTime);
        } else if (read == TICKER) {
            publishTicker(receiveTime);
        } else if (channelStart >= 0 && dataStart >= 0) {
            int kind = kind(buf, channelStart, channelLength);
            if (kind == BOOK || kind == TICKER) { // the channel came after the data
                json.reset(buf, dataStart, dataEnd - dataStart);
                if (kind == BOOK) {
                    readBook();
                    publishBook(receiveTime);
                } else {
                    readTicker();
                    publishTicker(receiveTime);
                }
            } else if (Ascii.startsWith(buf, channelStart, channelLength, "trades.")) {
                trades(dataStart, dataEnd, receiveTime);
            }
        }
    }

    /** BOOK, TICKER or NOTHING (trades and everything else) for a channel name. */
    private static int kind(byte[] buf, int start, int length) {
        if (Ascii.startsWith(buf, start, length, "book.")) {
            return BOOK;
        }
        return Ascii.startsWith(buf, start, length, "ticker.") ? TICKER : NOTHING;
    }

    // The book message read last, until it is published.
    private Instrument bookInstrument;
    private long bookTime;
    private long changeId;
    private long previousChangeId;
    private BookChange change;

    /** Reads a book message's data object where it stands (levels in place) into the fields above and the change. */
    private void readBook() {
        boolean snapshot = false;
        bookTime = Timestamps.UNKNOWN;
        bookInstrument = null;
        changeId = Long.MIN_VALUE;
        previousChangeId = Long.MIN_VALUE;
        change = out.bookChange();
        change.begin(false, BookChange.NO_SEQUENCE);
        sides.begin(change);
        json.beginObject();
        while (json.nextField()) {
            if (json.nameIs(TYPE)) {
                json.readString();
                snapshot = json.stringIs(SNAPSHOT);
            } else if (json.nameIs(TIMESTAMP)) {
                bookTime = Timestamps.ofMillis(json.readLong());
            } else if (json.nameIs(INSTRUMENT_NAME)) {
                json.readString();
                bookInstrument = instrumentFromString();
            } else if (json.nameIs(CHANGE_ID)) {
                changeId = json.readLong();
            } else if (json.nameIs(PREV_CHANGE_ID)) {
                previousChangeId = json.readLong();
            } else if (!sides.read()) {
                json.skipValue();
            }
        }
        if (bookInstrument == null || changeId == Long.MIN_VALUE) {
            throw json.fail("book without instrument_name or change_id");
        }
        change.snapshot(snapshot).sequence(changeId);
    }

    private void publishBook(long receiveTime) {
        change.instrument(bookInstrument);
        change.times(bookTime, receiveTime);
        InstrumentBook book = book(bookInstrument);
        if (change.snapshot()) {
            out.snapshot(book, change);
            book.lastSequence(changeId);
            return;
        }
        if (!book.inSync()) {
            return;
        }
        if (previousChangeId != book.lastSequence()) {
            out.sequenceGap(book, receiveTime, book.lastSequence(), previousChangeId);
            return;
        }
        if (out.apply(book, change)) {
            book.lastSequence(changeId);
            out.publishChange(book, change);
        }
    }

    /** A book's bids and asks, each {@code ["new"|"change"|"delete", price, amount]}. */
    private final BookSides sides = new BookSides(BIDS, ASKS, this::levels);

    /** Reads the levels array where it stands: {@code [["new"|"change"|"delete", price, amount], ...]}. */
    private void levels(BookChange change, BookSide side) {
        json.beginArray();
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

    // The ticker message read last, until it is published.
    private Instrument tickerInstrument;
    private long tickerTime;
    private long bid;
    private long bidSize;
    private long ask;
    private long askSize;
    private long mark;
    private long index;
    private long last;
    private long openInterest;
    private long funding;

    /** Reads a ticker message's data object where it stands into the fields above. */
    private void readTicker() {
        tickerInstrument = null;
        tickerTime = Timestamps.UNKNOWN;
        bid = Decimal64.NULL;
        bidSize = Decimal64.NULL;
        ask = Decimal64.NULL;
        askSize = Decimal64.NULL;
        mark = Decimal64.NULL;
        index = Decimal64.NULL;
        last = Decimal64.NULL;
        openInterest = Decimal64.NULL;
        funding = Decimal64.NULL;
        json.beginObject();
        while (json.nextField()) {
            if (json.nameIs(INSTRUMENT_NAME)) {
                json.readString();
                tickerInstrument = instrumentFromString();
            } else if (json.nameIs(TIMESTAMP)) {
                tickerTime = Timestamps.ofMillis(json.readLong());
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
        if (tickerInstrument == null) {
            throw json.fail("ticker without instrument_name");
        }
    }

    private void publishTicker(long receiveTime) {
        // An empty side is sent as price 0 and amount 0.
        boolean noBid = Decimal64.isNumber(bidSize) && Decimal64.signum(bidSize) == 0;
        boolean noAsk = Decimal64.isNumber(askSize) && Decimal64.signum(askSize) == 0;
        Quote quote = out.quote();
        quote.instrument(tickerInstrument);
        quote.times(tickerTime, receiveTime);
        quote.set(noBid ? Decimal64.NULL : bid, noBid ? Decimal64.NULL : bidSize,
                noAsk ? Decimal64.NULL : ask, noAsk ? Decimal64.NULL : askSize);
        out.publish(quote);
        DerivativeTicker ticker = out.ticker();
        ticker.instrument(tickerInstrument);
        ticker.times(tickerTime, receiveTime);
        ticker.prices(last, mark, index).funding(funding, Decimal64.NULL, Timestamps.UNKNOWN).openInterest(openInterest);
        out.publish(ticker);
    }
}
