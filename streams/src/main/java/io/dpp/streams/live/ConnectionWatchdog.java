package io.dpp.streams.live;

import java.time.Duration;

/**
 * The timing rules that watch one venue connection, apart from its socket: when silence calls for
 * a ping, when it means the socket is dead, when the venue's own keepalive is due, when the
 * connection must be rotated ahead of the venue's maximum age, and whether it lived long enough for
 * its reconnect backoff to start again from the beginning.
 *
 * <p>Every call takes the current time from its caller, in nanoseconds of a monotonic ticker
 * ({@link System#nanoTime} in the feed), so tests move time instead of waiting for it. Used on the
 * connection's event loop only.
 */
final class ConnectionWatchdog {

    /** What a check found due, the most urgent first. */
    enum Verdict {
        /** Nothing to do. */
        NONE,
        /** Silent for dead-after, not even a pong: close the socket as dead. */
        DEAD,
        /** The venue's maximum connection age (less the margin) is reached: close and reconnect. */
        ROTATE,
        /** Send a WebSocket ping (and the venue's own ping message, if it has one). */
        PING
    }

    private final long pingAfter;
    private final long deadAfter;
    /** The venue's keepalive interval, or 0 when it asks for none. */
    private final long keepalive;
    /** Age at which the connection is rotated, or 0 when the venue sets no maximum age. */
    private final long rotateAfter;
    private final long stableAfter;

    private long opened;
    private long lastHeard;
    private long lastPing;

    /**
     * @param keepalive the venue's keepalive interval, or null
     * @param maxAge the venue's maximum connection age, or null
     * @param margin how long before {@code maxAge} the connection is rotated
     */
    ConnectionWatchdog(Duration pingAfter, Duration deadAfter, Duration keepalive, Duration maxAge, Duration margin,
                       Duration stableAfter) {
        this.pingAfter = pingAfter.toNanos();
        this.deadAfter = deadAfter.toNanos();
        this.keepalive = keepalive == null ? 0 : keepalive.toNanos();
        this.rotateAfter = maxAge == null ? 0 : Math.max(1, maxAge.minus(margin).toNanos());
        this.stableAfter = stableAfter.toNanos();
    }

    /** A socket opened at {@code now}: it counts as just heard and just pinged. */
    void opened(long now) {
        opened = now;
        lastHeard = now;
        lastPing = now;
    }

    /**
     * Something arrived at {@code now} (a frame or a pong), or the socket was not read for a while
     * because the bus was full: either way the venue was not silent.
     */
    void heard(long now) {
        lastHeard = now;
    }

    /** How long nothing has arrived; 0 while reading is paused (not read is not silent). */
    long silentNanos(long now, boolean paused) {
        return paused ? 0 : now - lastHeard;
    }

    /**
     * What is due at {@code now}. A {@link Verdict#PING} counts as sent: the next one is due a
     * full interval later.
     *
     * @param paused whether reading is paused because the bus is full
     */
    Verdict check(long now, boolean paused) {
        long silent = silentNanos(now, paused);
        if (silent >= deadAfter) {
            return Verdict.DEAD;
        }
        if (rotateAfter > 0 && now - opened >= rotateAfter) {
            return Verdict.ROTATE;
        }
        long sincePing = now - lastPing;
        boolean keepaliveDue = keepalive > 0 && sincePing >= keepalive;
        if (keepaliveDue || silent >= pingAfter && sincePing >= pingAfter) {
            lastPing = now;
            return Verdict.PING;
        }
        return Verdict.NONE;
    }

    /** Whether a connection lost at {@code now} had lived long enough to reset the backoff. */
    boolean wasStable(long now) {
        return now - opened >= stableAfter;
    }
}
