package io.dpp.trading.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dpp.core.model.Side;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Kraken spot's private WebSocket v2 ({@code wss://ws-auth.kraken.com/v2}): each connection needs a
 * fresh token from the signed REST call {@code GetWebSocketsToken} (valid 15 minutes to connect
 * with, then for as long as the connection lasts); subscribing to the {@code executions} channel
 * with it is the login. Pushes ({@code snapshot} and {@code update}) carry execution reports whose
 * fields depend on {@code exec_type}: {@code trade} reports an execution ({@code exec_id}, the
 * trade's txid as the trade list names it, {@code last_qty} at {@code last_price}, {@code fees},
 * {@code liquidity_ind} m or t), the others a change of the order ({@code order_status}, with
 * {@code cum_qty} where it changed). Pairs are named as in v2 ("BTC/USD", DPP's "XBT/USD"), numbers
 * are JSON numbers. {@code {"method":"ping"}} is answered {@code pong}; the venue also sends a
 * heartbeat every second once subscribed.
 */
final class KrakenPrivateStream implements PrivateStream {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN_PATH = "/0/private/GetWebSocketsToken";

    @Override
    public String venue() {
        return "kraken";
    }

    /** Kraken serves it at another host (ws-auth.kraken.com, path /v2); the simulator beside its public stream, at this path. */
    @Override
    public String path() {
        return "/ws-auth/v2";
    }

    @Override
    public String url() {
        return "wss://ws-auth.kraken.com/v2";
    }

    @Override
    public HttpCall token() {
        return HttpCall.of("POST", TOKEN_PATH, "", "");
    }

    @Override
    public String token(JsonNode answer) {
        String token = answer.path("result").path("token").asText("");
        if (token.isEmpty()) {
            throw new IllegalArgumentException("no token in Kraken's answer");
        }
        return token;
    }

    @Override
    public String login(VenueKey key, long nowMillis, String token) {
        ObjectNode root = JSON.createObjectNode().put("method", "subscribe");
        root.putObject("params").put("channel", "executions").put("token", token).put("snap_orders", true).put("snap_trades", false);
        return root.toString();
    }

    @Override
    public String loginKey(JsonNode login) {
        return "executions".equals(login.path("params").path("channel").asText()) ? login.path("params").path("token").asText(null) : null;
    }

    /** The token names the account and is its own proof: the venue (and the simulator) checks it against those it gave. */
    @Override
    public String checkLogin(JsonNode login, VenueKey key, long nowMillis) {
        return null;
    }

    @Override
    public String loginAnswer(JsonNode m) {
        if (!"subscribe".equals(m.path("method").asText())) {
            throw new IllegalArgumentException("not an answer to the subscription: " + m);
        }
        return m.path("success").asBoolean(false) ? null : m.path("error").asText("refused");
    }

    @Override
    public List<String> subscribe() {
        return List.of(); // the subscription, with its token, is the login
    }

    @Override
    public boolean subscribed(JsonNode message) {
        return false;
    }

    @Override
    public Update read(JsonNode m) {
        if (!"executions".equals(m.path("channel").asText()) || !m.has("data")) {
            return null;
        }
        List<VenueOrder> orders = new ArrayList<>();
        List<VenueFill> fills = new ArrayList<>();
        for (JsonNode d : m.path("data")) {
            String clientId = d.path("cl_ord_id").asText(null);
            String symbol = d.has("symbol") ? KrakenAssets.v1Pair(d.path("symbol").asText()) : null;
            Side side = d.has("side") ? ("buy".equals(d.path("side").asText()) ? Side.BUY : Side.SELL) : null;
            long time = micros(d.path("timestamp").asText(null));
            String execution = d.path("exec_type").asText();
            if (execution.equals("trade")) {
                BigDecimal fee = BigDecimal.ZERO;
                String feeAsset = null;
                for (JsonNode f : d.path("fees")) {
                    fee = fee.add(Decimals.of(f.path("qty")));
                    feeAsset = KrakenAssets.dpp(f.path("asset").asText());
                }
                String quote = d.path("symbol").asText("").substring(d.path("symbol").asText("").indexOf('/') + 1);
                fills.add(new VenueFill(d.path("exec_id").asText(), d.path("order_id").asText(), clientId, symbol, side,
                        Decimals.of(d.path("last_price")), Decimals.of(d.path("last_qty")), fee,
                        feeAsset == null || KrakenAssets.dpp(quote).equals(feeAsset) ? null : feeAsset, // null: the quote, as the trade list says
                        "m".equals(d.path("liquidity_ind").asText()), time));
            }
            VenueOrder.Status status = status(d.path("order_status").asText(execution));
            BigDecimal filled = d.has("cum_qty") ? Decimals.of(d.path("cum_qty")) : null;
            if (status == null || (status.isFinal() && filled == null)) {
                continue; // a report that does not say the order's state (or ends it without what it filled): the lookup says
            }
            BigDecimal price = d.has("limit_price") ? Decimals.of(d.path("limit_price")) : null;
            BigDecimal average = d.has("avg_price") ? Decimals.of(d.path("avg_price")) : null;
            orders.add(new VenueOrder(d.path("order_id").asText(), clientId, symbol, side, status,
                    d.has("order_qty") ? Decimals.of(d.path("order_qty")) : null, price == null || price.signum() == 0 ? null : price, filled,
                    average == null || average.signum() == 0 ? null : average, time));
        }
        return new Update(orders, fills);
    }

    /** An order status of Kraken's WebSocket v2, or null for one that says no state ("restated", "status"). */
    static VenueOrder.Status status(String s) {
        return switch (s) {
            case "pending_new", "new" -> VenueOrder.Status.NEW;
            case "partially_filled" -> VenueOrder.Status.PARTIALLY_FILLED;
            case "filled" -> VenueOrder.Status.FILLED;
            case "canceled" -> VenueOrder.Status.CANCELED;
            case "expired" -> VenueOrder.Status.EXPIRED;
            default -> null;
        };
    }

    /** RFC 3339 ("2023-09-22T10:33:05.709993Z") as epoch micros; 0 when absent. */
    static long micros(String rfc3339) {
        if (rfc3339 == null || rfc3339.isEmpty()) {
            return 0;
        }
        java.time.Instant t = java.time.Instant.parse(rfc3339);
        return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
    }

    /** Its pong carries the venue's time, so never the same text: read as any other message (which keeps the connection heard). */
    @Override
    public String ping() {
        return "{\"method\":\"ping\"}";
    }
}
