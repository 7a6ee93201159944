package io.dpp.streams.venue.bybit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.streams.venue.ClientRequest;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.MessageProtocol;
import io.dpp.streams.venue.ProtocolSupport;
import io.dpp.streams.venue.RateLimit;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.VenueLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Bybit public WebSocket. Topics are {@code CHANNEL.SYMBOL}; v5 serves each category on its own
 * path ({@code /v5/public/spot}, {@code /linear}, {@code /inverse}), the retired v2 API of the
 * fixture capture served USDT contracts on {@code /realtime_public} and inverse ones on
 * {@code /realtime}; the channel names tell the two APIs apart. Clients ping every 20 s
 * ({@code {"op":"ping"}}); a subscribe carries at most 10 topics; 500 connections per 5 minutes.
 * Spot and linear contracts share symbols on v5, so DPP uses one category per symbol (the
 * listing's, linear by default).
 */
final class BybitProtocol extends MessageProtocol {

    private static final Set<String> LEGACY = Set.of("orderBookL2_25", "orderBook_200.100ms", "trade", "insurance",
            "instrument_info.100ms", "liquidation");
    private static final int TOPICS_PER_MESSAGE = 10;
    private static final int SUBSCRIPTIONS_PER_CONNECTION = 200;

    @Override
    public ClientRequest parseClient(String url, String message) {
        JsonNode m = ProtocolSupport.read(message);
        if (m == null || !m.isObject()) {
            return ClientRequest.OTHER;
        }
        String op = m.path("op").asText();
        if (op.equals("ping")) {
            return ClientRequest.PING;
        }
        if (!op.equals("subscribe") && !op.equals("unsubscribe")) {
            return ClientRequest.OTHER;
        }
        List<Subscription> subs = new ArrayList<>();
        for (String topic : ProtocolSupport.texts(m.path("args"))) {
            int dot = topic.lastIndexOf('.');
            if (dot > 0 && dot < topic.length() - 1) {
                subs.add(new Subscription(topic.substring(0, dot), topic.substring(dot + 1)));
            }
        }
        return request(op.equals("subscribe"), subs);
    }

    @Override
    protected String path(Subscription stream, InstrumentCatalog catalog) {
        return path(stream, catalog == null ? null : catalog.find(stream.symbol()));
    }

    /** The endpoint path of a stream: its API (by channel) and the instrument's category. */
    static String path(Subscription s, Instrument instrument) {
        boolean inverse = instrument != null && instrument.type() != InstrumentType.SPOT
                && !instrument.quote().startsWith("USDT") && !instrument.quote().startsWith("USDC");
        if (LEGACY.contains(s.channel())) {
            return inverse ? "/realtime" : "/realtime_public";
        }
        if (instrument != null && instrument.type() == InstrumentType.SPOT) {
            return "/v5/public/spot";
        }
        return inverse ? "/v5/public/inverse" : "/v5/public/linear";
    }

    @Override
    protected int streamsPerMessage() {
        return TOPICS_PER_MESSAGE;
    }

    @Override
    protected String message(boolean subscribe, List<Subscription> topics) {
        ObjectNode m = ProtocolSupport.object();
        m.put("op", subscribe ? "subscribe" : "unsubscribe");
        List<String> args = new ArrayList<>();
        for (Subscription s : topics) {
            args.add(s.channel() + "." + s.symbol());
        }
        m.set("args", ProtocolSupport.strings(args));
        return ProtocolSupport.write(m);
    }

    @Override
    public boolean detectsLoss(String bookChannel) {
        return !LEGACY.contains(bookChannel);
    }

    @Override
    public String ping() {
        return "{\"op\":\"ping\"}";
    }

    @Override
    public java.time.Duration keepalive() {
        return java.time.Duration.ofSeconds(20);
    }

    @Override
    public VenueLimits limits() {
        return new VenueLimits(SUBSCRIPTIONS_PER_CONNECTION, new RateLimit(600, Duration.ofSeconds(5)), 1,
                new RateLimit(500, Duration.ofMinutes(5)), RateLimit.perSecond(10), null);
    }
}
