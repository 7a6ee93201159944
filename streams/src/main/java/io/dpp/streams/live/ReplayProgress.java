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

    /**
     * True when the venue's traffic is synthetic: generated (the market of {@code dpp up --demo}) or a
     * recording of such a run. Every event of such a venue is marked {@link io.dpp.core.model.MarketEvent#demo()}.
     */
    default boolean demo(String venue) {
        return false;
    }
}
