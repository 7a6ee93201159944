package io.dpp.trading.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * BitMEX's realtime WebSocket ({@code wss://ws.bitmex.com/realtime}) for an account's executions:
 * {@code authKeyExpires} with the key, an expiry in seconds and the hex HMAC-SHA256 of
 * "GET/realtime" + expiry (an expiry already past is refused), then the {@code execution} table:
 * every event of the account's orders (New, Trade, Canceled, Replaced, ...) as a row that carries
 * the order's state with it ({@code ordStatus}, {@code cumQty}, {@code avgPx}), a Trade row its
 * fill ({@code execID}, the fee in satoshis). The {@code order} table's updates carry only what
 * changed, so the execution table alone is followed. "ping" is answered "pong".
 */
final class BitmexPrivateStream implements PrivateStream {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long a login's signature stays valid (s). */
    static final long EXPIRES_IN = 10;

    @Override
    public String venue() {
        return "bitmex";
    }

    /** Where the simulator serves the account's stream (apart from its market data at {@code /realtime}, where BitMEX serves both). */
    @Override
    public String path() {
        return "/realtime/private";
    }

    @Override
    public String url() {
        return "wss://ws.bitmex.com/realtime";
    }

    static String sign(String secret, long expires) {
        return Hmac.sha256Hex(secret, "GET/realtime" + expires);
    }

    @Override
    public String login(VenueKey key, long nowMillis, String token) {
        long expires = nowMillis / 1000 + EXPIRES_IN;
        ObjectNode root = JSON.createObjectNode().put("op", "authKeyExpires");
        root.putArray("args").add(key.apiKey()).add(expires).add(sign(key.secret(), expires));
        return root.toString();
    }

    @Override
    public String loginKey(JsonNode login) {
        return "authKeyExpires".equals(login.path("op").asText()) ? login.path("args").path(0).asText(null) : null;
    }

    @Override
    public String checkLogin(JsonNode login, VenueKey key, long nowMillis) {
        long expires = login.path("args").path(1).asLong(0);
        if (expires * 1000 < nowMillis) {
            return "401: Signature not valid: the expiry has passed";
        }
        return Hmac.same(sign(key.secret(), expires), login.path("args").path(2).asText(), true) ? null : "401: Signature not valid.";
    }

    @Override
    public String loginAnswer(JsonNode m) {
        if (!"authKeyExpires".equals(m.path("request").path("op").asText())) {
            throw new IllegalArgumentException("not an answer to the login: " + m);
        }
        return m.path("success").asBoolean(false) ? null : m.path("status").asText("401") + ": " + m.path("error").asText("refused");
    }

    @Override
    public List<String> subscribe() {
        ObjectNode root = JSON.createObjectNode().put("op", "subscribe");
        root.putArray("args").add("execution");
        return List.of(root.toString());
    }

    @Override
    public boolean subscribed(JsonNode m) {
        return m.path("success").asBoolean(false) && "execution".equals(m.path("subscribe").asText());
    }

    @Override
    public Update read(JsonNode m) {
        if (!"execution".equals(m.path("table").asText())) {
            return null;
        }
        List<VenueOrder> orders = new ArrayList<>();
        List<VenueFill> fills = new ArrayList<>();
        for (JsonNode row : m.path("data")) {
            if ("Trade".equals(row.path("execType").asText())) {
                fills.add(BitmexOrders.fill(row));
            }
            if (row.hasNonNull("ordStatus") && row.hasNonNull("orderID") && !"Funding".equals(row.path("execType").asText())) {
                orders.add(BitmexOrders.read(row));
            }
        }
        return new Update(orders, fills);
    }

    @Override
    public String ping() {
        return "ping";
    }

    @Override
    public String pong() {
        return "pong";
    }
}
