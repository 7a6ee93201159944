package io.dpp.streams.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void delaysDoubleWithinJitterUpToTheCap() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), new Random(7));
        long[] ceilings = {1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000};
        for (long ceiling : ceilings) {
            long d = b.next().toMillis();
            assertTrue(d >= ceiling / 2 && d <= ceiling, "delay " + d + " within [" + ceiling / 2 + ", " + ceiling + "]");
        }
        assertEquals(ceilings.length, b.attempts());
        b.reset();
        long first = b.next().toMillis();
        assertTrue(first >= 500 && first <= 1000, "reset starts again from the initial delay: " + first);
    }

    @Test
    void jitterSpreadsClientsThatFailTogether() {
        Set<Long> delays = new HashSet<>();
        Random random = new Random(1);
        for (int client = 0; client < 50; client++) {
            Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), random);
            b.next();
            b.next();
            delays.add(b.next().toMillis());
        }
        assertTrue(delays.size() > 40, "50 clients reconnect at " + delays.size() + " different moments");
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), new Random()));
        assertThrows(IllegalArgumentException.class,
                () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), new Random()));
    }
}
