package io.dpp.runtime.rate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A venue's allowance for an address, shared by every caller of the process: spent together, held back together. */
class VenueWeightsTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final VenueWeights weights = new VenueWeights(nanos::get);

    @Test
    void callersShareOneAllowanceAndOnePause() {
        VenueWeights.Weight feeds = weights.of("binance", 6000, Duration.ofMinutes(1));
        VenueWeights.Weight orders = weights.of("binance", 1200, Duration.ofMinutes(1));
        assertThat(orders).as("the first definition is everybody's").isSameAs(feeds);
        assertThat(orders.permits()).isEqualTo(6000);

        assertThat(feeds.reserve(5990)).isZero();
        assertThat(orders.tryTake(10)).as("what is left").isZero();
        long wait = orders.tryTake(20);
        assertThat(wait).as("spent: refused, with the time until 20 more are back").isEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
        assertThat(orders.refused()).isEqualTo(1);
        assertThat(orders.spent()).as("nothing taken by the refusal").isEqualTo(6000);
        assertThat(feeds.reserve(100)).as("a snapshot waits its turn, in debt").isEqualTo(TimeUnit.SECONDS.toNanos(1));

        nanos.addAndGet(TimeUnit.SECONDS.toNanos(5)); // 500 back, 100 of them owed
        assertThat(orders.tryTake(1)).isZero();
        orders.pause(3); // the venue answered 429 with Retry-After: 3
        assertThat(feeds.pausedNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(3));
        assertThat(feeds.reserve(1)).as("the feeds are held back too").isEqualTo(TimeUnit.SECONDS.toNanos(3));
        assertThat(orders.tryTake(1)).isEqualTo(TimeUnit.SECONDS.toNanos(3));
        orders.pause(1);
        assertThat(feeds.pausedNanos()).as("a shorter pause never shortens a longer one").isEqualTo(TimeUnit.SECONDS.toNanos(3));
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(3));
        assertThat(feeds.pausedNanos()).isZero();
        assertThat(orders.tryTake(1)).isZero();
        assertThat(weights.all()).containsOnlyKeys("binance");
        assertThat(weights.of("bybit", 600, Duration.ofSeconds(5))).isNotSameAs(feeds);
    }
}
