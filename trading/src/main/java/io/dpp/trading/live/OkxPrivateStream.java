package io.dpp.trading.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpp.core.model.Side;
import java.util.ArrayList;
import java.util.List;

/**
 * OKX's private WebSocket (v5, {@code /ws/v5/private}): a login with the key, the passphrase, a
 * timestamp in seconds and {@code sign} = base64 HMAC-SHA256 of timestamp + "GET" +
 * "/users/self/verify" (the venue refuses a timestamp 30 s away from its clock); then the
 * {@code orders} channel of spot instruments, whose pushes are full orders with the execution that
 * changed them ({@code tradeId}, {@code fillPx}, {@code fillSz}, {@code fillFee} negative when
 * charged, {@code fillFeeCcy}, {@code execType} M or T, {@code fillTime}); "ping" and "pong" keep a
 * connection open that would otherwise be closed after 30 s of silence.
 */
final class OkxPrivateStream implements PrivateStream {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final OkxSpotOrders orders = new OkxSpotOrders();

    @Override
    public String venue() {
        return "okx";
    }

    @Override
    public String path() {
        return "/ws/v5/private";
    }

    @Override
    public String url() {
        return "wss://ws.okx.com:8443/ws/v5/private";
    }

    /** The signature of a login at {@code seconds}. */
    static String sign(String secret, String seconds) {
        return Hmac.sha256Base64(secret, seconds + "GET/users/self/verify");
    }

    @Override
    public String login(VenueKey key, long nowMillis, String token) {
        String ts = Long.toString(nowMillis / 1000);
        com.fasterxml.jackson.databind.node.ObjectNode root = JSON.createObjectNode().put("op", "login");
        root.putArray("args").addObject().put("apiKey", key.apiKey()).put("passphrase", key.passphrase() == null ? "" : key.passphrase())
                .put("timestamp", ts).put("sign", sign(key.secret(), ts));
        return root.toString();
    }

    @Override
    public String loginKey(JsonNode login) {
        return login.path("args").path(0).path("apiKey").asText(null);
    }

    @Override
    public String checkLogin(JsonNode login, VenueKey key, long nowMillis) {
        JsonNode arg = login.path("args").path(0);
        long ts;
        try {
            ts = Long.parseLong(arg.path("timestamp").asText());
        } catch (NumberFormatException e) {
            return "60006: Timestamp request expired";
        }
        if (Math.abs(nowMillis / 1000 - ts) > 30) {
            return "60006: Timestamp request expired";
        }
        if (!java.util.Objects.equals(key.passphrase() == null ? "" : key.passphrase(), arg.path("passphrase").asText())) {
            return "60024: Wrong passphrase";
        }
        return Hmac.same(sign(key.secret(), arg.path("timestamp").asText()), arg.path("sign").asText(), false) ? null : "60007: Invalid sign";
    }

    @Override
    public String loginAnswer(JsonNode m) {
        String event = m.path("event").asText();
        if (event.equals("login")) {
            return "0".equals(m.path("code").asText()) ? null : m.path("code").asText() + ": " + m.path("msg").asText();
        }
        if (event.equals("error")) {
            return m.path("code").asText() + ": " + m.path("msg").asText();
        }
        throw new IllegalArgumentException("not an answer to a login: " + m);
    }

    @Override
    public List<String> subscribe() {
        com.fasterxml.jackson.databind.node.ObjectNode root = JSON.createObjectNode().put("op", "subscribe");
        root.putArray("args").addObject().put("channel", "orders").put("instType", "SPOT");
        return List.of(root.toString());
    }

    @Override
    public boolean subscribed(JsonNode m) {
        return "subscribe".equals(m.path("event").asText()) && "orders".equals(m.path("arg").path("channel").asText());
    }

    @Override
    public Update read(JsonNode m) {
        if (!"orders".equals(m.path("arg").path("channel").asText()) || !m.has("data")) {
            return null;
        }
        List<VenueOrder> out = new ArrayList<>();
        List<VenueFill> fills = new ArrayList<>();
        for (JsonNode d : m.path("data")) {
            out.add(orders.order(d));
            if (!d.path("tradeId").asText("").isEmpty() && Decimals.of(d.path("fillSz")).signum() > 0) {
                fills.add(new VenueFill(d.path("tradeId").asText(), d.path("ordId").asText(), d.path("clOrdId").asText(null),
                        d.path("instId").asText(), "buy".equals(d.path("side").asText()) ? Side.BUY : Side.SELL, Decimals.of(d.path("fillPx")),
                        Decimals.of(d.path("fillSz")), Decimals.of(d.path("fillFee")).negate(), d.path("fillFeeCcy").asText(),
                        "M".equals(d.path("execType").asText()), d.path("fillTime").asLong() * 1000));
            }
        }
        return new Update(out, fills);
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
