package io.dpp.runtime.rate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Both ways of spending the one token bucket: {@code reserve} paces a venue's allowance (bursts up
 * to the capacity, then queued waits), {@code tryAcquire} refuses with the time to wait. Time is
 * a counter the test moves.
 */
class TokenBucketTest {

    private final AtomicLong clock = new AtomicLong(123_456_789);

    /** Waits are computed in floating point: equal to the nanosecond but for rounding. */
    private static void assertWait(long expected, long actual) {
        assertWait(expected, actual, "wait");
    }

    private static void assertWait(long expected, long actual, String what) {
        assertTrue(Math.abs(expected - actual) <= 10, what + ": expected " + expected + " ns, got " + actual);
    }

    @Test
    void burstUpToTheShareThenWaitsForTheRefill() {
        // Binance spot: 6000 weight a minute, a depth snapshot of 1000 levels weighs 50; half of it is ours.
        TokenBucket b = new TokenBucket(3000, Duration.ofMinutes(1), clock::get);
        assertEquals(3000, b.capacity());
        for (int i = 0; i < 60; i++) {
            assertEquals(0, b.reserve(50), "request " + i + " fits in the burst");
        }
        // 50 weight refill at 3000 a minute: one second; the next reservation queues behind it.
        assertWait(TimeUnit.SECONDS.toNanos(1), b.reserve(50));
        assertWait(TimeUnit.SECONDS.toNanos(2), b.reserve(50));
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(1500));
        assertWait(TimeUnit.MILLISECONDS.toNanos(1500), b.reserve(50), "time passed pays off part of the queue");
        clock.addAndGet(TimeUnit.MINUTES.toNanos(5));
        assertEquals(0, b.reserve(50), "refilled, never beyond the capacity");
        for (int i = 1; i < 60; i++) {
            assertEquals(0, b.reserve(50), "request " + i + " of the second burst");
        }
        assertWait(TimeUnit.SECONDS.toNanos(1), b.reserve(50));
        assertEquals(124 * 50, b.granted());
    }

    /**
     * Independent Reserve at half its one call a second: one call every 2 s. A call whose answer
     * took 1.3 s (it may have reached the venue only then) makes the next one wait 2 s from the answer.
     */
    @Test
    void holdPacesTheNextCallFromTheAnswer() {
        TokenBucket b = new TokenBucket(1, Duration.ofSeconds(2), clock::get);
        assertEquals(0, b.tryAcquire(1));
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(1300));
        b.hold(TimeUnit.MILLISECONDS.toNanos(1300));
        assertWait(TimeUnit.SECONDS.toNanos(2), b.tryAcquire(1), "2 s from the answer, not 0.7 s");
        clock.addAndGet(TimeUnit.SECONDS.toNanos(2));
        assertEquals(0, b.tryAcquire(1));
        b.hold(0);
        assertWait(TimeUnit.SECONDS.toNanos(2), b.tryAcquire(1), "an instant answer changes nothing");
        TokenBucket.unlimited().hold(Long.MAX_VALUE); // never waits, whatever it holds
    }

    @Test
    void aRequestHeavierThanTheBucketStillGoesOnceItIsFull() {
        TokenBucket b = new TokenBucket(5, Duration.ofSeconds(1), clock::get);
        assertEquals(0, b.reserve(50), "clamped to the capacity");
        // 5 units a second: one unit refills in 200 ms.
        assertWait(TimeUnit.MILLISECONDS.toNanos(200), b.reserve(1));
    }

    @Test
    void tryAcquireTakesOneOrRefusesWithTheWaitAndAnUnlimitedBucketNeverWaits() {
        TokenBucket b = TokenBucket.perSecond(5, clock::get);
        for (int i = 0; i < 5; i++) {
            assertEquals(0, b.tryAcquire(), "token " + i);
        }
        assertWait(TimeUnit.MILLISECONDS.toNanos(200), b.tryAcquire());
        assertWait(TimeUnit.MILLISECONDS.toNanos(200), b.tryAcquire(), "a refusal takes nothing");
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(200));
        assertEquals(0, b.tryAcquire());
        assertEquals(6, b.granted());
        assertEquals(5, b.perSecond());
        TokenBucket unlimited = TokenBucket.unlimited();
        for (int i = 0; i < 1000; i++) {
            assertEquals(0, unlimited.tryAcquire());
        }
        assertEquals(0, unlimited.reserve(1_000_000));
    }
}
