package io.dpp.streams.venue.huobi;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.BookSide;
import io.dpp.core.model.Side;
import io.dpp.core.model.Trade;
import io.dpp.core.time.Timestamps;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.json.Ascii;
import io.dpp.streams.venue.AbstractDecoder;
import io.dpp.streams.venue.InstrumentCatalog;

/**
 * Huobi (HTX) market data, spot and swaps alike, as inflated from its gzip frames:
 * {@code {"ch":"market.SYMBOL.depth.step0","ts":..,"tick":{"bids":[[p,s],..],"asks":..,"ts":..}}} is
 * the whole book (it replaces the book each time); {@code market.SYMBOL.trade.detail} carries
 * {@code tick.data}, trades with {@code direction} the taker's side, {@code amount} the size (the
 * base asset on spot, contracts on swaps) and {@code ts}. A spot trade's {@code id} does not fit 64
 * bits, so its {@code tradeId} is the trade's id; a swap trade has only {@code id}. Answers
 * ({@code subbed}), errors and pings carry no {@code ch} and are not decoded (the connection answers
 * the pings).
 */
final class HuobiDecoder extends AbstractDecoder {

    private static final byte[] CH = Ascii.bytes("ch");
    private static final byte[] TS = Ascii.bytes("ts");
    private static final byte[] TICK = Ascii.bytes("tick");
    private static final byte[] BIDS = Ascii.bytes("bids");
    private static final byte[] ASKS = Ascii.bytes("asks");
    private static final byte[] DATA = Ascii.bytes("data");
    private static final byte[] ID = Ascii.bytes("id");
    private static final byte[] TRADE_ID = Ascii.bytes("tradeId");
    private static final byte[] AMOUNT = Ascii.bytes("amount");
    private static final byte[] PRICE = Ascii.bytes("price");
    private static final byte[] DIRECTION = Ascii.bytes("direction");
    private static final byte[] BUY = Ascii.bytes("buy");
    private static final byte[] SELL = Ascii.bytes("sell");
    private static final String MARKET = "market.";
    private static final String DEPTH = ".depth.";
    private static final String TRADES = ".trade.detail";
    /** The most digits of an id read as a number: more cannot be held in 64 bits. */
    private static final int MAX_ID_DIGITS = 18;

    HuobiDecoder(InstrumentCatalog instruments, FeedOutput out) {
        super(instruments, out);
    }

    @Override
    protected void decode(byte[] buf, int offset, int length, long receiveTime) {
        json.reset(buf, offset, length).beginObject();
        int chStart = -1;
        int chLength = 0;
        int tickStart = -1;
        int tickEnd = -1;
        long ts = Timestamps.UNKNOWN;
        while (json.nextField()) {
            if (json.nameIs(CH)) {
                json.readString();
                chStart = json.stringStart();
                chLength = json.stringLength();
            } else if (json.nameIs(TICK)) {
                tickStart = json.position();
                json.skipValue();
                tickEnd = json.position();
            } else if (json.nameIs(TS)) {
                ts = Timestamps.ofMillis(json.readLong());
            } else {
                json.skipValue();
            }
        }
        if (chStart < 0 || tickStart < 0) {
            return; // an answer, an error, a ping
        }
        if (!Ascii.startsWith(buf, chStart, chLength, MARKET)) {
            return;
        }
        int symbolStart = chStart + MARKET.length();
        int symbolEnd = symbolStart;
        while (symbolEnd < chStart + chLength && buf[symbolEnd] != '.') {
            symbolEnd++;
        }
        int rest = chStart + chLength - symbolEnd;
        if (Ascii.startsWith(buf, symbolEnd, rest, DEPTH)) {
            depth(symbol(buf, symbolStart, symbolEnd), tickStart, tickEnd, ts, receiveTime);
        } else if (Ascii.startsWith(buf, symbolEnd, rest, TRADES) && rest == TRADES.length()) {
            trades(symbol(buf, symbolStart, symbolEnd), tickStart, tickEnd, receiveTime);
        }
    }

    private Instrument symbol(byte[] buf, int start, int end) {
        Instrument i = instruments.find(buf, start, end - start);
        if (i == null) {
            throw json.fail("unknown symbol in ch");
        }
        return i;
    }

    private void depth(Instrument instrument, int start, int end, long ts, long receiveTime) {
        json.reset(json.buffer(), start, end - start).beginObject();
        long time = ts;
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
            } else if (json.nameIs(TS)) {
                time = Timestamps.ofMillis(json.readLong());
            } else {
                json.skipValue();
            }
        }
        if (bidsStart < 0 && asksStart < 0) {
            throw json.fail("depth without bids or asks");
        }
        BookChange change = out.bookChange();
        change.instrument(instrument);
        change.times(time, receiveTime);
        change.begin(true, BookChange.NO_SEQUENCE);
        readLevels(change, BookSide.BID, bidsStart, bidsEnd);
        readLevels(change, BookSide.ASK, asksStart, asksEnd);
        out.snapshot(book(instrument), change);
    }

    private void trades(Instrument instrument, int start, int end, long receiveTime) {
        byte[] buf = json.buffer();
        json.reset(buf, start, end - start).beginObject();
        int dataStart = -1;
        int dataEnd = -1;
        while (json.nextField()) {
            if (json.nameIs(DATA)) {
                dataStart = json.position();
                json.skipValue();
                dataEnd = json.position();
            } else {
                json.skipValue();
            }
        }
        if (dataStart < 0) {
            throw json.fail("trade.detail without data");
        }
        json.reset(buf, dataStart, dataEnd - dataStart).beginArray();
        while (json.nextElement()) {
            int tradeStart = json.position();
            json.skipValue();
            int tradeEnd = json.position();
            trade(instrument, buf, tradeStart, tradeEnd, receiveTime);
            json.reset(buf, tradeEnd, dataEnd - tradeEnd);
        }
    }

    private void trade(Instrument instrument, byte[] buf, int start, int end, long receiveTime) {
        json.reset(buf, start, end - start).beginObject();
        long tradeId = Long.MIN_VALUE;
        int idStart = -1;
        int idEnd = -1;
        long time = Timestamps.UNKNOWN;
        long amount = Decimal64.NULL;
        long price = Decimal64.NULL;
        Side side = Side.UNKNOWN;
        while (json.nextField()) {
            if (json.nameIs(TRADE_ID)) {
                tradeId = json.readLong();
            } else if (json.nameIs(ID)) {
                idStart = json.position();
                json.skipValue();
                idEnd = json.position();
            } else if (json.nameIs(TS)) {
                time = Timestamps.ofMillis(json.readLong());
            } else if (json.nameIs(AMOUNT)) {
                amount = requireDecimal();
            } else if (json.nameIs(PRICE)) {
                price = requireDecimal();
            } else if (json.nameIs(DIRECTION)) {
                side = readSide(BUY, SELL);
            } else {
                json.skipValue();
            }
        }
        if (!Decimal64.isNumber(price) || !Decimal64.isNumber(amount)) {
            throw json.fail("trade without price or amount");
        }
        if (tradeId == Long.MIN_VALUE && idStart >= 0 && idEnd - idStart <= MAX_ID_DIGITS) {
            json.reset(buf, idStart, idEnd - idStart);
            tradeId = json.readLong();
        }
        Trade trade = out.trade();
        trade.instrument(instrument);
        trade.times(time, receiveTime);
        if (tradeId != Long.MIN_VALUE) {
            trade.id().set(tradeId);
        }
        trade.set(price, amount, side);
        out.publish(trade);
    }
}
