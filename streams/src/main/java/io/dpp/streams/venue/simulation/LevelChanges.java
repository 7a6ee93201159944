package io.dpp.streams.venue.simulation;

/**
 * The levels one step of a synthetic market model set, reused from step to step: side, price and
 * size ({@link io.dpp.core.decimal.Decimal64}; size 0 removes the level).
 */
public final class LevelChanges {

    private boolean[] bid = new boolean[64];
    private long[] price = new long[64];
    private long[] size = new long[64];
    private int count;

    public void clear() {
        count = 0;
    }

    public void add(boolean isBid, long levelPrice, long levelSize) {
        if (count == price.length) {
            bid = java.util.Arrays.copyOf(bid, count * 2);
            price = java.util.Arrays.copyOf(price, count * 2);
            size = java.util.Arrays.copyOf(size, count * 2);
        }
        bid[count] = isBid;
        price[count] = levelPrice;
        size[count] = levelSize;
        count++;
    }

    public int count() {
        return count;
    }

    public boolean isBid(int i) {
        return bid[i];
    }

    public long price(int i) {
        return price[i];
    }

    public long size(int i) {
        return size[i];
    }

    /** Whether any change is on the bid side ({@code true}) or the ask side ({@code false}). */
    public boolean hasSide(boolean isBid) {
        for (int i = 0; i < count; i++) {
            if (bid[i] == isBid) {
                return true;
            }
        }
        return false;
    }
}
