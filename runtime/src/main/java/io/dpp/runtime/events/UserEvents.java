package io.dpp.runtime.events;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Events that belong to one user (their orders, fills, positions, balances), from the service that
 * makes them (the EMS) to the one that sends them (the live stream's private channels), inside one
 * process. A subscriber sees only the events published for its user. Publishing is from any
 * thread; sinks are called on the publisher's thread and must only queue.
 */
public final class UserEvents {

    /** Receives a user's events: the channel (orders, fills, positions, balances) and the event's JSON object. */
    public interface Sink {
        void event(String channel, byte[] json);
    }

    private final Map<String, List<Sink>> byUser = new ConcurrentHashMap<>();
    private volatile boolean produced;

    /** A service of this process publishes here (the EMS, when it runs in this process). */
    public void producer() {
        produced = true;
    }

    /** True when a service of this process publishes events: else a subscription would never see one. */
    public boolean produced() {
        return produced;
    }

    /** Delivers {@code json} on {@code channel} to the sinks of {@code user}. */
    public void publish(String user, String channel, byte[] json) {
        List<Sink> sinks = byUser.get(user);
        if (sinks != null) {
            for (Sink s : sinks) {
                s.event(channel, json);
            }
        }
    }

    /** True when someone listens to {@code user}'s events (publishers may skip rendering them otherwise). */
    public boolean listened(String user) {
        List<Sink> sinks = byUser.get(user);
        return sinks != null && !sinks.isEmpty();
    }

    /** Adds a sink of {@code user}'s events; closing the handle removes it. */
    public AutoCloseable subscribe(String user, Sink sink) {
        byUser.computeIfAbsent(user, u -> new CopyOnWriteArrayList<>()).add(sink);
        return () -> byUser.computeIfPresent(user, (u, sinks) -> {
            sinks.remove(sink);
            return sinks.isEmpty() ? null : sinks;
        });
    }
}
