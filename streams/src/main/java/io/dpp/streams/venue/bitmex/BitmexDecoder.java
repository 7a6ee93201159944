package io.dpp.streams.venue.bitmex;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.BookSide;
import io.dpp.core.model.Liquidation;
import io.dpp.core.model.Quote;
import io.dpp.core.model.Side;
import io.dpp.core.model.Trade;
import io.dpp.core.time.Timestamps;
import io.dpp.book.LevelIds;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.json.Ascii;
import io.dpp.streams.venue.AbstractDecoder;
import io.dpp.streams.venue.InstrumentCatalog;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * BitMEX realtime API: {@code {"table":..,"action":"partial"|"insert"|"update"|"delete","data":[..]}}.
 * Book tables ("orderBookL2", "orderBookL2_25") name levels by id: inserts carry the price,
 * updates and deletes only the id, so an id-to-price map ({@link LevelIds}) per instrument
 * completes them. Nothing is applied before an instrument's "partial". One message may hold
 * several instruments; each gets its own book change. There are no sequence numbers, so a book is
 * checked for crossing only. Also "quote", "trade" and "liquidation".
 */
final class BitmexDecoder extends AbstractDecoder implements io.dpp.streams.venue.IdKeyedBooks {

    private static final byte[] TABLE = Ascii.bytes("table");
    private static final byte[] ACTION = Ascii.bytes("action");
    private static final byte[] DATA = Ascii.bytes("data");
    private static final byte[] FILTER = Ascii.bytes("filter");
    private static final byte[] SYMBOL = Ascii.bytes("symbol");
    private static final byte[] PARTIAL = Ascii.bytes("partial");
    private static final byte[] INSERT = Ascii.bytes("insert");
    private static final byte[] UPDATE = Ascii.bytes("update");
    private static final byte[] DELETE = Ascii.bytes("delete");
    private static final byte[] QUOTE = Ascii.bytes("quote");
    private static final byte[] TRADE = Ascii.bytes("trade");
    private static final byte[] LIQUIDATION = Ascii.bytes("liquidation");
    private static final byte[] ID = Ascii.bytes("id");
    private static final byte[] SIDE = Ascii.bytes("side");
    private static final byte[] SIZE = Ascii.bytes("size");
    private static final byte[] PRICE = Ascii.bytes("price");
    private static final byte[] TIMESTAMP = Ascii.bytes("timestamp");
    private static final byte[] BID_SIZE = Ascii.bytes("bidSize");
    private static final byte[] BID_PRICE = Ascii.bytes("bidPrice");
    private static final byte[] ASK_SIZE = Ascii.bytes("askSize");
    private static final byte[] ASK_PRICE = Ascii.bytes("askPrice");
    private static final byte[] TRD_MATCH_ID = Ascii.bytes("trdMatchID");
    private static final byte[] ORDER_ID = Ascii.bytes("orderID");
    private static final byte[] LEAVES_QTY = Ascii.bytes("leavesQty");
    private static final byte[] BUY = Ascii.bytes("Buy");
    private static final byte[] SELL = Ascii.bytes("Sell");

    private enum Action { PARTIAL, INSERT, UPDATE, DELETE }

    private final Map<Instrument, LevelIds> levelIds = new IdentityHashMap<>();
    private final Entries entries = new Entries();

    BitmexDecoder(InstrumentCatalog instruments, FeedOutput out) {
        super(instruments, out);
    }

