package io.dpp.trading.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dpp.core.model.Side;
import java.math.BigDecimal;
import java.math.MathContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Bybit's v5 order API for spot ({@code category=spot}): {@code POST /v5/order/create} and
 * {@code /v5/order/cancel} with JSON bodies and {@code orderLinkId} as the client order id,
 * {@code GET /v5/order/realtime} (one order, or the open ones), {@code GET /v5/execution/list}
 * and the public {@code GET /v5/market/time}. Market orders are sized in the base coin
 * ({@code marketUnit=baseCoin}); post-only is {@code timeInForce=PostOnly}; stop orders use
 * {@code triggerPrice} with {@code orderFilter=tpslOrder}. Answers carry {@code retCode} 0 on success;
 * refusals by code: 170131 (balance), 170141 (duplicate id), 170218 (post-only price would take),
 * 170213 and 110001 (unknown order), 170121 (symbol), 170130-170140 and 10001 (invalid order),
 * 10002 (timestamp), 10003-10005 (key, signature, permission), 10006, 170005 and 170222 (rate
 * limit), 10016, 170007 and HTTP 5xx (state unknown).
 */
final class BybitSpotOrders implements OrderProtocol {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String venue() {
        return "bybit";
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public HttpCall place(LiveOrder o) {
        ObjectNode b = JSON.createObjectNode().put("category", "spot").put("symbol", o.symbol())
                .put("side", o.side() == Side.BUY ? "Buy" : "Sell");
        boolean market = o.type() == io.dpp.trading.order.OrderType.MARKET || o.type() == io.dpp.trading.order.OrderType.STOP;
        b.put("orderType", market ? "Market" : "Limit").put("qty", o.quantity().toPlainString());
        if (market) {
            b.put("marketUnit", "baseCoin");
        } else {
            b.put("price", o.price().toPlainString()).put("timeInForce", o.postOnly() ? "PostOnly" : switch (o.timeInForce()) {
                case GTC -> "GTC";
                case IOC -> "IOC";
                case FOK -> "FOK";
            });
        }
        if (o.stopPrice() != null) {
            b.put("triggerPrice", o.stopPrice().toPlainString()).put("orderFilter", "tpslOrder");
        }
        b.put("orderLinkId", o.clientOrderId());
        return HttpCall.of("POST", "/v5/order/create", "", b.toString());
    }

    @Override
    public boolean amends() {
        return true;
    }

    /** {@code POST /v5/order/amend}: {@code qty} is the whole new quantity. */
    @Override
    public HttpCall amend(String symbol, String clientOrderId, Side side, BigDecimal quantity, BigDecimal price, BigDecimal wasQuantity,
                          BigDecimal wasPrice) {
        ObjectNode b = JSON.createObjectNode().put("category", "spot").put("symbol", symbol).put("orderLinkId", clientOrderId);
        if (quantity.compareTo(wasQuantity) != 0) {
            b.put("qty", quantity.toPlainString());
        }
        if (price.compareTo(wasPrice) != 0) {
            b.put("price", price.toPlainString());
        }
        return HttpCall.of("POST", "/v5/order/amend", "", b.toString());
    }

    @Override
    public HttpCall cancel(String symbol, String clientOrderId) {
        return HttpCall.of("POST", "/v5/order/cancel", "", JSON.createObjectNode().put("category", "spot").put("symbol", symbol)
                .put("orderLinkId", clientOrderId).toString());
    }

    @Override
    public HttpCall query(String symbol, String clientOrderId) {
        return HttpCall.of("GET", "/v5/order/realtime", "category=spot&symbol=" + enc(symbol) + "&orderLinkId=" + enc(clientOrderId), "");
    }

    @Override
    public HttpCall openOrders(String symbol) {
        return HttpCall.of("GET", "/v5/order/realtime", "category=spot" + (symbol == null ? "" : "&symbol=" + enc(symbol)) + "&openOnly=0", "");
    }

    @Override
    public HttpCall fills(String symbol, long sinceMillis) {
        return HttpCall.of("GET", "/v5/execution/list", "category=spot&symbol=" + enc(symbol) + "&startTime=" + sinceMillis + "&limit=100", "");
    }

    @Override
    public HttpCall serverTime() {
        return HttpCall.of("GET", "/v5/market/time", "", "");
    }

    @Override
    public VenueOrder order(JsonNode answer) {
        JsonNode r = answer.path("result");
        JsonNode a = r.has("list") ? r.path("list").path(0) : r.isMissingNode() ? answer : r;
        if (!a.has("orderStatus")) {
            // create's acknowledgement: the ids only
            return new VenueOrder(a.path("orderId").asText(), a.path("orderLinkId").asText(), null, null, VenueOrder.Status.NEW,
                    null, null, null, null, answer.path("time").asLong(0) * 1000);
        }
        return read(a);
    }

