package io.dpp.streams.venue.ascendex;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.streams.venue.ClientRequest;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.MessageProtocol;
import io.dpp.streams.venue.ProtocolSupport;
import io.dpp.streams.venue.RateLimit;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.VenueEndpoints;
import io.dpp.streams.venue.VenueLimits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * AscendEX's public "pro" WebSocket ({@code wss://ascendex.com/1/api/pro/v1/stream} for spot,
 * {@code .../api/pro/v2/stream} for futures). A request subscribes one channel for symbols
 * ({@code {"op":"sub","ch":"depth:BTC/USDT,ETH/USDT"}}), acknowledged per symbol
 * ({@code {"m":"sub","ch":"depth:BTC/USDT","code":0}}). A {@code depth} subscription brings only
 * changes: the client asks for each book's snapshot over the same socket
 * ({@code {"op":"req","action":"depth-snapshot","args":{"symbol":"BTC/USDT"}}}), which is also how a
 * book that lost its place is rebuilt. The server pings ({@code {"m":"ping","hp":3}}) every 15 s and
 * drops a client that does not answer {@code {"op":"pong"}}.
 *
 * <p>AscendEX documents no WebSocket limits for public data; the feed assumes 100 symbols a
 * connection, a connection a second and 20 requests a second on one.
 */
final class AscendexProtocol extends MessageProtocol {

    private static final int SYMBOLS_PER_CONNECTION = 100;
    /** Symbols per subscribe request (AscendEX's own clients send ten). */
    private static final int SYMBOLS_PER_MESSAGE = 10;
    static final String PING = "{\"op\":\"ping\"}";
    static final String PONG = "{\"op\":\"pong\"}";
    private static final byte[] SERVER_PING = "{\"m\":\"ping\"".getBytes(StandardCharsets.US_ASCII);

    private final AscendexFlavor flavor;

    AscendexProtocol(AscendexFlavor flavor) {
        this.flavor = flavor;
    }

    @Override
    public VenueEndpoints endpoints() {
        return flavor.endpoints;
    }

    @Override
    protected String path() {
        return flavor.wsPath;
    }

    @Override
    public List<String> socketPaths() {
        return List.of(flavor.wsPath);
    }

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
        if (op.equals("req") && m.path("action").asText().equals("depth-snapshot")) {
            String symbol = m.path("args").path("symbol").asText();
            return symbol.isEmpty() ? ClientRequest.OTHER : ClientRequest.snapshot(List.of(new Subscription("depth", symbol)));
        }
        if (!op.equals("sub") && !op.equals("unsub")) {
            return ClientRequest.OTHER;
        }
        String ch = m.path("ch").asText();
        int colon = ch.indexOf(':');
        if (colon <= 0) {
            return ClientRequest.OTHER;
        }
        List<Subscription> subs = new ArrayList<>();
        for (String symbol : ch.substring(colon + 1).split(",")) {
            if (!symbol.isBlank()) {
                subs.add(new Subscription(ch.substring(0, colon), symbol.strip()));
            }
        }
        return request(op.equals("sub"), subs);
    }

    @Override
    protected boolean oneChannelPerMessage() {
        return true;
    }

    @Override
    protected int streamsPerMessage() {
        return SYMBOLS_PER_MESSAGE;
    }

    @Override
    protected String message(boolean subscribe, List<Subscription> streams) {
        return "{\"op\":\"" + (subscribe ? "sub" : "unsub") + "\",\"ch\":\"" + streams.get(0).channel() + ":"
                + String.join(",", symbols(streams)) + "\"}";
    }

    /** The subscriptions, then a snapshot request for each book. */
    @Override
    protected List<String> subscribeMessages(List<Subscription> streams, InstrumentCatalog catalog) {
        List<String> messages = new ArrayList<>(super.subscribeMessages(streams, catalog));
        for (Subscription s : streams) {
            if (isBookChannel(s.channel())) {
                messages.add(snapshotRequest(s.symbol()));
            }
        }
        return messages;
    }

    static String snapshotRequest(String symbol) {
        return "{\"op\":\"req\",\"action\":\"depth-snapshot\",\"args\":{\"symbol\":\"" + symbol + "\"}}";
    }

    /** A book is rebuilt by asking for its snapshot again; the subscription stays. */
    @Override
    public List<String> resubscribe(Subscription book, VenueDecoder decoder) {
        return List.of(snapshotRequest(book.symbol()));
    }

    @Override
    public boolean snapshotsAsked() {
        return true;
    }

    @Override
    public String ping() {
        return PING;
    }

    @Override
    public boolean answersPings() {
        return true;
    }

    @Override
    public String answer(byte[] buf, int offset, int length) {
        return length >= SERVER_PING.length && java.util.Arrays.equals(buf, offset, offset + SERVER_PING.length, SERVER_PING, 0,
                SERVER_PING.length) ? PONG : null;
    }

    @Override
    public VenueLimits limits() {
        return new VenueLimits(SYMBOLS_PER_CONNECTION, RateLimit.perSecond(10), 1, RateLimit.perSecond(1), RateLimit.perSecond(20), null);
    }
}
