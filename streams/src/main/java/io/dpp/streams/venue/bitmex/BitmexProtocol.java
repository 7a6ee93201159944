package io.dpp.streams.venue.bitmex;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * BitMEX realtime WebSocket ({@code /realtime}): {@code {"op":"subscribe","args":["TABLE:SYMBOL"]}}.
 * An idle client sends the text "ping" and gets "pong". A book is rebuilt from the "partial" a
 * new subscription brings.
 */
final class BitmexProtocol implements VenueProtocol {

    private static final int SUBSCRIPTIONS_PER_CONNECTION = 200;

    @Override
    public String defaultWsUrl() {
        return "wss://ws.bitmex.com";
    }

    @Override
    public String defaultRestUrl() {
        return "https://www.bitmex.com";
    }

    @Override
    public List<String> listingPaths() {
        return List.of("/api/v1/instrument/active");
    }

    @Override
    public String channel(ChannelKind kind) {
        return switch (kind) {
            case BOOK -> "orderBookL2";
            case TRADES -> "trade";
            case QUOTES -> "quote";
            case LIQUIDATIONS -> "liquidation";
            default -> null;
        };
    }

    @Override
    public boolean isBookChannel(String channel) {
        return channel.startsWith("orderBookL2");
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
        for (String arg : ProtocolSupport.texts(m.path("args"))) {
            int colon = arg.indexOf(':');
            if (colon > 0 && colon < arg.length() - 1) {
                subs.add(new Subscription(arg.substring(0, colon), arg.substring(colon + 1)));
            }
        }
        return op.equals("subscribe") ? ClientRequest.subscribe(subs) : ClientRequest.unsubscribe(subs);
    }

    @Override
    public List<ConnectionPlan> plan(String wsUrl, List<Subscription> streams, InstrumentCatalog catalog) {
        return ProtocolSupport.perConnection(ProtocolSupport.join(wsUrl, "/realtime"), streams,
                SUBSCRIPTIONS_PER_CONNECTION, slice -> {
                    List<String> messages = new ArrayList<>();
                    for (Map.Entry<String, List<String>> e : ProtocolSupport.symbolsByChannel(slice).entrySet()) {
                        messages.add(message("subscribe", e.getKey(), e.getValue()));
                    }
                    return messages;
                });
    }

    private static String message(String op, String table, List<String> symbols) {
        ObjectNode m = ProtocolSupport.object();
        m.put("op", op);
        List<String> args = new ArrayList<>();
        for (String s : symbols) {
            args.add(table + ":" + s);
        }
        m.set("args", ProtocolSupport.strings(args));
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