    @Override
    protected void decode(byte[] buf, int offset, int length, long receiveTime) {
        json.reset(buf, offset, length).beginObject();
        int tableStart = -1;
        int tableLength = 0;
        Action action = null;
        int dataStart = -1;
        int dataEnd = -1;
        Instrument filtered = null;
        while (json.nextField()) {
            if (json.nameIs(TABLE)) {
                json.readString();
                tableStart = json.stringStart();
                tableLength = json.stringLength();
            } else if (json.nameIs(ACTION)) {
                json.readString();
                action = json.stringIs(PARTIAL) ? Action.PARTIAL : json.stringIs(INSERT) ? Action.INSERT
                        : json.stringIs(UPDATE) ? Action.UPDATE : json.stringIs(DELETE) ? Action.DELETE : null;
            } else if (json.nameIs(DATA)) {
                if (action != null && action != Action.PARTIAL && tableStart >= 0
                        && Ascii.startsWith(buf, tableStart, tableLength, "orderBookL2")) {
                    // A book update names its table and action first, so its data is read where it
                    // stands, once (book() reads every entry before it changes the book, and stops
                    // at the data's closing bracket). A partial may name its instrument in a filter
                    // after the data, and the other tables publish entry by entry: those are read
                    // once the whole message has proven well formed.
                    book(action, null, json.position(), offset + length, receiveTime);
                    return;
                }
                dataStart = json.position();
                json.skipValue();
                dataEnd = json.position();
            } else if (json.nameIs(FILTER)) {
                json.beginObject();
                while (json.nextField()) {
                    if (json.nameIs(SYMBOL)) {
                        json.readString();
                        filtered = instruments.find(json.buffer(), json.stringStart(), json.stringLength());
                    } else {
                        json.skipValue();
                    }
                }
            } else {
                json.skipValue();
            }
        }
        if (tableStart < 0 || action == null || dataStart < 0) {
            return; // welcome, subscription replies
        }
        if (Ascii.startsWith(buf, tableStart, tableLength, "orderBookL2")) {
            book(action, filtered, dataStart, dataEnd, receiveTime);
        } else if (Ascii.equals(buf, tableStart, tableLength, QUOTE)) {
            quotes(dataStart, dataEnd, receiveTime);
        } else if (Ascii.equals(buf, tableStart, tableLength, TRADE) && action != Action.PARTIAL) {
            trades(dataStart, dataEnd, receiveTime);
        } else if (Ascii.equals(buf, tableStart, tableLength, LIQUIDATION) && action == Action.INSERT) {
            liquidations(dataStart, dataEnd, receiveTime);
        }
    }

