package io.dpp.streams.venue.krakenfutures;

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
import java.util.Locale;

/**
 * Kraken Futures WebSocket v1 ({@code /ws/v1}): one subscribe per feed with a list of product
 * ids. Kraken asks clients to ping at least every 60 s whatever they receive; DPP sends a WebSocket
 * ping frame every 30 s.
 * Product ids are case-insensitive on the wire; DPP's native symbols are upper case.
 */
final class KrakenFuturesProtocol extends MessageProtocol {

    private static final int SUBSCRIPTIONS_PER_CONNECTION = 100;

    @Override
    public ClientRequest parseClient(String url, String message) {
        JsonNode m = ProtocolSupport.read(message);
        if (m == null || !m.isObject()) {
            return ClientRequest.OTHER;
        }
        String event = m.path("event").asText();
        if (!event.equals("subscribe") && !event.equals("unsubscribe")) {
            return ClientRequest.OTHER;
        }
        String feed = m.path("feed").asText();
        List<Subscription> subs = new ArrayList<>();
        for (String product : ProtocolSupport.texts(m.path("product_ids"))) {
            subs.add(new Subscription(feed, product.toUpperCase(Locale.ROOT)));
        }
        return request(event.equals("subscribe"), subs);
    }

    @Override
    protected String path() {
        return "/ws/v1";
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
        m.put("event", subscribe ? "subscribe" : "unsubscribe");
        m.put("feed", streams.get(0).channel());
        m.set("product_ids", ProtocolSupport.strings(symbols(streams)));
        return ProtocolSupport.write(m);
    }

    @Override
    public java.time.Duration keepalive() {
        return java.time.Duration.ofSeconds(30);
    }

    @Override
    public VenueLimits limits() {
        return new VenueLimits(SUBSCRIPTIONS_PER_CONNECTION, RateLimit.perSecond(10), 1,
                new RateLimit(100, Duration.ofMinutes(10)), RateLimit.perSecond(10), null);
    }
}
