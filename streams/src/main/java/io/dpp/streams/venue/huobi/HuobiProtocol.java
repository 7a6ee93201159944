package io.dpp.streams.venue.huobi;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.streams.venue.ClientRequest;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.MessageProtocol;
import io.dpp.streams.venue.ProtocolSupport;
import io.dpp.streams.venue.RateLimit;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.VenueEndpoints;
import io.dpp.streams.venue.VenueLimits;
import java.util.List;

/**
 * Huobi (HTX) market data WebSockets: spot at {@code wss://api.huobi.pro/ws}, coin-margined swaps at
 * {@code wss://api.hbdm.com/swap-ws} and USDT-margined ones at {@code /linear-swap-ws}. Each topic
 * is its own subscription ({@code {"sub":"market.btcusdt.depth.step0","id":"1"}}), acknowledged with
 * {@code subbed}. Every frame is gzip-compressed. The venue pings ({@code {"ping":t}}) every five
 * seconds and drops a client that has not answered ({@code {"pong":t}}) two of them. The
 * {@code depth.step0} topic sends the whole book (150 levels a side) at each push, so nothing
 * needs a sequence. Huobi documents no WebSocket request limit; these are conservative.
 */
final class HuobiProtocol extends MessageProtocol {

    private static final int TOPICS_PER_CONNECTION = 100;
    private static final byte[] PING = "{\"ping\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final HuobiFlavor flavor;

    HuobiProtocol(HuobiFlavor flavor) {
        this.flavor = flavor;
    }

    @Override
    public VenueEndpoints endpoints() {
        return flavor.endpoints;
    }

    @Override
    public ClientRequest parseClient(String url, String message) {
        JsonNode m = ProtocolSupport.read(message);
        if (m == null || !m.isObject()) {
            return ClientRequest.OTHER;
        }
        if (m.has("pong") || m.has("ping")) {
            return ClientRequest.PING;
        }
        boolean subscribe = m.has("sub");
        String topic = subscribe ? m.path("sub").asText() : m.path("unsub").asText();
        // market.SYMBOL.CHANNEL, the channel itself dotted ("depth.step0", "trade.detail")
        String[] parts = topic.split("\\.", 3);
        if (parts.length != 3 || !parts[0].equals("market")) {
            return ClientRequest.OTHER;
        }
        return request(subscribe, List.of(new Subscription(parts[2], parts[1])));
    }

    /** Swaps: coin-margined and USDT-margined contracts are served at different paths. */
    @Override
    protected String path(Subscription stream, InstrumentCatalog catalog) {
        return flavor.wsPath(stream.symbol());
    }

    @Override
    protected int streamsPerMessage() {
        return 1;
    }

    @Override
    protected String message(boolean subscribe, List<Subscription> streams) {
        Subscription s = streams.get(0);
        return "{\"" + (subscribe ? "sub" : "unsub") + "\":\"market." + s.symbol() + "." + s.channel() + "\",\"id\":\""
                + Math.abs((s.symbol() + s.channel()).hashCode()) + "\"}";
    }

    @Override
    public boolean detectsLoss(String bookChannel) {
        return true; // every depth.step0 message is the whole book: a lost one cannot outlast the next
    }

    @Override
    public boolean answersPings() {
        return true;
    }

    @Override
    public String answer(byte[] buf, int offset, int length) {
        if (length < PING.length + 2 || !java.util.Arrays.equals(buf, offset, offset + PING.length, PING, 0, PING.length)
                || buf[offset + length - 1] != '}') {
            return null;
        }
        for (int i = offset + PING.length; i < offset + length - 1; i++) {
            if (buf[i] < '0' || buf[i] > '9') {
                return null;
            }
        }
        return "{\"pong\":" + new String(buf, offset + PING.length, length - PING.length - 1, java.nio.charset.StandardCharsets.US_ASCII) + "}";
    }

    @Override
    public VenueLimits limits() {
        return new VenueLimits(TOPICS_PER_CONNECTION, RateLimit.perSecond(10), 1, RateLimit.perSecond(5), RateLimit.perSecond(10), null);
    }
}
