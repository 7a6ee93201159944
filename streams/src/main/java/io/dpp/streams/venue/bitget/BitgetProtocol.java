package io.dpp.streams.venue.bitget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

/**
 * Bitget's public WebSocket. API v2 (live): every market at {@code wss://ws.bitget.com/v2/ws/public},
 * {@code {"op":"subscribe","args":[{"instType":"SPOT","channel":"books","instId":"BTCUSDT"}]}}
 * ({@code USDT-FUTURES}, {@code COIN-FUTURES}, {@code USDC-FUTURES} for contracts). API v1 (what the
 * fixtures recorded, retired since), for instruments listed by v1: spot at {@code /spot/v1/stream}
 * (instType {@code SP}), futures at {@code /mix/v1/stream} ({@code MC}). In both, a book subscription
 * starts with its snapshot and each update carries a CRC32 of the top 25 levels, so a book is rebuilt
 * by subscribing again; the client sends the text {@code ping} at least every 30 s and the server
 * answers {@code pong}.
 *
 * <p>Limits: 10 messages a second per connection, 240 subscriptions an hour, under 50 channels per
 * connection recommended (1000 at most); connections are assumed at 1 a second.
 */
final class BitgetProtocol extends MessageProtocol {

    static final String V1_SPOT_LISTING = "/api/spot/v1/public/products";
    static final String V1_FUTURES_LISTING = "/api/mix/v1/market/contracts";
    static final String V2_SPOT_LISTING = "/api/v2/spot/public/symbols";
    static final String V2_FUTURES_LISTING = "/api/v2/mix/market/contracts";
    static final String V1_SPOT_PATH = "/spot/v1/stream";
    static final String V1_FUTURES_PATH = "/mix/v1/stream";
    static final String V2_PATH = "/v2/ws/public";
    private static final int CHANNELS_PER_CONNECTION = 50;

    @Override
    public ClientRequest parseClient(String url, String message) {
        if (message == null) {
            return ClientRequest.OTHER;
        }
        if (message.strip().equals("ping")) {
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
        for (JsonNode a : m.path("args")) {
            String channel = a.path("channel").asText();
            String symbol = BitgetMarkets.nativeSymbol(a.path("instType").asText(), a.path("instId").asText());
            if (!channel.isEmpty() && symbol != null && !a.path("instId").asText().isEmpty()) {
                subs.add(new Subscription(channel, symbol));
            }
        }
        return request(op.equals("subscribe"), subs);
    }

    /** API v1 spot streams, v1 futures streams and v2 streams each on connections of their own. */
    @Override
    protected String path(Subscription stream, InstrumentCatalog catalog) {
        if (BitgetApi.of(catalog, stream.symbol()) == BitgetApi.V2) {
            return V2_PATH;
        }
        return BitgetMarkets.spot(stream.symbol()) ? V1_SPOT_PATH : V1_FUTURES_PATH;
    }

    @Override
    protected int streamsPerMessage() {
        return CHANNELS_PER_CONNECTION;
    }

    @Override
    protected String message(boolean subscribe, List<Subscription> subs) {
        return message(BitgetApi.V2, subscribe, subs);
    }

    /** A connection carries one API version ({@link #path(Subscription, InstrumentCatalog)}): its first stream's. */
    @Override
    protected String message(boolean subscribe, List<Subscription> subs, InstrumentCatalog catalog) {
        return message(BitgetApi.of(catalog, subs.get(0).symbol()), subscribe, subs);
    }

    private static String message(BitgetApi api, boolean subscribe, List<Subscription> subs) {
        ObjectNode m = ProtocolSupport.object();
        m.put("op", subscribe ? "subscribe" : "unsubscribe");
        ArrayNode args = m.putArray("args");
        for (Subscription s : subs) {
            args.addObject().put("instType", api == BitgetApi.V1 ? BitgetMarkets.v1InstType(s.symbol()) : BitgetMarkets.v2InstType(s.symbol()))
                    .put("channel", s.channel()).put("instId", BitgetMarkets.instId(s.symbol()));
        }
        return ProtocolSupport.write(m);
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
    public Duration keepalive() {
        return Duration.ofSeconds(25); // the server drops a client silent for 30 s
    }

    @Override
    public VenueLimits limits() {
        return new VenueLimits(CHANNELS_PER_CONNECTION, RateLimit.perSecond(10), 1, RateLimit.perSecond(1),
                RateLimit.perSecond(10), null);
    }
}
