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
 * A ladder grows to hold new prices up to {@value #MAX_LADDER} ticks per side. Levels beyond that
 * span on a side's worse end (a full book's outliers, such as BitMEX's asks at ten times the price)
 * are kept beside the ladder in sorted arrays of their own, and a snapshot places each ladder around
 * its best level, so that they never push the top out. A price off the tick grid, or one beyond
 * the span on the better end, turns the book into sorted arrays with the best level last (an
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

    /** An upper estimate of one book's memory at its largest (two ladder sides and their bitmaps, 1 MiB of levels beside them), bytes. */
    public static final long MAX_BYTES = 2L * (2L * MAX_LADDER * 8 + MAX_LADDER / 4) + (1 << 20);

    private final int scale;
    /** Price key units per tick; 0 once the book is in sorted arrays. */
    private long tick;
    private double inverseTick;
    private Ladder bidLadder;
    private Ladder askLadder;
    /** The book when it is not in ladders. */
    private SortedSide bidArrays = new SortedSide(true, 64);
    private SortedSide askArrays = new SortedSide(false, 64);

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
     * and bit i of {@code bits} says whether it holds one, and bit w of {@code words} whether word w
     * of {@code bits} holds any, so that finding the next level skips 64, then 4096, empty ticks at
     * a time (a full book's levels lie far apart where it thins out). {@code lo..hi} bounds the
     * indices ever set since the last clear.
     */
    private final class Ladder {
        final boolean bid;
        long[] sz = new long[1024];
        long[] bits = new long[1024 / 64];
        long[] words = new long[1];
        long base;
        boolean based;
        int count;
        int best = -1;
        int lo = Integer.MAX_VALUE;
        int hi = -1;
        // where the last depth lookup ended, for walks down the book level by level
        int cursorDepth = -1;
        int cursorIndex;
        // Levels beyond the ladder on the worse end (below it for bids, above it for asks), all
        // worse than every level in it.
        final SortedSide far;

        Ladder(boolean bid) {
            this.bid = bid;
            this.far = new SortedSide(bid, 16);
        }

        /**
         * Sets the size at a price key; false when the ladder cannot hold it (off the grid, or too
         * far on the better end). The price within the ladder, nearly every change, takes the
         * short path, small enough for the compiler to inline into the book's loop over a change.
         */
        boolean set(long px, long size) {
            long t = tickOf(px);
            if (t == NONE) {
                return false;
            }
            long off = t - base;
            if (!based || off < 0 || off >= sz.length) {
                return setOutside(px, t, size);
            }
            setAt((int) off, size);
            return true;
        }

        /** {@link #set} for a tick outside the ladder's arrays, or the first tick of an unplaced ladder. */
        private boolean setOutside(long px, long t, long size) {
            if (!based) {
                base = t - sz.length / 2;
                based = true;
            }
            long off = t - base;
            if (off < 0 || off >= sz.length) {
                boolean worse = bid ? off < 0 : off >= sz.length;
                if (Decimal64.signum(size) == 0) {
                    if (worse && far.n > 0) {
                        far.set(px, size); // beyond the ladder, where the levels beside it are
                    }
                    return true; // otherwise no level there to remove
                }
                // The ladder grows unless that would take it beyond its span or over the levels
                // beside it (fit refuses both); a level it cannot reach on the worse end goes beside it.
                if (!fit(t)) {
                    if (!worse) {
                        return false;
                    }
                    far.set(px, size);
                    return true;
                }
                off = t - base;
            }
            setAt((int) off, size);
            return true;
        }

        /** Sets the size at index {@code i} of the arrays (zero: removes the level there, if any). */
        private void setAt(int i, long size) {
            boolean had = sz[i] != Decimal64.ZERO;
            cursorDepth = -1;
            if (Decimal64.signum(size) == 0) {
                if (had) {
                    sz[i] = Decimal64.ZERO;
                    int w = i >>> 6;
                    if ((bits[w] &= ~(1L << i)) == 0) {
                        words[w >>> 6] &= ~(1L << w);
                    }
                    count--;
                    if (i == best) {
                        best = count == 0 ? -1 : next(i);
                    }
                }
                return;
            }
            sz[i] = size;
            if (!had) {
                bits[i >>> 6] |= 1L << i;
                words[i >>> 12] |= 1L << (i >>> 6);
                count++;
                if (best < 0 || (bid ? i > best : i < best)) {
                    best = i;
                }
                lo = Math.min(lo, i);
                hi = Math.max(hi, i);
            }
        }

        /** The next level worse than index {@code i}, or -1. */
        int next(int i) {
            int w = i >>> 6;
            if (bid) {
                long word = bits[w] & ((1L << i) - 1); // below i in its word (none when i is the word's first)
                if (word != 0) {
                    return (w << 6) + 63 - Long.numberOfLeadingZeros(word);
                }
                int sw = w >>> 6;
                long summary = words[sw] & ((1L << w) - 1); // words below w
                int first = lo >>> 12;
                while (summary == 0) {
                    if (--sw < first) {
                        return -1;
                    }
                    summary = words[sw];
                }
                w = (sw << 6) + 63 - Long.numberOfLeadingZeros(summary);
                return (w << 6) + 63 - Long.numberOfLeadingZeros(bits[w]);
            }
            long word = bits[w] & ~((2L << i) - 1); // above i in its word (none when i is the word's last)
            if (word != 0) {
                return (w << 6) + Long.numberOfTrailingZeros(word);
            }
            int sw = w >>> 6;
            long summary = words[sw] & ~((2L << w) - 1); // words above w
            int last = hi >>> 12;
            while (summary == 0) {
                if (++sw > last) {
                    return -1;
                }
                summary = words[sw];
            }
            w = (sw << 6) + Long.numberOfTrailingZeros(summary);
            return (w << 6) + Long.numberOfTrailingZeros(bits[w]);
        }

        /** Sets {@link #words} from {@link #bits} after the levels moved. */
        void summarize() {
            if (words.length != Math.max(1, bits.length / 64)) {
                words = new long[Math.max(1, bits.length / 64)];
            } else {
                Arrays.fill(words, 0L);
            }
            if (count > 0) {
                for (int w = lo >>> 6, last = hi >>> 6; w <= last; w++) {
                    if (bits[w] != 0) {
                        words[w >>> 6] |= 1L << w;
                    }
                }
            }
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
            long newBase = aligned(first - (length - span) / 2);
            if (far.n > 0) {
                // The ladder may not reach the levels beside it: they stay beyond its worse end.
                // (A window of twice the span, centred, does not reach them; the book falls back
                // to sorted arrays rather than rest the invariant on that arithmetic.)
                long nearest = tickOf(far.best());
                if (bid ? newBase <= nearest : newBase + length > nearest) {
                    return false;
                }
            }
            if (count > 0) {
                int move = (int) (base - newBase);
                int wlo = lo >>> 6;
                int wordCount = (hi >>> 6) - wlo + 1;
                long[] n = new long[length];
                long[] b = new long[length / 64];
                System.arraycopy(sz, lo, n, lo + move, hi - lo + 1);
                System.arraycopy(bits, wlo, b, wlo + move / 64, wordCount);
                sz = n;
                bits = b;
                lo += move;
                hi += move;
                best += move;
            } else {
                if (length != sz.length) { // an empty ladder only moves its base
                    sz = new long[length];
                    bits = new long[length / 64];
                }
                lo = Integer.MAX_VALUE;
                hi = -1;
                best = -1;
            }
            base = newBase;
            cursorDepth = -1;
            summarize();
            return true;
        }

        /** The base at or at most 63 ticks above {@code b} that is a whole number of words of bits from the current one. */
        long aligned(long b) {
            return base - Math.floorDiv(base - b, 64) * 64;
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

        /** Levels on the side: in the ladder and beside it. */
        int depth() {
            return count + far.n;
        }

        /** The price key of the level {@code depth} from the best, or NONE. */
        long keyAt(int depth) {
            if (depth < count) {
                return price(at(depth));
            }
            return far.keyAt(depth - count);
        }

        /** The size of the level {@code depth} from the best; the level must exist. */
        long sizeAt(int depth) {
            return depth < count ? sz[at(depth)] : far.sizeAt(depth - count);
        }

        long size(long px) {
            long t = tickOf(px);
            if (t == NONE || !based) {
                return Decimal64.ZERO;
            }
            long off = t - base;
            if (off >= 0 && off < sz.length) {
                return sz[(int) off];
            }
            return far.size(px);
        }

        /**
         * Places an empty ladder so that the tick of {@code px} (a snapshot's best level) lies an
         * eighth of its length from the better end: the rest, toward the worse end, is where the
         * snapshot's other levels go, so that a ladder grown to a deep book is reused as it is.
         */
        void anchor(long px) {
            long t = tickOf(px);
            if (count == 0 && far.n == 0 && t != NONE) {
                int margin = sz.length / 8;
                base = bid ? t - (sz.length - margin) : t - margin;
                based = true;
            }
        }

        /** Empties the side, touching only its levels' entries (a deep book spans far more ticks than levels). */
        void clear() {
            if (hi >= lo) {
                for (int sw = lo >>> 12, lastSummary = hi >>> 12; sw <= lastSummary; sw++) {
                    for (long summary = words[sw]; summary != 0; summary &= summary - 1) {
                        int w = (sw << 6) + Long.numberOfTrailingZeros(summary);
                        for (long word = bits[w]; word != 0; word &= word - 1) {
                            sz[(w << 6) + Long.numberOfTrailingZeros(word)] = Decimal64.ZERO;
                        }
                        bits[w] = 0L;
                    }
                    words[sw] = 0L;
                }
            }
            lo = Integer.MAX_VALUE;
            hi = -1;
            count = 0;
            best = -1;
            cursorDepth = -1;
            far.n = 0;
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
        for (Ladder l : new Ladder[] {bidLadder, askLadder}) {
            SortedSide side = l.bid ? bidArrays : askArrays;
            side.reset(Math.max(64, l.count + l.far.n));
            // the levels beside the ladder are its worst: first, in the same order, then the
            // ladder's from its worse end (bids ascending, asks descending)
            for (int i = 0; i < l.far.n; i++) {
                side.append(l.far.px[i], l.far.sz[i]);
            }
            for (int k = 0; k <= l.hi - l.lo; k++) {
                int i = l.bid ? l.lo + k : l.hi - k;
                if (l.sz[i] != Decimal64.ZERO) {
                    side.append(l.price(i), l.sz[i]);
                }
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
        bidArrays.n = 0;
        askArrays.n = 0;
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
                boolean laddered = placeBest(b);
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
     * Places each emptied ladder around its side's best level in a snapshot and sets that level
     * first, so that the ladder grows from the top: a full book's far levels, listed first (BitMEX
     * lists its asks worst first), would otherwise place it far from the top. The best is the
     * better of the side's first and last level (venues list a snapshot best first or worst
     * first). False when a ladder cannot hold that level.
     */
    private boolean placeBest(BookChange b) {
        return placeBest(b, bidLadder) && placeBest(b, askLadder);
    }

    private boolean placeBest(BookChange b, Ladder ladder) {
        int first = b.firstLevel(ladder.bid);
        int last = b.lastLevel(ladder.bid);
        if (first < 0) {
            return true;
        }
        long a = keyOrNone(b.price(first));
        long z = keyOrNone(b.price(last));
        if (a == NONE || z == NONE) {
            return true; // left to the level by level pass, which falls back as it must
        }
        int best = (ladder.bid ? a >= z : a <= z) ? first : last;
        ladder.anchor(best == first ? a : z);
        return ladder.set(best == first ? a : z, b.size(best));
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
        bidArrays.reset(n);
        askArrays.reset(n);
        boolean held = true;
        for (int i = 0; i < n; i++) {
            if (Decimal64.signum(b.size(i)) == 0) {
                continue;
            }
            long k = keyOrNone(b.price(i));
            if (k == NONE) {
                held = false;
            } else {
                (b.isBid(i) ? bidArrays : askArrays).append(k, b.size(i));
            }
        }
        bidArrays.sort();
        askArrays.sort();
        return held;
    }

    /** Sets the size (a Decimal64; zero removes it) at a price key. */
    public void setKey(boolean bid, long px, long size) {
        if (tick != 0) {
            if ((bid ? bidLadder : askLadder).set(px, size)) {
                return;
            }
            toArrays();
        }
        (bid ? bidArrays : askArrays).set(px, size);
    }

    @Override
    public int depth(boolean bid) {
        if (tick != 0) {
            return (bid ? bidLadder : askLadder).depth();
        }
        return (bid ? bidArrays : askArrays).n;
    }

    /**
     * The price key of the level {@code depth} away from the best (0: the best), or NONE. Walking
     * the depths in order (0, 1, 2, ..., each asked for its price and size) costs one step each.
     */
    public long keyAt(boolean bid, int depth) {
        if (tick != 0) {
            return (bid ? bidLadder : askLadder).keyAt(depth);
        }
        return (bid ? bidArrays : askArrays).keyAt(depth);
    }

    /** The size (Decimal64) of the level {@code depth} away from the best. */
    @Override
    public long size(boolean bid, int depth) {
        if (tick != 0) {
            return (bid ? bidLadder : askLadder).sizeAt(depth);
        }
        return (bid ? bidArrays : askArrays).sizeAt(depth);
    }

    /** The size (Decimal64) shown at a price key, or zero. */
    public long sizeAtKey(boolean bid, long px) {
        if (tick != 0) {
            return (bid ? bidLadder : askLadder).size(px);
        }
        return (bid ? bidArrays : askArrays).size(px);
    }

    /** The best price key of a side, or {@link #NONE}. */
    public long bestKey(boolean bid) {
        return keyAt(bid, 0);
    }
}
