package io.dpp.streams.venue;

import java.time.Duration;

/**
 * A venue's documented allowance: {@code permits} units (requests, weight, connections,
 * messages) per {@code window}.
 */
public record RateLimit(int permits, Duration window) {

    public RateLimit {
        if (permits <= 0 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a rate limit needs permits > 0 and a positive window");
        }
    }

    public static RateLimit perSecond(int permits) {
        return new RateLimit(permits, Duration.ofSeconds(1));
    }

    public static RateLimit perMinute(int permits) {
        return new RateLimit(permits, Duration.ofMinutes(1));
    }

    /**
     * A bucket holding {@code share} of this allowance (at least one unit), full at start, refilled
     * at the share's pace: the feeds use a share so that other clients on the same IP keep room.
     * Where the share is less than one unit per window (half of Independent Reserve's one call a
     * second), the bucket holds one unit and refills it over a window as much longer (two seconds).
     */
    public io.dpp.runtime.rate.TokenBucket bucket(double share, java.util.function.LongSupplier ticker) {
        double perWindow = permits * share;
        if (perWindow >= 1) {
            return new io.dpp.runtime.rate.TokenBucket(Math.floor(perWindow), window, ticker);
        }
        return new io.dpp.runtime.rate.TokenBucket(1, Duration.ofNanos((long) Math.ceil(window.toNanos() / Math.max(perWindow, 1e-9))), ticker);
    }

    @Override
    public String toString() {
        return permits + " per " + window;
    }
}
