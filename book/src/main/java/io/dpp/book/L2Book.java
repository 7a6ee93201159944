package io.dpp.book;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.model.BookChange;

/**
 * An L2 order book of one instrument: the total size at each price, bids and asks, read by depth
 * from the best level. The one API every part of DPP keeps a book through (feeds, stream API,
 * recorder, book at a time, backtester, simulator, EMS), over the representation its access
 * pattern needs:
 *
 * <ul>
 *   <li>{@link SortedBook}: sorted levels that keep each price exactly as the venue wrote it, with
 *       the checksum text caches venue feeds verify; no tick size needed;</li>
 *   <li>{@link LadderBook}: a tick ladder, O(1) per level at any depth, where the tick size is
 *       known (the backtester's simulated venue, strategies' book nodes).</li>
 * </ul>
 *
 * <p>Prices and sizes are {@link Decimal64} values; a zero size removes a level. Levels at equal
 * prices written with different scales ("100" and "100.0") are one level. Not thread-safe: one
 * owner thread per book, as everywhere in DPP's event paths.
 */
public interface L2Book {

    /**
     * Sets the total size at a price; a zero size removes the level.
     *
     * @return false when the level cannot be held exactly (a price the book's keys cannot
     *         represent, a negative or invalid value); the book is then unchanged
     */
    boolean set(boolean bid, long price, long size);

    /** Removes every level. */
    void clear();

    /** Number of levels on a side. */
    int depth(boolean bid);

    /** Price of the level {@code level} steps from the best (0 = best); {@code level < depth(bid)}. */
    long price(boolean bid, int level);

    /** Size of the level {@code level} steps from the best (0 = best); {@code level < depth(bid)}. */
    long size(boolean bid, int level);

    /** Best bid price, or {@link Decimal64#NULL} when there is none. */
    default long bestBid() {
        return depth(true) == 0 ? Decimal64.NULL : price(true, 0);
    }

    /** Best ask price, or {@link Decimal64#NULL} when there is none. */
    default long bestAsk() {
        return depth(false) == 0 ? Decimal64.NULL : price(false, 0);
    }

    /** True when both sides have levels and the best bid is at or above the best ask. */
    default boolean crossed() {
        return depth(true) > 0 && depth(false) > 0 && Decimal64.compare(price(true, 0), price(false, 0)) >= 0;
    }

    /**
     * Applies a normalized change: a snapshot replaces the book, other changes set their levels in
     * order. Then tells the listener, if any.
     *
     * @return false when a level could not be held (see {@link #set}); the others are applied
     */
    default boolean apply(BookChange change) {
        if (change.snapshot()) {
            clear();
        }
        boolean held = true;
        for (int i = 0; i < change.levelCount(); i++) {
            held &= set(change.isBid(i), change.price(i), change.size(i));
        }
        return held;
    }
}
