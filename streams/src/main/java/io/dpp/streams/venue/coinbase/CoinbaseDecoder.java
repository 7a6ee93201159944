package io.dpp.streams.venue.coinbase;

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
import io.dpp.streams.json.TimeText;
import io.dpp.streams.venue.AbstractDecoder;
import io.dpp.streams.venue.InstrumentCatalog;

/**
 * Coinbase Exchange WebSocket feed: level2 ("snapshot", then "l2update" changes), "ticker" (best
 * bid and ask) and "match"/"last_match" (trades). The level2 channel has no sequence numbers, so
 * a book is checked only for crossing; "match" gives the maker's side, so the aggressor is the
 * other one.
 */
final class CoinbaseDecoder extends AbstractDecoder {

    private static final byte[] TYPE = Ascii.bytes("type");
    private static final byte[] PRODUCT_ID = Ascii.bytes("product_id");
    private static final byte[] SNAPSHOT = Ascii.bytes("snapshot");
    private static final byte[] L2UPDATE = Ascii.bytes("l2update");
    private static final byte[] TICKER = Ascii.bytes("ticker");
    private static final byte[] MATCH = Ascii.bytes("match");
    private static final byte[] LAST_MATCH = Ascii.bytes("last_match");
    private static final byte[] BIDS = Ascii.bytes("bids");
    private static final byte[] ASKS = Ascii.bytes("asks");
    private static final byte[] CHANGES = Ascii.bytes("changes");
    private static final byte[] TIME = Ascii.bytes("time");
    private static final byte[] PRICE = Ascii.bytes("price");
    private static final byte[] SIZE = Ascii.bytes("size");
    private static final byte[] SIDE = Ascii.bytes("side");
    private static final byte[] TRADE_ID = Ascii.bytes("trade_id");
    private static final byte[] BEST_BID = Ascii.bytes("best_bid");
    private static final byte[] BEST_ASK = Ascii.bytes("best_ask");
    private static final byte[] BEST_BID_SIZE = Ascii.bytes("best_bid_size");
    private static final byte[] BEST_ASK_SIZE = Ascii.bytes("best_ask_size");
    private static final byte[] BUY = Ascii.bytes("buy");
    private static final byte[] SELL = Ascii.bytes("sell");

    CoinbaseDecoder(InstrumentCatalog instruments, FeedOutput out) {
        super(instruments, out);
    }

    @Override
    protected void decode(byte[] buf, int offset, int length, long receiveTime) {
        json.reset(buf, offset, length).beginObject();
        // Nearly every message is an l2update whose "type" comes first: it has a loop of its own,
        // short enough for the JIT to compile it well whatever else the feed carries.
        if (json.nextField() && json.nameIs(TYPE)) {
            json.readString();
            if (json.stringIs(L2UPDATE)) {
                l2update(buf, receiveTime);
            } else {
                message(buf, json.stringStart(), json.stringLength(), receiveTime);
            }
        } else {
            json.reset(buf, offset, length).beginObject();
            message(buf, -1, 0, receiveTime);
        }
    }

    /** An l2update, read from after its "type". */
    private void l2update(byte[] buf, long receiveTime) {
        Instrument instrument = null;
        BookChange change = null;
        int changesStart = -1;
        int changesEnd = -1;
        long time = Timestamps.UNKNOWN;
        while (json.nextField()) {
            if (json.nameIs(PRODUCT_ID)) {
                json.readString();
                instrument = instrumentFromString();
            } else if (json.nameIs(CHANGES)) {
                if (instrument != null) {
                    change = changes(instrument); // product_id came first: read the changes in this pass
                } else {
                    changesStart = json.position();
                    json.skipValue();
                    changesEnd = json.position();
                }
            } else if (json.nameIs(TIME)) {
                time = time(buf);
            } else {
                json.skipValue();
            }
        }
        publishChange(buf, instrument, change, changesStart, changesEnd, time, receiveTime);
    }

