package io.dpp.streams.venue.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dpp.streams.venue.ClientRequest;
import io.dpp.streams.venue.MessageProtocol;
import io.dpp.streams.venue.ProtocolSupport;
import io.dpp.streams.venue.RateLimit;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.VenueLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Kraken spot WebSocket v1 ({@code wss://ws.kraken.com}). A subscribe names a channel and a list
 * of pairs; the channel is written as Kraken names it in data messages, parameters included
 * ("book-1000", "ohlc-1"). The server sends a heartbeat every second when a connection is quiet,
 * so silence means a dead socket. A book is rebuilt by unsubscribing and subscribing again.
 */
final class KrakenProtocol extends MessageProtocol {

    private static final int SUBSCRIPTIONS_PER_CONNECTION = 100;

    @Override
    public ClientRequest parseClient(String url, String message) {
        JsonNode m = ProtocolSupport.read(message);
        if (m == null || !m.isObject()) {
            return ClientRequest.OTHER;
        }
        String event = m.path("event").asText();
        if (event.equals("ping")) {
            return ClientRequest.PING;
        }
        if (!event.equals("subscribe") && !event.equals("unsubscribe")) {
            return ClientRequest.OTHER;
        }
        JsonNode subscription = m.path("subscription");
        String name = subscription.path("name").asText();
        if (name.isEmpty()) {
            return ClientRequest.OTHER;
        }
        String channel = switch (name) {
            case "book" -> "book-" + subscription.path("depth").asInt(10);
            case "ohlc" -> "ohlc-" + subscription.path("interval").asInt(1);
            default -> name;
        };
        List<Subscription> subs = new ArrayList<>();
        for (String pair : ProtocolSupport.texts(m.path("pair"))) {
            subs.add(new Subscription(channel, pair));
        }
        return request(event.equals("subscribe"), subs);
    }

    @Override
    protected boolean oneChannelPerMessage() {
        return true;
    }

    @Override
    protected int streamsPerMessage() {
        return SUBSCRIPTIONS_PER_CONNECTION;
    }

    @Override
    protected String message(boolean subscribe, List<Subscription> streams) {
        String channel = streams.get(0).channel();
        ObjectNode m = ProtocolSupport.object();
        m.put("event", subscribe ? "subscribe" : "unsubscribe");
        m.set("pair", ProtocolSupport.strings(symbols(streams)));
        ObjectNode subscription = m.putObject("subscription");
        int dash = channel.indexOf('-');
        if (channel.startsWith("book-") && dash > 0) {
            subscription.put("name", "book");
            subscription.put("depth", Integer.parseInt(channel.substring(dash + 1)));
        } else if (channel.startsWith("ohlc-") && dash > 0) {
            subscription.put("name", "ohlc");
            subscription.put("interval", Integer.parseInt(channel.substring(dash + 1)));
        } else {
            subscription.put("name", channel);
        }
        return ProtocolSupport.write(m);
    }

    @Override
    public String ping() {
        return "{\"event\":\"ping\"}";
    }

    @Override
    public VenueLimits limits() {
        // Kraken documents no REST weight for public WebSocket books (snapshots come over the socket);
        // connection attempts are limited to about 150 per 10 minutes per IP.
        return new VenueLimits(SUBSCRIPTIONS_PER_CONNECTION, RateLimit.perSecond(1), 1,
                new RateLimit(150, Duration.ofMinutes(10)), RateLimit.perSecond(10), null);
    }
}
