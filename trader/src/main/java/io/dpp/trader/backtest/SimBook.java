package io.dpp.trader.backtest;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.model.BookChange;
import java.math.BigDecimal;
import java.util.Arrays;

/**
 * The simulated venue's L2 book of one instrument, rebuilt from the recorded book changes. Prices
 * are kept as longs at a fixed scale of {@value #SCALE} (exact for every price with at most nine
 * decimals below 2.8e8; others are refused with a clear error), sizes as received
 * ({@link Decimal64}). Each side is a sorted array with its best level last, where most changes
 * happen, so an update moves few entries.
 */
final class SimBook {

    /** Scale of the price keys. */
    static final int SCALE = 9;
    /** No level. */
    static final long NONE = Long.MIN_VALUE;

    private long[] bidPx = new long[64];
    private long[] bidSz = new long[64];
    private int bids;
    private long[] askPx = new long[64];
    private long[] askSz = new long[64];
    private int asks;

    /** The price key of a decimal price. */
    static long key(long decimalPrice) {
        long k = Decimal64.rescale(decimalPrice, SCALE);
        if (k == Decimal64.INVALID) {
            throw new IllegalArgumentException("price " + Decimal64.toString(decimalPrice)
                    + " has more than " + SCALE + " decimals or is too large for the simulated book");
        }
        return Decimal64.mantissa(k);
    }

    static long key(BigDecimal price) {
        return key(Decimal64.fromBigDecimal(price));
    }

    static BigDecimal price(long key) {
        return BigDecimal.valueOf(key, SCALE).stripTrailingZeros();
    }

    void apply(BookChange b) {
        if (b.snapshot()) {
            bids = 0;
            asks = 0;
        }
        for (int i = 0; i < b.levelCount(); i++) {
            set(b.isBid(i), key(b.price(i)), b.size(i));
        }
    }

    /** Sets a level's size (a Decimal64; zero removes it). */
    void set(boolean bid, long px, long size) {
        long[] p = bid ? bidPx : askPx;
        int n = bid ? bids : asks;
        int i = find(p, n, px, bid);
        boolean remove = Decimal64.signum(size) == 0;
        if (i >= 0) {
            if (remove) {
                long[] s = bid ? bidSz : askSz;
                System.arraycopy(p, i + 1, p, i, n - i - 1);
                System.arraycopy(s, i + 1, s, i, n - i - 1);
                if (bid) {
                    bids--;
                } else {
                    asks--;
                }
            } else {
                (bid ? bidSz : askSz)[i] = size;
            }
            return;
        }
        if (remove) {
            return;
        }
        int at = -i - 1;
        if (n == p.length) {
            if (bid) {
                bidPx = Arrays.copyOf(bidPx, n * 2);
                bidSz = Arrays.copyOf(bidSz, n * 2);
            } else {
                askPx = Arrays.copyOf(askPx, n * 2);
                askSz = Arrays.copyOf(askSz, n * 2);
            }
            p = bid ? bidPx : askPx;
        }
        long[] s = bid ? bidSz : askSz;
        System.arraycopy(p, at, p, at + 1, n - at);
        System.arraycopy(s, at, s, at + 1, n - at);
        p[at] = px;
        s[at] = size;
        if (bid) {
            bids++;
        } else {
            asks++;
        }
    }

    /**
     * Index of {@code px} in a side, or {@code -(insertion point) - 1}. Bids ascend (best last),
     * asks descend (best last); the search runs from the best end, where the levels that change are.
     */
    private static int find(long[] p, int n, long px, boolean bid) {
        int lo = 0;
        int hi = n - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long v = p[mid];
            boolean before = bid ? v < px : v > px;
            if (v == px) {
                return mid;
            } else if (before) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return -lo - 1;
    }

    int levels(boolean bid) {
        return bid ? bids : asks;
    }

    /** The price key of the level {@code depth} away from the best (0: the best), or NONE. */
    long priceAt(boolean bid, int depth) {
        int n = bid ? bids : asks;
        return depth < n ? (bid ? bidPx : askPx)[n - 1 - depth] : NONE;
    }

    /** The size (Decimal64) of the level {@code depth} away from the best. */
    long sizeAt(boolean bid, int depth) {
        int n = bid ? bids : asks;
        return (bid ? bidSz : askSz)[n - 1 - depth];
    }

    /** The size (Decimal64) shown at a price, or zero. */
    long size(boolean bid, long px) {
        int i = find(bid ? bidPx : askPx, bid ? bids : asks, px, bid);
        return i >= 0 ? (bid ? bidSz : askSz)[i] : Decimal64.ZERO;
    }

    long best(boolean bid) {
        return priceAt(bid, 0);
    }
}
