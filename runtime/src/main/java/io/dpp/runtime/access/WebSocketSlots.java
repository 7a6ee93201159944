package io.dpp.runtime.access;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds on WebSocket connections: how many may wait for their auth message at once (whoever
 * opens them: they carry no key yet), and how many one key may hold open at once across the
 * stream and the replay ({@link Plan#wsConnections()}).
 */
public final class WebSocketSlots {

    private final int maxPending;
    private final AtomicInteger pending = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> perKey = new ConcurrentHashMap<>();

    /** @param maxPending connections that may wait for an auth message at once */
    public WebSocketSlots(int maxPending) {
        if (maxPending < 1) {
            throw new IllegalArgumentException("max pending connections must be at least 1, got " + maxPending);
        }
        this.maxPending = maxPending;
    }

    /** Takes a place for a connection that has yet to authenticate; false when all are taken. */
    public boolean enterPending() {
        if (pending.incrementAndGet() > maxPending) {
            pending.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Gives back a place taken by {@link #enterPending}. */
    public void leavePending() {
        pending.decrementAndGet();
    }

    /** Connections waiting for their auth message now. */
    public int pending() {
        return pending.get();
    }

    /** The most connections that may wait for an auth message at once. */
    public int maxPending() {
        return maxPending;
    }

    /**
     * Counts one more open connection of {@code grant}'s key: null when within its plan, else the
     * refusal to send (nothing is counted then). Pair each success with {@link #close}.
     */
    public String open(Grant grant) {
        int max = grant.plan().wsConnections();
        if (max == Integer.MAX_VALUE) {
            return null;
        }
        boolean[] taken = {false};
        perKey.compute(grant.keyId(), (k, n) -> {
            int open = n == null ? 0 : n;
            if (open >= max) {
                return n;
            }
            taken[0] = true;
            return open + 1;
        });
        return taken[0] ? null : "plan " + grant.plan().name() + " allows " + max
                + " WebSocket connections per key at once (stream and replay together); close one first";
    }

    /** One connection of {@code grant}'s key closed. */
    public void close(Grant grant) {
        if (grant.plan().wsConnections() == Integer.MAX_VALUE) {
            return;
        }
        perKey.computeIfPresent(grant.keyId(), (k, n) -> n <= 1 ? null : n - 1);
    }

    /** Connections open now with {@code keyId}. */
    public int open(String keyId) {
        return perKey.getOrDefault(keyId, 0);
    }
}
