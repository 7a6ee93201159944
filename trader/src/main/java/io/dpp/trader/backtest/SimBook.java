package io.dpp.trader.backtest;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.model.BookChange;
import java.math.BigDecimal;
import java.util.Arrays;

/**
 * An L2 book of one instrument rebuilt from book changes: the simulated venue's, and a graph
 * strategy's book node's. Prices
 * are kept as longs at one scale per instrument: {@value #DEFAULT_SCALE}, or the scale of the
 * instrument's tick size when finer (exact for every price of at most that many decimals below
 * 2.8e17 / 10^scale; others are refused with a clear error); sizes as received
 * ({@link Decimal64}). Each side is a sorted array with its best level last, where most changes
 * happen, so an update moves few entries.
 */
public final class SimBook {

    /** Scale of the price keys unless the tick size is finer. */
    static final int DEFAULT_SCALE = 9;
    /** No level. */
    static final long NONE = Long.MIN_VALUE;

    private final int scale;
    private long[] bidPx = new long[64];
    private long[] bidSz = new long[64];
    private int bids;
    private long[] askPx = new long[64];
    private long[] askSz = new long[64];
    private int asks;

    /** A book whose price keys have {@code tickSize}'s scale, at least {@value #DEFAULT_SCALE} (tickSize may be NULL). */
    public SimBook(long tickSize) {
        this.scale = Decimal64.isNumber(tickSize) ? Math.max(DEFAULT_SCALE, Decimal64.scale(tickSize)) : DEFAULT_SCALE;
    }

    /** The price key of a decimal price. */
    long key(long decimalPrice) {
        long k = Decimal64.rescale(decimalPrice, scale);
        if (k == Decimal64.INVALID) {
            throw new IllegalArgumentException("price " + Decimal64.toString(decimalPrice)
                    + " has more than " + scale + " decimals or is too large for the simulated book");
        }
        return Decimal64.mantissa(k);
    }

    long key(BigDecimal price) {
        long d = Decimal64.fromBigDecimal(price);
        if (d == Decimal64.INVALID) {
            throw new IllegalArgumentException("price " + price.toPlainString() + " cannot be held exactly");
        }
        return key(d);
    }

    /** A price key as a double (for statistics of the book, never for orders). */
    public double priceValue(long key) {
        return BigDecimal.valueOf(key, scale).doubleValue();
    }

    BigDecimal price(long key) {
        return BigDecimal.valueOf(key, scale).stripTrailingZeros();
    }

    /** Applies a change; a snapshot replaces the book. */
    public void apply(BookChange b) {
        if (b.snapshot()) {
            load(b);
            return;
        }
        for (int i = 0; i < b.levelCount(); i++) {
            set(b.isBid(i), key(b.price(i)), b.size(i));
        }
    }

    /**
     * Replaces the book with a snapshot in O(n log n): each side's levels are appended and sorted
     * once (inserting them one by one, best first, would shift the whole side for every level).
     */
    private void load(BookChange b) {
        int n = b.levelCount();
        if (bidPx.length < n) {
            bidPx = new long[n];
            bidSz = new long[n];
        }
        if (askPx.length < n) {
            askPx = new long[n];
            askSz = new long[n];
        }
        bids = 0;
        asks = 0;
        for (int i = 0; i < n; i++) {
            if (Decimal64.signum(b.size(i)) == 0) {
                continue;
            }
            if (b.isBid(i)) {
                bidPx[bids] = key(b.price(i));
                bidSz[bids++] = b.size(i);
            } else {
                askPx[asks] = key(b.price(i));
                askSz[asks++] = b.size(i);
            }
        }
        bids = sortSide(bidPx, bidSz, bids, true);
        asks = sortSide(askPx, askSz, asks, false);
    }

    /** Sorts a side (bids ascending, asks descending: best last); a repeated price keeps its last size. */
    private static int sortSide(long[] px, long[] sz, int n, boolean bid) {
        boolean sorted = true;
        for (int i = 1; i < n && sorted; i++) {
            sorted = bid ? px[i - 1] < px[i] : px[i - 1] > px[i];
        }
        if (!sorted) {
            // Snapshots arrive best first: reversed, they are usually sorted already.
            boolean reversed = true;
            for (int i = 1; i < n && reversed; i++) {
                reversed = bid ? px[i - 1] > px[i] : px[i - 1] < px[i];
            }
            if (reversed) {
                for (int i = 0, j = n - 1; i < j; i++, j--) {
                    long p = px[i];
                    px[i] = px[j];
                    px[j] = p;
                    long s = sz[i];
                    sz[i] = sz[j];
                    sz[j] = s;
                }
            } else {
                Integer[] order = new Integer[n];
                for (int i = 0; i < n; i++) {
                    order[i] = i;
                }
                // Stable: equal prices keep their order, and the last one wins below.
                java.util.Arrays.sort(order, (x, y) -> bid ? Long.compare(px[x], px[y]) : Long.compare(px[y], px[x]));
                long[] p2 = new long[n];
                long[] s2 = new long[n];
                for (int i = 0; i < n; i++) {
                    p2[i] = px[order[i]];
                    s2[i] = sz[order[i]];
                }
                int m = 0;
                for (int i = 0; i < n; i++) {
                    if (m > 0 && p2[i] == px[m - 1]) {
                        sz[m - 1] = s2[i];
                    } else {
                        px[m] = p2[i];
                        sz[m++] = s2[i];
                    }
                }
                return m;
            }
        }
        return n;
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

    /** The number of levels on a side. */
    public int levels(boolean bid) {
        return bid ? bids : asks;
    }

    /** The price key of the level {@code depth} away from the best (0: the best), or NONE. */
    public long priceAt(boolean bid, int depth) {
        int n = bid ? bids : asks;
        return depth < n ? (bid ? bidPx : askPx)[n - 1 - depth] : NONE;
    }

    /** The size (Decimal64) of the level {@code depth} away from the best. */
    public long sizeAt(boolean bid, int depth) {
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
