package io.dpp.book;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.model.BookChange;
import java.math.BigDecimal;
import java.util.Arrays;

/**
 * The tick-ladder {@link L2Book}, for books whose instrument's tick size is known: the
 * backtester's simulated venue and a graph strategy's book node. Prices
 * are kept as longs ("keys") at one scale per instrument: {@value #DEFAULT_SCALE}, or the scale of the
 * instrument's tick size when finer (exact for every price of at most that many decimals below
 * 2.8e17 / 10^scale; others are refused with a clear error); sizes as received
 * ({@link Decimal64}).
 *
 * <p>When the instrument's tick size is known, each side is a ladder: an array of sizes indexed
 * by tick, so setting a level is O(1) whatever its depth (deep books such as OKX's 400 levels
 * change everywhere), with the best level tracked and found again by a short scan when it empties.
 * A ladder grows to hold new prices up to {@value #MAX_LADDER} ticks per side. A price off the
 * tick grid or beyond that span turns the book into sorted arrays with the best level last (an
 * update shifts the levels behind it), which is also the form without a tick size.
 *
 * <p>Besides the {@link L2Book} API in decimals, the key methods ({@link #key}, {@link #keyAt},
 * {@link #bestKey}, {@link #sizeAtKey}, {@link #setKey}) let a matching engine compare and walk
 * prices as plain longs.
 */
public final class LadderBook implements L2Book {

    /** Scale of the price keys unless the tick size is finer. */
    static final int DEFAULT_SCALE = 9;
    /** No level (a key). */
    public static final long NONE = Long.MIN_VALUE;

    /**
     * The most ticks a ladder side spans (its arrays are at most about twice that: 4 MiB of sizes
     * per side); OKX's 400-level BTC-USDT book spans about 55 000.
     */
    static final int MAX_LADDER = 1 << 18;

    /** An upper estimate of one book's memory at its largest (two ladder sides and their bitmaps), bytes. */
    public static final long MAX_BYTES = 2L * (2L * MAX_LADDER * 8 + MAX_LADDER / 4) + (1 << 20);

    private final int scale;
    /** Price key units per tick; 0 once the book is in sorted arrays. */
    private long tick;
    private double inverseTick;
    private Ladder bidLadder;
    private Ladder askLadder;
    private long[] bidPx = new long[64];
    private long[] bidSz = new long[64];
    private int bids;
    private long[] askPx = new long[64];
    private long[] askSz = new long[64];
    private int asks;

    /** A book whose price keys have {@code tickSize}'s scale, at least {@value #DEFAULT_SCALE} (tickSize may be NULL). */
    public LadderBook(long tickSize) {
        this.scale = Decimal64.isNumber(tickSize) ? Math.max(DEFAULT_SCALE, Decimal64.scale(tickSize)) : DEFAULT_SCALE;
        if (Decimal64.isNumber(tickSize) && Decimal64.signum(tickSize) > 0) {
            tick = key(tickSize);
            inverseTick = 1.0 / tick;
            bidLadder = new Ladder(true);
            askLadder = new Ladder(false);
        }
    }

    /** True while the book is held in tick ladders (for tests and benchmarks). */
    boolean laddered() {
        return tick != 0;
    }

    /**
     * One side as sizes by tick: index i holds the size at tick {@code base + i} (ZERO: no level),
     * and bit i of {@code bits} says whether it holds one, so that finding the next level skips 64
     * empty ticks at a time. {@code lo..hi} bounds the indices ever set since the last clear.
     */
    private final class Ladder {
        final boolean bid;
        long[] sz = new long[1024];
        long[] bits = new long[1024 / 64];
        long base;
        boolean based;
        int count;
        int best = -1;
        int lo = Integer.MAX_VALUE;
        int hi = -1;
        // where the last depth lookup ended, for walks down the book level by level
        int cursorDepth = -1;
        int cursorIndex;

        Ladder(boolean bid) {
            this.bid = bid;
        }

