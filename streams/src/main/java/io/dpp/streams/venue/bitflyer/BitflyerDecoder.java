package io.dpp.streams.venue.bitflyer;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.model.BookChange;
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

    // What a channelMessage's message is, read into the fields below until the whole message is read.
    private static final int NOTHING = 0;
    private static final int BOARD_SNAPSHOT = 1;
    private static final int BOARD_CHANGE = 2;
    private static final int TICKER_QUOTE = 3;
    private static final int TRADES = 4;
    /** The message came before its channel: read after the pass, from its range. */
    private static final int DEFERRED = 5;

    private int kind;
    private Instrument instrument;
    /** The executions' range (published trade by trade, so read only after the whole message). */
    private int tradesStart;
    private int tradesEnd;
    /** The channel of a DEFERRED message, and the message's range. */
    private int channelStart;
    private int channelLength;
    private int messageStart;
    private int messageEnd;
    private BookChange change;
    private long tickerTime;
    private long bid;
    private long bidSize;
    private long ask;
    private long askSize;

    @Override
    protected void decode(byte[] buf, int offset, int length, long receiveTime) {
        // One pass over the message. bitFlyer sends the method before the params and the channel
        // before the message: a board's or a ticker's message is then read where it stands, and
        // published only once the rest of the message has been read too (a message cut short
        // changes nothing). Members in another order are noted and read after the pass.
        json.reset(buf, offset, length).beginObject();
        boolean channelMessage = false;
        boolean paramsRead = false;
        int paramsStart = -1;
        int paramsEnd = -1;
        kind = NOTHING;
        while (json.nextField()) {
            if (json.nameIs(METHOD)) {
                json.readString();
                channelMessage = json.stringIs(CHANNEL_MESSAGE);
            } else if (json.nameIs(PARAMS) && channelMessage && !paramsRead) {
                params(buf);
                paramsRead = true;
            } else if (json.nameIs(PARAMS)) {
                paramsStart = json.position();
                json.skipValue();
                paramsEnd = json.position();
            } else {
                json.skipValue();
            }
        }
        if (!channelMessage) {
            return; // the answer to a request
        }
        if (!paramsRead) {
            if (paramsStart < 0) {
                return;
            }
            json.reset(buf, paramsStart, paramsEnd - paramsStart);
            params(buf);
        }
        if (kind == DEFERRED) {
            json.reset(buf, messageStart, messageEnd - messageStart);
            message(buf, channelStart, channelLength);
        }
        switch (kind) {
            case BOARD_SNAPSHOT, BOARD_CHANGE -> publishBoard(receiveTime);
            case TICKER_QUOTE -> {
                Quote quote = out.quote();
                quote.instrument(instrument);
                quote.times(tickerTime, receiveTime);
                quote.set(bid, bidSize, ask, askSize);
                out.publish(quote);
            }
            case TRADES -> executions(instrument, buf, tradesStart, tradesEnd, receiveTime);
            default -> { } // a channel not decoded
        }
    }

    /**
     * Reads the params object where it stands: its channel and, when the channel came first, its
     * message; a message before its channel is left DEFERRED, its range noted.
     */
    private void params(byte[] buf) {
        json.beginObject();
        channelStart = -1;
        channelLength = 0;
        messageStart = -1;
        messageEnd = -1;
        kind = NOTHING;
        boolean messageRead = false;
        while (json.nextField()) {
            if (json.nameIs(CHANNEL)) {
                json.readString();
                channelStart = json.stringStart();
                channelLength = json.stringLength();
            } else if (json.nameIs(MESSAGE) && channelStart >= 0 && !messageRead) {
                message(buf, channelStart, channelLength);
                messageRead = true;
            } else if (json.nameIs(MESSAGE)) {
                messageStart = json.position();
                json.skipValue();
                messageEnd = json.position();
            } else {
                json.skipValue();
            }
        }
        if (channelStart < 0 || (!messageRead && messageStart < 0)) {
            throw json.fail("channelMessage without channel or message");
        }
        if (!messageRead) {
            kind = DEFERRED;
        }
    }

    /** Reads a channel's message where it stands (the executions: only their range) and sets {@link #kind}. */
    private void message(byte[] buf, int channelStart, int channelLength) {
        if (Ascii.startsWith(buf, channelStart, channelLength, SNAPSHOT)) {
            instrument = product(buf, channelStart, channelLength, SNAPSHOT);
            board(true);
        } else if (Ascii.startsWith(buf, channelStart, channelLength, EXECUTIONS)) {
            instrument = product(buf, channelStart, channelLength, EXECUTIONS);
            tradesStart = json.position();
            json.skipValue();
            tradesEnd = json.position();
            kind = TRADES;
        } else if (Ascii.startsWith(buf, channelStart, channelLength, TICKER)) {
            instrument = product(buf, channelStart, channelLength, TICKER);
            ticker();
        } else if (Ascii.startsWith(buf, channelStart, channelLength, BOARD)) {
            instrument = product(buf, channelStart, channelLength, BOARD);
            board(false);
        } else {
            json.skipValue();
            kind = NOTHING;
        }
    }

    private Instrument product(byte[] buf, int start, int length, String prefix) {
        Instrument i = instruments.find(buf, start + prefix.length(), length - prefix.length());
        if (i == null) {
            throw json.fail("unknown product in channel");
        }
        return i;
    }

    /** A board's bids and asks, of {@code {price, size}} objects. */
    private final BookSides sides = new BookSides(BIDS, ASKS, (c, side) -> readLevelObjects(c, side, PRICE, SIZE));

    /** Reads a board message where it stands, its levels in place, into {@link #change}. */
    private void board(boolean snapshot) {
        change = out.bookChange();
        change.begin(snapshot, BookChange.NO_SEQUENCE);
        sides.begin(change);
        json.beginObject();
        while (json.nextField()) {
            if (!sides.read()) {
                json.skipValue();
            }
        }
        kind = snapshot ? BOARD_SNAPSHOT : BOARD_CHANGE;
    }

    private void publishBoard(long receiveTime) {
        InstrumentBook book = book(instrument);
        if (kind == BOARD_CHANGE && !book.inSync()) {
            return; // changes before the book's snapshot
        }
        change.instrument(instrument);
        change.times(Timestamps.UNKNOWN, receiveTime);
        if (kind == BOARD_SNAPSHOT) {
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

    /** Reads a ticker message where it stands into the quote's fields. */
    private void ticker() {
        json.beginObject();
        tickerTime = Timestamps.UNKNOWN;
        bid = Decimal64.NULL;
        bidSize = Decimal64.NULL;
        ask = Decimal64.NULL;
        askSize = Decimal64.NULL;
        while (json.nextField()) {
            if (json.nameIs(TIMESTAMP)) {
                tickerTime = readIsoTime();
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
        kind = TICKER_QUOTE;
    }
}
