package io.dpp.streams.venue.phemex;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.streams.venue.ClientRequest;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.MessageProtocol;
import io.dpp.streams.venue.ProtocolSupport;
import io.dpp.streams.venue.RateLimit;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.VenueLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Phemex's public WebSocket ({@code wss://ws.phemex.com/ws}; the fixtures recorded it at
 * {@code phemex.com/ws}, since retired), JSON-RPC: one symbol a request
 * ({@code {"id":1,"method":"orderbook.subscribe","params":["BTCUSD"]}}), answered
 * {@code {"error":null,"id":1,"result":{"status":"success"}}} without naming what it answers.
 * {@code orderbook} starts with a snapshot of the top 30 levels and goes on with incremental
 * changes; its {@code sequence} grows but skips, so a lost message cannot show and the periodic
 * rebuild heals it. A book is asked for again by subscribing it again (Phemex's unsubscribe ends
 * every book of the connection). The server drops a connection silent for 30 s: the feed sends
 * {@code server.ping} every 5 s as Phemex asks. Phemex allows 5 connections an IP and 100
 * subscriptions and 20 requests a second on one. USDT-margined perpetuals
 * ({@link PhemexVenue.RealValues}) have channels of their own, {@code orderbook_p} and
 * {@code trade_p}: a stream is DPP's {@code orderbook} or {@code trade} whatever the instrument,
 * and the request names the channel its instrument has.
 */
final class PhemexProtocol extends MessageProtocol {

    private static final String PATH = "/ws";
    /** What a USDT-margined perpetual's channel adds to the name ({@code orderbook_p}). */
    private static final String REAL_SUFFIX = "_p";
    static final String PING = "{\"id\":0,\"method\":\"server.ping\",\"params\":[]}";

    @Override
    public ClientRequest parseClient(String url, String message) {
        JsonNode m = ProtocolSupport.read(message);
        if (m == null || !m.isObject()) {
            return ClientRequest.OTHER;
        }
        String method = m.path("method").asText();
        if (method.equals("server.ping")) {
            return ClientRequest.PING;
        }
        int dot = method.indexOf('.');
        if (dot <= 0) {
            return ClientRequest.OTHER;
        }
        String action = method.substring(dot + 1);
        if (!action.equals("subscribe") && !action.equals("unsubscribe")) {
            return ClientRequest.OTHER;
        }
        List<Subscription> subs = new ArrayList<>();
        JsonNode params = m.path("params");
        String channel = method.substring(0, dot);
        if (channel.endsWith(REAL_SUFFIX)) {
            channel = channel.substring(0, channel.length() - REAL_SUFFIX.length());
        }
        if (params.size() > 0 && params.get(0).isTextual()) {
            subs.add(new Subscription(channel, params.get(0).asText()));
        }
        return request(action.equals("subscribe"), subs);
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
        return message(subscribe, streams, null);
    }

    /** The request of one stream, on the channel its instrument has. */
    @Override
    protected String message(boolean subscribe, List<Subscription> streams, InstrumentCatalog catalog) {
        Subscription s = streams.get(0);
        String channel = s.channel() + (PhemexVenue.realValues(catalog, s.symbol()) ? REAL_SUFFIX : "");
        return "{\"id\":1,\"method\":\"" + channel + (subscribe ? ".subscribe" : ".unsubscribe") + "\",\"params\":[\""
                + s.symbol() + "\"]}";
    }

    /** Subscribing the book again brings its snapshot; unsubscribing would end every book of the connection. */
    @Override
    public List<String> resubscribe(Subscription book, VenueDecoder decoder) {
        return List.of(message(true, List.of(book), catalog(decoder)));
    }

    @Override
    public boolean detectsLoss(String bookChannel) {
        return false;
    }

    @Override
    public String ping() {
        return PING;
    }

    @Override
    public Duration keepalive() {
        return Duration.ofSeconds(5);
    }

    @Override
    public VenueLimits limits() {
        return new VenueLimits(100, RateLimit.perSecond(10), 1, RateLimit.perSecond(1), RateLimit.perSecond(20), null);
    }
}
