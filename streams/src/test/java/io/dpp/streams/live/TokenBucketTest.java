package io.dpp.streams.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpp.streams.venue.RateLimit;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    @Test
    void burstUpToTheShareThenWaitsForTheRefill() {
        // Binance spot: 6000 weight a minute, a depth snapshot of 1000 levels weighs 50; half of it is ours.
        TokenBucket b = new TokenBucket(new RateLimit(6000, Duration.ofMinutes(1)), 0.5);
        assertEquals(3000, b.capacity());
        for (int i = 0; i < 60; i++) {
            assertEquals(0, b.reserve(50), "request " + i + " fits in the burst");
        }
        long wait = b.reserve(50);
        // 50 weight refill at 3000 a minute: one second.
        assertTrue(wait > TimeUnit.MILLISECONDS.toNanos(900) && wait <= TimeUnit.MILLISECONDS.toNanos(1001), "waits " + wait);
        long next = b.reserve(50);
        assertTrue(next > wait + TimeUnit.MILLISECONDS.toNanos(900), "reservations queue: " + next);
        assertEquals(62 * 50, b.granted());
    }

    @Test
    void aRequestHeavierThanTheBucketStillGoesOnceItIsFull() {
        TokenBucket b = new TokenBucket(new RateLimit(10, Duration.ofSeconds(1)), 0.5);
        assertEquals(0, b.reserve(50), "clamped to the capacity");
        assertTrue(b.reserve(1) > 0);
    }
}
