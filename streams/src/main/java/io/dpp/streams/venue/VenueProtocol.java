package io.dpp.streams.venue;

import io.dpp.core.instrument.Instrument;
import java.util.List;

/**
 * How to talk to a venue's public API: endpoints, subscribe messages, keepalive, how a broken book
 * is rebuilt, and the documented limits. The decoder reads what comes back; the protocol writes
 * what goes out and reads what a client sent (for the simulator and for {@code --replay}).
 *
 * <p>URLs are a base ({@code wss://stream.binance.com:9443}, {@code https://api.binance.com})
 * plus a path the protocol knows, so that pointing a venue at the simulator only replaces bases.
 */
public interface VenueProtocol {

    /** How a book that lost sync is rebuilt. */
    enum Recovery {
        /** Fetch a REST snapshot; WebSocket diffs are held meanwhile (Binance, Bitstamp). */
        REST_SNAPSHOT,
        /** Unsubscribe and subscribe the book again; the venue sends a fresh snapshot. */
        RESUBSCRIBE
    }

    /**
     * Where the venue is and what its channels are called: {@code endpoints.json} beside the
     * protocol's class (read once), unless the protocol says otherwise.
     */
    default VenueEndpoints endpoints() {
        return VenueEndpoints.beside(getClass());
    }

    /** The public WebSocket base, no path. */
    default String defaultWsUrl() {
        return endpoints().wsUrl();
    }

    /** The public REST base, no path. */
    default String defaultRestUrl() {
        return endpoints().restUrl();
    }

    /** REST paths (query included) whose responses together form the instrument listing. */
    default List<String> listingPaths() {
        return endpoints().listingPaths();
    }

    /** The venue channel serving a kind, or null when the venue (or DPP's decoder) has none. */
    default String channel(ChannelKind kind) {
        return endpoints().channels().get(kind);
    }

    /** True for channels that carry an L2 book. */
    default boolean isBookChannel(String channel) {
        return endpoints().bookChannel().test(channel);
    }

    /**
     * What a client message asks for. {@code url} is the connection's URL (Binance names streams
     * in it); {@code message} is null for the connection itself. Never throws: what cannot be read
     * is {@link ClientRequest#OTHER}.
     */
    ClientRequest parseClient(String url, String message);

    /**
     * As {@link #parseClient(String, String)}, for a venue whose channel carries more instruments
     * than it names (Independent Reserve's {@code orderbook-eth} carries ETH in every currency it is
     * quoted in): the venue's catalog says which, and the request names each. Venues whose channels
     * name their instruments need no catalog.
     */
    default ClientRequest parseClient(String url, String message, InstrumentCatalog catalog) {
        return parseClient(url, message);
    }

    /**
     * Spreads subscriptions over connections within the venue's limits and writes their subscribe
     * messages.
     *
     * @param wsUrl   the WebSocket base (the default or an override)
     * @param streams the streams to carry, each once
     * @param catalog the instruments, for venues whose endpoint depends on the instrument type
     */
    List<ConnectionPlan> plan(String wsUrl, List<Subscription> streams, InstrumentCatalog catalog);

    /**
     * True when losing a message of this book channel shows (a sequence number, a checksum). Where
     * it does not (Coinbase level2, BitMEX, Bitstamp, Bybit's legacy books), a message that cannot be
     * decoded may have changed a book unseen, so the feed rebuilds the connection's books.
     */
    default boolean detectsLoss(String bookChannel) {
        return true;
    }

    /** How a stale book is rebuilt. */
    Recovery recovery();

    /** {@link Recovery#REST_SNAPSHOT} venues: the path (query included) of a book snapshot. */
    default String snapshotPath(Instrument instrument) {
        throw new UnsupportedOperationException("this venue rebuilds books by resubscribing");
    }

    /**
     * {@link Recovery#RESUBSCRIBE} venues: the messages that make the venue send a fresh snapshot of
     * one book on a connection (unsubscribe, then subscribe). {@code decoder} is the connection's,
     * for venues that unsubscribe by a connection-local channel id.
     */
    default List<String> resubscribe(Subscription book, VenueDecoder decoder) {
        throw new UnsupportedOperationException("this venue rebuilds books from REST snapshots");
    }

    /**
     * True when subscribing to a book brings no snapshot and the client asks for one with a message
     * of its own, which {@link #parseClient} reads as {@link ClientRequest.Type#SNAPSHOT} (AscendEX's
     * depth-snapshot request); {@link #resubscribe} then returns that request.
     */
    default boolean snapshotsAsked() {
        return false;
    }

    /**
     * The paths below the WebSocket base this venue's connections use ("/1/api/pro/v1/stream"): they
     * tell apart venues that share a host. Empty when the venue has its host to itself.
     */
    default List<String> socketPaths() {
        return List.of();
    }

    /**
     * A REST path (below the REST base) the client POSTs before each connection when the venue hands
     * out where to connect and a token for it (KuCoin's {@code /api/v1/bullet-public}); null when the
     * planned URL is connected to as it is.
     */
    default String connectTokenPath() {
        return null;
    }

    /**
     * The URL a connection opens, from the venue's answer to {@link #connectTokenPath()} (the
     * instance server it names, with the token); asked only where that path is not null.
     *
     * @param plannedUrl the URL {@link #plan} gave the connection
     * @throws IllegalArgumentException saying why, when the answer names no server or token
     */
    default String connectUrl(String plannedUrl, String answer) {
        return plannedUrl;
    }

    /** An application-level ping the venue expects from an idle client, or null (WebSocket ping frames suffice). */
    default String ping() {
        return null;
    }

    /**
     * How often the venue wants a ping from the client whatever it receives (Bybit: 20 s, Kraken
     * Futures: at least every 60 s), or null when pinging an idle connection is enough.
     */
    default java.time.Duration keepalive() {
        return null;
    }

    /**
     * The venue's answer to a text {@link #ping()} when it is not JSON ("pong"), which the connection
     * consumes instead of handing it to the decoder; null when there is none.
     */
    default String pong() {
        return null;
    }

    /**
     * True when a subscribe message replaces everything the connection had asked for (Upbit): a book
     * is then asked for again by sending the connection's subscription again, whole, and
     * {@link #resubscribe} is not used.
     */
    default boolean subscriptionIsWhole() {
        return false;
    }

    /** True when the venue pings in its own messages and drops a client that does not answer (Huobi). */
    default boolean answersPings() {
        return false;
    }

    /**
     * The answer to a received message that is the venue's ping ({@code {"ping":1618678073643}} is
     * answered {@code {"pong":1618678073643}}), or null when it is not one; asked only where
     * {@link #answersPings()}.
     */
    default String answer(byte[] buf, int offset, int length) {
        return null;
    }

    /** The documented limits. */
    VenueLimits limits();
}
