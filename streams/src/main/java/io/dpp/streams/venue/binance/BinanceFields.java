package io.dpp.streams.venue.binance;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.model.Side;
import io.dpp.streams.json.Ascii;
import io.dpp.streams.json.JsonReader;

/**
 * The members of a Binance stream payload, read in one pass whatever their order. Binance reuses
 * one-letter names across streams with different types ("a" is an aggregate trade id, a best ask
 * price, or the ask levels of a diff), so the reader looks at the value to decide.
 */
final class BinanceFields {

    static final long NONE = Long.MIN_VALUE;

    private static final byte[] E_LOWER = Ascii.bytes("e");
    private static final byte[] E_UPPER = Ascii.bytes("E");
    private static final byte[] T_UPPER = Ascii.bytes("T");
    private static final byte[] S_LOWER = Ascii.bytes("s");
    private static final byte[] S_UPPER = Ascii.bytes("S");
    private static final byte[] U_UPPER = Ascii.bytes("U");
    private static final byte[] U_LOWER = Ascii.bytes("u");
    private static final byte[] PU = Ascii.bytes("pu");
    private static final byte[] B_LOWER = Ascii.bytes("b");
    private static final byte[] B_UPPER = Ascii.bytes("B");
    private static final byte[] A_LOWER = Ascii.bytes("a");
    private static final byte[] A_UPPER = Ascii.bytes("A");
    private static final byte[] P_LOWER = Ascii.bytes("p");
    private static final byte[] Q_LOWER = Ascii.bytes("q");
    private static final byte[] M_LOWER = Ascii.bytes("m");
    private static final byte[] T_LOWER = Ascii.bytes("t");
    private static final byte[] I_LOWER = Ascii.bytes("i");
    private static final byte[] R_LOWER = Ascii.bytes("r");
    private static final byte[] K_LOWER = Ascii.bytes("k");
    private static final byte[] O_LOWER = Ascii.bytes("o");
    private static final byte[] C_LOWER = Ascii.bytes("c");
    private static final byte[] H_LOWER = Ascii.bytes("h");
    private static final byte[] L_LOWER = Ascii.bytes("l");
    private static final byte[] V_LOWER = Ascii.bytes("v");
    private static final byte[] N_LOWER = Ascii.bytes("n");
    private static final byte[] X_LOWER = Ascii.bytes("x");
    private static final byte[] AP = Ascii.bytes("ap");
    private static final byte[] Z_LOWER = Ascii.bytes("z");

    private BinanceFields nested;

    int eventStart;
    int eventLength;
    long eventTime;
    long transactionTime; // "T" in diffs and tickers
    long tradeTime;       // "T" in trades, next funding time in markPrice
    int symbolStart;
    int symbolLength;
    long firstUpdateId;
    long lastUpdateId;
    long previousUpdateId;
    long updateId;
    int bidsStart;
    int bidsEnd;
    int asksStart;
    int asksEnd;
    long bidPrice;
    long bidSize;
    long askPrice;
    long askSize;
    long price;
    long quantity;
    long indexPrice;
    long fundingRate;
    long aggregateId;
    long tradeId;
    boolean buyerMaker;
    int klineStart;
    int klineEnd;
    int orderStart;
    int orderEnd;
    // kline members
    long openTime;
    long closeTime;
    long open;
    long high;
    long low;
    long close;
    long volume;
    long tradeCount;
    boolean closed;
    // forceOrder members
    Side side;
    long averagePrice;
    long filledQuantity;

    void clear() {
        eventStart = -1;
        eventLength = 0;
        eventTime = NONE;
        transactionTime = NONE;
        tradeTime = NONE;
        symbolStart = -1;
        symbolLength = 0;
        firstUpdateId = NONE;
        lastUpdateId = NONE;
        previousUpdateId = NONE;
        updateId = NONE;
        bidsStart = -1;
        bidsEnd = -1;
        asksStart = -1;
        asksEnd = -1;
        bidPrice = Decimal64.NULL;
        bidSize = Decimal64.NULL;
        askPrice = Decimal64.NULL;
        askSize = Decimal64.NULL;
        price = Decimal64.NULL;
        quantity = Decimal64.NULL;
        indexPrice = Decimal64.NULL;
        fundingRate = Decimal64.NULL;
        aggregateId = NONE;
        tradeId = NONE;
        buyerMaker = false;
        klineStart = -1;
        klineEnd = -1;
        orderStart = -1;
        orderEnd = -1;
        openTime = NONE;
        closeTime = NONE;
        open = Decimal64.NULL;
        high = Decimal64.NULL;
        low = Decimal64.NULL;
        close = Decimal64.NULL;
        volume = Decimal64.NULL;
        tradeCount = NONE;
        closed = false;
        side = Side.UNKNOWN;
        averagePrice = Decimal64.NULL;
        filledQuantity = Decimal64.NULL;
    }

