package io.dpp.streams.live;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with "equal jitter": attempt n waits between half and all of
 * {@code min(max, initial * 2^n)}, so that many clients reconnecting at once spread out while each
 * still backs off. Not thread-safe: one per connection (or per book), used on its thread.
 */
public final class Backoff {

    private final long initialNanos;
    private final long maxNanos;
    private final RandomGenerator random;
    private int attempts;

    public Backoff(Duration initial, Duration max, RandomGenerator random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + ", " + max);
        }
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
        this.random = random;
    }

    /** The delay before the next attempt; each call counts one attempt. */
    public Duration next() {
        long ceiling = initialNanos;
        for (int i = 0; i < attempts && ceiling < maxNanos; i++) {
            ceiling = Math.min(maxNanos, ceiling * 2);
        }
        attempts++;
        long half = ceiling / 2;
        return Duration.ofNanos(half + random.nextLong(ceiling - half + 1));
    }

    /** Attempts since the last reset. */
    public int attempts() {
        return attempts;
    }

    /** Starts again from the initial delay (after a connection proved stable). */
    public void reset() {
        attempts = 0;
    }
}
