package io.dpp.trading.live;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * How one venue's private WebSocket streams an account's orders and executions, as its current
 * documentation says: where it is, how a connection logs in with the account's key and subscribes,
 * how its pushes read into DPP's orders and fills, and how it is kept alive. The EMS's stream client
 * drives it; the simulator checks the login by the same rules and pushes in the same shapes.
 */
public interface PrivateStream {

    /** A push read into DPP's terms: the orders it reports (their state now) and the executions it carries. */
    record Update(List<VenueOrder> orders, List<VenueFill> fills) {
    }

    String venue();

    /** The stream's path below the venue's address (the simulator serves it there too). */
    String path();

    /** The stream's production address. */
    String url();

    /** The path of a connection made with {@code token} (Binance USD-M's carries its listen key); {@link #path()} by default. */
    default String path(String token) {
        return path();
    }

    /** The production address of a connection made with {@code token}; {@link #url()} by default. */
    default String url(String token) {
        return url();
    }

    /**
     * The signed REST call that gives a token for each new connection (Kraken's
     * {@code GetWebSocketsToken}), or null where the login on the socket is signed itself.
     */
    default HttpCall token() {
        return null;
    }

    /** The token in a successful answer to {@link #token()}. */
    default String token(JsonNode answer) {
        throw new UnsupportedOperationException(venue() + "'s private stream takes no token");
    }

    /**
     * The signed REST call that keeps {@code token} valid (Binance's listen-key keepalive), or null
     * where a token needs none once connected. Sent every {@link #renewInterval()} while connected; a
     * refusal (the venue forgot the token) ends the connection, and the next one gets a new token.
     */
    default HttpCall renew(String token) {
        return null;
    }

    default java.time.Duration renewInterval() {
        return java.time.Duration.ofMinutes(30);
    }

    /**
     * The login message, signed with {@code key} at the venue's time {@code nowMillis}, or carrying
     * {@code token} where the venue gives one ({@link #token()}; null elsewhere). Null where there is
     * nothing to send: the address carries the token, and the connection is subscribed once open.
     */
    String login(VenueKey key, long nowMillis, String token);

    /** The API key (or token) a login message names (how the venue, and the simulator, find the account), or null. */
    String loginKey(JsonNode login);

    /**
     * The venue's check of a login message, as the simulator makes it: null when it is valid for
     * {@code key} at the venue's time {@code nowMillis}, else the venue's refusal as "code: message".
     */
    String checkLogin(JsonNode login, VenueKey key, long nowMillis);

    /** Null when {@code message} says the login succeeded, the venue's refusal ("code: message") when it failed; throws when it is neither. */
    String loginAnswer(JsonNode message);

    /** The subscriptions to send once logged in (none where the login itself subscribes). */
    List<String> subscribe();

    /** Whether {@code message} confirms a subscription. */
    boolean subscribed(JsonNode message);

    /**
     * Why the venue says, in {@code message}, that the subscription ended or the connection is about
     * to (a new connection must subscribe again), or null when it says nothing of the kind.
     */
    default String ended(JsonNode message) {
        return null;
    }

    /** The orders and fills a push carries, or null for a message that is not one (an acknowledgement). */
    Update read(JsonNode message);

    /**
     * The keep-alive text the venue expects when the connection is otherwise quiet; null (the
     * default) where the venue keeps connections alive with WebSocket ping and pong frames.
     */
    default String ping() {
        return null;
    }

    /** The venue's answer to {@link #ping}, where it answers with the same text every time; null otherwise. */
    default String pong() {
        return null;
    }

    /** How often to ping (the venue closes a connection quiet for longer than it allows): every 20 s by default. */
    default java.time.Duration pingInterval() {
        return java.time.Duration.ofSeconds(20);
    }

    /**
     * Whether orders may be entered over this connection (Deribit's JSON-RPC socket), which is where
     * the venue's cancel-on-disconnect applies: it cancels only the orders sent over the connection
     * that armed it. False by default: order entry goes over REST.
     */
    default boolean entersOrders() {
        return false;
    }

    /** First id of the requests {@link #request} makes, apart from the login's, subscription's and ping's. */
    int FIRST_REQUEST_ID = 1_000_000;

    /** The REST call {@code call} as a request over the connection, with {@code id} (from {@link #FIRST_REQUEST_ID} up); only where {@link #entersOrders}. */
    default String request(int id, HttpCall call) {
        throw new UnsupportedOperationException(venue() + "'s private stream takes no orders");
    }

    /** The id of the request {@code message} answers (one made by {@link #request}), or -1 when it answers none. */
    default int answers(JsonNode message) {
        return -1;
    }

    /**
     * The messages that arm the venue's cancel-on-disconnect on this connection (the venue then
     * cancels the orders sent over it when it ends, or when a heartbeat of {@code seconds} goes
     * unanswered); none where the venue has no such switch on its socket.
     */
    default List<String> cancelOnDisconnect(int seconds) {
        return List.of();
    }

    /** Null when {@code message} is not an answer to {@link #cancelOnDisconnect}'s messages, else "" when it armed, or the venue's refusal. */
    default String cancelOnDisconnectAnswer(JsonNode message) {
        return null;
    }

    /** The message that answers {@code message} (a heartbeat the venue wants answered), or null. */
    default String reply(JsonNode message) {
        return null;
    }

    /** The private stream of a venue id, or null where DPP has none yet (the poll then follows the orders alone). */
    static PrivateStream of(String venue) {
        return switch (venue) {
            case "okx" -> new OkxPrivateStream();
            case "binance" -> new BinancePrivateStream();
            case "binance-futures" -> new BinanceUsdmStream();
            case "kraken" -> new KrakenPrivateStream();
            case "bybit" -> new BybitPrivateStream();
            case "coinbase" -> new CoinbaseUserStream();
            case "deribit" -> new DeribitPrivateStream();
            case "bitmex" -> new BitmexPrivateStream();
            default -> null;
        };
    }
}
