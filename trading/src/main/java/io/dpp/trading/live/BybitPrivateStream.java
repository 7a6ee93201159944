package io.dpp.trading.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Bybit's v5 private WebSocket ({@code wss://stream.bybit.com/v5/private}): an {@code auth}
 * request with the key, an expiry in ms and {@code signature} = hex HMAC-SHA256 of "GET/realtime"
 * + expiry (the venue refuses an expiry already past); then the {@code order} and
 * {@code execution} topics of the linear contracts ({@code order.linear}, {@code execution.linear}):
 * an order's state as its order queries describe it, each trade as its execution list does
 * ({@code execId}, the fee in USDT; funding settlements are no fills). {@code {"op":"ping"}} keeps
 * the connection (idle ones are closed after 10 minutes; Bybit advises a ping every 20 s).
 */
final class BybitPrivateStream implements PrivateStream {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String TOPIC_ORDER = "order." + BybitOrders.CATEGORY;
    static final String TOPIC_EXECUTION = "execution." + BybitOrders.CATEGORY;

    @Override
    public String venue() {
        return "bybit";
    }

    @Override
    public String path() {
        return "/v5/private";
    }

    @Override
    public String url() {
        return "wss://stream.bybit.com/v5/private";
    }

    /** How long a login stays valid for the venue to check it (ms). */
    static final long EXPIRES_AFTER = 10_000;

    static String sign(String secret, long expires) {
        return Hmac.sha256Hex(secret, "GET/realtime" + expires);
    }

    @Override
    public String login(VenueKey key, long nowMillis, String token) {
        long expires = nowMillis + EXPIRES_AFTER;
        ObjectNode root = JSON.createObjectNode().put("req_id", "dpp-auth").put("op", "auth");
        root.putArray("args").add(key.apiKey()).add(expires).add(sign(key.secret(), expires));
        return root.toString();
    }

    @Override
    public String loginKey(JsonNode login) {
        return "auth".equals(login.path("op").asText()) ? login.path("args").path(0).asText(null) : null;
    }

    @Override
    public String checkLogin(JsonNode login, VenueKey key, long nowMillis) {
        JsonNode args = login.path("args");
        long expires = args.path(1).asLong(0);
        if (expires <= nowMillis) {
            return "10002: Params Error: the request has expired";
        }
        return Hmac.same(sign(key.secret(), expires), args.path(2).asText(), true) ? null : "10003: Invalid apikey signature";
    }

    @Override
    public String loginAnswer(JsonNode m) {
        if (!"auth".equals(m.path("op").asText())) {
            throw new IllegalArgumentException("not an answer to the login: " + m);
        }
        return m.path("success").asBoolean(false) ? null : m.path("ret_msg").asText("refused");
    }

    @Override
    public List<String> subscribe() {
        ObjectNode root = JSON.createObjectNode().put("req_id", "dpp-subscribe").put("op", "subscribe");
        root.putArray("args").add(TOPIC_ORDER).add(TOPIC_EXECUTION);
        return List.of(root.toString());
    }

    @Override
    public boolean subscribed(JsonNode m) {
        return "subscribe".equals(m.path("op").asText()) && m.path("success").asBoolean(false);
    }

    @Override
    public Update read(JsonNode m) {
        String topic = m.path("topic").asText();
        List<VenueOrder> orders = new ArrayList<>();
        List<VenueFill> fills = new ArrayList<>();
        if (topic.startsWith("order")) {
            for (JsonNode d : m.path("data")) {
                if (BybitOrders.CATEGORY.equals(d.path("category").asText(BybitOrders.CATEGORY))) {
                    orders.add(BybitOrders.read(d));
                }
            }
        } else if (topic.startsWith("execution")) {
            for (JsonNode d : m.path("data")) {
                if (BybitOrders.CATEGORY.equals(d.path("category").asText(BybitOrders.CATEGORY))
                        && "Trade".equals(d.path("execType").asText("Trade"))) {
                    fills.add(BybitOrders.fill(d));
                }
            }
        } else {
            return null;
        }
        return new Update(orders, fills);
    }

    /** Its pong carries the venue's time, so never the same text: read as any other message (which keeps the connection heard). */
    @Override
    public String ping() {
        return "{\"op\":\"ping\"}";
    }
}
