package io.dpp.book;

import io.dpp.core.decimal.Decimal64;
import java.util.Arrays;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongLongConsumer;

/**
 * The resting orders of one order-level (L3) book, keyed by 128-bit ids (a GUID's two halves), and
 * the total each price level holds: what a venue that streams orders rather than levels
 * (Independent Reserve) needs to publish its book as levels. Each operation says which levels it
 * changed and what they hold now ({@link #changes()}), so a decoder turns an order event into the
 * level changes every consumer of an L2 book understands.
 *
 * <p>Prices are kept without trailing zeros, so that one price written "33.633" in one message and
 * "33.6330" in another is one level; totals are exact sums ({@link Decimal64#add}), without
 * trailing zeros either. Orders live in a primitive open-addressing table and the levels in
 * primitive maps: nothing is allocated per operation once the tables have grown.
 */
public final class Orders {

    /** Receives a level: its price and what its orders add up to. */
    @FunctionalInterface
    public interface LevelConsumer extends LongLongConsumer {
        void level(long price, long total);

        @Override
        default void accept(long price, long total) {
            level(price, total);
        }
    }

    /** Receives an order: its id, side, price and size. */
    @FunctionalInterface
    public interface OrderConsumer {
        void order(long idHigh, long idLow, boolean bid, long price, long size);
    }

    private static final byte EMPTY = 0;
    private static final byte BID = 1;
    private static final byte ASK = 2;

    private long[] high = new long[64];
    private long[] low = new long[64];
    private long[] prices = new long[64];
    private long[] sizes = new long[64];
    private byte[] sides = new byte[64];
    private int mask = 63;
    private int count;

    private final Long2LongHashMap bidLevels = new Long2LongHashMap(Decimal64.NULL);
    private final Long2LongHashMap askLevels = new Long2LongHashMap(Decimal64.NULL);

    private int changes;
    private final boolean[] changedBid = new boolean[2];
    private final long[] changedPrice = new long[2];
    private final long[] changedTotal = new long[2];

    /**
     * Places an order, or replaces the order of that id (its old size leaves its old level first).
     *
     * @throws IllegalArgumentException when the size is not positive or a level's total does not fit
     */
    public void put(long idHigh, long idLow, boolean bid, long price, long size) {
        if (Decimal64.signum(size) <= 0) {
            throw new IllegalArgumentException("an order's size must be positive: " + Decimal64.toString(size));
        }
        changes = 0;
        long p = Decimal64.stripTrailingZeros(price);
        int slot = find(idHigh, idLow);
        if (slot >= 0) {
            level(sides[slot] == BID, prices[slot], sizes[slot], false);
        } else {
            if (count + 1 > (mask + 1) / 2) {
                grow();
            }
            slot = insertionSlot(idHigh, idLow);
            high[slot] = idHigh;
            low[slot] = idLow;
            count++;
        }
        sides[slot] = bid ? BID : ASK;
        prices[slot] = p;
        sizes[slot] = size;
        level(bid, p, size, true);
    }

    /**
     * Sets what is left of an order (a fill); 0 removes it. False, changing nothing, when no order
     * has that id.
     */
    public boolean resize(long idHigh, long idLow, long size) {
        changes = 0;
        int slot = find(idHigh, idLow);
        if (slot < 0) {
            return false;
        }
        if (Decimal64.signum(size) <= 0) {
            level(sides[slot] == BID, prices[slot], sizes[slot], false);
            delete(slot);
            return true;
        }
        boolean bid = sides[slot] == BID;
        level(bid, prices[slot], sizes[slot], false);
        sizes[slot] = size;
        level(bid, prices[slot], size, true);
        return true;
    }

    /** Removes an order; false, changing nothing, when no order has that id. */
    public boolean remove(long idHigh, long idLow) {
        changes = 0;
        int slot = find(idHigh, idLow);
        if (slot < 0) {
            return false;
        }
        level(sides[slot] == BID, prices[slot], sizes[slot], false);
        delete(slot);
        return true;
    }

    /** Forgets every order and level. */
    public void clear() {
        Arrays.fill(sides, EMPTY);
        count = 0;
        changes = 0;
        bidLevels.clear();
        askLevels.clear();
    }

    /** Orders resting. */
    public int size() {
        return count;
    }

    /** True when an order has that id. */
    public boolean contains(long idHigh, long idLow) {
        return find(idHigh, idLow) >= 0;
    }

