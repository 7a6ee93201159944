package io.dpp.streams.venue.delta;

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
 * Delta Exchange: {@code l2_orderbook} messages ({@code buy} and {@code sell} as
 * {@code {limit_price, size}}, {@code timestamp} in microseconds) each replace the whole book;
 * {@code all_trades} messages are trades ({@code size} in contracts, the taker's side from
 * {@code buyer_role}), the {@code all_trades_snapshot} that starts a subscription is history and not
 * published. Subscription answers and candlesticks are not decoded.
 */
final class DeltaDecoder extends AbstractDecoder {

    private static final byte[] TYPE = Ascii.bytes("type");
    private static final byte[] SYMBOL = Ascii.bytes("symbol");
    private static final byte[] BUY = Ascii.bytes("buy");
    private static final byte[] SELL = Ascii.bytes("sell");
    private static final byte[] TIMESTAMP = Ascii.bytes("timestamp");
    private static final byte[] LIMIT_PRICE = Ascii.bytes("limit_price");
    private static final byte[] SIZE = Ascii.bytes("size");
    private static final byte[] PRICE = Ascii.bytes("price");
    private static final byte[] BUYER_ROLE = Ascii.bytes("buyer_role");
    private static final byte[] TAKER = Ascii.bytes("taker");
    private static final byte[] MAKER = Ascii.bytes("maker");
    private static final byte[] L2_ORDERBOOK = Ascii.bytes("l2_orderbook");
    private static final byte[] ALL_TRADES = Ascii.bytes("all_trades");

    DeltaDecoder(InstrumentCatalog instruments, FeedOutput out) {
        super(instruments, out);
    }

    @Override
    protected void decode(byte[] buf, int offset, int length, long receiveTime) {
        json.reset(buf, offset, length).beginObject();
        int type = 0; // 1 l2_orderbook, 2 all_trades
        Instrument instrument = null;
        long time = Timestamps.UNKNOWN;
        int buyStart = -1;
        int buyEnd = -1;
        int sellStart = -1;
        int sellEnd = -1;
        long price = Decimal64.NULL;
        long size = Decimal64.NULL;
        Side side = Side.UNKNOWN;
        while (json.nextField()) {
            if (json.nameIs(TYPE)) {
                json.readString();
                type = json.stringIs(L2_ORDERBOOK) ? 1 : json.stringIs(ALL_TRADES) ? 2 : 0;
            } else if (json.nameIs(SYMBOL)) {
                json.readString();
                instrument = instruments.find(buf, json.stringStart(), json.stringLength());
            } else if (json.nameIs(TIMESTAMP)) {
                time = json.readLong();
            } else if (json.nameIs(BUY)) {
                buyStart = json.position();
                json.skipValue();
                buyEnd = json.position();
            } else if (json.nameIs(SELL)) {
                sellStart = json.position();
                json.skipValue();
                sellEnd = json.position();
            } else if (json.nameIs(PRICE)) {
                price = requireDecimal();
            } else if (json.nameIs(SIZE)) {
                size = requireDecimal();
            } else if (json.nameIs(BUYER_ROLE)) {
                json.readString();
                side = json.stringIs(TAKER) ? Side.BUY : json.stringIs(MAKER) ? Side.SELL : Side.UNKNOWN;
            } else {
                json.skipValue();
            }
        }
        if (type == 0) {
            return; // subscriptions, candlesticks, the trades snapshot, heartbeats
        }
        if (instrument == null) {
            throw json.fail("message of an unknown or missing symbol");
        }
        if (type == 1) {
            BookChange change = out.bookChange();
            change.instrument(instrument);
            change.times(time, receiveTime);
            change.begin(true, BookChange.NO_SEQUENCE);
            readLevelObjects(change, BookSide.BID, buyStart, buyEnd, LIMIT_PRICE, SIZE);
            readLevelObjects(change, BookSide.ASK, sellStart, sellEnd, LIMIT_PRICE, SIZE);
            out.snapshot(book(instrument), change);
            return;
        }
        if (!Decimal64.isNumber(price) || !Decimal64.isNumber(size)) {
            throw json.fail("trade without price or size");
        }
        Trade trade = out.trade();
        trade.instrument(instrument);
        trade.times(time, receiveTime);
        trade.set(price, size, side);
        out.publish(trade);
    }
}
