package io.dpp.runtime.rate;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The venues' REST allowances per IP address as this process spends them: one {@link Weight} per
 * venue, shared by every part of the process that calls the venue (the feeds' book snapshots, the
 * EMS's order calls), so that together they stay inside what the venue allows the address (Binance's
 * request weight, Bybit's requests per 5 s), and a rate-limit answer any of them gets (429, or
 * Binance's 418 ban) holds all of them back for as long as the venue said. One per process (the
 * {@code ModuleContext} hands it out): processes on other addresses have allowances of their own.
 */
public final class VenueWeights {

    private final LongSupplier ticker;
    private final Map<String, Weight> byVenue = new ConcurrentHashMap<>();

    /** @param ticker nanoseconds, never decreasing ({@link System#nanoTime} outside tests) */
    public VenueWeights(LongSupplier ticker) {
        this.ticker = ticker;
    }

    /**
     * The allowance of {@code venue}: {@code permits} units per {@code window}, as the venue documents
     * it for an address. The first caller creates it and every later one shares it (they read the
     * same documentation: the feeds' {@code VenueLimits} and the trading adapters' {@code OrderLimits}).
     */
    public Weight of(String venue, int permits, Duration window) {
        return byVenue.computeIfAbsent(venue, v -> new Weight(v, permits, window, ticker));
    }

    /** The allowances in use, by venue. */
    public Map<String, Weight> all() {
        return Map.copyOf(byVenue);
    }

    /** One venue's allowance for this address. */
    public static final class Weight {

        private final String venue;
        private final int permits;
        private final Duration window;
        private final LongSupplier ticker;
        private final TokenBucket bucket;
        private final AtomicLong pausedUntil = new AtomicLong(Long.MIN_VALUE);
        private final AtomicLong refused = new AtomicLong();

        private Weight(String venue, int permits, Duration window, LongSupplier ticker) {
            this.venue = venue;
            this.permits = permits;
            this.window = window;
            this.ticker = ticker;
            this.bucket = new TokenBucket(permits, window, ticker);
        }

        public String venue() {
            return venue;
        }

        public int permits() {
            return permits;
        }

        public Duration window() {
            return window;
        }

        /** Nanoseconds the venue's last rate-limit answer still holds every caller back; 0 when none does. */
        public long pausedNanos() {
            long until = pausedUntil.get();
            return until == Long.MIN_VALUE ? 0 : Math.max(0, until - ticker.getAsLong());
        }

        /** A rate-limit answer of the venue: every caller waits {@code seconds} (the venue's Retry-After). */
        public void pause(long seconds) {
            long until = ticker.getAsLong() + TimeUnit.SECONDS.toNanos(Math.max(1, seconds));
            pausedUntil.accumulateAndGet(until, (a, b) -> a == Long.MIN_VALUE ? b : Math.max(a, b));
        }

        /**
         * Spends {@code units} for a call that waits its turn (a book snapshot, an order lookup): the
         * nanoseconds to wait before sending it, 0 for now. Never refuses.
         */
        public long reserve(int units) {
            return Math.max(pausedNanos(), units <= 0 ? 0 : bucket.reserve(units));
        }

        /**
         * Spends {@code units} for a call that must go now or not at all (a new order): 0 when it may go,
         * else the nanoseconds until it could (nothing spent), while the allowance is paused or spent.
         */
        public long tryTake(int units) {
            long paused = pausedNanos();
            if (paused > 0) {
                refused.incrementAndGet();
                return paused;
            }
            if (units <= 0) {
                return 0;
            }
            long wait = bucket.tryAcquire(units);
            if (wait > 0) {
                refused.incrementAndGet();
            }
            return wait;
        }

        /** Units spent so far. */
        public long spent() {
            return bucket.granted();
        }

        /** Calls refused because the allowance was paused or spent. */
        public long refused() {
            return refused.get();
        }
    }
}
