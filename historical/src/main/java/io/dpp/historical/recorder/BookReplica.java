package io.dpp.historical.recorder;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.model.BookChange;
import org.agrona.collections.Long2LongHashMap;

/**
 * The recorder's copy of one instrument's book, kept only to write checkpoints: every level by
 * price value (so "100.0" and "100" are one level), with the price as the venue last wrote it and
 * its size. Hash maps, O(1) per level; order does not matter for a checkpoint.
 *
 * <p>The copy is valid from a snapshot until the feed reports a gap or a disconnect; no checkpoint
 * is written while it is not.
 */
final class BookReplica {

    private final Long2LongHashMap bidPrice = new Long2LongHashMap(Decimal64.NULL);
    private final Long2LongHashMap bidSize = new Long2LongHashMap(Decimal64.NULL);
    private final Long2LongHashMap askPrice = new Long2LongHashMap(Decimal64.NULL);
    private final Long2LongHashMap askSize = new Long2LongHashMap(Decimal64.NULL);
    private boolean valid;
    private boolean changed;
    private long lastChange = Long.MIN_VALUE;
    private long lastCheckpoint = Long.MIN_VALUE;

    /** Receive time of the last change applied. */
    long lastChange() {
        return lastChange;
    }

    /** True when a checkpoint of the state as of {@link #lastChange()} is due before a change at {@code time}. */
    boolean checkpointDue(long time, long intervalMicros) {
        return valid && changed && time > lastChange && lastChange - lastCheckpoint >= intervalMicros;
    }

    void checkpointWritten() {
        lastCheckpoint = lastChange;
        changed = false;
    }

    /** Applies a change (a snapshot replaces everything and makes the copy valid). */
    void apply(BookChange b) {
        if (b.snapshot()) {
            bidPrice.clear();
            bidSize.clear();
            askPrice.clear();
            askSize.clear();
            if (!valid) {
                lastCheckpoint = b.receiveTime(); // the snapshot itself is a starting point
            }
            valid = true;
        }
        for (int i = 0; i < b.levelCount(); i++) {
            long key = Decimal64.stripTrailingZeros(b.price(i));
            Long2LongHashMap prices = b.isBid(i) ? bidPrice : askPrice;
            Long2LongHashMap sizes = b.isBid(i) ? bidSize : askSize;
            if (Decimal64.signum(b.size(i)) == 0) {
                prices.remove(key);
                sizes.remove(key);
            } else {
                prices.put(key, b.price(i));
                sizes.put(key, b.size(i));
            }
        }
        changed = true;
        lastChange = b.receiveTime();
    }

    /** The feed lost track of this book (gap, disconnect): no checkpoints until the next snapshot. */
    void invalidate() {
        valid = false;
    }

    boolean valid() {
        return valid;
    }

    /** Visits every level: side (true for bids), price as written, size. */
    void forEachLevel(LevelVisitor visitor) {
        bidPrice.forEachLong((key, price) -> visitor.level(true, price, bidSize.get(key)));
        askPrice.forEachLong((key, price) -> visitor.level(false, price, askSize.get(key)));
    }

    /** One level of a checkpoint. */
    @FunctionalInterface
    interface LevelVisitor {
        void level(boolean bid, long price, long size);
    }
}
