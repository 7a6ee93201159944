package io.dpp.streams.venue.poloniex;

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
 * Poloniex's public WebSocket ({@code wss://ws.poloniex.com/ws/public}). A message subscribes
 * channels for symbols ({@code {"event":"subscribe","channel":["book_lv2"],"symbols":["BTC_USDT"]}})
 * and is acknowledged by channel with its symbols; {@code book_lv2} starts each symbol with a
 * snapshot of its top 20 levels, then updates chained by {@code lastId == previous id}. The server
 * ends a session that sends nothing for 30 s, so the feed pings ({@code {"event":"ping"}}) every
 * 20 s. A connection may send 500 requests a second; an IP may hold 2000 connections (how fast it
 * may open them is not documented, so the feed assumes a few a second).
 */
final class PoloniexProtocol extends MessageProtocol {

    private static final String PATH = "/ws/public";
    private static final int SYMBOLS_PER_CONNECTION = 100;
    static final String PING = "{\"event\":\"ping\"}";

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
        List<Subscription> subs = new ArrayList<>();
        JsonNode channels = m.path("channel");
        for (String channel : channels.isTextual() ? List.of(channels.asText()) : ProtocolSupport.texts(channels)) {
            for (String symbol : ProtocolSupport.texts(m.path("symbols"))) {
                subs.add(new Subscription(channel, symbol));
            }
        }
        return request(event.equals("subscribe"), subs);
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
        m.put("event", subscribe ? "subscribe" : "unsubscribe");
        m.putArray("channel").add(streams.get(0).channel());
        m.set("symbols", ProtocolSupport.strings(symbols(streams)));
        return ProtocolSupport.write(m);
    }

    @Override
    public String ping() {
        return PING;
    }

    @Override
    public Duration keepalive() {
        return Duration.ofSeconds(20);
    }

    @Override
    public VenueLimits limits() {
        return new VenueLimits(SYMBOLS_PER_CONNECTION, RateLimit.perSecond(10), 1, RateLimit.perSecond(5), RateLimit.perSecond(500), null);
    }
}
