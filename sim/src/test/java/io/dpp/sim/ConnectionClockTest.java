package io.dpp.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The capture's clock of one connection: times come out in the order they went in, never going back. */
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
    void aTimeNotAfterTheLastIsAMicrosecondAfterIt() {
        ConnectionClock clock = new ConnectionClock(1_000);
        clock.add(5_000);
        clock.add(4_000); // a message a fault held back, sent after a later one
        clock.add(500);
        clock.add(6_000);
        assertThat(List.of(clock.next(), clock.next(), clock.next(), clock.next())).containsExactly(5_000L, 5_001L, 5_002L, 6_000L);
    }

    @Test
    void nothingIsReceivedBeforeTheConnectionStarts() {
        // A pong written before any recorded message, with no recorded time at hand (0), is received
        // when the connection is, not in 1970; what follows goes on from there.
        ConnectionClock clock = new ConnectionClock(1_000);
        clock.add(0);
        clock.add(999);
        clock.add(1_500);
        assertThat(List.of(clock.next(), clock.next(), clock.next())).containsExactly(1_000L, 1_001L, 1_500L);
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