        /** Sets the size at a price key; false when the ladder cannot hold it (off the grid, too far). */
        boolean set(long px, long size) {
            long t = tickOf(px);
            if (t == NONE) {
                return false;
            }
            if (!based) {
                base = t - sz.length / 2;
                based = true;
            }
            long off = t - base;
            if (off < 0 || off >= sz.length) {
                if (!fit(t)) {
                    return false;
                }
                off = t - base;
            }
            int i = (int) off;
            boolean had = sz[i] != Decimal64.ZERO;
            cursorDepth = -1;
            if (Decimal64.signum(size) == 0) {
                if (had) {
                    sz[i] = Decimal64.ZERO;
                    bits[i >>> 6] &= ~(1L << i);
                    count--;
                    if (i == best) {
                        best = count == 0 ? -1 : next(i);
                    }
                }
                return true;
            }
            sz[i] = size;
            if (!had) {
                bits[i >>> 6] |= 1L << i;
                count++;
                if (best < 0 || (bid ? i > best : i < best)) {
                    best = i;
                }
                lo = Math.min(lo, i);
                hi = Math.max(hi, i);
            }
            return true;
        }

        /** The next level worse than index {@code i}, or -1. */
        int next(int i) {
            int w = i >>> 6;
            if (bid) {
                long word = bits[w] & ((1L << i) - 1); // below i in its word (none when i is the word's first)
                int first = lo >>> 6;
                while (word == 0) {
                    if (--w < first) {
                        return -1;
                    }
                    word = bits[w];
                }
                return (w << 6) + 63 - Long.numberOfLeadingZeros(word);
            }
            long word = bits[w] & ~((2L << i) - 1); // above i in its word (none when i is the word's last)
            int last = hi >>> 6;
            while (word == 0) {
                if (++w > last) {
                    return -1;
                }
                word = bits[w];
            }
            return (w << 6) + Long.numberOfTrailingZeros(word);
        }

        /**
         * Re-bases and grows the arrays so that tick {@code t} and every level fit; false beyond
         * MAX_LADDER. The base moves by whole words of bits, so they copy as they are.
         */
        boolean fit(long t) {
            long first = count == 0 ? t : Math.min(t, base + lo);
            long last = count == 0 ? t : Math.max(t, base + hi);
            long span = last - first + 1;
            if (span > MAX_LADDER) {
                return false;
            }
            int length = sz.length;
            while (length < span * 2 + 128) {
                length *= 2;
            }
            long newBase = first - (length - span) / 2;
            newBase = base - Math.floorDiv(base - newBase, 64) * 64; // aligned: (base - newBase) % 64 == 0, at most 63 lower
            long[] n = new long[length];
            long[] b = new long[length / 64];
            if (count > 0) {
                int move = (int) (base - newBase);
                System.arraycopy(sz, lo, n, lo + move, hi - lo + 1);
                System.arraycopy(bits, lo >>> 6, b, (lo + move) >>> 6, (hi >>> 6) - (lo >>> 6) + 1);
                lo += move;
                hi += move;
                best += move;
            } else {
                lo = Integer.MAX_VALUE;
                hi = -1;
                best = -1;
            }
            sz = n;
            bits = b;
            base = newBase;
            cursorDepth = -1;
            return true;
        }

        /** The index of the level {@code depth} from the best (walking on from the last lookup when it can), or -1. */
        int at(int depth) {
            if (depth >= count) {
                return -1;
            }
            if (depth == cursorDepth) {
                return cursorIndex;
            }
            int i;
            int d;
            if (cursorDepth >= 0 && depth > cursorDepth) {
                i = cursorIndex;
                d = cursorDepth;
            } else {
                i = best;
                d = 0;
            }
            while (d < depth) {
                i = next(i);
                d++;
            }
            cursorDepth = depth;
            cursorIndex = i;
            return i;
        }

        long price(int i) {
            return (base + i) * tick;
        }

        long size(long px) {
            long t = tickOf(px);
            if (t == NONE || !based) {
                return Decimal64.ZERO;
            }
            long off = t - base;
            return off < 0 || off >= sz.length ? Decimal64.ZERO : sz[(int) off];
        }

