package io.dpp.trading.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Coinbase Advanced Trade's user order data ({@code wss://advanced-trade-ws-user.coinbase.com}): one
 * {@code subscribe} to the {@code user} channel carrying a JWT of the account's key (as a REST call's,
 * without the {@code uri} claim; valid two minutes, so a new one for each connection), answered by a
 * {@code subscriptions} message; then a {@code snapshot} of the working orders and an {@code update}
 * at each change. Coinbase closes a connection that hears nothing for a minute or so, hence the
 * {@code heartbeats} channel as well. The orders carry what has filled ({@code cumulative_quantity},
 * {@code avg_price}) but not the executions: the EMS reads those, with their trade ids, from the fills
 * list when an order has filled more than it booked.
 */
final class CoinbaseUserStream implements PrivateStream {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String venue() {
        return "coinbase";
    }

    @Override
    public String path() {
        return "/ws-user";
    }

    @Override
    public String url() {
        return "wss://advanced-trade-ws-user.coinbase.com";
    }

    @Override
    public String login(VenueKey key, long nowMillis, String token) {
        return JSON.createObjectNode().put("type", "subscribe").put("channel", "user").put("jwt", CoinbaseSigner.jwt(key, nowMillis, null))
                .toString();
    }

    @Override
    public String loginKey(JsonNode login) {
        JsonNode[] jwt = CoinbaseSigner.parts(login.path("jwt").asText(null));
        return jwt == null ? null : jwt[0].path("kid").asText(null);
    }

    @Override
    public String checkLogin(JsonNode login, VenueKey key, long nowMillis) {
        String why = CoinbaseSigner.check(login.path("jwt").asText(null), key, nowMillis, null);
        return why == null ? null : "authentication failure: " + why;
    }

    /** The channels a {@code subscriptions} message lists as subscribed. */
    private static boolean lists(JsonNode m, String channel) {
        return "subscriptions".equals(m.path("channel").asText()) && m.path("events").path(0).path("subscriptions").has(channel);
    }

    @Override
    public String loginAnswer(JsonNode m) {
        if ("error".equals(m.path("type").asText())) {
            return "error: " + m.path("message").asText();
        }
        if (lists(m, "user")) {
            return null;
        }
        throw new IllegalArgumentException("not an answer to the subscription: " + m);
    }

    @Override
    public List<String> subscribe() {
        return List.of(JSON.createObjectNode().put("type", "subscribe").put("channel", "heartbeats").toString());
    }

    @Override
    public boolean subscribed(JsonNode m) {
        return lists(m, "heartbeats");
    }

    @Override
    public Update read(JsonNode m) {
        if (!"user".equals(m.path("channel").asText())) {
            return null; // heartbeats, subscriptions
        }
        long at = CoinbaseOrders.micros(m.path("timestamp").asText(""));
        List<VenueOrder> out = new ArrayList<>();
        for (JsonNode e : m.path("events")) {
            for (JsonNode o : e.path("orders")) {
                out.add(order(o, at));
            }
        }
        return new Update(out, List.of());
    }

    private static VenueOrder order(JsonNode o, long at) {
        BigDecimal filled = Decimals.of(o.path("cumulative_quantity"));
        BigDecimal avg = Decimals.of(o.path("avg_price"));
        VenueOrder.Status status = CoinbaseOrders.status(o.path("status").asText(), filled);
        BigDecimal limit = Decimals.of(o.path("limit_price"));
        return new VenueOrder(o.path("order_id").asText(), o.path("client_order_id").asText(null), o.path("product_id").asText(),
                "BUY".equals(o.path("order_side").asText()) ? io.dpp.core.model.Side.BUY : io.dpp.core.model.Side.SELL, status,
                filled.add(Decimals.of(o.path("leaves_quantity"))), limit.signum() == 0 ? null : limit, filled, avg.signum() == 0 ? null : avg, at);
    }
}
