package io.dpp.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The capture's clock of one connection: times come out in the order they went in. */
class ConnectionClockTest {

    @Test
    void timesComeOutInOrderAcrossChunksAndTheLatestWhenNoneIsLeft() {
        ConnectionClock clock = new ConnectionClock(1_000);
        assertThat(clock.now()).isEqualTo(1_000);
        assertThat(clock.next()).as("nothing sent yet: the start").isEqualTo(1_000);
        for (int i = 0; i < 5_000; i++) {
            clock.add(2_000 + i);
        }
        for (int i = 0; i < 5_000; i++) {
            assertThat(clock.next()).isEqualTo(2_000 + i);
        }
        assertThat(clock.next()).as("none left: the last taken").isEqualTo(6_999);
        assertThat(clock.now()).isEqualTo(6_999);
    }

    @Test
    void timesComeOutAsTheyWentInEvenGoingBack() {
        // Two recorded connections on one client connection, the second attached after the first
        // ended: each message keeps its recorded time, and now() stays the latest.
        ConnectionClock clock = new ConnectionClock(1_000);
        clock.add(5_000);
        clock.add(6_000);
        clock.add(2_000);
        clock.add(2_500);
        assertThat(List.of(clock.next(), clock.next(), clock.next(), clock.next())).containsExactly(5_000L, 6_000L, 2_000L, 2_500L);
        assertThat(clock.now()).isEqualTo(6_000);
    }

    @Test
    void oneWriterAndOneReaderOnTwoThreads() throws Exception {
        ConnectionClock clock = new ConnectionClock(0);
        int n = 200_000;
        CountDownLatch written = new CountDownLatch(1);
        Thread writer = new Thread(() -> {
            for (int i = 1; i <= n; i++) {
                clock.add(i);
            }
            written.countDown();
        });
        writer.start();
        List<Long> read = new ArrayList<>(n);
        long previous = 0;
        while (read.size() < n) {
            long t = clock.next();
            assertThat(t).isGreaterThanOrEqualTo(previous);
            if (t > previous) {
                // A time equal to the one before is the "none left yet" answer; every new time is the next one.
                assertThat(t).isEqualTo(previous + 1);
                read.add(t);
                previous = t;
            }
        }
        written.await();
        assertThat(read).hasSize(n);
    }
}