    boolean event(byte[] name) {
        return eventStart >= 0 && Ascii.equals(eventBuffer, eventStart, eventLength, name);
    }

    private byte[] eventBuffer;

    /** Reads the current member's value if it is one Binance sends; skips it otherwise. */
    void read(JsonReader json) {
        byte next = json.peek();
        if (json.nameIs(E_LOWER)) {
            json.readString();
            eventStart = json.stringStart();
            eventLength = json.stringLength();
            eventBuffer = json.buffer();
        } else if (json.nameIs(E_UPPER)) {
            eventTime = json.readLong();
        } else if (json.nameIs(T_UPPER)) {
            long t = json.readLong();
            transactionTime = t;
            tradeTime = t;
        } else if (json.nameIs(S_LOWER)) {
            json.readString();
            symbolStart = json.stringStart();
            symbolLength = json.stringLength();
        } else if (json.nameIs(U_UPPER)) {
            firstUpdateId = json.readLong();
        } else if (json.nameIs(U_LOWER)) {
            long u = json.readLong();
            lastUpdateId = u;
            updateId = u;
        } else if (json.nameIs(PU)) {
            previousUpdateId = json.readLong();
        } else if (json.nameIs(B_LOWER)) {
            if (next == '[') {
                bidsStart = json.position();
                json.skipValue();
                bidsEnd = json.position();
            } else {
                bidPrice = json.readDecimal();
            }
        } else if (json.nameIs(A_LOWER)) {
            if (next == '[') {
                asksStart = json.position();
                json.skipValue();
                asksEnd = json.position();
            } else if (next == '"') {
                askPrice = json.readDecimal();
            } else {
                aggregateId = json.readLong();
            }
        } else if (json.nameIs(B_UPPER)) {
            bidSize = json.readDecimal();
        } else if (json.nameIs(A_UPPER)) {
            askSize = json.readDecimal();
        } else if (json.nameIs(P_LOWER)) {
            price = json.readDecimal();
        } else if (json.nameIs(Q_LOWER)) {
            quantity = json.readDecimal();
        } else if (json.nameIs(M_LOWER)) {
            buyerMaker = json.readBoolean();
        } else if (json.nameIs(T_LOWER)) {
            long t = json.readLong();
            tradeId = t;
            openTime = t;
        } else if (json.nameIs(I_LOWER)) {
            indexPrice = json.readDecimal(); // in a kline "i" is the interval ("1m"): INVALID, unused

        } else if (json.nameIs(R_LOWER)) {
            fundingRate = json.readDecimal();
        } else if (json.nameIs(K_LOWER)) {
            klineStart = json.position();
            json.skipValue();
            klineEnd = json.position();
        } else if (json.nameIs(O_LOWER) && next == '{') {
            orderStart = json.position();
            json.skipValue();
            orderEnd = json.position();
        } else if (json.nameIs(O_LOWER)) {
            open = json.readDecimal(); // in a forceOrder's order, the order type: INVALID, unused
        } else if (json.nameIs(C_LOWER)) {
            close = json.readDecimal();
        } else if (json.nameIs(H_LOWER)) {
            high = json.readDecimal();
        } else if (json.nameIs(L_LOWER)) {
            if (next == '"') {
                low = json.readDecimal();
            } else {
                json.skipValue(); // last trade id of an aggregate trade
            }
        } else if (json.nameIs(V_LOWER)) {
            volume = json.readDecimal();
        } else if (json.nameIs(N_LOWER)) {
            tradeCount = json.readLong();
        } else if (json.nameIs(X_LOWER)) {
            closed = json.readBoolean();
        } else if (json.nameIs(S_UPPER)) {
            json.readString();
            side = sideOf(json);
        } else if (json.nameIs(AP)) {
            averagePrice = json.readDecimal();
        } else if (json.nameIs(Z_LOWER)) {
            filledQuantity = json.readDecimal();
        } else {
            json.skipValue();
        }
    }

    /** The members of the kline object "k". */
    BinanceFields kline(JsonReader json) {
        return readNested(json, klineStart, klineEnd, true);
    }

    /** The members of the forceOrder object "o". */
    BinanceFields order(JsonReader json) {
        return readNested(json, orderStart, orderEnd, false);
    }

    private BinanceFields readNested(JsonReader json, int start, int end, boolean kline) {
        if (nested == null) {
            nested = new BinanceFields();
        }
        BinanceFields n = nested;
        n.clear();
        json.reset(json.buffer(), start, end - start).beginObject();
        while (json.nextField()) {
            n.read(json);
        }
        if (kline) {
            n.closeTime = n.transactionTime;
        }
        return n;
    }

    private static Side sideOf(JsonReader json) {
        byte[] b = json.buffer();
        int s = json.stringStart();
        int n = json.stringLength();
        if (n == 3 && b[s] == 'B') {
            return Side.BUY;
        }
        if (n == 4 && b[s] == 'S') {
            return Side.SELL;
        }
        return Side.UNKNOWN;
    }
}
