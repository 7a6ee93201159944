package io.dpp.sim;

import io.dpp.streams.live.ReplayProgress;

/**
 * The capture's clock on one client connection: the recorded receive time of every message the
 * simulator writes on it, queued in the order written, for the feed on the other end to take one
 * per message received. One writer (the simulator's event loop) and one reader (the feed
 * connection's event loop); the queue is a chain of fixed chunks, so a reader far behind costs
 * memory in proportion to the messages in flight and neither side ever waits.
 */
final class ConnectionClock implements ReplayProgress.ReplayClock {

    private static final int CHUNK = 1024;

    private static final class Chunk {
        final long[] times = new long[CHUNK];
        /** Times written to this chunk; published after the time itself. */
        volatile int written;
        volatile Chunk next;
    }

    /** The writer's chunk. */
    private Chunk tail;
    /** The reader's chunk, its position in it, and the last time it took. */
    private Chunk head;
    private int read;
    private long lastRead;
    /** The latest time written, or the connection's starting time. */
    private volatile long latest;

    ConnectionClock(long start) {
        tail = new Chunk();
        head = tail;
        latest = start;
        lastRead = start;
    }

    /**
     * Queues the receive time of the message about to be written. The times of one recorded
     * connection go forward (the simulator sees to it); those of several recorded connections
     * served on one client connection interleave as recorded, or, when one starts after another
     * has ended, may go back: each message keeps the time it was received at when recorded.
     */
    void add(long time) {
        Chunk c = tail;
        int w = c.written;
        if (w == CHUNK) {
            Chunk n = new Chunk();
            c.next = n;
            tail = n;
            c = n;
            w = 0;
        }
        c.times[w] = time;
        c.written = w + 1;
        if (time > latest) {
            latest = time;
        }
    }

    @Override
    public long now() {
        return latest;
    }

    @Override
    public long next() {
        Chunk c = head;
        if (read == CHUNK) {
            Chunk n = c.next;
            if (n == null) {
                return lastRead;
            }
            head = n;
            c = n;
            read = 0;
        }
        if (read >= c.written) {
            return lastRead;
        }
        lastRead = c.times[read++];
        return lastRead;
    }
}
