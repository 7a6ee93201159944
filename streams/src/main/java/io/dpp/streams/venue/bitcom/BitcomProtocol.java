package io.dpp.streams.venue.bitcom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dpp.streams.venue.ClientRequest;
import io.dpp.streams.venue.MessageProtocol;
import io.dpp.streams.venue.ProtocolSupport;
import io.dpp.streams.venue.RateLimit;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.VenueEndpoints;
import io.dpp.streams.venue.VenueLimits;
import java.util.ArrayList;
import java.util.List;

/**
 * Bit.com's public WebSocket (spot at {@code wss://spot-ws.bit.com}, linear perpetuals at
 * {@code wss://ws.bit.com}): {@code {"type":"subscribe","channels":["depth"],"pairs":[...]}} (the
 * linear market names {@code "instruments"}), answered by a {@code subscription} message naming the
 * channels. A depth subscription starts with its snapshot; each update names the sequence of the
 * one before it, so a book is rebuilt by subscribing again. Limits are not documented for the
 * public streams: 100 streams per connection, 1 connection and 10 messages a second are assumed.
 */
final class BitcomProtocol extends MessageProtocol {

    private static final int STREAMS_PER_CONNECTION = 100;

    private final boolean linear;
    private final VenueEndpoints endpoints;

    BitcomProtocol(boolean linear, VenueEndpoints endpoints) {
        this.linear = linear;
        this.endpoints = endpoints;
    }

    @Override
    public VenueEndpoints endpoints() {
        return endpoints;
    }

    /** The subscription's member naming its markets: "pairs" (spot) or "instruments" (linear). */
    private String names() {
        return linear ? "instruments" : "pairs";
    }

    @Override
    public ClientRequest parseClient(String url, String message) {
        JsonNode m = ProtocolSupport.read(message);
        if (m == null || !m.isObject()) {
            return ClientRequest.OTHER;
        }
        String type = m.path("type").asText();
        if (type.equals("ping")) {
            return ClientRequest.PING;
        }
        if (!type.equals("subscribe") && !type.equals("unsubscribe")) {
            return ClientRequest.OTHER;
        }
        List<Subscription> subs = new ArrayList<>();
        for (String channel : ProtocolSupport.texts(m.path("channels"))) {
            for (String symbol : ProtocolSupport.texts(m.path(names()))) {
                subs.add(new Subscription(channel, symbol));
            }
        }
        return request(type.equals("subscribe"), subs);
    }

    @Override
    protected boolean oneChannelPerMessage() {
        return true;
    }

    @Override
    protected int streamsPerMessage() {
        return STREAMS_PER_CONNECTION;
    }

    @Override
    protected String message(boolean subscribe, List<Subscription> streams) {
        ObjectNode m = ProtocolSupport.object();
        m.put("type", subscribe ? "subscribe" : "unsubscribe");
        m.set("channels", ProtocolSupport.strings(List.of(streams.get(0).channel())));
        m.set(names(), ProtocolSupport.strings(symbols(streams)));
        return ProtocolSupport.write(m);
    }

    @Override
    public VenueLimits limits() {
        return new VenueLimits(STREAMS_PER_CONNECTION, RateLimit.perSecond(10), 1, RateLimit.perSecond(1), RateLimit.perSecond(10), null);
    }
}
