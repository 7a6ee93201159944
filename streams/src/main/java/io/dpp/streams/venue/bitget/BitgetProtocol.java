package io.dpp.streams.venue.bitget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dpp.streams.venue.ClientRequest;
import io.dpp.streams.venue.ConnectionPlan;
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
 * Bitget's public WebSocket API v1, spot at {@code wss://ws.bitget.com/spot/v1/stream} and futures
 * at {@code /mix/v1/stream}: {@code {"op":"subscribe","args":[{"instType":"SP","channel":"books","instId":"BTCUSDT"}]}}
 * ({@code MC} for futures). A book subscription starts with its snapshot and each message carries
 * a CRC32 of the top 25 levels, so a book is rebuilt by subscribing again. The client sends the
 * text {@code ping} at least every 30 s and the server answers {@code pong}.
 *
 * <p>Limits (v1 documentation): 10 messages a second per connection, 240 subscriptions an hour,
 * under 50 channels per connection recommended; connections are assumed at 1 a second.
 */
final class BitgetProtocol extends MessageProtocol {

    static final String SPOT_LISTING = "/api/spot/v1/public/products";
    static final String FUTURES_LISTING = "/api/mix/v1/market/contracts";
    static final String SPOT_PATH = "/spot/v1/stream";
    static final String FUTURES_PATH = "/mix/v1/stream";
    private static final int CHANNELS_PER_CONNECTION = 50;
    private static final int ARGS_PER_MESSAGE = 50;

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
            String instId = a.path("instId").asText();
            String channel = a.path("channel").asText();
            if (!instId.isEmpty() && !channel.isEmpty()) {
                subs.add(new Subscription(channel, BitgetMarkets.nativeSymbol(a.path("instType").asText().equalsIgnoreCase("SP"), instId)));
            }
        }
        return request(op.equals("subscribe"), subs);
    }

    /** Spot streams on spot connections, futures streams on futures connections. */
    @Override
    public List<ConnectionPlan> plan(String wsUrl, List<Subscription> streams, InstrumentCatalog catalog) {
        List<Subscription> spot = new ArrayList<>();
        List<Subscription> futures = new ArrayList<>();
        for (Subscription s : streams) {
            (BitgetMarkets.spot(s.symbol()) ? spot : futures).add(s);
        }
        List<ConnectionPlan> plans = new ArrayList<>();
        plans.addAll(ProtocolSupport.perConnection(ProtocolSupport.join(wsUrl, SPOT_PATH), spot, CHANNELS_PER_CONNECTION,
                this::subscribeMessages));
        plans.addAll(ProtocolSupport.perConnection(ProtocolSupport.join(wsUrl, FUTURES_PATH), futures, CHANNELS_PER_CONNECTION,
                this::subscribeMessages));
        return plans;
    }

    @Override
    protected int streamsPerMessage() {
        return ARGS_PER_MESSAGE;
    }

    @Override
    protected String message(boolean subscribe, List<Subscription> subs) {
        ObjectNode m = ProtocolSupport.object();
        m.put("op", subscribe ? "subscribe" : "unsubscribe");
        ArrayNode args = m.putArray("args");
        for (Subscription s : subs) {
            args.addObject().put("instType", BitgetMarkets.instType(s.symbol())).put("channel", s.channel())
                    .put("instId", BitgetMarkets.instId(s.symbol()));
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
