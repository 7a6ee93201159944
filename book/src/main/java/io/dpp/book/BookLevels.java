package io.dpp.book;

import io.dpp.core.decimal.Decimal64;
import java.util.Arrays;

/**
 * One side of an L2 book. The order lives in two parallel arrays kept sorted with the best level
 * at the end: the integer key of each level's price (its mantissa at the book's scale, negated for
 * asks, so both sides sort ascending toward their best price) and a reference into a pool that
 * holds the level's price, size and cached checksum text. An insert or delete in the middle of a
 * deep book therefore moves 12 bytes per level behind it, and the many changes near the top of a
 * book move few; the best level is read in O(1); levels are found by binary search.
 *
 * <p>Each level keeps the price and size exactly as the venue sent them ({@link Decimal64} with
 * their received scale), which checksums are computed over. Pool entries are reused, so a side
 * allocates nothing once it has grown to its depth.
 */
final class BookLevels {

    private final boolean bid;
    private long[] keys = new long[64];
    private int[] refs = new int[64];
    private int count;
    private long[] poolPrices = new long[64];
    private long[] poolSizes = new long[64];
    private final LevelTexts texts = new LevelTexts();

    BookLevels(boolean bid) {
        this.bid = bid;
    }

    int count() {
        return count;
    }

    void clear() {
        count = 0;
        texts.clear();
    }

    /** Price of the level {@code depth} steps from the best (0 = best). */
    long price(int depth) {
        return poolPrices[refs[count - 1 - depth]];
    }

    long size(int depth) {
        return poolSizes[refs[count - 1 - depth]];
    }

    /** The key of the best level; call only when {@link #count()} is positive. */
    long bestKey() {
        return keys[count - 1];
    }

    /** The sort key of a price mantissa already at the book's scale. */
    long keyOf(long scaledMantissa) {
        return bid ? scaledMantissa : -scaledMantissa;
    }

    /**
     * Sets the level with {@code key} to {@code size}; a zero size removes it. Returns how many
     * levels from the best the change happened (0 = the best level), or -1 when nothing changed.
     */
    int set(long key, long price, long size) {
        // A key beyond the best is appended without a search: a snapshot loads worst level first
        // (SortedBook.load), and a new best level is the most frequent insert of a live book.
        int i = count == 0 || key > keys[count - 1] ? -count - 1 : Arrays.binarySearch(keys, 0, count, key);
        if (Decimal64.signum(size) == 0) {
            if (i < 0) {
                return -1;
            }
            texts.release(refs[i]);
            int tail = count - i - 1;
            if (tail > 0) {
                System.arraycopy(keys, i + 1, keys, i, tail);
                System.arraycopy(refs, i + 1, refs, i, tail);
            }
            count--;
            return tail;
        }
        if (i >= 0) {
            int ref = refs[i];
            poolPrices[ref] = price;
            poolSizes[ref] = size;
            texts.invalidate(ref);
            return count - 1 - i;
        }
        int at = -i - 1;
        if (count == keys.length) {
            keys = Arrays.copyOf(keys, count * 2);
            refs = Arrays.copyOf(refs, count * 2);
        }
        int tail = count - at;
        if (tail > 0) {
            System.arraycopy(keys, at, keys, at + 1, tail);
            System.arraycopy(refs, at, refs, at + 1, tail);
        }
        int ref = texts.acquire();
        if (ref == poolPrices.length) {
            poolPrices = Arrays.copyOf(poolPrices, ref * 2);
            poolSizes = Arrays.copyOf(poolSizes, ref * 2);
        }
        poolPrices[ref] = price;
        poolSizes[ref] = size;
        keys[at] = key;
        refs[at] = ref;
        count++;
        return tail;
    }

    /** Keeps only the best {@code depth} levels; returns how many were dropped. */
    int truncate(int depth) {
        if (count <= depth) {
            return 0;
        }
        int drop = count - depth;
        for (int i = 0; i < drop; i++) {
            texts.release(refs[i]);
        }
        System.arraycopy(keys, drop, keys, 0, depth);
        System.arraycopy(refs, drop, refs, 0, depth);
        count = depth;
        return drop;
    }

    /** True when every key can be multiplied by {@code factor} without overflow. */
    boolean canRescale(long factor) {
        long limit = Long.MAX_VALUE / factor;
        for (int i = 0; i < count; i++) {
            if (Math.abs(keys[i]) > limit) {
                return false;
            }
        }
        return true;
    }

    /** Multiplies every key by {@code factor}: the book's scale grew. */
    void rescale(long factor) {
        for (int i = 0; i < count; i++) {
            keys[i] *= factor;
        }
    }

    /** Appends the text of the level {@code depth} steps from the best, from the cache where it is fresh. */
    void appendText(int depth, LevelText format, ChecksumText out) {
        int ref = refs[count - 1 - depth];
        texts.append(ref, format, poolPrices[ref], poolSizes[ref], out);
    }

    /** Marks every cached text stale (the book is asked for another format). */
    void invalidateTexts() {
        texts.invalidateAll();
    }
}
