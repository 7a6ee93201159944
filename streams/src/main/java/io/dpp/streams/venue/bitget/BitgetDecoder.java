package io.dpp.streams.venue.bitget;

import io.dpp.core.instrument.Instrument;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.BookSide;
import io.dpp.core.model.Side;
import io.dpp.core.model.Trade;
import io.dpp.core.time.Timestamps;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.json.Ascii;
import io.dpp.streams.venue.AbstractDecoder;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.okx.OkxChecksum;

/**
 * Bitget's public WebSocket, API v2 and v1 alike:
 * {@code {"action":"snapshot"|"update","arg":{"instType","channel","instId"},"data":[...]}} (members
 * in any order). The instrument is the {@code instId} in the market its instType names
 * ({@link BitgetMarkets}).
 * <ul>
 *   <li>{@code books}: a snapshot, then updates of {@code [price, size]} levels (size 0 removes),
 *       each with a {@code checksum}: CRC32 of the top 25 levels interleaved, prices and sizes as
 *       sent (OKX's rule), checked after every update and after a snapshot that carries one (v2
 *       snapshots send 0: none).</li>
 *   <li>{@code trade}: v2 objects {@code {"ts","price","size","side","tradeId"}} or v1 arrays
 *       {@code [ts, price, size, side]}, the taker's side; the snapshot on subscribing is recent
 *       history and is not published.</li>
 *   <li>{@code ticker}: best bid and ask, v2 {@code bidPr}/{@code bidSz}/{@code askPr}/{@code askSz}
 *       with sizes, v1 {@code bestBid}/{@code bestAsk} without; the time in {@code ts} (v1 futures:
 *       {@code systemTime}).</li>
 * </ul>
 * Subscription answers, pongs and candles are not decoded.
 */
final class BitgetDecoder extends AbstractDecoder {

    private static final byte[] ACTION = Ascii.bytes("action");
    private static final byte[] SNAPSHOT = Ascii.bytes("snapshot");
    private static final byte[] UPDATE = Ascii.bytes("update");
    private static final byte[] ARG = Ascii.bytes("arg");
    private static final byte[] DATA = Ascii.bytes("data");
    private static final byte[] INST_TYPE = Ascii.bytes("instType");
    private static final byte[] CHANNEL = Ascii.bytes("channel");
    private static final byte[] INST_ID = Ascii.bytes("instId");
    /** instType spellings, in the order of {@link #INST_TYPE_SUFFIXES}; "mc"/"MC" (v1 futures) are resolved by margin coin. */
    private static final byte[][] INST_TYPES = {Ascii.bytes("sp"), Ascii.bytes("SP"), Ascii.bytes("SPOT"), Ascii.bytes("USDT-FUTURES"),
        Ascii.bytes("COIN-FUTURES"), Ascii.bytes("USDC-FUTURES")};
    private static final String[] INST_TYPE_SUFFIXES = {BitgetMarkets.SPOT, BitgetMarkets.SPOT, BitgetMarkets.SPOT,
        BitgetMarkets.USDT_FUTURES, BitgetMarkets.COIN_FUTURES, BitgetMarkets.USDC_FUTURES};
    private static final byte[] MC = Ascii.bytes("mc");
    private static final byte[] MC_UPPER = Ascii.bytes("MC");
    private static final byte[] PRICE = Ascii.bytes("price");
    private static final byte[] SIZE = Ascii.bytes("size");
    private static final byte[] SIDE = Ascii.bytes("side");
    private static final byte[] TRADE_ID = Ascii.bytes("tradeId");
    private static final byte[] BID_PR = Ascii.bytes("bidPr");
    private static final byte[] BID_SZ = Ascii.bytes("bidSz");
    private static final byte[] ASK_PR = Ascii.bytes("askPr");
    private static final byte[] ASK_SZ = Ascii.bytes("askSz");
    private static final byte[] BOOKS = Ascii.bytes("books");
    private static final byte[] TRADE = Ascii.bytes("trade");
    private static final byte[] TICKER = Ascii.bytes("ticker");
    private static final byte[] ASKS = Ascii.bytes("asks");
    private static final byte[] BIDS = Ascii.bytes("bids");
    private static final byte[] CHECKSUM = Ascii.bytes("checksum");
    private static final byte[] TS = Ascii.bytes("ts");
    private static final byte[] SYSTEM_TIME = Ascii.bytes("systemTime");
    private static final byte[] BEST_BID = Ascii.bytes("bestBid");
    private static final byte[] BEST_ASK = Ascii.bytes("bestAsk");
    private static final byte[] BUY = Ascii.bytes("buy");
    private static final byte[] SELL = Ascii.bytes("sell");
    /** Longest instrument id read; longer ones are unknown instruments. */
    private static final int MAX_ID = 48;

