package io.dpp.streams.live;

import io.dpp.streams.venue.RateLimit;
import java.util.function.LongSupplier;

/**
 * Keeps a stream of requests within an allowance: {@code capacity} units refilled evenly over a
 * window. Callers reserve units and are told how long to wait before using them, so nothing
 * blocks a thread; reservations queue in order. Thread-safe: one bucket is shared by every
 * connection of a venue (REST weight and connection attempts count per IP).
 */
public final class TokenBucket {

    private final double capacity;
    private final double refillPerNano;
    private final LongSupplier ticker;
    private double tokens;
    private long updated;
    private long granted;

    /**
     * A bucket holding {@code share} of {@code limit}, full at start.
     *
     * @param ticker nanoseconds from an arbitrary origin, never decreasing ({@link System#nanoTime}
     *     outside tests)
     */
    public TokenBucket(RateLimit limit, double share, LongSupplier ticker) {
        this.capacity = Math.max(1, Math.floor(limit.permits() * share));
        this.refillPerNano = capacity / (double) limit.window().toNanos();
        this.ticker = ticker;
        this.tokens = capacity;
        this.updated = ticker.getAsLong();
    }

    /**
     * Reserves {@code units} (at most the capacity) and returns the nanoseconds to wait before
     * using them; 0 when they are available now.
     */
    public synchronized long reserve(int units) {
        long now = ticker.getAsLong();
        tokens = Math.min(capacity, tokens + (now - updated) * refillPerNano);
        updated = now;
        double need = Math.min(units, capacity);
        tokens -= need;
        granted += units;
        if (tokens >= 0) {
            return 0;
        }
        return (long) Math.ceil(-tokens / refillPerNano);
    }

    /** Units the bucket holds when full. */
    public double capacity() {
        return capacity;
    }

    /** Units reserved so far. */
    public synchronized long granted() {
        return granted;
    }
}
