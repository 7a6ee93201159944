package io.dpp.streams.venue.upbit;

import io.dpp.core.decimal.Decimal64;
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

/**
 * Upbit WebSocket v1 in the SIMPLE format: {@code orderbook} messages ({@code cd} the market,
 * {@code tms} ms, {@code obu} the top levels as units {@code {ap, bp, as, bs}}) each replace the whole
 * book; {@code trade} messages ({@code tp} price, {@code tv} volume, {@code ab} ASK when the taker
 * sold and BID when it bought, {@code ttms} the trade's time, {@code sid} its sequential id). A unit
 * with a zero price or size holds no level on that side. Answers to pings ({@code {"status":"UP"}})
 * and errors carry no {@code ty} and are not decoded.
 */
final class UpbitDecoder extends AbstractDecoder {

    private static final byte[] TY = Ascii.bytes("ty");
    private static final byte[] CD = Ascii.bytes("cd");
    private static final byte[] TMS = Ascii.bytes("tms");
    private static final byte[] OBU = Ascii.bytes("obu");
    private static final byte[] AP = Ascii.bytes("ap");
    private static final byte[] BP = Ascii.bytes("bp");
    private static final byte[] AS = Ascii.bytes("as");
    private static final byte[] BS = Ascii.bytes("bs");
    private static final byte[] TP = Ascii.bytes("tp");
    private static final byte[] TV = Ascii.bytes("tv");
    private static final byte[] AB = Ascii.bytes("ab");
    private static final byte[] TTMS = Ascii.bytes("ttms");
    private static final byte[] SID = Ascii.bytes("sid");
    private static final byte[] ORDERBOOK = Ascii.bytes("orderbook");
    private static final byte[] TRADE = Ascii.bytes("trade");
    private static final byte[] BID = Ascii.bytes("BID");
    private static final byte[] ASK = Ascii.bytes("ASK");

    UpbitDecoder(InstrumentCatalog instruments, FeedOutput out) {
        super(instruments, out);
    }

    @Override
    protected void decode(byte[] buf, int offset, int length, long receiveTime) {
        json.reset(buf, offset, length).beginObject();
        int type = 0; // 1 orderbook, 2 trade
        Instrument instrument = null;
        long time = Timestamps.UNKNOWN;
        long tradeTime = Timestamps.UNKNOWN;
        int unitsStart = -1;
        int unitsEnd = -1;
        long price = Decimal64.NULL;
        long volume = Decimal64.NULL;
        Side side = Side.UNKNOWN;
        long id = Long.MIN_VALUE;
        while (json.nextField()) {
            if (json.nameIs(TY)) {
                json.readString();
                type = json.stringIs(ORDERBOOK) ? 1 : json.stringIs(TRADE) ? 2 : -1;
            } else if (json.nameIs(CD)) {
                json.readString();
                instrument = instrumentFromString();
            } else if (json.nameIs(TMS)) {
                time = Timestamps.ofMillis(json.readLong());
            } else if (json.nameIs(OBU)) {
                unitsStart = json.position();
                json.skipValue();
                unitsEnd = json.position();
            } else if (json.nameIs(TP)) {
                price = requireDecimal();
            } else if (json.nameIs(TV)) {
                volume = requireDecimal();
            } else if (json.nameIs(AB)) {
                side = readSide(BID, ASK); // BID: the taker bought; ASK: the taker sold
            } else if (json.nameIs(TTMS)) {
                tradeTime = Timestamps.ofMillis(json.readLong());
            } else if (json.nameIs(SID)) {
                id = json.readLong();
            } else {
                json.skipValue();
            }
        }
        if (type <= 0) {
            return; // {"status":"UP"}, an error, a type not asked for
        }
        if (instrument == null) {
            throw json.fail("message without cd");
        }
        if (type == 1) {
            if (unitsStart < 0) {
                throw json.fail("orderbook without obu");
            }
            book(instrument, time, unitsStart, unitsEnd, receiveTime);
            return;
        }
        if (!Decimal64.isNumber(price) || !Decimal64.isNumber(volume)) {
            throw json.fail("trade without tp or tv");
        }
        Trade trade = out.trade();
        trade.instrument(instrument);
        trade.times(tradeTime != Timestamps.UNKNOWN ? tradeTime : time, receiveTime);
        if (id != Long.MIN_VALUE) {
            trade.id().set(id);
        }
        trade.set(price, volume, side);
        out.publish(trade);
    }

    /** The whole book: each unit's ask and bid, a zero price or size standing for no level. */
    private void book(Instrument instrument, long time, int start, int end, long receiveTime) {
        BookChange change = out.bookChange();
        change.instrument(instrument);
        change.times(time, receiveTime);
        change.begin(true, BookChange.NO_SEQUENCE);
        json.reset(json.buffer(), start, end - start).beginArray();
        while (json.nextElement()) {
            json.beginObject();
            long ap = Decimal64.NULL;
            long bp = Decimal64.NULL;
            long as = Decimal64.NULL;
            long bs = Decimal64.NULL;
            while (json.nextField()) {
                if (json.nameIs(AP)) {
                    ap = requireDecimal();
                } else if (json.nameIs(BP)) {
                    bp = requireDecimal();
                } else if (json.nameIs(AS)) {
                    as = requireDecimal();
                } else if (json.nameIs(BS)) {
                    bs = requireDecimal();
                } else {
                    json.skipValue();
                }
            }
            if (Decimal64.isNumber(bp) && Decimal64.isNumber(bs) && Decimal64.signum(bp) > 0 && Decimal64.signum(bs) > 0) {
                change.addLevel(BookSide.BID, bp, bs);
            }
            if (Decimal64.isNumber(ap) && Decimal64.isNumber(as) && Decimal64.signum(ap) > 0 && Decimal64.signum(as) > 0) {
                change.addLevel(BookSide.ASK, ap, as);
            }
        }
        InstrumentBook book = book(instrument);
        out.snapshot(book, change);
    }
}
