package io.dpp.streams.venue.deribit;

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
import java.util.concurrent.atomic.AtomicLong;

/**
 * Deribit JSON-RPC over WebSocket ({@code /ws/api/v2}). Channels are {@code NAME.INSTRUMENT.INTERVAL}
 * ("book.BTC-PERPETUAL.100ms"); DPP writes the channel without the instrument ("book.100ms").
 * Raw (tick-by-tick) channels need an authorised connection; the 100 ms ones are public and carry
 * the same change_id chain. Idle clients call {@code public/test}.
 */
final class DeribitProtocol extends MessageProtocol {

    private static final int CHANNELS_PER_MESSAGE = 100;
    private static final int SUBSCRIPTIONS_PER_CONNECTION = 500;

    private final AtomicLong ids = new AtomicLong();

    @Override
    public ClientRequest parseClient(String url, String message) {
        JsonNode m = ProtocolSupport.read(message);
        if (m == null || !m.isObject()) {
            return ClientRequest.OTHER;
        }
        String method = m.path("method").asText();
        if (method.equals("public/test")) {
            return ClientRequest.PING;
        }
        boolean subscribe = method.equals("public/subscribe");
        if (!subscribe && !method.equals("public/unsubscribe")) {
            return ClientRequest.OTHER;
        }
        List<Subscription> subs = new ArrayList<>();
        for (String channel : ProtocolSupport.texts(m.path("params").path("channels"))) {
            Subscription s = fromChannel(channel);
            if (s != null) {
                subs.add(s);
            }
        }
        return request(subscribe, subs);
    }

    /** "book.BTC-PERPETUAL.100ms" as (book.100ms, BTC-PERPETUAL); "quote.BTC-PERPETUAL" as (quote, ...). */
    static Subscription fromChannel(String channel) {
        int first = channel.indexOf('.');
        if (first <= 0) {
            return null;
        }
        int last = channel.lastIndexOf('.');
        if (last == first) {
            return new Subscription(channel.substring(0, first), channel.substring(first + 1));
        }
        return new Subscription(channel.substring(0, first) + channel.substring(last),
                channel.substring(first + 1, last));
    }

    /** The wire name of a stream. */
    static String toChannel(Subscription s) {
        int dot = s.channel().indexOf('.');
        return dot < 0 ? s.channel() + "." + s.symbol()
                : s.channel().substring(0, dot) + "." + s.symbol() + s.channel().substring(dot);
    }

    @Override
    protected String path() {
        return "/ws/api/v2";
    }

    @Override
    protected int streamsPerMessage() {
        return CHANNELS_PER_MESSAGE;
    }

    @Override
    protected String message(boolean subscribe, List<Subscription> subs) {
        ObjectNode m = ProtocolSupport.object();
        m.put("jsonrpc", "2.0");
        m.put("id", ids.incrementAndGet());
        m.put("method", subscribe ? "public/subscribe" : "public/unsubscribe");
        List<String> channels = new ArrayList<>();
        for (Subscription s : subs) {
            channels.add(toChannel(s));
        }
        m.putObject("params").set("channels", ProtocolSupport.strings(channels));
        return ProtocolSupport.write(m);
    }

    @Override
    public String ping() {
        return "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"public/test\",\"params\":{}}";
    }

    @Override
    public VenueLimits limits() {
        return new VenueLimits(SUBSCRIPTIONS_PER_CONNECTION, RateLimit.perSecond(20), 1, RateLimit.perSecond(5),
                RateLimit.perSecond(20), null);
    }
}