    private void book(Action action, Instrument filtered, int start, int end, long receiveTime) {
        // Read and resolve every entry first; a message rejected halfway changes nothing.
        int n = 0;
        json.reset(json.buffer(), start, end - start).beginArray();
        while (json.nextElement()) {
            Instrument instrument = null;
            long id = LevelIds.UNKNOWN;
            BookSide side = null;
            long size = Decimal64.NULL;
            long price = Decimal64.NULL;
            json.beginObject();
            while (json.nextField()) {
                if (json.nameIs(SYMBOL)) {
                    json.readString();
                    instrument = instrumentFromString();
                } else if (json.nameIs(ID)) {
                    id = json.readLong();
                } else if (json.nameIs(SIDE)) {
                    json.readString();
                    side = json.stringIs(BUY) ? BookSide.BID : json.stringIs(SELL) ? BookSide.ASK : null;
                } else if (json.nameIs(SIZE)) {
                    size = requireDecimal();
                } else if (json.nameIs(PRICE)) {
                    price = requireDecimal();
                } else {
                    json.skipValue();
                }
            }
            if (instrument == null || side == null || id == LevelIds.UNKNOWN) {
                throw json.fail("book entry without symbol, side or id");
            }
            if (action != Action.DELETE && !Decimal64.isNumber(size)) {
                throw json.fail("book entry without a size");
            }
            entries.add(n++, instrument, id, side, size, price);
        }
        for (int i = 0; i < n; i++) {
            Instrument instrument = entries.instrument[i];
            LevelIds ids = ids(instrument);
            if (firstOf(instrument, i)) {
                ids.begin();
                if (action == Action.PARTIAL) {
                    ids.stageClear();
                }
            }
            long id = entries.id[i];
            long price = entries.price[i];
            if (!Decimal64.isNumber(price)) {
                price = ids.price(id);
                if (price == LevelIds.UNKNOWN) {
                    if (!book(instrument).inSync()) {
                        entries.price[i] = LevelIds.UNKNOWN; // before the partial nothing is known or applied
                        continue;
                    }
                    throw json.fail("book entry for an unknown id without a price");
                }
                entries.price[i] = price;
            }
            if (action == Action.DELETE) {
                ids.stageRemove(id);
            } else if (action == Action.PARTIAL || action == Action.INSERT) {
                ids.stagePut(id, price);
            }
        }
        for (int i = 0; i < n; i++) {
            if (firstOf(entries.instrument[i], i)) {
                ids(entries.instrument[i]).commit();
            }
        }
        for (int i = 0; i < n; i++) {
            Instrument instrument = entries.instrument[i];
            if (!firstOf(instrument, i)) {
                continue;
            }
            BookChange change = out.bookChange();
            change.instrument(instrument);
            change.times(Timestamps.UNKNOWN, receiveTime);
            change.begin(action == Action.PARTIAL, BookChange.NO_SEQUENCE);
            for (int j = i; j < n; j++) {
                if (entries.instrument[j] == instrument && entries.price[j] != LevelIds.UNKNOWN) {
                    change.addLevel(entries.side[j], entries.price[j],
                            action == Action.DELETE ? Decimal64.ZERO : entries.size[j]);
                }
            }
            apply(instrument, action == Action.PARTIAL, change);
        }
        if (action == Action.PARTIAL && n == 0 && filtered != null) {
            LevelIds ids = ids(filtered);
            ids.begin();
            ids.stageClear();
            ids.commit();
            BookChange change = out.bookChange();
            change.instrument(filtered);
            change.times(Timestamps.UNKNOWN, receiveTime);
            change.begin(true, BookChange.NO_SEQUENCE); // an empty book is a valid snapshot
            apply(filtered, true, change);
        }
    }

    private boolean firstOf(Instrument instrument, int index) {
        for (int k = 0; k < index; k++) {
            if (entries.instrument[k] == instrument) {
                return false;
            }
        }
        return true;
    }

    private void apply(Instrument instrument, boolean snapshot, BookChange change) {
        InstrumentBook book = book(instrument);
        if (snapshot) {
            out.snapshot(book, change);
        } else if (out.apply(book, change)) {
            out.publishChange(book, change);
        }
    }

    /** The entries of one book message, read before anything is applied. */
    private static final class Entries {
        Instrument[] instrument = new Instrument[64];
        long[] id = new long[64];
        BookSide[] side = new BookSide[64];
        long[] size = new long[64];
        long[] price = new long[64];

        void add(int i, Instrument inst, long levelId, BookSide levelSide, long levelSize, long levelPrice) {
            if (i == id.length) {
                int capacity = i * 2;
                instrument = java.util.Arrays.copyOf(instrument, capacity);
                id = java.util.Arrays.copyOf(id, capacity);
                side = java.util.Arrays.copyOf(side, capacity);
                size = java.util.Arrays.copyOf(size, capacity);
                price = java.util.Arrays.copyOf(price, capacity);
            }
            instrument[i] = inst;
            id[i] = levelId;
            side[i] = levelSide;
            size[i] = levelSize;
            price[i] = levelPrice;
        }
    }

    private LevelIds ids(Instrument instrument) {
        LevelIds ids = levelIds.get(instrument);
        if (ids == null) {
            ids = new LevelIds();
            levelIds.put(instrument, ids);
        }
        return ids;
    }

