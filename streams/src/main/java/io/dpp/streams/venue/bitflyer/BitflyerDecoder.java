package io.dpp.streams.venue.bitflyer;

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

/**
 * bitFlyer Lightning {@code channelMessage}s: {@code lightning_board_snapshot_P} replaces the book
 * ({@code bids} and {@code asks} as {@code {price, size}}); {@code lightning_board_P} changes levels
 * (size 0 removes one) of a book its snapshot has built, and is dropped before that;
 * {@code lightning_executions_P} is an array of trades ({@code side} the taker's, empty for the
 * itayose auction, {@code exec_date} to the 100 ns); {@code lightning_ticker_P} gives the best bid and
 * ask with sizes, published as a quote. Answers to requests are not decoded.
 */
final class BitflyerDecoder extends AbstractDecoder {

    private static final byte[] METHOD = Ascii.bytes("method");
    private static final byte[] PARAMS = Ascii.bytes("params");
    private static final byte[] CHANNEL = Ascii.bytes("channel");
    private static final byte[] MESSAGE = Ascii.bytes("message");
    private static final byte[] CHANNEL_MESSAGE = Ascii.bytes("channelMessage");
    private static final byte[] BIDS = Ascii.bytes("bids");
    private static final byte[] ASKS = Ascii.bytes("asks");
    private static final byte[] PRICE = Ascii.bytes("price");
    private static final byte[] SIZE = Ascii.bytes("size");
    private static final byte[] ID = Ascii.bytes("id");
    private static final byte[] SIDE = Ascii.bytes("side");
    private static final byte[] EXEC_DATE = Ascii.bytes("exec_date");
    private static final byte[] TIMESTAMP = Ascii.bytes("timestamp");
    private static final byte[] BEST_BID = Ascii.bytes("best_bid");
    private static final byte[] BEST_ASK = Ascii.bytes("best_ask");
    private static final byte[] BEST_BID_SIZE = Ascii.bytes("best_bid_size");
    private static final byte[] BEST_ASK_SIZE = Ascii.bytes("best_ask_size");
    private static final byte[] BUY = Ascii.bytes("BUY");
    private static final byte[] SELL = Ascii.bytes("SELL");
    private static final String SNAPSHOT = BitflyerProtocol.SNAPSHOT + "_";
    private static final String BOARD = BitflyerProtocol.BOOK + "_";
    private static final String EXECUTIONS = "lightning_executions_";
    private static final String TICKER = "lightning_ticker_";

    BitflyerDecoder(InstrumentCatalog instruments, FeedOutput out) {
        super(instruments, out);
    }

    /**
     * A new connection's board changes start afresh: every book waits for its next snapshot (the live
     * feed has marked them stale when the last connection ended; a replay that starts a capture again
     * finds them in sync, and must not apply the new connection's changes to them).
     */
    @Override
    public void onConnect(String url, long receiveTime) {
        allStale(receiveTime, "a new connection: the book is rebuilt from its next snapshot");
    }

    @Override
    protected void decode(byte[] buf, int offset, int length, long receiveTime) {
        json.reset(buf, offset, length).beginObject();
        boolean channelMessage = false;
        int paramsStart = -1;
        int paramsEnd = -1;
        while (json.nextField()) {
            if (json.nameIs(METHOD)) {
                json.readString();
                channelMessage = json.stringIs(CHANNEL_MESSAGE);
            } else if (json.nameIs(PARAMS)) {
                paramsStart = json.position();
                json.skipValue();
                paramsEnd = json.position();
            } else {
                json.skipValue();
            }
        }
        if (!channelMessage || paramsStart < 0) {
            return; // the answer to a request
        }
        json.reset(buf, paramsStart, paramsEnd - paramsStart).beginObject();
        int channelStart = -1;
        int channelLength = 0;
        int messageStart = -1;
        int messageEnd = -1;
        while (json.nextField()) {
            if (json.nameIs(CHANNEL)) {
                json.readString();
                channelStart = json.stringStart();
                channelLength = json.stringLength();
            } else if (json.nameIs(MESSAGE)) {
                messageStart = json.position();
                json.skipValue();
                messageEnd = json.position();
            } else {
                json.skipValue();
            }
        }
        if (channelStart < 0 || messageStart < 0) {
            throw json.fail("channelMessage without channel or message");
        }
        if (Ascii.startsWith(buf, channelStart, channelLength, SNAPSHOT)) {
            board(product(buf, channelStart, channelLength, SNAPSHOT), true, buf, messageStart, messageEnd, receiveTime);
        } else if (Ascii.startsWith(buf, channelStart, channelLength, EXECUTIONS)) {
            executions(product(buf, channelStart, channelLength, EXECUTIONS), buf, messageStart, messageEnd, receiveTime);
        } else if (Ascii.startsWith(buf, channelStart, channelLength, TICKER)) {
            ticker(product(buf, channelStart, channelLength, TICKER), buf, messageStart, messageEnd, receiveTime);
        } else if (Ascii.startsWith(buf, channelStart, channelLength, BOARD)) {
            board(product(buf, channelStart, channelLength, BOARD), false, buf, messageStart, messageEnd, receiveTime);
        }
    }

