package io.dpp.streams.venue;

import java.util.List;

/**
 * What a message a client sends to a venue asks for, as {@link VenueProtocol#parseClient} reads
 * it: the simulator answers by it, and {@code dpp up --replay} learns from a capture's sent
 * messages which streams to subscribe to.
 *
 * @param type          what the message is
 * @param subscriptions the streams a subscribe or unsubscribe names (may be empty when the venue
 *                      names them by a connection-local id, as Bitfinex's unsubscribe does)
 */
public record ClientRequest(Type type, List<Subscription> subscriptions) {

    /** Kinds of client message. */
    public enum Type {
        SUBSCRIBE, UNSUBSCRIBE,
        /** Asks for the snapshot of books already subscribed (see {@link VenueProtocol#snapshotsAsked()}). */
        SNAPSHOT,
        PING, OTHER
    }

    public ClientRequest {
        subscriptions = List.copyOf(subscriptions);
    }

    public static ClientRequest subscribe(List<Subscription> subscriptions) {
        return new ClientRequest(Type.SUBSCRIBE, subscriptions);
    }

    public static ClientRequest unsubscribe(List<Subscription> subscriptions) {
        return new ClientRequest(Type.UNSUBSCRIBE, subscriptions);
    }

    public static ClientRequest snapshot(List<Subscription> books) {
        return new ClientRequest(Type.SNAPSHOT, books);
    }

    public static final ClientRequest PING = new ClientRequest(Type.PING, List.of());
    public static final ClientRequest OTHER = new ClientRequest(Type.OTHER, List.of());
}
