package io.dpp.streams.venue.delta;

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
 * Delta Exchange's WebSocket ({@code wss://socket.delta.exchange}). A message subscribes channels
 * for symbols ({@code {"type":"subscribe","payload":{"channels":[{"name":"l2_orderbook","symbols":
 * ["BTCUSDT"]}]}}}), answered with the connection's {@code subscriptions}. Every {@code l2_orderbook}
 * message is the whole book (its top levels), so nothing needs a sequence; {@code all_trades} starts
 * with a snapshot of recent trades (history, not published). Delta documents 150 connections per
 * IP in five minutes; messages are not limited in its documentation, so these are conservative.
 */
final class DeltaProtocol extends MessageProtocol {

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
        for (JsonNode c : m.path("payload").path("channels")) {
            for (String symbol : ProtocolSupport.texts(c.path("symbols"))) {
                subs.add(new Subscription(c.path("name").asText(), symbol));
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
        return SYMBOLS_PER_CONNECTION;
    }

    @Override
    protected String message(boolean subscribe, List<Subscription> streams) {
        ObjectNode m = ProtocolSupport.object();
        m.put("type", subscribe ? "subscribe" : "unsubscribe");
        ObjectNode channel = m.putObject("payload").putArray("channels").addObject();
        channel.put("name", streams.get(0).channel());
        channel.set("symbols", ProtocolSupport.strings(symbols(streams)));
        return ProtocolSupport.write(m);
    }

    @Override
    public boolean detectsLoss(String bookChannel) {
        return true; // every l2_orderbook message is the whole book: a lost one cannot outlast the next
    }

    @Override
    public VenueLimits limits() {
        return new VenueLimits(SYMBOLS_PER_CONNECTION, RateLimit.perSecond(10), 1, RateLimit.perMinute(30), RateLimit.perSecond(10), null);
    }
}
