package io.dpp.streams.venue.kucoin;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.instrument.Instrument;
import io.dpp.streams.venue.ClientRequest;
import io.dpp.streams.venue.ConnectionPlan;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.ProtocolSupport;
import io.dpp.streams.venue.RateLimit;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.VenueLimits;
import io.dpp.streams.venue.VenueProtocol;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * KuCoin's public WebSocket. Each connection starts with a POST to {@code /api/v1/bullet-public},
 * whose answer names an instance server ({@code wss://ws-api-spot.kucoin.com/}) and a token; the
 * client connects to the server with {@code ?token=T&connectId=C}, is welcomed, and subscribes to
 * topics naming a channel and up to 100 symbols ({@code /market/level2:BTC-USDT,ETH-USDT}); candles
 * name one symbol and an interval ({@code /market/candles:BTC-USDT_1min}). The client pings
 * ({@code {"id":..,"type":"ping"}}) within the server's ping interval (18 s) or is dropped.
 *
 * <p>Books: {@code /market/level2} sends every change numbered, bridged onto the REST snapshot
 * {@code /api/v1/market/orderbook/level2_100} (public; the whole book, {@code /api/v3/...}, needs an
 * API key), so a book holds the snapshot's 100 levels a side and every level changed since: exact
 * between the snapshot's deepest prices, where every change is seen.
 *
 * <p>Limits: at most 300 topics per connection, 100 messages sent per 10 s per connection, 30
 * connections a minute (conservative: KuCoin allows 50 at once per account); public REST weight
 * 2000 per 30 s, a 100-level snapshot weighing 4.
 */
final class KucoinProtocol implements VenueProtocol {

    static final String LISTING_PATH = "/api/v1/symbols";
    static final String TOKEN_PATH = "/api/v1/bullet-public";
    static final String SNAPSHOT_PATH = "/api/v1/market/orderbook/level2_100";
    /** The whole book, which the captures asked for (it needs an API key today). */
    static final String FULL_SNAPSHOT_PATH = "/api/v3/market/orderbook/level2";
    static final String BOOK = "/market/level2";
    static final String CANDLES = "/market/candles";
    static final String CANDLE_INTERVAL = "_1min";
    /** The socket's path: what {@link #plan} names before the token's answer gives the server. */
    static final String SOCKET_PATH = "/endpoint";
    private static final int TOPICS_PER_CONNECTION = 300;
    private static final int SYMBOLS_PER_TOPIC = 100;

    @Override
    public ClientRequest parseClient(String url, String message) {
        JsonNode m = ProtocolSupport.read(message);
        if (m == null || !m.isObject()) {
            return ClientRequest.OTHER;
        }
        String type = m.path("type").asText();
        if (type.equals("ping")) {
            return ClientRequest.PING;
        }
        if (!type.equals("subscribe") && !type.equals("unsubscribe")) {
            return ClientRequest.OTHER;
        }
        String topic = m.path("topic").asText();
        int colon = topic.indexOf(':');
        if (colon <= 0) {
            return ClientRequest.OTHER;
        }
        String channel = topic.substring(0, colon);
        List<Subscription> subs = new ArrayList<>();
        for (String symbol : topic.substring(colon + 1).split(",")) {
            if (channel.equals(CANDLES)) {
                int interval = symbol.lastIndexOf('_');
                symbol = interval > 0 ? symbol.substring(0, interval) : "";
            }
            if (!symbol.isEmpty()) {
                subs.add(new Subscription(channel, symbol));
            }
        }
        return type.equals("subscribe") ? ClientRequest.subscribe(subs) : ClientRequest.unsubscribe(subs);
    }

    @Override
    public List<ConnectionPlan> plan(String wsUrl, List<Subscription> streams, InstrumentCatalog catalog) {
        return ProtocolSupport.perConnection(ProtocolSupport.join(wsUrl, SOCKET_PATH), streams, TOPICS_PER_CONNECTION, slice -> {
            List<String> messages = new ArrayList<>();
            for (Map.Entry<String, List<String>> e : ProtocolSupport.symbolsByChannel(slice).entrySet()) {
                if (e.getKey().equals(CANDLES)) {
                    for (String symbol : e.getValue()) {
                        messages.add(subscribe(messages.size() + 1, CANDLES + ":" + symbol + CANDLE_INTERVAL));
                    }
                    continue;
                }
                for (List<String> symbols : ProtocolSupport.chunks(e.getValue(), SYMBOLS_PER_TOPIC)) {
                    messages.add(subscribe(messages.size() + 1, e.getKey() + ":" + String.join(",", symbols)));
                }
            }
            return messages;
        });
    }

    private static String subscribe(int id, String topic) {
        return "{\"id\":\"" + id + "\",\"type\":\"subscribe\",\"topic\":\"" + topic + "\",\"privateChannel\":false,\"response\":true}";
    }

    @Override
    public String connectTokenPath() {
        return TOKEN_PATH;
    }

    /** The first instance server the answer names, with its token and a connection id of this client's. */
    @Override
    public String connectUrl(String plannedUrl, String answer) {
        JsonNode a = ProtocolSupport.read(answer);
        if (a == null) {
            throw new IllegalArgumentException("the answer is not JSON");
        }
        JsonNode data = a.path("data");
        String token = data.path("token").asText();
        String endpoint = data.path("instanceServers").path(0).path("endpoint").asText();
        if (token.isEmpty() || endpoint.isEmpty()) {
            throw new IllegalArgumentException("the answer names no token or instance server (code " + a.path("code").asText("none")
                    + ", " + a.path("msg").asText("no message") + ")");
        }
        if (!endpoint.startsWith("ws://") && !endpoint.startsWith("wss://")) {
            throw new IllegalArgumentException("the instance server is not a WebSocket URL: " + endpoint);
        }
        return endpoint + (endpoint.contains("?") ? "&" : "?") + "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)
                + "&connectId=" + UUID.randomUUID();
    }

    @Override
    public String ping() {
        return "{\"id\":\"dpp\",\"type\":\"ping\"}";
    }

    @Override
    public Duration keepalive() {
        return Duration.ofSeconds(18); // the pingInterval of the token's answer
    }

    @Override
    public Recovery recovery() {
        return Recovery.REST_SNAPSHOT;
    }

    @Override
    public String snapshotPath(Instrument instrument) {
        return SNAPSHOT_PATH + "?symbol=" + instrument.nativeSymbol();
    }

    @Override
    public VenueLimits limits() {
        return new VenueLimits(TOPICS_PER_CONNECTION, new RateLimit(2000, Duration.ofSeconds(30)), 4,
                new RateLimit(30, Duration.ofMinutes(1)), new RateLimit(100, Duration.ofSeconds(10)), null);
    }
}
