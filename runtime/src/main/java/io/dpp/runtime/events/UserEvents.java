package io.dpp.runtime.events;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Events that belong to one user (their orders, fills, positions, balances), from the service that
 * makes them (the EMS) to the one that sends them (the live stream's private channels). Inside one
 * process directly; across processes through a {@link Forwarder} (the Kafka bus relays them, and
 * {@link #deliver}s what other processes published). A subscriber sees only the events published
 * for its user. Publishing is from any thread; sinks are called on the publisher's thread and must
 * only queue.
 */
public final class UserEvents {

    /** Receives a user's events: the channel (orders, fills, positions, balances) and the event's JSON object. */
    public interface Sink {
        void event(String channel, byte[] json);
    }

    /** Takes every event published in this process to the other processes. */
    public interface Forwarder {
        void forward(String user, String channel, byte[] json);
    }

    private final Map<String, List<Sink>> byUser = new ConcurrentHashMap<>();
    private volatile boolean produced;
    private volatile boolean remote;
    private volatile Forwarder forwarder;

    /** A service of this process publishes here (the EMS, when it runs in this process). */
    public void producer() {
        produced = true;
    }

    /** Events published in other processes reach this one ({@link #deliver}). */
    public void relayed() {
        remote = true;
    }

    /** Sends every event published here to {@code f} too (other processes' subscribers). */
    public void forwardTo(Forwarder f) {
        forwarder = f;
    }

    /** True when events reach this process, published here or relayed: else a subscription would never see one. */
    public boolean produced() {
        return produced || remote;
    }

    /** True when a service of this process publishes events (relayed copies of them are then not delivered again). */
    public boolean producedHere() {
        return produced;
    }

    /** Publishes {@code json} on {@code channel} for {@code user}: to this process's sinks and to the forwarder. */
    public void publish(String user, String channel, byte[] json) {
        Forwarder f = forwarder;
        if (f != null) {
            f.forward(user, channel, json);
        }
        deliver(user, channel, json);
    }

    /** Delivers {@code json} on {@code channel} to the sinks of {@code user} in this process. */
    public void deliver(String user, String channel, byte[] json) {
        List<Sink> sinks = byUser.get(user);
        if (sinks != null) {
            for (Sink s : sinks) {
                s.event(channel, json);
            }
        }
    }

    /** True when someone may listen to {@code user}'s events (publishers may skip rendering them otherwise). */
    public boolean listened(String user) {
        if (forwarder != null) {
            return true; // a subscriber of another process may
        }
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
