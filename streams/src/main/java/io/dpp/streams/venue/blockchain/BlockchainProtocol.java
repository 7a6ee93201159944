package io.dpp.streams.venue.blockchain;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.streams.venue.ClientRequest;
import io.dpp.streams.venue.MessageProtocol;
import io.dpp.streams.venue.ProtocolSupport;
import io.dpp.streams.venue.RateLimit;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.VenueLimits;
import java.util.List;

/**
 * Blockchain.com Exchange's WebSocket ({@code wss://ws.prod.blockchain.info/mercury-gateway/v1/ws}).
 * Each channel of a symbol is one subscription ({@code {"action":"subscribe","channel":"l2","symbol":
 * "BTC-USD"}}), answered {@code subscribed} and, for a book, its {@code snapshot}. Every message of
 * a connection carries {@code seqnum}, counted from 0: a hole means a lost message of any channel,
 * which makes every book of the connection stale. The documented limit is 1200 messages a minute
 * per connection; connections are not documented, so a few a second are assumed.
 */
final class BlockchainProtocol extends MessageProtocol {

    private static final String PATH = "/mercury-gateway/v1/ws";
    private static final int SUBSCRIPTIONS_PER_CONNECTION = 200;

    @Override
    public ClientRequest parseClient(String url, String message) {
        JsonNode m = ProtocolSupport.read(message);
        if (m == null || !m.isObject()) {
            return ClientRequest.OTHER;
        }
        String action = m.path("action").asText();
        String channel = m.path("channel").asText();
        String symbol = m.path("symbol").asText();
        if ((!action.equals("subscribe") && !action.equals("unsubscribe")) || channel.isEmpty() || symbol.isEmpty()) {
            return ClientRequest.OTHER;
        }
        return request(action.equals("subscribe"), List.of(new Subscription(channel, symbol)));
    }

    @Override
    protected String path() {
        return PATH;
    }

    @Override
    protected int streamsPerMessage() {
        return 1;
    }

    @Override
    protected String message(boolean subscribe, List<Subscription> streams) {
        Subscription s = streams.get(0);
        return "{\"action\":\"" + (subscribe ? "subscribe" : "unsubscribe") + "\",\"symbol\":\"" + s.symbol() + "\",\"channel\":\""
                + s.channel() + "\"}";
    }

    @Override
    public VenueLimits limits() {
        return new VenueLimits(SUBSCRIPTIONS_PER_CONNECTION, RateLimit.perSecond(10), 1, RateLimit.perSecond(2), RateLimit.perMinute(1200), null);
    }
}
