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
     * over the window: the feeds use a share so that other clients on the same IP keep room.
     */
    public io.dpp.runtime.rate.TokenBucket bucket(double share, java.util.function.LongSupplier ticker) {
        return new io.dpp.runtime.rate.TokenBucket(Math.max(1, Math.floor(permits * share)), window, ticker);
    }

    @Override
    public String toString() {
        return permits + " per " + window;
    }
}
