package io.dpp.streams.book;

import io.dpp.core.decimal.Decimal64;
import java.util.Arrays;

/**
 * One side of an L2 book: price levels kept sorted in primitive arrays with the best level at the
 * end, so that the many changes near the top of the book move few entries and the best level is
 * read in O(1). Levels are found by binary search on an integer key: the price's mantissa at the
 * book's scale, negated for asks so that both sides sort ascending toward their best price.
 *
 * <p>Each level keeps the price and size exactly as the venue sent them ({@link Decimal64} with
 * their received scale), which checksums are computed over.
 */
final class BookLevels {

    private final boolean bid;
    private long[] keys = new long[64];
    private long[] prices = new long[64];
    private long[] sizes = new long[64];
    private int[] slots = new int[64];
    private final LevelTexts texts = new LevelTexts();
    private int count;

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
        return prices[count - 1 - depth];
    }

    long size(int depth) {
        return sizes[count - 1 - depth];
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
        int i = Arrays.binarySearch(keys, 0, count, key);
        if (Decimal64.signum(size) == 0) {
            if (i < 0) {
                return -1;
            }
            texts.release(slots[i]);
            int tail = count - i - 1;
            if (tail > 0) {
                System.arraycopy(keys, i + 1, keys, i, tail);
                System.arraycopy(prices, i + 1, prices, i, tail);
                System.arraycopy(sizes, i + 1, sizes, i, tail);
                System.arraycopy(slots, i + 1, slots, i, tail);
            }
            count--;
            return tail;
        }
        if (i >= 0) {
            prices[i] = price;
            sizes[i] = size;
            texts.invalidate(slots[i]);
            return count - 1 - i;
        }
        int at = -i - 1;
        if (count == keys.length) {
            grow();
        }
        int tail = count - at;
        if (tail > 0) {
            System.arraycopy(keys, at, keys, at + 1, tail);
            System.arraycopy(prices, at, prices, at + 1, tail);
            System.arraycopy(sizes, at, sizes, at + 1, tail);
            System.arraycopy(slots, at, slots, at + 1, tail);
        }
        keys[at] = key;
        prices[at] = price;
        sizes[at] = size;
        slots[at] = texts.acquire();
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
            texts.release(slots[i]);
        }
        System.arraycopy(slots, drop, slots, 0, depth);
        System.arraycopy(keys, drop, keys, 0, depth);
        System.arraycopy(prices, drop, prices, 0, depth);
        System.arraycopy(sizes, drop, sizes, 0, depth);
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
        int i = count - 1 - depth;
        texts.append(slots[i], format, prices[i], sizes[i], out);
    }

    /** Marks every cached text stale (the book is asked for another format). */
    void invalidateTexts() {
        texts.invalidateAll();
    }

    private void grow() {
        int capacity = keys.length * 2;
        keys = Arrays.copyOf(keys, capacity);
        prices = Arrays.copyOf(prices, capacity);
        sizes = Arrays.copyOf(sizes, capacity);
        slots = Arrays.copyOf(slots, capacity);
    }
}
