package io.dpp.streams.feed;

import java.util.Arrays;

/**
 * Messages held back while a book waits for its REST snapshot (Binance, Bitstamp), copied into
 * one reusable buffer so that buffering allocates nothing once it has grown. Bounded: when full,
 * the oldest messages go, since a later snapshot only ever needs the newest ones.
 */
public final class PendingMessages {

    private final int maxMessages;
    private byte[] bytes = new byte[64 * 1024];
    private int[] offsets = new int[256];
    private int[] lengths = new int[256];
    private long[] times = new long[256];
    private int first;
    private int count;
    private int used;

    public PendingMessages(int maxMessages) {
        this.maxMessages = maxMessages;
    }

    /** Keeps a copy of a message. */
    public void add(byte[] buf, int offset, int length, long receiveTime) {
        if (count == maxMessages) {
            first++;
            count--;
        }
        if (first + count == offsets.length) {
            compact();
            if (count == offsets.length) {
                offsets = Arrays.copyOf(offsets, offsets.length * 2);
                lengths = Arrays.copyOf(lengths, lengths.length * 2);
                times = Arrays.copyOf(times, times.length * 2);
            }
        }
        if (used + length > bytes.length) {
            compact();
            if (used + length > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, used + length));
            }
        }
        System.arraycopy(buf, offset, bytes, used, length);
        int slot = first + count;
        offsets[slot] = used;
        lengths[slot] = length;
        times[slot] = receiveTime;
        used += length;
        count++;
    }

    public int size() {
        return count;
    }

    /** The buffer the held messages lie in. */
    public byte[] bytes() {
        return bytes;
    }

    public int offset(int i) {
        return offsets[first + i];
    }

    public int length(int i) {
        return lengths[first + i];
    }

    /** When message {@code i} was received. */
    public long time(int i) {
        return times[first + i];
    }

    /**
     * The receive time message {@code i} is published with once the snapshot received at
     * {@code snapshotTime} lets it apply: not before the snapshot. The book took the change in only
     * then, and a consumer that rebuilds the book by receive time (book at a time, the recorder's
     * checkpoints) must find it after the snapshot it builds on, not before, where the snapshot
     * would overwrite it. It is after the snapshot by a microsecond at least: at the snapshot's own
     * time its rows would share the snapshot rows' time, and where the first change kept ends exactly
     * at the snapshot (Binance futures: {@code U <= lastUpdateId <= u}) their whole key too (time,
     * level, sequence), so that the store merged a snapshot row into a change row and the book at
     * that time lost the level when the snapshot's next row cleared the book. The venue's own time of
     * the change is kept as it was.
     */
    public long releaseTime(int i, long snapshotTime) {
        return Math.max(times[first + i], snapshotTime + 1);
    }

    /** Forgets the {@code n} oldest messages. */
    public void dropFirst(int n) {
        int k = Math.min(n, count);
        first += k;
        count -= k;
        if (count == 0) {
            clear();
        }
    }

    /** Forgets every message, keeping the buffers. */
    public void clear() {
        first = 0;
        count = 0;
        used = 0;
    }

    // Moves the live messages to the front of the buffers.
    private void compact() {
        if (first == 0) {
            return;
        }
        int start = count == 0 ? used : offsets[first];
        System.arraycopy(bytes, start, bytes, 0, used - start);
        for (int i = 0; i < count; i++) {
            offsets[i] = offsets[first + i] - start;
            lengths[i] = lengths[first + i];
            times[i] = times[first + i];
        }
        used -= start;
        first = 0;
    }
}
