package io.dpp.accounts;

import io.dpp.runtime.rate.TokenBucket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One allowance per key (a user, an address): {@code perWindow} actions per {@code window}, refilled
 * evenly. At most {@value #MAX_KEYS} keys are tracked; beyond that every allowance starts over
 * rather than memory growing (accounts still lock on failed sign-ins, and the allowances are a
 * brake on floods, not an account of them).
 */
final class RateLimits {

    static final int MAX_KEYS = 10_000;

    private final int perWindow;
    private final Duration window;
    private final String unit;
    private final LongSupplier ticker;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    /**
     * @param unit how the window reads in a message: "minute", "hour"
     */
    RateLimits(int perWindow, Duration window, String unit, LongSupplier ticker) {
        this.perWindow = perWindow;
        this.window = window;
        this.unit = unit;
        this.ticker = ticker;
    }

    /** Takes one action of {@code key}'s allowance: 0 when it may go on, else the seconds to wait. */
    long take(String key) {
        if (buckets.size() >= MAX_KEYS && !buckets.containsKey(key)) {
            buckets.clear();
        }
        long wait = buckets.computeIfAbsent(key, k -> new TokenBucket(perWindow, window, ticker)).tryAcquire();
        return wait <= 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait + 999_999_999L));
    }

    /** Takes one action of {@code key}'s allowance, or throws a 429 ({@link Users.RetryAfter}) naming {@code what}. */
    void check(String key, String what) {
        long seconds = take(key);
        if (seconds > 0) {
            throw new Users.RetryAfter(seconds, "rate_limited", message(what, seconds));
        }
    }

    /** "at most N WHAT a UNIT; retry after S s". */
    String message(String what, long seconds) {
        return "at most " + perWindow + " " + what + " a " + unit + "; retry after " + seconds + " s";
    }
}
