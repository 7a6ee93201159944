package io.dpp.book;

import java.util.Arrays;

/**
 * The cached {@link LevelText} of each level of one book side, in fixed-size slots that levels
 * keep for their lifetime; a changed level's slot is marked stale, a removed level's slot is
 * reused. Nothing is allocated once the pool has grown to the side's depth.
 */
final class LevelTexts {

    private static final int STRIDE = LevelText.MAX_LENGTH;
    private static final byte STALE = -1;

    private byte[] bytes = new byte[64 * STRIDE];
    private byte[] lengths = new byte[64];
    private int[] free = new int[64];
    private int freeCount;
    private int allocated;

    int acquire() {
        int slot;
        if (freeCount > 0) {
            slot = free[--freeCount];
        } else {
            if (allocated == lengths.length) {
                lengths = Arrays.copyOf(lengths, allocated * 2);
                bytes = Arrays.copyOf(bytes, allocated * 2 * STRIDE);
                free = Arrays.copyOf(free, allocated * 2);
            }
            slot = allocated++;
        }
        lengths[slot] = STALE;
        return slot;
    }

    void release(int slot) {
        free[freeCount++] = slot;
    }

    void invalidate(int slot) {
        lengths[slot] = STALE;
    }

    void invalidateAll() {
        Arrays.fill(lengths, 0, allocated, STALE);
    }

    void clear() {
        freeCount = 0;
        allocated = 0;
    }

    /** Appends the slot's text to {@code out}, writing it first if the level changed since. */
    void append(int slot, LevelText format, long price, long size, ChecksumText out) {
        int offset = slot * STRIDE;
        int length = lengths[slot];
        if (length == STALE) {
            length = format.write(price, size, bytes, offset);
            lengths[slot] = (byte) length;
        }
        out.append(bytes, offset, length);
    }
}
