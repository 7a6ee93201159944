package io.dpp.sim.trading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dpp.trading.live.HttpCall;
import java.math.BigDecimal;
import java.util.Set;
import java.util.function.Function;

/**
 * Bybit's v5 order API for spot as the simulator serves it, over a {@link SimSpotExchange} per
 * account: {@code POST /v5/order/create} and {@code /v5/order/cancel}, {@code GET /v5/order/realtime},
 * {@code GET /v5/execution/list} and the public {@code GET /v5/market/time}, in Bybit's shapes
 * ({@code retCode} 0 with a {@code result}, or the refusal's code and {@code retMsg}).
 */
final class BybitSpotSim {

    static final Set<String> PATHS = Set.of("/v5/order/create", "/v5/order/cancel", "/v5/order/amend", "/v5/order/realtime",
            "/v5/execution/list");
    static final String TIME = "/v5/market/time";
    private static final ObjectMapper JSON = new ObjectMapper();

    private BybitSpotSim() {
    }

    static SimAccounts.Answer serve(SimSpotExchange x, HttpCall call, Function<String, SimBook> books, long nowMillis) {
        long now = nowMillis * 1000;
        JsonNode body;
        try {
            body = call.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(call.body());
        } catch (java.io.IOException e) {
            return refused(nowMillis, 10001, "request body is not JSON");
        }
        boolean get = call.method().equals("GET");
        String category = get ? HttpCall.formValue(call.query(), "category") : body.path("category").asText(null);
        if (!"spot".equals(category)) {
            return refused(nowMillis, 10001, "the simulator trades category spot");
        }
        String symbol = get ? HttpCall.formValue(call.query(), "symbol") : body.path("symbol").asText(null);
        SimBook book = symbol == null ? null : books.apply(symbol);
        if (book != null) {
            x.sweep(book, now);
        }
        String linkId = get ? HttpCall.formValue(call.query(), "orderLinkId") : body.path("orderLinkId").asText(null);
        try {
            switch (call.method() + " " + call.path()) {
                case "POST /v5/order/create" -> {
                    boolean market = "Market".equals(body.path("orderType").asText());
                    String tif = body.path("timeInForce").asText(market ? "IOC" : "GTC");
                    String type = market ? "MARKET" : tif.equals("PostOnly") ? "LIMIT_MAKER" : "LIMIT";
                    if (market && !"baseCoin".equals(body.path("marketUnit").asText())) {
                        return refused(nowMillis, 10001, "the simulator sizes market orders in the base coin (marketUnit=baseCoin)");
                    }
                    if (linkId == null || !linkId.matches("[A-Za-z0-9_-]{1,36}")) {
                        return refused(nowMillis, 10001, "orderLinkId is 1-36 letters, digits, _ or -");
                    }
                    SimSpotExchange.Order o = x.place(book, linkId, "Buy".equals(body.path("side").asText()), type,
                            tif.equals("PostOnly") ? "GTC" : tif, new BigDecimal(body.path("qty").asText("0")),
                            body.hasNonNull("price") ? new BigDecimal(body.path("price").asText()) : null, null, now);
                    return ok(nowMillis, JSON.createObjectNode().put("orderId", Long.toString(o.id)).put("orderLinkId", o.clientOrderId));
                }
                case "POST /v5/order/cancel" -> {
                    SimSpotExchange.Order o = x.cancel(linkId == null ? "" : linkId, now);
                    return ok(nowMillis, JSON.createObjectNode().put("orderId", Long.toString(o.id)).put("orderLinkId", o.clientOrderId));
                }
                case "POST /v5/order/amend" -> {
                    // A new whole quantity, a new price, or both; the order keeps its ids.
                    SimSpotExchange.Order o = x.amend(book, linkId == null ? "" : linkId,
                            body.hasNonNull("qty") ? new BigDecimal(body.path("qty").asText()) : null,
                            body.hasNonNull("price") ? new BigDecimal(body.path("price").asText()) : null, now);
                    return ok(nowMillis, JSON.createObjectNode().put("orderId", Long.toString(o.id)).put("orderLinkId", o.clientOrderId));
                }
                case "GET /v5/order/realtime" -> {
                    ArrayNode list = JSON.createArrayNode();
                    if (linkId != null) {
                        SimSpotExchange.Order o = x.order(linkId);
                        if (o != null && o.symbol.equals(symbol)) {
                            list.add(order(o));
                        }
                    } else {
                        x.open(symbol).forEach(o -> list.add(order(o)));
                    }
                    ObjectNode result = JSON.createObjectNode().put("category", "spot").put("nextPageCursor", "");
                    result.set("list", list);
                    return ok(nowMillis, result);
                }
                case "GET /v5/execution/list" -> {
                    String start = HttpCall.formValue(call.query(), "startTime");
                    ArrayNode list = JSON.createArrayNode();
                    java.util.List<SimSpotExchange.Trade> trades = x.trades(symbol, start == null ? 0 : Long.parseLong(start) * 1000);
                    for (int i = trades.size() - 1; i >= 0; i--) {
                        list.add(execution(trades.get(i)));
                    }
                    ObjectNode result = JSON.createObjectNode().put("category", "spot").put("nextPageCursor", "");
                    result.set("list", list);
                    return ok(nowMillis, result);
                }
                default -> {
                    return new SimAccounts.Answer(404, JSON.createObjectNode().put("retCode", 10017)
                            .put("retMsg", "Request path not found or request method is invalid").toString());
                }
            }
        } catch (SimSpotExchange.Refused r) {
            return switch (r.why) {
                case UNKNOWN_SYMBOL -> refused(nowMillis, 170121, "Invalid symbol.");
                case BAD_QUANTITY -> refused(nowMillis, 170137, "Order volume decimal too long");
                case BAD_PRICE -> refused(nowMillis, 170134, "Order price decimal too long.");
                case DUPLICATE -> refused(nowMillis, 170141, "Duplicate clientOrderId");
                case INSUFFICIENT_BALANCE -> refused(nowMillis, 170131, "Balance insufficient");
                case WOULD_TAKE -> refused(nowMillis, 170218, "The LIMIT-MAKER order is rejected due to invalid price.");
                case UNKNOWN_ORDER -> refused(nowMillis, 170213, "Order does not exist.");
                case BAD_REQUEST, REDUCE_ONLY -> refused(nowMillis, 10001, r.getMessage());
            };
        } catch (NumberFormatException e) {
            return refused(nowMillis, 10001, "qty or price is not a number");
        }
    }

