package io.dpp.runtime.rate;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The one token bucket of DPP: {@code capacity} tokens refilled evenly over a window, full at the
 * start. Two ways to spend, for the two kinds of caller:
 *
 * <ul>
 *   <li>{@link #tryAcquire()} takes one token or refuses, telling how long until one is free (a
 *       key's REST requests, a client's WebSocket messages: a refused request is answered 429);</li>
 *   <li>{@link #reserve(int)} always takes the units, possibly into debt, and tells how long the
 *       caller must wait before using them, so reservations queue in order (a venue's REST weight,
 *       connection attempts and sent messages: nothing is refused, it is paced).</li>
 * </ul>
 *
 * Thread-safe (one short lock per call). Time comes from a nanosecond ticker, so tests move it
 * instead of sleeping.
 */
public final class TokenBucket {

    private final double capacity;
    private final double refillPerNano;
    private final LongSupplier ticker;
    private final boolean unlimited;
    private double tokens;
    private long updated;
    private long granted;

    /**
     * A bucket of {@code capacity} tokens (at least 1) refilled evenly over {@code window}.
     *
     * @param ticker nanoseconds from an arbitrary origin, never decreasing ({@link System#nanoTime} outside tests)
     */
    public TokenBucket(double capacity, Duration window, LongSupplier ticker) {
        this(capacity, window, ticker, false);
    }

    private TokenBucket(double capacity, Duration window, LongSupplier ticker, boolean unlimited) {
        if (capacity < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a token bucket needs a capacity of at least 1 and a positive window, got "
                    + capacity + " per " + window);
        }
        this.capacity = capacity;
        this.refillPerNano = capacity / (double) window.toNanos();
        this.ticker = ticker;
        this.unlimited = unlimited;
        this.tokens = capacity;
        this.updated = ticker.getAsLong();
    }

    /** {@code perSecond} tokens a second, holding at most one second's worth. */
    public static TokenBucket perSecond(int perSecond, LongSupplier ticker) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("rate must be at least 1/s, got " + perSecond);
        }
        return new TokenBucket(perSecond, Duration.ofSeconds(1), ticker, perSecond == Integer.MAX_VALUE);
    }

    /** {@code perSecond} tokens a second on the system's nano clock; {@link Integer#MAX_VALUE} means unlimited. */
    public static TokenBucket perSecond(int perSecond) {
        return perSecond(perSecond, System::nanoTime);
    }

    /** A bucket that never refuses and never delays. */
    public static TokenBucket unlimited() {
        return perSecond(Integer.MAX_VALUE);
    }

    /** Tokens refilled per second. */
    public int perSecond() {
        return (int) Math.min(Integer.MAX_VALUE, Math.round(refillPerNano * 1e9));
    }

    /** Tokens the bucket holds when full. */
    public double capacity() {
        return capacity;
    }

    /** Takes one token: 0 when granted, else (nothing taken) the nanoseconds until one is available. */
    public long tryAcquire() {
        return tryAcquire(1);
    }

    /**
     * Takes {@code units} (counted as at most the capacity) if the bucket holds them: 0 when taken,
     * else (nothing taken) the nanoseconds until it will.
     */
    public synchronized long tryAcquire(int units) {
        if (unlimited) {
            granted += units;
            return 0;
        }
        refill();
        double need = Math.min(units, capacity);
        if (tokens >= need) {
            tokens -= need;
            granted += units;
            return 0;
        }
        return (long) Math.ceil((need - tokens) / refillPerNano);
    }

    /**
     * Reserves {@code units} (counted as at most the capacity, so that a request heavier than the
     * bucket still goes once it is full) and returns the nanoseconds to wait before using them;
     * 0 when they are available now.
     */
    public synchronized long reserve(int units) {
        if (unlimited) {
            granted += units;
            return 0;
        }
        refill();
        tokens -= Math.min(units, capacity);
        granted += units;
        if (tokens >= 0) {
            return 0;
        }
        return (long) Math.ceil(-tokens / refillPerNano);
    }

    /**
     * Takes back what the bucket refilled over the last {@code nanos} (into debt if need be): a call
     * paid for when it was sent is then paid for as if sent when its answer came. A venue counts a
     * call when it arrives, which may be that much after it left (a new connection, a busy loop), so
     * that the next call, paced from the answer, still arrives a whole interval later.
     */
    public synchronized void hold(long nanos) {
        if (unlimited || nanos <= 0) {
            return;
        }
        refill();
        tokens -= nanos * refillPerNano;
    }

    /** Units taken or reserved so far. */
    public synchronized long granted() {
        return granted;
    }

    private void refill() {
        long now = ticker.getAsLong();
        tokens = Math.min(capacity, tokens + Math.max(0, now - updated) * refillPerNano);
        updated = now;
    }
}
