package io.dpp.book;

import io.dpp.core.decimal.Decimal64;

/**
 * The sorted-levels {@link L2Book}, the one every venue feed keeps: exact decimal levels with
 * each price as the venue last wrote it (checksums are computed over that text), O(1) best bid
 * and ask, top N by index, allocation-free updates once its arrays have grown to the book's depth.
 *
 * <p>Prices are compared at one scale per book, the largest seen so far: a price with more decimals
 * than any before raises the scale and rescales the keys (rare, and never on a well-formed
 * stream after its first snapshot). So "30316" and "30316.0" are the same level, and nothing
 * depends on knowing an instrument's tick size in advance.
 */
public final class SortedBook implements L2Book {

    private static final long[] POW10 = new long[Decimal64.MAX_SCALE + 1];
    private static final long[] MAX_BEFORE_SCALING = new long[Decimal64.MAX_SCALE + 1];

    static {
        long p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            MAX_BEFORE_SCALING[i] = Long.MAX_VALUE / p;
            p *= 10;
        }
    }

    /** Changes this many levels from the best count as changes of the top (see {@link #topVersion()}). */
    public static final int TOP_LEVELS = 25;

    private final BookLevels bids = new BookLevels(true);
    private final BookLevels asks = new BookLevels(false);
    private int scale;
    private long topVersion;
    private final long[] sideVersions = new long[2];
    private final SideText[] sideTexts = {new SideText(), new SideText()};
    private long checksumVersion = -1;
    private LevelText textFormat;
    private long checksum;

    /** Removes every level. */
    @Override
    public void clear() {
        bids.clear();
        asks.clear();
        topVersion++;
        sideVersions[0]++;
        sideVersions[1]++;
    }

    /**
     * A number that changes whenever any of the best {@value #TOP_LEVELS} levels of either side
     * changes. Checksums over the top of the book are functions of those levels only, so a
     * checksum computed at one version holds for as long as the version stays the same.
     */
    public long topVersion() {
        return topVersion;
    }

    /**
     * Appends the checksum text of the level {@code level} steps from the best (0 = best) in the
     * venue's {@code format}. Each level's text is cached until the level changes, so a checksum
     * over the top levels converts only what changed since the last one.
     */
    public void appendLevelText(boolean bid, int level, LevelText format, ChecksumText out) {
        if (format != textFormat) {
            bids.invalidateTexts();
            asks.invalidateTexts();
            textFormat = format;
        }
        (bid ? bids : asks).appendText(level, format, out);
    }

    /**
     * Appends the texts of the best {@code levels} levels of one side, best first, in the venue's
     * {@code format}. The side's whole text is cached until one of its top levels changes, so a
     * checksum after a change on one side copies the other side's text in one go.
     */
    public void appendTopText(boolean bid, int levels, LevelText format, ChecksumText out) {
        SideText cached = sideTexts[bid ? 0 : 1];
        long version = sideVersions[bid ? 0 : 1];
        if (cached.version != version || cached.format != format || cached.levels != levels) {
            cached.text.clear();
            int n = Math.min(levels, depth(bid));
            for (int i = 0; i < n; i++) {
                appendLevelText(bid, i, format, cached.text);
            }
            cached.version = version;
            cached.format = format;
            cached.levels = levels;
        }
        out.append(cached.text);
    }

    /** The cached text of one side's top levels. */
    private static final class SideText {
        final ChecksumText text = new ChecksumText();
        long version = -1;
        LevelText format;
        int levels;
    }

    /** True when {@link #cachedChecksum()} was computed from the current top of the book. */
    public boolean hasCachedChecksum() {
        return checksumVersion == topVersion;
    }

    /** The venue checksum last stored with {@link #cacheChecksum}, valid while {@link #hasCachedChecksum()}. */
    public long cachedChecksum() {
        return checksum;
    }

    /** Stores the venue checksum of the current top of the book, so it is not recomputed until the top changes. */
    public void cacheChecksum(long value) {
        checksum = value;
        checksumVersion = topVersion;
    }

    /**
     * Sets the total size at a price; a zero size removes the level.
     *
     * @return false when the level cannot be held exactly (a price whose scale would overflow the
     *         book's keys, a negative or invalid value): the caller treats that as a decode error
     */
    @Override
    public boolean set(boolean bid, long price, long size) {
        if (!Decimal64.isNumber(price) || !Decimal64.isNumber(size) || Decimal64.signum(size) < 0
                || Decimal64.signum(price) < 0) {
            return false;
        }
        int s = Decimal64.scale(price);
        if (s > scale && !raiseScale(s)) {
            return false;
        }
        long mantissa = Decimal64.mantissa(price);
        if (mantissa > MAX_BEFORE_SCALING[scale - s]) {
            return false;
        }
        mantissa *= POW10[scale - s];
        BookLevels side = bid ? bids : asks;
        int fromBest = side.set(side.keyOf(mantissa), price, size);
        if (fromBest >= 0 && fromBest < TOP_LEVELS) {
            topVersion++;
            sideVersions[bid ? 0 : 1]++;
        }
        return true;
    }

    /**
     * Applies a normalized change: a snapshot replaces the book ({@link #load}), other changes set
     * their levels in order.
     */
    @Override
    public boolean apply(io.dpp.core.model.BookChange change) {
        if (change.snapshot()) {
            clear();
            return load(change);
        }
        boolean held = true;
        for (int i = 0; i < change.levelCount(); i++) {
            held &= set(change.isBid(i), change.price(i), change.size(i));
        }
        return held;
    }

    /**
     * Adds every level of {@code change} to the book, each side worst level first: the best level
     * is kept last, so that order appends instead of shifting the side for every level. Venues list
     * a snapshot best first or worst first; the order is read from its first and last level.
     *
     * @return false when a level cannot be held exactly (see {@link #set}); loading stops there
     */
    public boolean load(io.dpp.core.model.BookChange change) {
        return loadSide(change, true) && loadSide(change, false);
    }

    private boolean loadSide(io.dpp.core.model.BookChange c, boolean bid) {
        int first = c.firstLevel(bid);
        int last = c.lastLevel(bid);
        if (first < 0) {
            return true;
        }
        int order = Decimal64.compare(c.price(first), c.price(last));
        boolean bestFirst = bid ? order > 0 : order < 0;
        if (bestFirst) {
            for (int i = last; i >= first; i--) {
                if (c.isBid(i) == bid && !set(bid, c.price(i), c.size(i))) {
                    return false;
                }
            }
        } else {
            for (int i = first; i <= last; i++) {
                if (c.isBid(i) == bid && !set(bid, c.price(i), c.size(i))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Number of levels on a side. */
    @Override
    public int depth(boolean bid) {
        return (bid ? bids : asks).count();
    }

    /** Price of the level {@code level} steps from the best (0 = best), as received. */
    @Override
    public long price(boolean bid, int level) {
        return (bid ? bids : asks).price(level);
    }

    /** Size of the level {@code level} steps from the best (0 = best), as received. */
    @Override
    public long size(boolean bid, int level) {
        return (bid ? bids : asks).size(level);
    }

    /** Best bid price, or {@link Decimal64#NULL} when there is none. */
    @Override
    public long bestBid() {
        return bids.count() == 0 ? Decimal64.NULL : bids.price(0);
    }

    /** Best ask price, or {@link Decimal64#NULL} when there is none. */
    @Override
    public long bestAsk() {
        return asks.count() == 0 ? Decimal64.NULL : asks.price(0);
    }

    /** True when both sides have levels and the best bid is at or above the best ask. */
    @Override
    public boolean crossed() {
        // Both sides' keys are mantissas at the book's scale (negated for asks).
        return bids.count() > 0 && asks.count() > 0 && bids.bestKey() >= -asks.bestKey();
    }

    /** Keeps the best {@code depth} levels on each side (venues that send a fixed depth, such as Kraken). */
    public void truncate(int depth) {
        int dropped = bids.truncate(depth) + asks.truncate(depth);
        if (dropped > 0 && depth < TOP_LEVELS) {
            topVersion++;
            sideVersions[0]++;
            sideVersions[1]++;
        }
    }

    private boolean raiseScale(int newScale) {
        long factor = POW10[newScale - scale];
        if (!bids.canRescale(factor) || !asks.canRescale(factor)) {
            return false;
        }
        bids.rescale(factor);
        asks.rescale(factor);
        scale = newScale;
        return true;
    }
}