    /** An order as Bybit's order queries and its private stream's {@code order} topic describe it. */
    static VenueOrder read(JsonNode a) {
        BigDecimal filled = Decimals.of(a.path("cumExecQty"));
        BigDecimal value = Decimals.of(a.path("cumExecValue"));
        BigDecimal px = Decimals.of(a.path("price"));
        VenueOrder.Status status = switch (a.path("orderStatus").asText()) {
            case "New", "Untriggered", "Triggered", "Created" -> filled.signum() > 0 ? VenueOrder.Status.PARTIALLY_FILLED : VenueOrder.Status.NEW;
            case "PartiallyFilled" -> VenueOrder.Status.PARTIALLY_FILLED;
            case "Filled" -> VenueOrder.Status.FILLED;
            case "Cancelled", "PartiallyFilledCanceled", "Deactivated" -> VenueOrder.Status.CANCELED;
            case "Rejected" -> VenueOrder.Status.REJECTED;
            default -> throw new IllegalArgumentException("unknown Bybit order status " + a.path("orderStatus").asText());
        };
        return new VenueOrder(a.path("orderId").asText(), a.path("orderLinkId").asText(), a.path("symbol").asText(),
                "Buy".equals(a.path("side").asText()) ? Side.BUY : Side.SELL, status, Decimals.of(a.path("qty")), px.signum() == 0 ? null : px,
                filled, filled.signum() == 0 ? null : value.divide(filled, MathContext.DECIMAL128).stripTrailingZeros(),
                a.path("updatedTime").asLong(0) * 1000);
    }

    @Override
    public boolean notFound(JsonNode queryAnswer) {
        JsonNode list = queryAnswer.path("result").path("list");
        return list.isArray() && list.isEmpty();
    }

    /** A cancel's acknowledgement names the order only: it is canceled. */
    @Override
    public VenueOrder canceled(JsonNode answer) {
        JsonNode r = answer.path("result");
        return new VenueOrder(r.path("orderId").asText(), r.path("orderLinkId").asText(), null, null, VenueOrder.Status.CANCELED, null,
                null, null, null, answer.path("time").asLong(0) * 1000);
    }

    @Override
    public List<VenueOrder> orders(JsonNode answer) {
        List<VenueOrder> out = new ArrayList<>();
        answer.path("result").path("list").forEach(o -> out.add(read(o)));
        return out;
    }

    @Override
    public List<VenueFill> fills(JsonNode answer) {
        List<VenueFill> out = new ArrayList<>();
        answer.path("result").path("list").forEach(f -> out.add(fill(f)));
        out.sort(java.util.Comparator.comparingLong(VenueFill::time));
        return out;
    }

    /** An execution as Bybit's execution list and its private stream's {@code execution} topic describe it. */
    static VenueFill fill(JsonNode f) {
        return new VenueFill(f.path("execId").asText(), f.path("orderId").asText(), f.path("orderLinkId").asText(null), f.path("symbol").asText(),
                "Buy".equals(f.path("side").asText()) ? Side.BUY : Side.SELL, Decimals.of(f.path("execPrice")), Decimals.of(f.path("execQty")),
                Decimals.of(f.path("execFee")), f.path("feeCurrency").asText(""), f.path("isMaker").asBoolean(), f.path("execTime").asLong() * 1000);
    }

    @Override
    public long serverTime(JsonNode answer) {
        return answer.path("result").path("timeNano").asLong() / 1_000_000;
    }

    @Override
    public VenueReject reject(int status, JsonNode body) {
        if (status == 0) {
            return new VenueReject(VenueReject.Reason.VENUE_UNAVAILABLE, "timeout", "no answer", true, true);
        }
        int code = body == null ? -1 : body.path("retCode").asInt(-1);
        if (status >= 200 && status < 300 && code == 0) {
            return null;
        }
        String c = code == -1 ? "HTTP " + status : Integer.toString(code);
        String msg = body == null ? "" : body.path("retMsg").asText("");
        if (status == 429 || status == 403 && code == -1 || code == 10006 || code == 10018 || code == 170005 || code == 170222) {
            return new VenueReject(VenueReject.Reason.RATE_LIMITED, c, msg, true, false);
        }
        if (status >= 500 || code == 10016 || code == 170007 || code == 10000 || code == 170146) {
            return new VenueReject(VenueReject.Reason.VENUE_UNAVAILABLE, c, msg, true, true);
        }
        VenueReject.Reason reason = switch (code) {
            case 170131, 170033, 110007 -> VenueReject.Reason.INSUFFICIENT_BALANCE;
            case 170141, 110072 -> VenueReject.Reason.DUPLICATE_CLIENT_ORDER_ID;
            case 170218 -> VenueReject.Reason.POST_ONLY_WOULD_TAKE;
            case 170213, 110001, 170142, 170139, 170190 -> VenueReject.Reason.UNKNOWN_ORDER;
            case 170121, 10001 -> code == 170121 ? VenueReject.Reason.UNKNOWN_SYMBOL : VenueReject.Reason.INVALID_ORDER;
            case 10002 -> VenueReject.Reason.TIMESTAMP;
            case 10003, 10004, 10005, 10010 -> VenueReject.Reason.AUTHENTICATION;
            case 170151, 170157 -> VenueReject.Reason.MARKET_CLOSED;
            default -> code >= 170100 && code < 170250 ? VenueReject.Reason.INVALID_ORDER : VenueReject.Reason.OTHER;
        };
        return new VenueReject(reason, c, msg, reason == VenueReject.Reason.TIMESTAMP, false);
    }


    /** Bybit counts every request of an address alike: 600 per 5 s, market data included. */
    @Override
    public int weight(HttpCall call) {
        return 1;
    }
}
