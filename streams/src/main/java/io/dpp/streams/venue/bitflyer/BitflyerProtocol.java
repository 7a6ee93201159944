package io.dpp.streams.venue.bitflyer;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.streams.venue.ClientRequest;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.MessageProtocol;
import io.dpp.streams.venue.ProtocolSupport;
import io.dpp.streams.venue.RateLimit;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.VenueLimits;
import java.util.ArrayList;
import java.util.List;

/**
 * bitFlyer Lightning's JSON-RPC 2.0 WebSocket ({@code wss://ws.lightstream.bitflyer.com/json-rpc}).
 * Each channel is one subscription ({@code {"method":"subscribe","params":{"channel":
 * "lightning_board_BTC_JPY"}}}), a channel name being a kind followed by the product code. A book is
 * two channels: {@code lightning_board_snapshot_P} (the whole book, on subscribing and about every
 * five seconds) and {@code lightning_board_P} (changed levels, no sequence); DPP names both its one
 * book stream {@code lightning_board}, subscribed to changes first, and reads a client's subscription
 * of the book from the snapshot channel alone (the one that brings a snapshot). bitFlyer documents no WebSocket limits; these are conservative.
 */
final class BitflyerProtocol extends MessageProtocol {

    static final String BOOK = "lightning_board";
    static final String SNAPSHOT = "lightning_board_snapshot";
    /** Channel kinds, the longer first: a product code follows the kind and an underscore. */
    static final List<String> KINDS = List.of(SNAPSHOT, "lightning_executions", "lightning_ticker", BOOK);
    private static final String PATH = "/json-rpc";
    private static final int CHANNELS_PER_CONNECTION = 200;

    @Override
    public ClientRequest parseClient(String url, String message) {
        JsonNode m = ProtocolSupport.read(message);
        if (m == null || !m.isObject()) {
            return ClientRequest.OTHER;
        }
        String method = m.path("method").asText();
        if (!method.equals("subscribe") && !method.equals("unsubscribe")) {
            return ClientRequest.OTHER;
        }
        String channel = m.path("params").path("channel").asText();
        Subscription s = stream(channel);
        if (s == null || s.channel().equals(BOOK) && !channel.startsWith(SNAPSHOT + "_")) {
            // A book is subscribed by its snapshot channel, which brings the whole book. Its changes
            // channel brings none: read as the book's subscription, the simulator answered it with a
            // snapshot of its own whenever it came after the replay had started (the feed subscribes
            // to both, one after the other), and a capture replayed twice was stored twice over.
            return ClientRequest.OTHER;
        }
        return request(method.equals("subscribe"), List.of(s));
    }

    /** The stream a channel name is part of (a board snapshot channel is part of its book), or null. */
    static Subscription stream(String channel) {
        for (String kind : KINDS) {
            if (channel.startsWith(kind + "_") && channel.length() > kind.length() + 1) {
                return new Subscription(kind.equals(SNAPSHOT) ? BOOK : kind, channel.substring(kind.length() + 1));
            }
        }
        return null;
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
    protected List<String> subscribeMessages(List<Subscription> streams, InstrumentCatalog catalog) {
        List<String> messages = new ArrayList<>();
        for (Subscription s : streams) {
            // A book's changes first, then its snapshot channel: no change falls between the snapshot
            // and the changes that follow it (those before it are dropped until it comes).
            messages.add(rpc("subscribe", s.channel() + "_" + s.symbol()));
            if (s.channel().equals(BOOK)) {
                messages.add(rpc("subscribe", SNAPSHOT + "_" + s.symbol()));
            }
        }
        return messages;
    }

    @Override
    protected String message(boolean subscribe, List<Subscription> streams) {
        Subscription s = streams.get(0);
        return rpc(subscribe ? "subscribe" : "unsubscribe", s.channel() + "_" + s.symbol());
    }

    @Override
    public List<String> resubscribe(Subscription book, VenueDecoder decoder) {
        return List.of(rpc("unsubscribe", SNAPSHOT + "_" + book.symbol()), rpc("unsubscribe", BOOK + "_" + book.symbol()),
                rpc("subscribe", BOOK + "_" + book.symbol()), rpc("subscribe", SNAPSHOT + "_" + book.symbol()));
    }

    private static String rpc(String method, String channel) {
        return "{\"method\":\"" + method + "\",\"params\":{\"channel\":\"" + channel + "\"}}";
    }

    @Override
    public boolean detectsLoss(String bookChannel) {
        return false;
    }

    @Override
    public VenueLimits limits() {
        return new VenueLimits(CHANNELS_PER_CONNECTION, RateLimit.perMinute(500), 1, RateLimit.perSecond(2), RateLimit.perSecond(10), null);
    }
}
