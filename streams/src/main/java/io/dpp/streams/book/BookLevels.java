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
    private int count;

    BookLevels(boolean bid) {
        this.bid = bid;
    }

    int count() {
        return count;
    }

    void clear() {
        count = 0;
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

    /** Sets the level with {@code key} to {@code size}; a zero size removes it. Returns true when the book changed. */
    boolean set(long key, long price, long size) {
        int i = Arrays.binarySearch(keys, 0, count, key);
        if (Decimal64.signum(size) == 0) {
            if (i < 0) {
                return false;
            }
            int tail = count - i - 1;
            if (tail > 0) {
                System.arraycopy(keys, i + 1, keys, i, tail);
                System.arraycopy(prices, i + 1, prices, i, tail);
                System.arraycopy(sizes, i + 1, sizes, i, tail);
            }
            count--;
            return true;
        }
        if (i >= 0) {
            prices[i] = price;
            sizes[i] = size;
            return true;
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
        }
        keys[at] = key;
        prices[at] = price;
        sizes[at] = size;
        count++;
        return true;
    }

    /** Keeps only the best {@code depth} levels. */
    void truncate(int depth) {
        if (count <= depth) {
            return;
        }
        int drop = count - depth;
        System.arraycopy(keys, drop, keys, 0, depth);
        System.arraycopy(prices, drop, prices, 0, depth);
        System.arraycopy(sizes, drop, sizes, 0, depth);
        count = depth;
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

    private void grow() {
        int capacity = keys.length * 2;
        keys = Arrays.copyOf(keys, capacity);
        prices = Arrays.copyOf(prices, capacity);
        sizes = Arrays.copyOf(sizes, capacity);
    }
}
