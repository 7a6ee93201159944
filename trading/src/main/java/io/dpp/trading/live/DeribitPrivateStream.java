package io.dpp.trading.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Deribit's JSON-RPC WebSocket ({@code wss://www.deribit.com/ws/api/v2}) for an account's orders
 * and trades: {@code public/auth} with the {@code client_signature} grant (the key, a timestamp in
 * ms, a nonce and {@code signature} = hex HMAC-SHA256 of "timestamp\nnonce\ndata" keyed by the
 * secret, data empty; a timestamp a minute or more from the venue's clock is refused), then
 * {@code private/subscribe} to {@code user.orders.any.any.raw} (each order as it changes, as the
 * order calls describe it) and {@code user.trades.any.any.raw} (the account's trades, with their
 * {@code trade_id} and fee), both pushed as {@code subscription} notifications. {@code public/test}
 * keeps the connection heard. Deribit serves market data and account data on one address; the
 * simulator keeps them apart, the account's at {@link #path()}.
 */
final class DeribitPrivateStream implements PrivateStream {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final int AUTH = 9001;
    static final int SUBSCRIBE = 9002;
    static final int TEST = 9003;
    static final List<String> CHANNELS = List.of("user.orders.any.any.raw", "user.trades.any.any.raw");

    @Override
    public String venue() {
        return "deribit";
    }

    /** Where the simulator serves the account's stream (apart from its market data at {@code /ws/api/v2}). */
    @Override
    public String path() {
        return "/ws/api/v2/private";
    }

    @Override
    public String url() {
        return "wss://www.deribit.com/ws/api/v2";
    }

    static String sign(String secret, long timestamp, String nonce, String data) {
        return Hmac.sha256Hex(secret, timestamp + "\n" + nonce + "\n" + data);
    }

    @Override
    public String login(VenueKey key, long nowMillis, String token) {
        String nonce = Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
        ObjectNode root = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", AUTH).put("method", "public/auth");
        root.putObject("params").put("grant_type", "client_signature").put("client_id", key.apiKey()).put("timestamp", nowMillis)
                .put("signature", sign(key.secret(), nowMillis, nonce, "")).put("nonce", nonce).put("data", "");
        return root.toString();
    }

    @Override
    public String loginKey(JsonNode login) {
        return "public/auth".equals(login.path("method").asText()) ? login.path("params").path("client_id").asText(null) : null;
    }

    @Override
    public String checkLogin(JsonNode login, VenueKey key, long nowMillis) {
        JsonNode p = login.path("params");
        if (!"client_signature".equals(p.path("grant_type").asText())) {
            return "13004: invalid_credentials (the grant is client_signature)";
        }
        long ts = p.path("timestamp").asLong(0);
        if (Math.abs(nowMillis - ts) >= DeribitSigner.WINDOW) {
            return "13009: unauthorized (timestamp out of window)";
        }
        return Hmac.same(sign(key.secret(), ts, p.path("nonce").asText(), p.path("data").asText("")), p.path("signature").asText(), true)
                ? null : "13004: invalid_credentials";
    }

    @Override
    public String loginAnswer(JsonNode m) {
        if (m.path("id").asInt() != AUTH) {
            throw new IllegalArgumentException("not an answer to the login: " + m);
        }
        if (m.has("error")) {
            return m.path("error").path("code").asText() + ": " + m.path("error").path("message").asText();
        }
        return m.path("result").hasNonNull("access_token") ? null : "no access token in " + m;
    }

    @Override
    public List<String> subscribe() {
        ObjectNode root = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", SUBSCRIBE).put("method", "private/subscribe");
        CHANNELS.forEach(root.putObject("params").putArray("channels")::add);
        return List.of(root.toString());
    }

    /** The subscription's answer: the channels subscribed, which must be both (a channel refused is left out of the list). */
    @Override
    public boolean subscribed(JsonNode m) {
        if (m.path("id").asInt() != SUBSCRIBE || !m.path("result").isArray()) {
            return false;
        }
        List<String> got = new ArrayList<>();
        m.path("result").forEach(c -> got.add(c.asText()));
        return got.containsAll(CHANNELS);
    }

    @Override
    public Update read(JsonNode m) {
        if (!"subscription".equals(m.path("method").asText())) {
            return null;
        }
        String channel = m.path("params").path("channel").asText();
        JsonNode data = m.path("params").path("data");
        List<VenueOrder> orders = new ArrayList<>();
        List<VenueFill> fills = new ArrayList<>();
        if (channel.startsWith("user.orders.")) {
            if (data.isArray()) {
                data.forEach(o -> orders.add(DeribitOrders.read(o)));
            } else {
                orders.add(DeribitOrders.read(data));
            }
        } else if (channel.startsWith("user.trades.")) {
            data.forEach(t -> fills.add(DeribitOrders.fill(t)));
        } else {
            return null;
        }
        return new Update(orders, fills);
    }

    /** {@code public/test}: answered with the venue's version (read as no push). */
    @Override
    public String ping() {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + TEST + ",\"method\":\"public/test\",\"params\":{}}";
    }
}
