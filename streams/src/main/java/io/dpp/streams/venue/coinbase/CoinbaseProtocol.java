package io.dpp.streams.venue.coinbase;

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
 * Coinbase Exchange WebSocket feed ({@code wss://ws-feed.exchange.coinbase.com}, the former Pro
 * feed). Subscribe messages name product ids and channels. The public book channel is
 * {@code level2_batch} (same messages as {@code level2}, which now needs authentication). Limits:
 * 8 requests per second per IP (bursts to 20), 100 client messages per second.
 */
final class CoinbaseProtocol extends MessageProtocol {

    private static final int SUBSCRIPTIONS_PER_CONNECTION = 100;

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
        List<String> products = ProtocolSupport.texts(m.path("product_ids"));
        List<Subscription> subs = new ArrayList<>();
        for (JsonNode channel : m.path("channels")) {
            if (channel.isTextual()) {
                for (String p : products) {
                    subs.add(new Subscription(channel.asText(), p));
                }
            } else if (channel.isObject()) {
                List<String> own = ProtocolSupport.texts(channel.path("product_ids"));
                for (String p : own.isEmpty() ? products : own) {
                    subs.add(new Subscription(channel.path("name").asText(), p));
                }
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
        return SUBSCRIPTIONS_PER_CONNECTION;
    }

    @Override
    protected String message(boolean subscribe, List<Subscription> streams) {
        ObjectNode m = ProtocolSupport.object();
        m.put("type", subscribe ? "subscribe" : "unsubscribe");
        m.set("product_ids", ProtocolSupport.strings(symbols(streams)));
        m.set("channels", ProtocolSupport.strings(List.of(streams.get(0).channel())));
        return ProtocolSupport.write(m);
    }

    @Override
    public boolean detectsLoss(String bookChannel) {
        return false;
    }

    @Override
    public VenueLimits limits() {
        return new VenueLimits(SUBSCRIPTIONS_PER_CONNECTION, RateLimit.perSecond(8), 1, RateLimit.perSecond(8),
                RateLimit.perSecond(100), null);
    }
}
