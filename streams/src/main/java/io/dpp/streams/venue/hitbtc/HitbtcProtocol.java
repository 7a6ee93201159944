package io.dpp.streams.venue.hitbtc;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.streams.venue.ClientRequest;
import io.dpp.streams.venue.MessageProtocol;
import io.dpp.streams.venue.ProtocolSupport;
import io.dpp.streams.venue.RateLimit;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.VenueEndpoints;
import io.dpp.streams.venue.VenueLimits;
import java.util.List;

/**
 * HitBTC's (and Bequant's) API v2 public WebSocket ({@code /api/2/ws/public}), JSON-RPC: one symbol a
 * request ({@code {"method":"subscribeOrderbook","params":{"symbol":"BTCUSD"},"id":1}}), answered
 * {@code {"jsonrpc":"2.0","result":true,"id":1}}. A book subscription starts with
 * {@code snapshotOrderbook}, then {@code updateOrderbook} whose {@code sequence} is one more than
 * the last; a book is asked for again by unsubscribing and subscribing it. Channels are named by
 * the method's end: Orderbook, Trades, Ticker (Candles take a period, M1 here). HitBTC allows 10
 * requests a second on a connection; the rest is assumed.
 */
final class HitbtcProtocol extends MessageProtocol {

    private static final String PATH = "/api/2/ws/public";
    private static final int SYMBOLS_PER_CONNECTION = 100;

    private final VenueEndpoints endpoints;

    HitbtcProtocol(VenueEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    public VenueEndpoints endpoints() {
        return endpoints;
    }

    @Override
    public ClientRequest parseClient(String url, String message) {
        JsonNode m = ProtocolSupport.read(message);
        if (m == null || !m.isObject()) {
            return ClientRequest.OTHER;
        }
        String method = m.path("method").asText();
        String symbol = m.path("params").path("symbol").asText();
        boolean subscribe = method.startsWith("subscribe");
        if (symbol.isEmpty() || !(subscribe || method.startsWith("unsubscribe"))) {
            return ClientRequest.OTHER;
        }
        String channel = method.substring(subscribe ? "subscribe".length() : "unsubscribe".length());
        return channel.isEmpty() ? ClientRequest.OTHER : request(subscribe, List.of(new Subscription(channel, symbol)));
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
        return 1;
    }

    @Override
    protected String message(boolean subscribe, List<Subscription> streams) {
        Subscription s = streams.get(0);
        return "{\"method\":\"" + (subscribe ? "subscribe" : "unsubscribe") + s.channel() + "\",\"params\":{\"symbol\":\""
                + s.symbol() + "\"" + (s.channel().equals("Candles") ? ",\"period\":\"M1\"" : "") + "},\"id\":1}";
    }

    @Override
    public VenueLimits limits() {
        return new VenueLimits(SYMBOLS_PER_CONNECTION, RateLimit.perSecond(10), 1, RateLimit.perSecond(1), RateLimit.perSecond(10), null);
    }
}
