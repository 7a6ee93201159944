package io.dpp.streams.venue.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dpp.streams.venue.ClientRequest;
import io.dpp.streams.venue.MessageProtocol;
import io.dpp.streams.venue.ProtocolSupport;
import io.dpp.streams.venue.RateLimit;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.VenueLimits;
import java.util.ArrayList;
import java.util.List;

/**
 * Gemini's v2 market data WebSocket ({@code wss://api.gemini.com/v2/marketdata/}). One subscribe
 * message names a channel and its symbols ({@code {"type":"subscribe","subscriptions":[{"name":"l2",
 * "symbols":["BTCUSD"]}]}}); the {@code l2} channel carries the book and the trades of each symbol.
 * Nothing acknowledges a subscription: the book's first message is its snapshot. The feed has no
 * sequence numbers or checksums, so a lost message cannot be seen (the periodic rebuild heals it);
 * Gemini sends a heartbeat every five seconds. Its public API allows 120 requests a minute (one a
 * second recommended) and its private API five a second; its documentation gives no WebSocket
 * limits, so a connection a second and five messages a second on each are assumed.
 */
final class GeminiProtocol extends MessageProtocol {

    private static final String PATH = "/v2/marketdata/";
    private static final int SYMBOLS_PER_CONNECTION = 100;

    @Override
    public ClientRequest parseClient(String url, String message) {
        JsonNode m = ProtocolSupport.read(message);
        if (m == null || !m.isObject()) {
            return ClientRequest.OTHER;
        }
        String type = m.path("type").asText();
        if (!type.equals("subscribe") && !type.equals("unsubscribe")) {
            return ClientRequest.OTHER;
        }
        List<Subscription> subs = new ArrayList<>();
        for (JsonNode s : m.path("subscriptions")) {
            String name = s.path("name").asText();
            for (String symbol : ProtocolSupport.texts(s.path("symbols"))) {
                if (!name.isEmpty() && !symbol.isEmpty()) {
                    subs.add(new Subscription(name, symbol));
                }
            }
        }
        return request(type.equals("subscribe"), subs);
    }

    @Override
    protected String path() {
        return PATH;
    }

    @Override
    protected boolean oneChannelPerMessage() {
        return true;
    }

    @Override
    protected int streamsPerMessage() {
        return SYMBOLS_PER_CONNECTION;
    }

    @Override
    protected String message(boolean subscribe, List<Subscription> streams) {
        ObjectNode m = ProtocolSupport.object();
        m.put("type", subscribe ? "subscribe" : "unsubscribe");
        ObjectNode s = m.putArray("subscriptions").addObject();
        s.put("name", streams.get(0).channel());
        s.set("symbols", ProtocolSupport.strings(symbols(streams)));
        return ProtocolSupport.write(m);
    }

    @Override
    public boolean detectsLoss(String bookChannel) {
        return false;
    }

    @Override
    public VenueLimits limits() {
        return new VenueLimits(SYMBOLS_PER_CONNECTION, RateLimit.perMinute(120), 1, RateLimit.perSecond(1), RateLimit.perSecond(5), null);
    }
}