    static ObjectNode order(SimSpotExchange.Order o) {
        return order(o, o.status, o.filled, o.quote, o.updated);
    }

    /** An order as it stood after a change ({@code status}, {@code filled}, {@code quote} then): how queries and the private stream show it. */
    static ObjectNode order(SimSpotExchange.Order o, String state, BigDecimal filled, BigDecimal quote, long updated) {
        String status = switch (state) {
            case "NEW" -> "New";
            case "PARTIALLY_FILLED" -> "PartiallyFilled";
            case "FILLED" -> "Filled";
            default -> filled.signum() > 0 ? "PartiallyFilledCanceled" : "Cancelled";
        };
        BigDecimal avg = filled.signum() == 0 ? null : quote.divide(filled, java.math.MathContext.DECIMAL128).stripTrailingZeros();
        return JSON.createObjectNode().put("orderId", Long.toString(o.id)).put("orderLinkId", o.clientOrderId).put("symbol", o.symbol)
                .put("price", o.price == null ? "0" : o.price.toPlainString()).put("qty", o.quantity.toPlainString())
                .put("side", o.buy ? "Buy" : "Sell").put("orderStatus", status)
                .put("avgPrice", avg == null ? "" : avg.toPlainString()).put("cumExecQty", filled.toPlainString())
                .put("cumExecValue", quote.toPlainString()).put("timeInForce", o.type.equals("LIMIT_MAKER") ? "PostOnly" : o.timeInForce)
                .put("orderType", o.type.equals("MARKET") ? "Market" : "Limit")
                .put("createdTime", Long.toString(o.created / 1000)).put("updatedTime", Long.toString(updated / 1000));
    }

    /** An execution as the execution list and the private stream show it. */
    static ObjectNode execution(SimSpotExchange.Trade t) {
        return JSON.createObjectNode().put("symbol", t.order().symbol).put("orderId", Long.toString(t.order().id))
                .put("orderLinkId", t.order().clientOrderId).put("side", t.order().buy ? "Buy" : "Sell")
                .put("execId", Long.toString(t.id())).put("execPrice", t.price().toPlainString())
                .put("execQty", t.quantity().toPlainString()).put("execFee", t.commission().toPlainString())
                .put("feeCurrency", t.commissionAsset()).put("isMaker", t.maker()).put("execType", "Trade")
                .put("execValue", t.price().multiply(t.quantity()).toPlainString()).put("execTime", Long.toString(t.time() / 1000));
    }

    private static SimAccounts.Answer ok(long nowMillis, ObjectNode result) {
        ObjectNode root = JSON.createObjectNode().put("retCode", 0).put("retMsg", "OK");
        root.set("result", result);
        root.putObject("retExtInfo");
        root.put("time", nowMillis);
        return new SimAccounts.Answer(200, root.toString());
    }

    private static SimAccounts.Answer refused(long nowMillis, int code, String msg) {
        ObjectNode root = JSON.createObjectNode().put("retCode", code).put("retMsg", msg);
        root.putObject("result");
        root.putObject("retExtInfo");
        root.put("time", nowMillis);
        return new SimAccounts.Answer(200, root.toString());
    }

    static SimAccounts.Answer time(long nowMillis) {
        ObjectNode result = JSON.createObjectNode().put("timeSecond", Long.toString(nowMillis / 1000))
                .put("timeNano", Long.toString(nowMillis * 1_000_000));
        return ok(nowMillis, result);
    }
}
