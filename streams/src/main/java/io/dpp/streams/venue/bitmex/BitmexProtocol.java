package io.dpp.streams.venue.bitmex;

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
 * BitMEX realtime WebSocket ({@code /realtime}): {@code {"op":"subscribe","args":["TABLE:SYMBOL"]}}.
 * An idle client sends the text "ping" and gets "pong". A book is rebuilt from the "partial" a
 * new subscription brings.
 */
final class BitmexProtocol extends MessageProtocol {

    private static final int SUBSCRIPTIONS_PER_CONNECTION = 200;

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
        for (String arg : ProtocolSupport.texts(m.path("args"))) {
            int colon = arg.indexOf(':');
            if (colon > 0 && colon < arg.length() - 1) {
                subs.add(new Subscription(arg.substring(0, colon), arg.substring(colon + 1)));
            }
        }
        return request(op.equals("subscribe"), subs);
    }

    @Override
    protected String path() {
        return "/realtime";
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
        ObjectNode m = ProtocolSupport.object();
        m.put("op", subscribe ? "subscribe" : "unsubscribe");
        List<String> args = new ArrayList<>();
        for (Subscription s : streams) {
            args.add(s.channel() + ":" + s.symbol());
        }
        m.set("args", ProtocolSupport.strings(args));
        return ProtocolSupport.write(m);
    }

    @Override
    public boolean detectsLoss(String bookChannel) {
        return false;
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
        return new VenueLimits(SUBSCRIPTIONS_PER_CONNECTION, RateLimit.perMinute(30), 1,
                new RateLimit(40, Duration.ofHours(1)), RateLimit.perSecond(10), null);
    }
}