    /**
     * Any message, read from the start of its fields or (typeStart not negative) from after its
     * "type".
     */
    private void message(byte[] buf, int typeStart, int typeLength, long receiveTime) {
        Instrument instrument = null;
        int bidsStart = -1;
        int bidsEnd = -1;
        int asksStart = -1;
        int asksEnd = -1;
        int changesStart = -1;
        int changesEnd = -1;
        long time = Timestamps.UNKNOWN;
        long price = Decimal64.NULL;
        long size = Decimal64.NULL;
        long bestBid = Decimal64.NULL;
        long bestAsk = Decimal64.NULL;
        long bestBidSize = Decimal64.NULL;
        long bestAskSize = Decimal64.NULL;
        long tradeId = Long.MIN_VALUE;
        Side makerSide = Side.UNKNOWN;
        while (json.nextField()) {
            if (json.nameIs(TYPE)) {
                json.readString();
                typeStart = json.stringStart();
                typeLength = json.stringLength();
            } else if (json.nameIs(PRODUCT_ID)) {
                json.readString();
                instrument = instrumentFromString();
            } else if (json.nameIs(BIDS)) {
                bidsStart = json.position();
                json.skipValue();
                bidsEnd = json.position();
            } else if (json.nameIs(ASKS)) {
                asksStart = json.position();
                json.skipValue();
                asksEnd = json.position();
            } else if (json.nameIs(CHANGES)) {
                changesStart = json.position();
                json.skipValue();
                changesEnd = json.position();
            } else if (json.nameIs(TIME)) {
                time = time(buf);
            } else if (json.nameIs(PRICE)) {
                price = json.readDecimal();
            } else if (json.nameIs(SIZE)) {
                size = json.readDecimal();
            } else if (json.nameIs(BEST_BID)) {
                bestBid = json.readDecimal();
            } else if (json.nameIs(BEST_ASK)) {
                bestAsk = json.readDecimal();
            } else if (json.nameIs(BEST_BID_SIZE)) {
                bestBidSize = json.readDecimal();
            } else if (json.nameIs(BEST_ASK_SIZE)) {
                bestAskSize = json.readDecimal();
            } else if (json.nameIs(TRADE_ID)) {
                tradeId = json.readLong();
            } else if (json.nameIs(SIDE)) {
                makerSide = readSide(BUY, SELL);
            } else {
                json.skipValue();
            }
        }
        if (typeStart < 0) {
            return; // not an Exchange feed message (Advanced Trade uses "channel"): not decoded here
        }
        if (Ascii.equals(buf, typeStart, typeLength, L2UPDATE)) {
            publishChange(buf, instrument, null, changesStart, changesEnd, time, receiveTime);
        } else if (Ascii.equals(buf, typeStart, typeLength, SNAPSHOT)) {
            snapshot(require(instrument), bidsStart, bidsEnd, asksStart, asksEnd, time, receiveTime);
        } else if (Ascii.equals(buf, typeStart, typeLength, MATCH) || Ascii.equals(buf, typeStart, typeLength, LAST_MATCH)) {
            Trade trade = out.trade();
            trade.instrument(require(instrument));
            trade.times(time, receiveTime);
            if (tradeId != Long.MIN_VALUE) {
                trade.id().set(tradeId);
            }
            Side aggressor = makerSide == Side.BUY ? Side.SELL : makerSide == Side.SELL ? Side.BUY : Side.UNKNOWN;
            trade.set(number(price), number(size), aggressor);
            out.publish(trade);
        } else if (Ascii.equals(buf, typeStart, typeLength, TICKER)) {
            Quote quote = out.quote();
            quote.instrument(require(instrument));
            quote.times(time, receiveTime);
            quote.set(orNull(bestBid), orNull(bestBidSize), orNull(bestAsk), orNull(bestAskSize));
            out.publish(quote);
        }
    }

    /**
     * Applies and publishes an l2update's change: {@code change} when its changes were read in the
     * first pass, else read now from between changesStart and changesEnd.
     */
    private void publishChange(byte[] buf, Instrument instrument, BookChange change, int changesStart, int changesEnd,
                               long time, long receiveTime) {
        if (change == null) {
            if (changesStart < 0) {
                throw json.fail("l2update without changes");
            }
            json.reset(buf, changesStart, changesEnd - changesStart);
            change = changes(require(instrument));
        }
        change.times(time, receiveTime);
        InstrumentBook book = book(change.instrument());
        if (out.apply(book, change)) {
            out.publishChange(book, change);
        }
    }

    /** The time string at the reader's position. */
    private long time(byte[] buf) {
        json.readString();
        long time = TimeText.iso(buf, json.stringStart(), json.stringLength());
        if (time < 0) {
            throw json.fail("bad time");
        }
        return time;
    }

    private void snapshot(Instrument instrument, int bidsStart, int bidsEnd, int asksStart, int asksEnd, long time,
                          long receiveTime) {
        BookChange change = out.bookChange();
        change.instrument(instrument);
        change.times(time, receiveTime);
        change.begin(true, BookChange.NO_SEQUENCE);
        readLevels(change, BookSide.BID, bidsStart, bidsEnd);
        readLevels(change, BookSide.ASK, asksStart, asksEnd);
        out.snapshot(book(instrument), change);
    }

    /** Reads [[side, price, size], ...] at the reader's position into a new change of {@code instrument}. */
    private BookChange changes(Instrument instrument) {
        BookChange change = out.bookChange();
        change.instrument(instrument);
        change.begin(false, BookChange.NO_SEQUENCE);
        json.beginArray();
        while (json.nextElement()) {
            json.beginArray();
            json.nextElement();
            json.readString();
            BookSide side = json.stringIs(BUY) ? BookSide.BID : json.stringIs(SELL) ? BookSide.ASK : null;
            if (side == null) {
                throw json.fail("change side is neither buy nor sell");
            }
            json.nextElement();
            long price = requireDecimal();
            json.nextElement();
            long size = requireDecimal();
            json.skipRestOfArray();
            change.addLevel(side, price, size);
        }
        return change;
    }

    private Instrument require(Instrument instrument) {
        if (instrument == null) {
            throw json.fail("missing product_id");
        }
        return instrument;
    }

    private long number(long d) {
        if (!Decimal64.isNumber(d)) {
            throw json.fail("missing price or size");
        }
        return d;
    }

    private static long orNull(long d) {
        return Decimal64.isNumber(d) ? d : Decimal64.NULL;
    }
}