        /** Empties the side, touching only its levels' entries (a deep book spans far more ticks than levels). */
        void clear() {
            if (hi >= lo) {
                for (int w = lo >>> 6, last = hi >>> 6; w <= last; w++) {
                    for (long word = bits[w]; word != 0; word &= word - 1) {
                        sz[(w << 6) + Long.numberOfTrailingZeros(word)] = Decimal64.ZERO;
                    }
                    bits[w] = 0L;
                }
            }
            lo = Integer.MAX_VALUE;
            hi = -1;
            count = 0;
            best = -1;
            cursorDepth = -1;
        }
    }

    /**
     * The tick of a price key, or NONE when it is off the grid. A multiplication by the inverse
     * (checked exactly, then a division when it missed) instead of a 64-bit division per level.
     */
    private long tickOf(long px) {
        long t = (long) Math.rint(px * inverseTick);
        if (t * tick == px) {
            return t;
        }
        t = px / tick;
        return t * tick == px ? t : NONE;
    }

    /** Moves the book from its ladders into sorted arrays, for a price the ladders cannot hold. */
    private void toArrays() {
        bids = 0;
        asks = 0;
        for (Ladder l : new Ladder[] {bidLadder, askLadder}) {
            long[] px = new long[Math.max(64, l.count)];
            long[] sz = new long[px.length];
            int n = 0;
            // best last: bids ascending, asks descending
            if (l.bid) {
                for (int i = l.lo; i <= l.hi; i++) {
                    if (l.sz[i] != Decimal64.ZERO) {
                        px[n] = l.price(i);
                        sz[n++] = l.sz[i];
                    }
                }
                bidPx = px;
                bidSz = sz;
                bids = n;
            } else {
                for (int i = l.hi; i >= l.lo; i--) {
                    if (l.sz[i] != Decimal64.ZERO) {
                        px[n] = l.price(i);
                        sz[n++] = l.sz[i];
                    }
                }
                askPx = px;
                askSz = sz;
                asks = n;
            }
        }
        tick = 0;
        bidLadder = null;
        askLadder = null;
    }

    /**
     * The price key of a decimal price.
     *
     * @throws IllegalArgumentException when the price has more decimals than the book's scale, or is too large
     */
    public long key(long decimalPrice) {
        long k = Decimal64.rescale(decimalPrice, scale);
        if (k == Decimal64.INVALID) {
            throw new IllegalArgumentException("price " + Decimal64.toString(decimalPrice)
                    + " has more than " + scale + " decimals or is too large for the simulated book");
        }
        return Decimal64.mantissa(k);
    }

