package io.dpp.historical.recorder;

import io.dpp.book.SortedBook;
import io.dpp.core.model.BookChange;

/**
 * The recorder's copy of one instrument's book, kept only to write checkpoints: a
 * {@link SortedBook} (every level, with the price as the venue last wrote it, so "100.0" and "100"
 * are one level) and when it last changed and was checkpointed.
 *
 * <p>The copy is valid from a snapshot until the feed reports a gap or a disconnect; no checkpoint
 * is written while it is not.
 */
final class BookReplica {

    private final SortedBook book = new SortedBook();
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
        if (b.snapshot() && !valid) {
            lastCheckpoint = b.receiveTime(); // the snapshot itself is a starting point
            valid = true;
        }
        // The feed checked every level before publishing it; one it could not hold never arrives.
        book.apply(b);
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

    /** Visits every level, best first per side: side (true for bids), price as written, size. */
    void forEachLevel(LevelVisitor visitor) {
        for (boolean bid : new boolean[] {true, false}) {
            for (int i = 0; i < book.depth(bid); i++) {
                visitor.level(bid, book.price(bid, i), book.size(bid, i));
            }
        }
    }

    /** One level of a checkpoint. */
    @FunctionalInterface
    interface LevelVisitor {
        void level(boolean bid, long price, long size);
    }
}