    /** Levels the last operation changed (0 to 2: an order moved from one price to another changes two). */
    public int changes() {
        return changes;
    }

    public boolean changedBid(int i) {
        return changedBid[i];
    }

    public long changedPrice(int i) {
        return changedPrice[i];
    }

    /** What the changed level holds now; zero when no order is left at its price. */
    public long changedTotal(int i) {
        return changedTotal[i];
    }

    /** Levels of a side. */
    public int levels(boolean bid) {
        return (bid ? bidLevels : askLevels).size();
    }

    /** What a level holds, or {@link Decimal64#NULL} when no order rests at that price. */
    public long total(boolean bid, long price) {
        return (bid ? bidLevels : askLevels).get(Decimal64.stripTrailingZeros(price));
    }

    /** Every level of a side, in no particular order (cold path: snapshots). */
    public void forEachLevel(boolean bid, LevelConsumer consumer) {
        (bid ? bidLevels : askLevels).forEachLong(consumer);
    }

    /** Every order, in no particular order (cold path: the simulator's snapshots). */
    public void forEachOrder(OrderConsumer consumer) {
        for (int i = 0; i <= mask; i++) {
            if (sides[i] != EMPTY) {
                consumer.order(high[i], low[i], sides[i] == BID, prices[i], sizes[i]);
            }
        }
    }

    // Adds or takes away a size at a level and notes the level's new total.
    private void level(boolean bid, long price, long size, boolean adding) {
        Long2LongHashMap levels = bid ? bidLevels : askLevels;
        long current = levels.get(price);
        long total;
        if (current == Decimal64.NULL) {
            total = adding ? size : Decimal64.ZERO;
        } else {
            total = adding ? Decimal64.add(current, size) : Decimal64.subtract(current, size);
            if (total == Decimal64.INVALID) {
                throw new IllegalArgumentException("the level at " + Decimal64.toString(price) + " does not fit a decimal");
            }
        }
        if (Decimal64.signum(total) <= 0) {
            levels.remove(price);
            total = Decimal64.ZERO;
        } else {
            total = Decimal64.stripTrailingZeros(total);
            levels.put(price, total);
        }
        if (changes == 1 && changedBid[0] == bid && changedPrice[0] == price) {
            changedTotal[0] = total; // an order resized or replaced at its own price: one change
            return;
        }
        changedBid[changes] = bid;
        changedPrice[changes] = price;
        changedTotal[changes] = total;
        changes++;
    }

    private static int hash(long idHigh, long idLow) {
        long h = idHigh * 0x9E3779B97F4A7C15L ^ idLow * 0xC2B2AE3D27D4EB4FL;
        return (int) (h ^ (h >>> 32));
    }

    private int find(long idHigh, long idLow) {
        int i = hash(idHigh, idLow) & mask;
        while (sides[i] != EMPTY) {
            if (high[i] == idHigh && low[i] == idLow) {
                return i;
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    private int insertionSlot(long idHigh, long idLow) {
        int i = hash(idHigh, idLow) & mask;
        while (sides[i] != EMPTY) {
            i = (i + 1) & mask;
        }
        return i;
    }

    // Linear probing's deletion: later entries of the same run move back, so no search stops early.
    private void delete(int slot) {
        int hole = slot;
        int j = slot;
        while (true) {
            j = (j + 1) & mask;
            if (sides[j] == EMPTY) {
                break;
            }
            int home = hash(high[j], low[j]) & mask;
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                high[hole] = high[j];
                low[hole] = low[j];
                prices[hole] = prices[j];
                sizes[hole] = sizes[j];
                sides[hole] = sides[j];
                hole = j;
            }
        }
        sides[hole] = EMPTY;
        count--;
    }

    private void grow() {
        long[] oldHigh = high;
        long[] oldLow = low;
        long[] oldPrices = prices;
        long[] oldSizes = sizes;
        byte[] oldSides = sides;
        int capacity = (mask + 1) * 2;
        high = new long[capacity];
        low = new long[capacity];
        prices = new long[capacity];
        sizes = new long[capacity];
        sides = new byte[capacity];
        mask = capacity - 1;
        for (int i = 0; i < oldSides.length; i++) {
            if (oldSides[i] != EMPTY) {
                int slot = insertionSlot(oldHigh[i], oldLow[i]);
                high[slot] = oldHigh[i];
                low[slot] = oldLow[i];
                prices[slot] = oldPrices[i];
                sizes[slot] = oldSizes[i];
                sides[slot] = oldSides[i];
            }
        }
    }
}
