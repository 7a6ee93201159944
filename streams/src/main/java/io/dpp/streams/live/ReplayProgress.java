package io.dpp.streams.live;

import java.util.Map;

/**
 * Whether a replayed venue is finished, as the venue simulator knows it: every capture of the
 * venue has been sent, and every message sent on a connection still open has been received (the
 * feed tells how many messages each of its open connections received, by local port).
 */
public interface ReplayProgress {

    /** True when the venue's replay is over and fully delivered. */
    boolean done(String venue, Map<Integer, Long> receivedByLocalPort);

    /** True when the venue's traffic is generated (the synthetic market of {@code dpp up --demo}), not recorded. */
    default boolean synthetic(String venue) {
        return false;
    }
}
