package io.dpp.trading.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dpp.core.model.Side;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Binance spot's user data stream, as it is subscribed since Binance retired spot listen keys
 * (2026-02-20): one request on the WebSocket API ({@code /ws-api/v3}),
 * {@code userDataStream.subscribe.signature} with the API key, a timestamp and {@code signature} =
 * hex HMAC-SHA256 of every parameter but the signature, sorted by name, as {@code name=value}
 * pairs joined by {@code &} (the venue refuses a timestamp 1 s ahead of its clock or older than
 * {@code recvWindow}, 5 s by default). The answer names the subscription; its events come as
 * {@code {"subscriptionId":N,"event":{...}}}: {@code executionReport} for every change of an order
 * (the execution that changed it when {@code x} is TRADE: trade id {@code t}, {@code L} at
 * {@code l}, commission {@code n} in {@code N}). A cancel's report names the cancel request in
 * {@code c} and the order in {@code C}. {@code eventStreamTerminated} says the subscription ended
 * and {@code serverShutdown} that the connection is about to; either way a new connection
 * subscribes again. The server pings with WebSocket frames every 20 s; a client answers with pongs
 * and may ping too.
 */
final class BinancePrivateStream implements PrivateStream {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String SUBSCRIBE = "userDataStream.subscribe.signature";
    /** The request id of the subscription (one per connection). */
    static final String REQUEST_ID = "dpp-user-data";

    @Override
    public String venue() {
        return "binance";
    }

    @Override
    public String path() {
        return "/ws-api/v3";
    }

    @Override
    public String url() {
        return "wss://ws-api.binance.com:443/ws-api/v3";
    }

    /** The payload a WebSocket API request signs: every parameter but {@code signature}, by name, as name=value joined by &amp;. */
    static String payload(Map<String, String> params) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(params).forEach((k, v) -> {
            if (!k.equals("signature")) {
                out.append(out.isEmpty() ? "" : "&").append(k).append('=').append(v);
            }
        });
        return out.toString();
    }

    static String sign(String secret, Map<String, String> params) {
        return Hmac.sha256Hex(secret, payload(params));
    }

    @Override
    public String login(VenueKey key, long nowMillis, String token) {
        Map<String, String> params = new TreeMap<>();
        params.put("apiKey", key.apiKey());
        params.put("recvWindow", Long.toString(BinanceSigner.RECV_WINDOW));
        params.put("timestamp", Long.toString(nowMillis));
        ObjectNode root = JSON.createObjectNode().put("id", REQUEST_ID).put("method", SUBSCRIBE);
        ObjectNode p = root.putObject("params").put("apiKey", key.apiKey()).put("recvWindow", BinanceSigner.RECV_WINDOW)
                .put("timestamp", nowMillis);
        p.put("signature", sign(key.secret(), params));
        return root.toString();
    }

    @Override
    public String loginKey(JsonNode login) {
        return SUBSCRIBE.equals(login.path("method").asText()) ? login.path("params").path("apiKey").asText(null) : null;
    }

    @Override
    public String checkLogin(JsonNode login, VenueKey key, long nowMillis) {
        JsonNode p = login.path("params");
        Map<String, String> params = new TreeMap<>();
        p.fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
        long ts;
        double window;
        try {
            ts = Long.parseLong(params.getOrDefault("timestamp", ""));
            window = Double.parseDouble(params.getOrDefault("recvWindow", "5000"));
        } catch (NumberFormatException e) {
            return "-1102: Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.";
        }
        if (window > 60_000) {
            return "-1131: recvWindow must be less than 60000";
        }
        if (ts >= nowMillis + 1000 || nowMillis - ts > window) {
            return "-1021: Timestamp for this request is outside of the recvWindow.";
        }
        return Hmac.same(sign(key.secret(), params), params.get("signature"), true) ? null : "-1022: Signature for this request is not valid.";
    }

    @Override
    public String loginAnswer(JsonNode m) {
        if (!REQUEST_ID.equals(m.path("id").asText()) || !m.has("status")) {
            throw new IllegalArgumentException("not an answer to the subscription: " + m);
        }
        if (m.path("status").asInt() == 200 && m.path("result").has("subscriptionId")) {
            return null;
        }
        JsonNode error = m.path("error");
        return error.path("code").asText("HTTP " + m.path("status").asText()) + ": " + error.path("msg").asText();
    }

    @Override
    public List<String> subscribe() {
        return List.of(); // the signed request is the subscription
    }

    @Override
    public boolean subscribed(JsonNode message) {
        return false;
    }

    @Override
    public String ended(JsonNode m) {
        return switch (m.path("event").path("e").asText()) {
            case "eventStreamTerminated" -> "the venue ended the subscription (eventStreamTerminated)";
            case "serverShutdown" -> "the venue's server is shutting down (serverShutdown)";
            default -> null;
        };
    }

    @Override
    public Update read(JsonNode m) {
        JsonNode e = m.path("event");
        if (!"executionReport".equals(e.path("e").asText())) {
            return null; // balances (outboundAccountPosition, balanceUpdate) are compared by the EMS's own reads
        }
        String original = e.path("C").asText("");
        String clientId = original.isEmpty() ? e.path("c").asText() : original;
        Side side = "BUY".equals(e.path("S").asText()) ? Side.BUY : Side.SELL;
        BigDecimal filled = Decimals.of(e.path("z"));
        BigDecimal quote = Decimals.of(e.path("Z"));
        BigDecimal average = filled.signum() == 0 ? null : quote.divide(filled, MathContext.DECIMAL128).stripTrailingZeros();
        BigDecimal price = Decimals.of(e.path("p"));
        String orderId = e.path("i").asText();
        String symbol = e.path("s").asText();
        VenueOrder order = new VenueOrder(orderId, clientId, symbol, side, BinanceSpotOrders.status(e.path("X").asText()), Decimals.of(e.path("q")),
                price.signum() == 0 ? null : price, filled, average, e.path("T").asLong(e.path("E").asLong()) * 1000);
        List<VenueFill> fills = List.of();
        if ("TRADE".equals(e.path("x").asText()) && e.path("t").asLong(-1) >= 0) {
            fills = List.of(new VenueFill(e.path("t").asText(), orderId, clientId, symbol, side, Decimals.of(e.path("L")), Decimals.of(e.path("l")),
                    Decimals.of(e.path("n")), e.path("N").asText(null), e.path("m").asBoolean(), e.path("T").asLong() * 1000));
        }
        return new Update(List.of(order), fills);
    }
}
