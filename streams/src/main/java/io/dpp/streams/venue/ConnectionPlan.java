package io.dpp.streams.venue;

import java.util.List;

/**
 * One WebSocket connection a feed opens: where to, what to send once it is open, and the streams
 * that brings.
 *
 * @param url           the WebSocket URL, query included (Binance names its streams there)
 * @param messages      subscribe messages (and settings such as Bitfinex's conf), in order
 * @param subscriptions the streams this connection carries
 */
public record ConnectionPlan(String url, List<String> messages, List<Subscription> subscriptions) {

    public ConnectionPlan {
        messages = List.copyOf(messages);
        subscriptions = List.copyOf(subscriptions);
    }
}
