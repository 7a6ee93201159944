package io.dpp.streams.venue.okx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
 * OKX's v5 public WebSocket ({@code /ws/v5/public}), OKX's and Okcoin's ({@link OkxFlavor}). Subscriptions are {channel, instId} pairs,
 * sent in batches. OKX closes a connection that stays silent for 30 s, so an idle client sends
 * the text "ping" and gets "pong". Subscribe and unsubscribe requests are limited to 480 per hour
 * per connection and new connections to 3 per second per IP.
 */
final class OkxProtocol extends MessageProtocol {

    private static final String PATH = "/ws/v5/public";
    private static final int SUBSCRIPTIONS_PER_CONNECTION = 200;
    private static final int ARGS_PER_MESSAGE = 50;

    private final OkxFlavor flavor;

    OkxProtocol(OkxFlavor flavor) {
        this.flavor = flavor;
    }

    @Override
    public io.dpp.streams.venue.VenueEndpoints endpoints() {
        return flavor.endpoints;
    }

    @Override
    public ClientRequest parseClient(String url, String message) {
        if ("ping".equals(message)) {
            return ClientRequest.PING;
        }
        JsonNode m = ProtocolSupport.read(message);
        if (m == null || !m.isObject()) {
            return ClientRequest.OTHER;
        }
        String op = m.path("op").asText();
        if (!op.equals("subscribe") && !op.equals("unsubscribe")) {
            return ClientRequest.OTHER;
        }
        List<Subscription> subs = new ArrayList<>();
        for (JsonNode arg : m.path("args")) {
            String channel = arg.path("channel").asText();
            String instId = arg.path("instId").asText();
            if (!channel.isEmpty() && !instId.isEmpty()) {
                subs.add(new Subscription(channel, instId));
            }
        }
        return request(op.equals("subscribe"), subs);
    }

    @Override
    protected String path() {
        return PATH;
    }

    @Override
    protected int streamsPerMessage() {
        return ARGS_PER_MESSAGE;
    }

    @Override
    protected String message(boolean subscribe, List<Subscription> subs) {
        ObjectNode m = ProtocolSupport.object();
        m.put("op", subscribe ? "subscribe" : "unsubscribe");
        ArrayNode args = m.putArray("args");
        for (Subscription s : subs) {
            args.addObject().put("channel", s.channel()).put("instId", s.symbol());
        }
        return ProtocolSupport.write(m);
    }

    @Override
    public String ping() {
        return "ping";
    }

    @Override
    public String pong() {
        return "pong";
    }

    @Override
    public VenueLimits limits() {
        return new VenueLimits(SUBSCRIPTIONS_PER_CONNECTION, RateLimit.perSecond(10), 1,
                RateLimit.perSecond(3), new RateLimit(480, Duration.ofHours(1)), null);
    }
}
