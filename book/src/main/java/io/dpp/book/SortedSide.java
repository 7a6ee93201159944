package io.dpp.book;

import io.dpp.core.decimal.Decimal64;
import java.util.Arrays;

/**
 * One side of a book as sorted arrays of price keys (longs) and sizes ({@link Decimal64}), the best
 * level last: bids ascending, asks descending, so that the levels that change most often, near the
 * top, move the fewest entries. {@link LadderBook} keeps a whole book in two of these when its
 * ladders cannot hold a price, and the levels beyond each ladder's worse end in one per side.
 */
final class SortedSide {

    final boolean bid;
    long[] px;
    long[] sz;
    int n;

    SortedSide(boolean bid, int capacity) {
        this.bid = bid;
        this.px = new long[capacity];
        this.sz = new long[capacity];
    }

    /** The price key of the level {@code depth} from the best, or {@link LadderBook#NONE}. */
    long keyAt(int depth) {
        return depth < n ? px[n - 1 - depth] : LadderBook.NONE;
    }

    /** The size of the level {@code depth} from the best; the level must exist. */
    long sizeAt(int depth) {
        return sz[n - 1 - depth];
    }

    /** The price key of the best level, or {@link LadderBook#NONE}. */
    long best() {
        return keyAt(0);
    }

    /** The size at a price key, or zero. */
    long size(long key) {
        int i = find(key);
        return i >= 0 ? sz[i] : Decimal64.ZERO;
    }

    /** Sets the size (zero removes the level) at a price key. */
    void set(long key, long size) {
        int i = find(key);
        if (Decimal64.signum(size) == 0) {
            if (i >= 0) {
                System.arraycopy(px, i + 1, px, i, n - i - 1);
                System.arraycopy(sz, i + 1, sz, i, n - i - 1);
                n--;
            }
            return;
        }
        if (i >= 0) {
            sz[i] = size;
            return;
        }
        int at = -i - 1;
        if (n == px.length) {
            px = Arrays.copyOf(px, Math.max(16, n * 2));
            sz = Arrays.copyOf(sz, px.length);
        }
        System.arraycopy(px, at, px, at + 1, n - at);
        System.arraycopy(sz, at, sz, at + 1, n - at);
        px[at] = key;
        sz[at] = size;
        n++;
    }

    /** Appends a level better than every level so far (the caller keeps the order). */
    void append(long key, long size) {
        if (n == px.length) {
            px = Arrays.copyOf(px, Math.max(16, n * 2));
            sz = Arrays.copyOf(sz, px.length);
        }
        px[n] = key;
        sz[n++] = size;
    }

    /** Makes room for {@code capacity} levels, dropping the current ones. */
    void reset(int capacity) {
        if (px.length < capacity) {
            px = new long[capacity];
            sz = new long[capacity];
        }
        n = 0;
    }

    /**
     * Index of {@code key}, or {@code -(insertion point) - 1}. The search gallops from the best end,
     * where the levels that change are (1, 2, 4, ... levels from the best), then bisects the last
     * step: a change near the top of a deep book costs a few comparisons, one deep down twice a
     * bisection's.
     */
    int find(long key) {
        int lo = 0;
        int hi = n - 1;
        for (int step = 1; ; step <<= 1) {
            int probe = n - step;
            if (probe < 0) {
                break;
            }
            long v = px[probe];
            if (v == key) {
                return probe;
            }
            if (bid ? v < key : v > key) {
                lo = probe + 1; // the key lies above this level, below the one probed before
                break;
            }
            hi = probe - 1;
        }
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long v = px[mid];
            if (v == key) {
                return mid;
            } else if (bid ? v < key : v > key) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return -lo - 1;
    }

    /**
     * Sorts the levels appended in any order into best-last order; a repeated price keeps its
     * last size. A snapshot listed best first is only reversed.
     */
    void sort() {
        boolean sorted = true;
        for (int i = 1; i < n && sorted; i++) {
            sorted = bid ? px[i - 1] < px[i] : px[i - 1] > px[i];
        }
        if (sorted) {
            return;
        }
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
            return;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        // Stable: equal prices keep their order, and the last one wins below.
        Arrays.sort(order, (x, y) -> bid ? Long.compare(px[x], px[y]) : Long.compare(px[y], px[x]));
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
        n = m;
    }
}
