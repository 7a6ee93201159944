package io.dpp.streams.venue.hitbtc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dpp.streams.venue.ClientRequest;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.MessageProtocol;
import io.dpp.streams.venue.ProtocolSupport;
import io.dpp.streams.venue.RateLimit;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.VenueEndpoints;
import io.dpp.streams.venue.VenueLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * HitBTC's (and Bequant's) public WebSocket. A stream is DPP's {@code Orderbook}, {@code Trades} or
 * {@code Ticker} whatever the instrument's API version ({@link HitbtcApi}); the request names what
 * that version calls it.
 *
 * <p>API v3 ({@code /api/3/ws/public}, live): {@code {"method":"subscribe","ch":"orderbook/full",
 * "params":{"symbols":["BTCUSDT"]},"id":1}}, many symbols of one channel a request, answered
 * {@code {"result":{"ch":..,"subscriptions":[..]},"id":1}}. {@code Orderbook} is
 * {@code orderbook/full} (the whole book, then updates whose {@code s} is one more than the last),
 * {@code Trades} is {@code trades}, {@code Ticker} is {@code orderbook/top/100ms} (the best bid and
 * ask with sizes). The server pings (WebSocket frames) every 30 s.
 *
 * <p>API v2 ({@code /api/2/ws/public}, what the fixtures recorded), JSON-RPC: one symbol a request
 * ({@code {"method":"subscribeOrderbook","params":{"symbol":"BTCUSD"},"id":1}}), answered
 * {@code {"jsonrpc":"2.0","result":true,"id":1}}; the channel is the method's end (Candles take a
 * period, M1 here).
 *
 * <p>In both, a book is asked for again by unsubscribing and subscribing it. HitBTC allows 10
 * requests a second on a connection (a burst of 10) and 100 connections an IP.
 */
final class HitbtcProtocol extends MessageProtocol {

    private static final int SYMBOLS_PER_CONNECTION = 100;
    /** Symbols one v3 request names. */
    private static final int SYMBOLS_PER_REQUEST = 50;
    /** DPP's channel names (v2's) and what API v3 calls them. */
    private static final Map<String, String> V3_CHANNELS = Map.of("Orderbook", "orderbook/full", "Trades", "trades",
            "Ticker", "orderbook/top/100ms", "Candles", "candles/M1");

    private final VenueEndpoints endpoints;

    HitbtcProtocol(VenueEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    public VenueEndpoints endpoints() {
        return endpoints;
    }

    /** DPP's name of a v3 channel, or null for one DPP does not read. */
    static String channelOfV3(String ch) {
        for (Map.Entry<String, String> e : V3_CHANNELS.entrySet()) {
            if (e.getValue().equals(ch)) {
                return e.getKey();
            }
        }
        return null;
    }

    /** API v3's name of a DPP channel. */
    static String v3Channel(String channel) {
        return V3_CHANNELS.getOrDefault(channel, channel);
    }

    @Override
    public ClientRequest parseClient(String url, String message) {
        JsonNode m = ProtocolSupport.read(message);
        if (m == null || !m.isObject()) {
            return ClientRequest.OTHER;
        }
        String method = m.path("method").asText();
        if (m.has("ch")) {
            String channel = channelOfV3(m.path("ch").asText());
            if (channel == null || !(method.equals("subscribe") || method.equals("unsubscribe"))) {
                return ClientRequest.OTHER;
            }
            List<Subscription> subs = new ArrayList<>();
            for (JsonNode symbol : m.path("params").path("symbols")) {
                if (symbol.isTextual() && !symbol.asText().isEmpty()) {
                    subs.add(new Subscription(channel, symbol.asText()));
                }
            }
            return request(method.equals("subscribe"), subs);
        }
        String symbol = m.path("params").path("symbol").asText();
        boolean subscribe = method.startsWith("subscribe");
        if (symbol.isEmpty() || !(subscribe || method.startsWith("unsubscribe"))) {
            return ClientRequest.OTHER;
        }
        String channel = method.substring(subscribe ? "subscribe".length() : "unsubscribe".length());
        return channel.isEmpty() ? ClientRequest.OTHER : request(subscribe, List.of(new Subscription(channel, symbol)));
    }

    /** Streams of v2 instruments and of v3 instruments each on connections of their own. */
    @Override
    protected String path(Subscription stream, InstrumentCatalog catalog) {
        return HitbtcApi.of(catalog, stream.symbol()).path;
    }

    @Override
    protected String path() {
        return HitbtcApi.V3.path;
    }

    @Override
    protected boolean oneChannelPerMessage() {
        return true;
    }

    @Override
    protected int streamsPerMessage() {
        return SYMBOLS_PER_REQUEST;
    }

    /** A v2 connection asks for one symbol a request; a v3 one for up to {@value #SYMBOLS_PER_REQUEST} of a channel. */
    @Override
    protected List<String> subscribeMessages(List<Subscription> streams, InstrumentCatalog catalog) {
        if (streams.isEmpty() || HitbtcApi.of(catalog, streams.get(0).symbol()) == HitbtcApi.V3) {
            return super.subscribeMessages(streams, catalog);
        }
        List<String> messages = new ArrayList<>(streams.size());
        for (Subscription s : streams) {
            messages.add(v2(true, s));
        }
        return messages;
    }

    @Override
    protected String message(boolean subscribe, List<Subscription> streams) {
        return message(subscribe, streams, null);
    }

    /** A connection carries one API version ({@link #path(Subscription, InstrumentCatalog)}): its first stream's. */
    @Override
    protected String message(boolean subscribe, List<Subscription> streams, InstrumentCatalog catalog) {
        if (HitbtcApi.of(catalog, streams.get(0).symbol()) == HitbtcApi.V2) {
            return v2(subscribe, streams.get(0));
        }
        ObjectNode m = ProtocolSupport.object();
        m.put("method", subscribe ? "subscribe" : "unsubscribe");
        m.put("ch", v3Channel(streams.get(0).channel()));
        var symbols = m.putObject("params").putArray("symbols");
        for (Subscription s : streams) {
            symbols.add(s.symbol());
        }
        m.put("id", 1);
        return ProtocolSupport.write(m);
    }

    private static String v2(boolean subscribe, Subscription s) {
        return "{\"method\":\"" + (subscribe ? "subscribe" : "unsubscribe") + s.channel() + "\",\"params\":{\"symbol\":\""
                + s.symbol() + "\"" + (s.channel().equals("Candles") ? ",\"period\":\"M1\"" : "") + "},\"id\":1}";
    }

    @Override
    public VenueLimits limits() {
        return new VenueLimits(SYMBOLS_PER_CONNECTION, RateLimit.perSecond(10), 1, RateLimit.perSecond(1), RateLimit.perSecond(10), null);
    }
}
