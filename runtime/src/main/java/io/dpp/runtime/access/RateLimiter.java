package io.dpp.runtime.access;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code perSecond} tokens a second, holding at most one second's worth. Thread
 * safe (a key's REST requests arrive on every event loop); one short lock per request. Time comes
 * from a nanosecond ticker, so tests move it instead of sleeping.
 */
public final class RateLimiter {

    private final double perNano;
    private final double capacity;
    private final LongSupplier ticker;
    private double tokens;
    private long last;

    /** A limiter of {@code perSecond} events a second on the system's nano clock; {@code Integer.MAX_VALUE} means unlimited. */
    public RateLimiter(int perSecond) {
        this(perSecond, System::nanoTime);
    }

    /**
     * A limiter of {@code perSecond} events a second.
     *
     * @param ticker nanoseconds from an arbitrary origin, never decreasing ({@link System#nanoTime} outside tests)
     */
    public RateLimiter(int perSecond, LongSupplier ticker) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("rate must be at least 1/s, got " + perSecond);
        }
        this.capacity = perSecond;
        this.perNano = perSecond / 1e9;
        this.ticker = ticker;
        this.tokens = perSecond;
        this.last = ticker.getAsLong();
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
        long now = ticker.getAsLong();
        tokens = Math.min(capacity, tokens + Math.max(0, now - last) * perNano);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / perNano);
    }
}
