package io.dpp.streams.venue.coinbase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dpp.streams.venue.ChannelKind;
import io.dpp.streams.venue.ClientRequest;
import io.dpp.streams.venue.ConnectionPlan;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.ProtocolSupport;
import io.dpp.streams.venue.RateLimit;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.VenueLimits;
import io.dpp.streams.venue.VenueProtocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Coinbase Exchange WebSocket feed ({@code wss://ws-feed.exchange.coinbase.com}, the former Pro
 * feed). Subscribe messages name product ids and channels. The public book channel is
 * {@code level2_batch} (same messages as {@code level2}, which now needs authentication). Limits:
 * 8 requests per second per IP (bursts to 20), 100 client messages per second.
 */
final class CoinbaseProtocol implements VenueProtocol {

    private static final int SUBSCRIPTIONS_PER_CONNECTION = 100;

    @Override
    public String defaultWsUrl() {
        return "wss://ws-feed.exchange.coinbase.com";
    }

    @Override
    public String defaultRestUrl() {
        return "https://api.exchange.coinbase.com";
    }

    @Override
    public List<String> listingPaths() {
        return List.of("/products");
    }

    @Override
    public String channel(ChannelKind kind) {
        return switch (kind) {
            case BOOK -> "level2_batch";
            case TRADES -> "matches";
            case QUOTES -> "ticker";
            default -> null;
        };
    }

    @Override
    public boolean isBookChannel(String channel) {
        return channel.startsWith("level2");
    }

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
        return type.equals("subscribe") ? ClientRequest.subscribe(subs) : ClientRequest.unsubscribe(subs);
    }

    @Override
    public List<ConnectionPlan> plan(String wsUrl, List<Subscription> streams, InstrumentCatalog catalog) {
        return ProtocolSupport.perConnection(wsUrl, streams, SUBSCRIPTIONS_PER_CONNECTION, slice -> {
            List<String> messages = new ArrayList<>();
            for (Map.Entry<String, List<String>> e : ProtocolSupport.symbolsByChannel(slice).entrySet()) {
                messages.add(message("subscribe", e.getKey(), e.getValue()));
            }
            return messages;
        });
    }

    private static String message(String type, String channel, List<String> products) {
        ObjectNode m = ProtocolSupport.object();
        m.put("type", type);
        m.set("product_ids", ProtocolSupport.strings(products));
        m.set("channels", ProtocolSupport.strings(List.of(channel)));
        return ProtocolSupport.write(m);
    }

    @Override
    public boolean detectsLoss(String bookChannel) {
        return false;
    }

    @Override
    public Recovery recovery() {
        return Recovery.RESUBSCRIBE;
    }

    @Override
    public List<String> resubscribe(Subscription book, VenueDecoder decoder) {
        return List.of(message("unsubscribe", book.channel(), List.of(book.symbol())),
                message("subscribe", book.channel(), List.of(book.symbol())));
    }

    @Override
    public VenueLimits limits() {
        return new VenueLimits(SUBSCRIPTIONS_PER_CONNECTION, RateLimit.perSecond(8), 1, RateLimit.perSecond(8),
                RateLimit.perSecond(100), null);
    }
}