    private Instrument product(byte[] buf, int start, int length, String prefix) {
        Instrument i = instruments.find(buf, start + prefix.length(), length - prefix.length());
        if (i == null) {
            throw json.fail("unknown product in channel");
        }
        return i;
    }

    private void board(Instrument instrument, boolean snapshot, byte[] buf, int start, int end, long receiveTime) {
        InstrumentBook book = book(instrument);
        if (!snapshot && !book.inSync()) {
            return; // changes before the book's snapshot
        }
        json.reset(buf, start, end - start).beginObject();
        int bidsStart = -1;
        int bidsEnd = -1;
        int asksStart = -1;
        int asksEnd = -1;
        while (json.nextField()) {
            if (json.nameIs(BIDS)) {
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
        BookChange change = out.bookChange();
        change.instrument(instrument);
        change.times(Timestamps.UNKNOWN, receiveTime);
        change.begin(snapshot, BookChange.NO_SEQUENCE);
        readLevelObjects(change, BookSide.BID, bidsStart, bidsEnd, PRICE, SIZE);
        readLevelObjects(change, BookSide.ASK, asksStart, asksEnd, PRICE, SIZE);
        if (snapshot) {
            out.snapshot(book, change);
        } else if (out.apply(book, change)) {
            out.publishChange(book, change);
        }
    }

    private void executions(Instrument instrument, byte[] buf, int start, int end, long receiveTime) {
        json.reset(buf, start, end - start).beginArray();
        while (json.nextElement()) {
            json.beginObject();
            Trade trade = out.trade();
            long price = Decimal64.NULL;
            long size = Decimal64.NULL;
            long time = Timestamps.UNKNOWN;
            Side side = Side.UNKNOWN;
            while (json.nextField()) {
                if (json.nameIs(ID)) {
                    trade.id().set(json.readLong());
                } else if (json.nameIs(PRICE)) {
                    price = requireDecimal();
                } else if (json.nameIs(SIZE)) {
                    size = requireDecimal();
                } else if (json.nameIs(SIDE)) {
                    side = readSide(BUY, SELL);
                } else if (json.nameIs(EXEC_DATE)) {
                    time = readIsoTime();
                } else {
                    json.skipValue();
                }
            }
            if (!Decimal64.isNumber(price) || !Decimal64.isNumber(size)) {
                throw json.fail("execution without price or size");
            }
            trade.instrument(instrument);
            trade.times(time, receiveTime);
            trade.set(price, size, side);
            out.publish(trade);
        }
    }

    private void ticker(Instrument instrument, byte[] buf, int start, int end, long receiveTime) {
        json.reset(buf, start, end - start).beginObject();
        long time = Timestamps.UNKNOWN;
        long bid = Decimal64.NULL;
        long bidSize = Decimal64.NULL;
        long ask = Decimal64.NULL;
        long askSize = Decimal64.NULL;
        while (json.nextField()) {
            if (json.nameIs(TIMESTAMP)) {
                time = readIsoTime();
            } else if (json.nameIs(BEST_BID)) {
                bid = optionalDecimal();
            } else if (json.nameIs(BEST_ASK)) {
                ask = optionalDecimal();
            } else if (json.nameIs(BEST_BID_SIZE)) {
                bidSize = optionalDecimal();
            } else if (json.nameIs(BEST_ASK_SIZE)) {
                askSize = optionalDecimal();
            } else {
                json.skipValue();
            }
        }
        Quote quote = out.quote();
        quote.instrument(instrument);
        quote.times(time, receiveTime);
        quote.set(bid, bidSize, ask, askSize);
        out.publish(quote);
    }
}