    /** The price key of a price; see {@link #key(long)}. */
    public long key(BigDecimal price) {
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

    /** A price key as an exact decimal. */
    public BigDecimal decimal(long key) {
        return BigDecimal.valueOf(key, scale).stripTrailingZeros();
    }

    /** The scale of the price keys. */
    public int scale() {
        return scale;
    }

    @Override
    public boolean set(boolean bid, long price, long size) {
        if (!Decimal64.isNumber(price) || Decimal64.signum(price) < 0 || !Decimal64.isNumber(size)
                || Decimal64.signum(size) < 0) {
            return false;
        }
        long k = keyOrNone(price);
        if (k == NONE) {
            return false;
        }
        setKey(bid, k, size);
        return true;
    }

    @Override
    public void clear() {
        if (tick != 0) {
            bidLadder.clear();
            askLadder.clear();
        }
        bids = 0;
        asks = 0;
    }

    @Override
    public long price(boolean bid, int level) {
        return Decimal64.of(keyAt(bid, level), scale);
    }

    /**
     * Applies a change; a snapshot replaces the book.
     *
     * @return false when a price could not be held at the book's scale (its level is left out)
     */
    @Override
    public boolean apply(BookChange b) {
        boolean held = true;
        if (b.snapshot()) {
            if (tick != 0) {
                bidLadder.clear();
                askLadder.clear();
                boolean laddered = true;
                for (int i = 0; i < b.levelCount() && laddered; i++) {
                    long k = keyOrNone(b.price(i));
                    if (k == NONE) {
                        held = false;
                        continue;
                    }
                    laddered = (b.isBid(i) ? bidLadder : askLadder).set(k, b.size(i));
                }
                if (laddered) {
                    return held;
                }
                toArrays();
            }
            return load(b);
        }
        for (int i = 0; i < b.levelCount(); i++) {
            long k = keyOrNone(b.price(i));
            if (k == NONE) {
                held = false;
                continue;
            }
            setKey(b.isBid(i), k, b.size(i));
        }
        return held;
    }

    /**
     * The key of a price, or {@link #NONE} when the book cannot hold it exactly. The hot path of
     * {@link #apply}: a book change's prices are numbers already (decoders refuse anything else).
     */
    private long keyOrNone(long decimalPrice) {
        long k = Decimal64.rescale(decimalPrice, scale);
        return k == Decimal64.INVALID ? NONE : Decimal64.mantissa(k);
    }

    /**
     * Replaces the book with a snapshot in O(n log n): each side's levels are appended and sorted
     * once (inserting them one by one, best first, would shift the whole side for every level).
     */
    private boolean load(BookChange b) {
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
        boolean held = true;
        for (int i = 0; i < n; i++) {
            if (Decimal64.signum(b.size(i)) == 0) {
                continue;
            }
            long k = keyOrNone(b.price(i));
            if (k == NONE) {
                held = false;
            } else if (b.isBid(i)) {
                bidPx[bids] = k;
                bidSz[bids++] = b.size(i);
            } else {
                askPx[asks] = k;
                askSz[asks++] = b.size(i);
            }
        }
        bids = sortSide(bidPx, bidSz, bids, true);
        asks = sortSide(askPx, askSz, asks, false);
        return held;
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

    /** Sets the size (a Decimal64; zero removes it) at a price key. */
    public void setKey(boolean bid, long px, long size) {
        if (tick != 0) {
            if ((bid ? bidLadder : askLadder).set(px, size)) {
                return;
            }
            toArrays();
        }
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
     * asks descend (best last). The search gallops from the best end, where the levels that change
     * are (1, 2, 4, ... levels from the best), then bisects the last step: a change near the top of
     * a deep book costs a few comparisons, one deep down twice a bisection's.
     */
    private static int find(long[] p, int n, long px, boolean bid) {
        int lo = 0;
        int hi = n - 1;
        for (int step = 1; ; step <<= 1) {
            int probe = n - step;
            if (probe < 0) {
                break;
            }
            long v = p[probe];
            if (v == px) {
                return probe;
            }
            if (bid ? v < px : v > px) {
                lo = probe + 1; // px lies above this level, below the one probed before
                break;
            }
            hi = probe - 1;
        }
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long v = p[mid];
            if (v == px) {
                return mid;
            } else if (bid ? v < px : v > px) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return -lo - 1;
    }

    @Override
    public int depth(boolean bid) {
        if (tick != 0) {
            return (bid ? bidLadder : askLadder).count;
        }
        return bid ? bids : asks;
    }

    /**
     * The price key of the level {@code depth} away from the best (0: the best), or NONE. Walking
     * the depths in order (0, 1, 2, ..., each asked for its price and size) costs one step each.
     */
    public long keyAt(boolean bid, int depth) {
        if (tick != 0) {
            Ladder l = bid ? bidLadder : askLadder;
            int i = l.at(depth);
            return i < 0 ? NONE : l.price(i);
        }
        int n = bid ? bids : asks;
        return depth < n ? (bid ? bidPx : askPx)[n - 1 - depth] : NONE;
    }

    /** The size (Decimal64) of the level {@code depth} away from the best. */
    @Override
    public long size(boolean bid, int depth) {
        if (tick != 0) {
            Ladder l = bid ? bidLadder : askLadder;
            return l.sz[l.at(depth)];
        }
        int n = bid ? bids : asks;
        return (bid ? bidSz : askSz)[n - 1 - depth];
    }

    /** The size (Decimal64) shown at a price key, or zero. */
    public long sizeAtKey(boolean bid, long px) {
        if (tick != 0) {
            return (bid ? bidLadder : askLadder).size(px);
        }
        int i = find(bid ? bidPx : askPx, bid ? bids : asks, px, bid);
        return i >= 0 ? (bid ? bidSz : askSz)[i] : Decimal64.ZERO;
    }

    /** The best price key of a side, or {@link #NONE}. */
    public long bestKey(boolean bid) {
        return keyAt(bid, 0);
    }
}
