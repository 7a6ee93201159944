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
 *
 * <p>The account's orders go over this connection too ({@link #entersOrders}): Deribit's
 * cancel-on-disconnect ({@code private/enable_cancel_on_disconnect}, scope {@code connection}) cancels
 * only the orders sent over the connection that armed it, when it ends (not by {@code private/logout})
 * or leaves a heartbeat's {@code test_request} unanswered. A REST call becomes the same method as a
 * JSON-RPC request, its parameters typed as Deribit reads them; the answer is the REST answer's body.
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

    static final int HEARTBEAT = 9004;
    static final int CANCEL_ON_DISCONNECT = 9005;
    /** The parameters Deribit reads as numbers (the others are strings, or booleans when "true" or "false"). */
    static final java.util.Set<String> NUMBERS = java.util.Set.of("amount", "price", "trigger_price", "start_timestamp", "end_timestamp",
            "count", "interval");
    /** Writes decimals as plain JSON numbers (an amount 1E+3 is not one Deribit reads). */
    private static final ObjectMapper PLAIN = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

    /** Orders go over the socket: Deribit's cancel-on-disconnect covers only the orders sent over the connection that armed it. */
    @Override
    public boolean entersOrders() {
        return true;
    }

    /** {@code GET /api/v2/private/buy?amount=10&...} as {@code {"jsonrpc":"2.0","id":id,"method":"private/buy","params":{"amount":10,...}}}. */
    @Override
    public String request(int id, HttpCall call) {
        if (!call.path().startsWith("/api/v2/")) {
            throw new IllegalArgumentException("not a Deribit API v2 call: " + call.path());
        }
        ObjectNode root = PLAIN.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", call.path().substring("/api/v2/".length()));
        ObjectNode params = root.putObject("params");
        String query = call.query() == null ? "" : call.query();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
            if (NUMBERS.contains(name)) {
                params.put(name, new java.math.BigDecimal(value));
            } else if (value.equals("true") || value.equals("false")) {
                params.put(name, Boolean.parseBoolean(value));
            } else {
                params.put(name, value);
            }
        }
        try {
            return PLAIN.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int answers(JsonNode m) {
        int id = m.path("id").asInt(-1);
        return id >= FIRST_REQUEST_ID && (m.has("result") || m.has("error")) ? id : -1;
    }

    /**
     * {@code public/set_heartbeat} every {@code seconds} (at least Deribit's 10: a {@code test_request}
     * left unanswered closes the connection), then {@code private/enable_cancel_on_disconnect} for the
     * connection: when it ends, Deribit cancels every order sent over it.
     */
    @Override
    public List<String> cancelOnDisconnect(int seconds) {
        return List.of("{\"jsonrpc\":\"2.0\",\"id\":" + HEARTBEAT + ",\"method\":\"public/set_heartbeat\",\"params\":{\"interval\":"
                        + Math.max(10, seconds) + "}}",
                "{\"jsonrpc\":\"2.0\",\"id\":" + CANCEL_ON_DISCONNECT + ",\"method\":\"private/enable_cancel_on_disconnect\","
                        + "\"params\":{\"scope\":\"connection\"}}");
    }

    @Override
    public String cancelOnDisconnectAnswer(JsonNode m) {
        int id = m.path("id").asInt(-1);
        if (id != HEARTBEAT && id != CANCEL_ON_DISCONNECT || !(m.has("result") || m.has("error"))) {
            return null;
        }
        return m.has("error") ? m.path("error").path("code").asText() + ": " + m.path("error").path("message").asText() : "";
    }

    /** A {@code heartbeat} of type {@code test_request} is answered with {@code public/test}, else Deribit closes the connection. */
    @Override
    public String reply(JsonNode m) {
        return "heartbeat".equals(m.path("method").asText()) && "test_request".equals(m.path("params").path("type").asText()) ? ping() : null;
    }

    /** {@code public/test}: answered with the venue's version (read as no push). */
    @Override
    public String ping() {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + TEST + ",\"method\":\"public/test\",\"params\":{}}";
    }
}