    private static final TradeFields TRADE_FIELDS = new TradeFields(PRICE, SIZE, SIDE, BUY, SELL, TRADE_ID);

    private final OkxChecksum checksum = new OkxChecksum();
    /** The native symbol of the message's instrument, built from its instId and market. */
    private final byte[] symbol = new byte[MAX_ID + 8];

    BitgetDecoder(InstrumentCatalog instruments, FeedOutput out) {
        super(instruments, out);
    }

    @Override
    protected void decode(byte[] buf, int offset, int length, long receiveTime) {
        json.reset(buf, offset, length).beginObject();
        int action = 0; // 1 snapshot, 2 update
        int argStart = -1;
        int argEnd = -1;
        int dataStart = -1;
        int dataEnd = -1;
        while (json.nextField()) {
            if (json.nameIs(ACTION)) {
                json.readString();
                action = json.stringIs(SNAPSHOT) ? 1 : json.stringIs(UPDATE) ? 2 : 0;
            } else if (json.nameIs(ARG)) {
                argStart = json.position();
                json.skipValue();
                argEnd = json.position();
            } else if (json.nameIs(DATA)) {
                dataStart = json.position();
                json.skipValue();
                dataEnd = json.position();
            } else {
                json.skipValue();
            }
        }
        if (action == 0) {
            return; // a subscription's answer, an error notice
        }
        if (argStart < 0 || dataStart < 0) {
            throw json.fail("push without arg or data");
        }
        json.reset(buf, argStart, argEnd - argStart).beginObject();
        String suffix = null; // the market's symbol suffix; "" for a v1 futures market (by margin coin)
        int channelStart = -1;
        int channelLength = 0;
        int idStart = -1;
        int idLength = 0;
        while (json.nextField()) {
            if (json.nameIs(INST_TYPE)) {
                json.readString();
                suffix = json.stringIs(MC) || json.stringIs(MC_UPPER) ? "" : null;
                for (int i = 0; i < INST_TYPES.length && suffix == null; i++) {
                    if (json.stringIs(INST_TYPES[i])) {
                        suffix = INST_TYPE_SUFFIXES[i];
                    }
                }
            } else if (json.nameIs(CHANNEL)) {
                json.readString();
                channelStart = json.stringStart();
                channelLength = json.stringLength();
            } else if (json.nameIs(INST_ID)) {
                json.readString();
                idStart = json.stringStart();
                idLength = json.stringLength();
            } else {
                json.skipValue();
            }
        }
        if (channelStart < 0 || idStart < 0 || suffix == null) {
            throw json.fail("arg without channel, instId or a known instType");
        }
        boolean books = Ascii.equals(buf, channelStart, channelLength, BOOKS);
        boolean trades = !books && Ascii.equals(buf, channelStart, channelLength, TRADE);
        boolean ticker = !books && !trades && Ascii.equals(buf, channelStart, channelLength, TICKER);
        if (!books && !trades && !ticker) {
            return; // candles
        }
        if (suffix.isEmpty()) {
            suffix = BitgetMarkets.suffix("MC", buf, idStart, idLength);
        }
        Instrument instrument = instrument(buf, idStart, idLength, suffix);
        json.reset(buf, dataStart, dataEnd - dataStart).beginArray();
        if (books) {
            while (json.nextElement()) {
                book(instrument, action == 1, receiveTime);
            }
        } else if (trades) {
            if (action == 2) {
                while (json.nextElement()) {
                    trade(instrument, receiveTime);
                }
            }
        } else {
            while (json.nextElement()) {
                quote(instrument, receiveTime);
            }
        }
    }

