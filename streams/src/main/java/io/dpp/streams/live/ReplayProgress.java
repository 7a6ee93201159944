package io.dpp.streams.live;

import java.util.Map;

/**
 * What the venue simulator of {@code dpp up --replay} tells the feeds it serves: whether a replayed
 * venue is finished, whether its traffic is synthetic, and the capture's clock on each connection.
 *
 * <p>A replayed message keeps the receive time it was recorded with, so that replaying the same
 * capture twice stores the same rows (the store deduplicates them) and every channel of the replay
 * lies on the capture's one clock, as it did when it was recorded.
 */
public interface ReplayProgress {

    /** True when the venue's replay is over and fully delivered. */
    boolean done(String venue, Map<Integer, Long> receivedByLocalPort);

    /**
     * True when the venue's traffic is synthetic: generated (the market of {@code dpp up --demo}) or a
     * recording of such a run. Every event of such a venue is marked {@link io.dpp.core.model.MarketEvent#demo()}.
     */
    default boolean demo(String venue) {
        return false;
    }

    /**
     * The feeds of this process read the simulator's clocks ({@link #clock}), from now on: it keeps
     * one for each connection. A simulator whose clients are in other processes ({@code dpp sim})
     * keeps none, so that times nobody takes do not pile up.
     */
    default void feedsAttached() {
    }

    /**
     * The capture's clock on the connection whose client end is {@code localPort}, or null when the
     * venue's messages are stamped with the wall clock (a synthetic market paced in real time, or a
     * connection the simulator does not know).
     */
    default ReplayClock clock(String venue, int localPort) {
        return null;
    }

    /**
     * The recorded receive times of what the simulator sends on one connection, in the order sent.
     * The simulator adds a time before it writes each message; the feed takes one per message it
     * receives, on its own thread.
     */
    interface ReplayClock {

        /** The recorded time of the latest message sent, or of the connection's start: epoch micros. */
        long now();

        /**
         * The recorded receive time of the next message, in the order the messages were sent; the
         * time taken last (or the start) when none is left (a message the simulator did not send
         * through the clock).
         */
        long next();
    }
}