    private void quotes(int start, int end, long receiveTime) {
        json.reset(json.buffer(), start, end - start).beginArray();
        while (json.nextElement()) {
            Instrument instrument = null;
            long time = Timestamps.UNKNOWN;
            long bid = Decimal64.NULL;
            long bidSize = Decimal64.NULL;
            long ask = Decimal64.NULL;
            long askSize = Decimal64.NULL;
            json.beginObject();
            while (json.nextField()) {
                if (json.nameIs(SYMBOL)) {
                    json.readString();
                    instrument = instrumentFromString();
                } else if (json.nameIs(TIMESTAMP)) {
                    time = readIsoTime();
                } else if (json.nameIs(BID_PRICE)) {
                    bid = optionalDecimal();
                } else if (json.nameIs(BID_SIZE)) {
                    bidSize = optionalDecimal();
                } else if (json.nameIs(ASK_PRICE)) {
                    ask = optionalDecimal();
                } else if (json.nameIs(ASK_SIZE)) {
                    askSize = optionalDecimal();
                } else {
                    json.skipValue();
                }
            }
            if (instrument == null) {
                throw json.fail("quote without symbol");
            }
            Quote quote = out.quote();
            quote.instrument(instrument);
            quote.times(time, receiveTime);
            quote.set(bid, bidSize, ask, askSize);
            out.publish(quote);
        }
    }

    private void trades(int start, int end, long receiveTime) {
        json.reset(json.buffer(), start, end - start).beginArray();
        while (json.nextElement()) {
            Trade trade = out.trade();
            Instrument instrument = null;
            long time = Timestamps.UNKNOWN;
            long price = Decimal64.NULL;
            long size = Decimal64.NULL;
            Side side = Side.UNKNOWN;
            json.beginObject();
            while (json.nextField()) {
                if (json.nameIs(SYMBOL)) {
                    json.readString();
                    instrument = instrumentFromString();
                } else if (json.nameIs(TIMESTAMP)) {
                    time = readIsoTime();
                } else if (json.nameIs(PRICE)) {
                    price = requireDecimal();
                } else if (json.nameIs(SIZE)) {
                    size = requireDecimal();
                } else if (json.nameIs(SIDE)) {
                    side = readSide(BUY, SELL);
                } else if (json.nameIs(TRD_MATCH_ID)) {
                    json.readString();
                    trade.id().set(json.buffer(), json.stringStart(), json.stringLength());
                } else {
                    json.skipValue();
                }
            }
            if (instrument == null || !Decimal64.isNumber(price) || !Decimal64.isNumber(size)) {
                throw json.fail("trade without symbol, price or size");
            }
            trade.instrument(instrument);
            trade.times(time, receiveTime);
            trade.set(price, size, side);
            out.publish(trade);
        }
    }

    private void liquidations(int start, int end, long receiveTime) {
        json.reset(json.buffer(), start, end - start).beginArray();
        while (json.nextElement()) {
            Liquidation liquidation = out.liquidation();
            Instrument instrument = null;
            long price = Decimal64.NULL;
            long size = Decimal64.NULL;
            Side side = Side.UNKNOWN;
            json.beginObject();
            while (json.nextField()) {
                if (json.nameIs(SYMBOL)) {
                    json.readString();
                    instrument = instrumentFromString();
                } else if (json.nameIs(ORDER_ID)) {
                    json.readString();
                    liquidation.id().set(json.buffer(), json.stringStart(), json.stringLength());
                } else if (json.nameIs(PRICE)) {
                    price = requireDecimal();
                } else if (json.nameIs(LEAVES_QTY)) {
                    size = requireDecimal();
                } else if (json.nameIs(SIDE)) {
                    side = readSide(BUY, SELL);
                } else {
                    json.skipValue();
                }
            }
            if (instrument == null || !Decimal64.isNumber(price) || !Decimal64.isNumber(size)) {
                throw json.fail("liquidation without symbol, price or quantity");
            }
            liquidation.instrument(instrument);
            liquidation.times(Timestamps.UNKNOWN, receiveTime);
            liquidation.set(price, size, side);
            out.publish(liquidation);
        }
    }


    @Override
    public LevelIds levelIds(Instrument instrument) {
        return levelIds.get(instrument);
    }
}