    /** The instrument of an instId in its market, looked up by its native symbol without allocating. */
    private Instrument instrument(byte[] buf, int start, int length, String suffix) {
        if (length > MAX_ID) {
            throw json.fail("unknown instrument");
        }
        System.arraycopy(buf, start, symbol, 0, length);
        for (int i = 0; i < suffix.length(); i++) {
            symbol[length + i] = (byte) suffix.charAt(i);
        }
        Instrument i = instruments.find(symbol, 0, length + suffix.length());
        if (i == null) {
            throw json.fail("unknown instrument");
        }
        return i;
    }

    private void book(Instrument instrument, boolean snapshot, long receiveTime) {
        BookChange change = out.bookChange();
        change.instrument(instrument);
        change.begin(snapshot, BookChange.NO_SEQUENCE);
        long time = Timestamps.UNKNOWN;
        long venueChecksum = Long.MIN_VALUE;
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
            } else {
                json.skipValue();
            }
        }
        change.times(time, receiveTime);
        InstrumentBook book = book(instrument);
        if (snapshot) {
            out.snapshot(book, change);
            if (book.inSync() && venueChecksum != 0) {
                verify(book, venueChecksum, receiveTime);
            }
            return;
        }
        if (!book.inSync()) {
            return;
        }
        if (out.apply(book, change) && verify(book, venueChecksum, receiveTime)) {
            out.publishChange(book, change);
        }
    }

    /** True when the message carried no checksum or its checksum matches the book. */
    private boolean verify(InstrumentBook book, long venueChecksum, long receiveTime) {
        return venueChecksum == Long.MIN_VALUE || checksumMatches(book, venueChecksum, checksum.compute(book.book()), receiveTime);
    }

    /**
     * A trade: v2 {@code {"ts","price","size","side","tradeId"}} or v1 {@code ["1649290078916","9.977","1","sell"]}
     * (time in milliseconds, price, size, the taker's side).
     */
    private void trade(Instrument instrument, long receiveTime) {
        long time = Timestamps.UNKNOWN;
        if (json.peek() == '{') {
            json.beginObject();
            beginTrade();
            while (json.nextField()) {
                if (tradeField(TRADE_FIELDS)) {
                    continue;
                }
                if (json.nameIs(TS)) {
                    time = Timestamps.ofMillis(json.readLong());
                } else {
                    json.skipValue();
                }
            }
            publishTrade(instrument, time, receiveTime, "trade without price or size");
            return;
        }
        json.beginArray();
        json.nextElement();
        time = Timestamps.ofMillis(json.readLong());
        json.nextElement();
        long price = requireDecimal();
        json.nextElement();
        long size = requireDecimal();
        Side side = Side.UNKNOWN;
        if (json.nextElement()) {
            side = readSide(BUY, SELL);
            json.skipRestOfArray();
        }
        Trade trade = out.trade();
        trade.instrument(instrument);
        trade.times(time, receiveTime);
        trade.set(price, size, side);
        out.publish(trade);
    }

    /** Best bid and ask: v2's with sizes, v1's without; the time in ts (v1 futures: systemTime). */
    private void quote(Instrument instrument, long receiveTime) {
        json.beginObject();
        long time = Timestamps.UNKNOWN;
        beginQuote();
        while (json.nextField()) {
            if (quoteField(BID_PR, BID_SZ, ASK_PR, ASK_SZ) || quoteField(BEST_BID, null, BEST_ASK, null)) {
                continue;
            }
            if (json.nameIs(TS) || json.nameIs(SYSTEM_TIME)) {
                time = Timestamps.ofMillis(json.readLong());
            } else {
                json.skipValue();
            }
        }
        publishQuote(instrument, time, receiveTime);
    }
}
