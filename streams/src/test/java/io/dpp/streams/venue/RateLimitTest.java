package io.dpp.streams.venue;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.runtime.rate.TokenBucket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitTest {

    private static final long SECOND = 1_000_000_000L;

    /** A share of a large allowance: that many units a window, all at once when the bucket is full. */
    @Test
    void aShareOfALargeAllowanceHoldsThatMuch() {
        AtomicLong now = new AtomicLong();
        TokenBucket b = new RateLimit(2400, Duration.ofMinutes(1)).bucket(0.5, now::get);
        assertThat(b.capacity()).isEqualTo(1200);
        for (int i = 0; i < 1200; i++) {
            assertThat(b.tryAcquire()).isZero();
        }
        assertThat(b.tryAcquire()).isEqualTo(50_000_000L); // 1200 a minute: one every 50 ms
    }

    /** Half of one call a second (Independent Reserve's REST API) is one call every two seconds, not one a second. */
    @Test
    void aShareBelowOneUnitStretchesTheWindow() {
        AtomicLong now = new AtomicLong();
        TokenBucket b = RateLimit.perSecond(1).bucket(0.5, now::get);
        assertThat(b.capacity()).isEqualTo(1);
        assertThat(b.reserve(1)).isZero();
        assertThat(b.reserve(1)).isEqualTo(2 * SECOND);
        now.addAndGet(4 * SECOND);
        assertThat(b.reserve(1)).isZero();
        assertThat(b.tryAcquire()).isEqualTo(2 * SECOND);
    }
}
