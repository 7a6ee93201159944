package io.dpp.runtime.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dpp.runtime.http.HttpProblem;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlanAndLimiterTest {

    private static final Plan FREE = new Plan("free", Set.of("kraken", "binance"), Set.of("trades", "quotes"), 7, 5, 10, 5);

    @Test
    void aBucketGrantsOneSecondsWorthThenRefusesWithTheWait() throws Exception {
        RateLimiter limiter = new RateLimiter(5);
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.tryAcquire()).as("request " + i).isZero();
        }
        long wait = limiter.tryAcquire();
        assertThat(wait).as("the sixth waits for a token: about 200 ms").isBetween(1L, 200_000_000L);
        Thread.sleep(wait / 1_000_000 + 5);
        assertThat(limiter.tryAcquire()).isZero();
        assertThat(RateLimiter.unlimited().tryAcquire()).isZero();
    }

    @Test
    void aGrantChecksVenuesChannelsAndHistoryDepth() {
        Grant g = new Grant("alice", "k", FREE, new RateLimiter(5));
        g.checkVenue("kraken");
        g.checkChannel("trades");
        assertThatThrownBy(() -> g.checkVenue("okx")).isInstanceOf(HttpProblem.class)
                .hasMessage("plan free does not include venue \"okx\"; it includes " + FREE.venues())
                .satisfies(e -> assertThat(((HttpProblem) e).status()).isEqualTo(403));
        assertThatThrownBy(() -> g.checkChannel("book_changes")).hasMessageContaining("does not include channel \"book_changes\"");
        long now = 1_700_000_000_000_000L;
        long week = 7L * 86_400_000_000L;
        g.checkHistory(now - week, now);
        assertThatThrownBy(() -> g.checkHistory(now - week - 1, now)).hasMessageContaining("reaches 7 days of history");
        Grant open = Grant.open();
        open.checkVenue("okx");
        open.checkChannel("book_changes");
        open.checkHistory(Long.MIN_VALUE + 1, now);
        assertThat(open.earliestMicros(now)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void plansRefuseNonsenseLimits() {
        assertThatThrownBy(() -> new Plan("x", Set.of("*"), Set.of("*"), 0, 0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
