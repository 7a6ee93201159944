package io.dpp.streams.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpp.streams.live.ConnectionWatchdog.Verdict;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The watchdog's rules on a clock the test moves: no test here waits for time to pass. */
class ConnectionWatchdogTest {

    private static final long MS = 1_000_000;
    /** Any origin: the rules use differences only. */
    private static final long T0 = -5_000_000_000L;

    private static ConnectionWatchdog watchdog(Duration keepalive, Duration maxAge) {
        // ping after 2 s of silence, dead after 5 s, rotate 1 s before the maximum age, stable after 10 s
        return new ConnectionWatchdog(Duration.ofSeconds(2), Duration.ofSeconds(5), keepalive, maxAge, Duration.ofSeconds(1),
                Duration.ofSeconds(10));
    }

    @Test
    void silencePingsOnceAnIntervalThenDeclaresTheSocketDead() {
        ConnectionWatchdog w = watchdog(null, null);
        w.opened(T0);
        assertEquals(Verdict.NONE, w.check(T0 + 1999 * MS, false));
        assertEquals(Verdict.PING, w.check(T0 + 2000 * MS, false));
        assertEquals(Verdict.NONE, w.check(T0 + 2250 * MS, false), "one ping per interval");
        assertEquals(Verdict.NONE, w.check(T0 + 3999 * MS, false));
        assertEquals(Verdict.PING, w.check(T0 + 4000 * MS, false), "still silent: pinged again");
        assertEquals(4999 * MS, w.silentNanos(T0 + 4999 * MS, false));
        assertEquals(Verdict.NONE, w.check(T0 + 4999 * MS, false));
        assertEquals(Verdict.DEAD, w.check(T0 + 5000 * MS, false));
    }

    @Test
    void anythingHeardKeepsTheSocketAliveAndDefersThePing() {
        ConnectionWatchdog w = watchdog(null, null);
        w.opened(T0);
        for (long t = 0; t < 60_000; t += 1500) {
            w.heard(T0 + t * MS); // a frame or a pong every 1.5 s
            assertEquals(Verdict.NONE, w.check(T0 + (t + 1400) * MS, false), "at " + t + " ms");
        }
        w.heard(T0 + 60_000 * MS);
        assertEquals(Verdict.PING, w.check(T0 + 62_000 * MS, false));
        assertEquals(Verdict.DEAD, w.check(T0 + 65_000 * MS, false));
    }

    @Test
    void aSocketPausedForTheBusIsNotSilent() {
        ConnectionWatchdog w = watchdog(null, null);
        w.opened(T0);
        assertEquals(Verdict.NONE, w.check(T0 + 60_000 * MS, true), "not read is not silent");
        assertEquals(0, w.silentNanos(T0 + 60_000 * MS, true));
        w.heard(T0 + 60_000 * MS); // resumed: counts from here
        assertEquals(Verdict.NONE, w.check(T0 + 61_000 * MS, false));
        assertEquals(Verdict.DEAD, w.check(T0 + 65_000 * MS, false));
    }

    @Test
    void theVenuesKeepaliveIsSentOnItsIntervalEvenWhileDataFlows() {
        ConnectionWatchdog w = watchdog(Duration.ofSeconds(20), null);
        w.opened(T0);
        int pings = 0;
        for (long t = 100; t <= 60_000; t += 100) {
            w.heard(T0 + t * MS);
            if (w.check(T0 + t * MS, false) == Verdict.PING) {
                pings++;
                assertEquals(0, t % 20_000, "pinged at " + t + " ms");
            }
        }
        assertEquals(3, pings);
    }

    @Test
    void theConnectionIsRotatedAheadOfTheVenuesMaximumAge() {
        ConnectionWatchdog w = watchdog(null, Duration.ofHours(24));
        w.opened(T0);
        long before = Duration.ofHours(23).plusMinutes(59).plusSeconds(58).toNanos();
        w.heard(T0 + before);
        assertEquals(Verdict.NONE, w.check(T0 + before, false));
        long at = Duration.ofHours(24).minusSeconds(1).toNanos();
        w.heard(T0 + at);
        assertEquals(Verdict.ROTATE, w.check(T0 + at, false));
        // A dead socket is reported as dead, whatever its age.
        assertEquals(Verdict.DEAD, w.check(T0 + at + 5000 * MS, false));
    }

    @Test
    void onlyAConnectionThatLivedLongEnoughResetsTheBackoff() {
        ConnectionWatchdog w = watchdog(null, null);
        w.opened(T0);
        assertFalse(w.wasStable(T0 + 9_999 * MS));
        assertTrue(w.wasStable(T0 + 10_000 * MS));
        w.opened(T0 + 20_000 * MS);
        assertFalse(w.wasStable(T0 + 21_000 * MS), "counted from the latest open");
    }
}
