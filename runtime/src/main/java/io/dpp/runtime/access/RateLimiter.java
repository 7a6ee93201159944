package io.dpp.runtime.access;

/**
 * A token bucket: {@code perSecond} tokens a second, holding at most one second's worth. Thread
 * safe (a key's REST requests arrive on every event loop); one short lock per request.
 */
public final class RateLimiter {

    private final double perNano;
    private final double capacity;
    private double tokens;
    private long last;

    /** A limiter of {@code perSecond} events a second; {@code Integer.MAX_VALUE} means unlimited. */
    public RateLimiter(int perSecond) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("rate must be at least 1/s, got " + perSecond);
        }
        this.capacity = perSecond;
        this.perNano = perSecond / 1e9;
        this.tokens = perSecond;
        this.last = System.nanoTime();
    }

    /** The rate, events per second. */
    public int perSecond() {
        return (int) capacity;
    }

    /** A limiter that never refuses. */
    public static RateLimiter unlimited() {
        return new RateLimiter(Integer.MAX_VALUE);
    }

    /**
     * Takes one token: 0 when granted, else the nanoseconds until one is available.
     */
    public synchronized long tryAcquire() {
        if (capacity == Integer.MAX_VALUE) {
            return 0;
        }
        long now = System.nanoTime();
        tokens = Math.min(capacity, tokens + (now - last) * perNano);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / perNano);
    }
}
