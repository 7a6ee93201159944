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
 * Bybit's v5 order API for USDT-margined contracts ({@code category=linear}, one-way mode) as the
 * simulator serves it, over a {@link SimSpotExchange} per account in linear mode:
 * {@code POST /v5/order/create}, {@code /v5/order/amend} and {@code /v5/order/cancel},
 * {@code GET /v5/order/realtime}, {@code GET /v5/execution/list}, {@code GET /v5/position/list} and
 * the public {@code GET /v5/market/time}, in Bybit's shapes ({@code retCode} 0 with a
 * {@code result}, or the refusal's code and {@code retMsg}). A post-only order that would take is
 * taken and canceled with {@code rejectReason=EC_PostOnlyWillTakeLiquidity}, as Bybit does; a stop
 * is a conditional order whose {@code triggerDirection} must be 1 (rise) for a buy, 2 (fall) for a sell.
 */
final class BybitSim {

    static final Set<String> PATHS = Set.of("/v5/order/create", "/v5/order/cancel", "/v5/order/amend", "/v5/order/realtime",
            "/v5/execution/list", "/v5/position/list");
    /** The leverage the simulator's accounts trade at (Bybit sets it per symbol; 10 is the simulator's). */
    static final int LEVERAGE = 10;
    static final String TIME = "/v5/market/time";
    private static final ObjectMapper JSON = new ObjectMapper();

    private BybitSim() {
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
        if (!"linear".equals(category)) {
            return refused(nowMillis, 10001, "the simulator trades category linear");
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
                    boolean buy = "Buy".equals(body.path("side").asText());
                    String tif = body.path("timeInForce").asText(market ? "IOC" : "GTC");
                    BigDecimal trigger = body.hasNonNull("triggerPrice") ? new BigDecimal(body.path("triggerPrice").asText()) : null;
                    String type = trigger != null ? (market ? "STOP_LOSS" : "STOP_LOSS_LIMIT")
                            : market ? "MARKET" : tif.equals("PostOnly") ? "LIMIT_MAKER" : "LIMIT";
                    if (trigger != null && body.path("triggerDirection").asInt(0) != (buy ? 1 : 2)) {
                        return refused(nowMillis, 10001, "the simulator triggers a buy stop on a rise (triggerDirection 1)"
                                + " and a sell stop on a fall (triggerDirection 2)");
                    }
                    if (body.path("positionIdx").asInt(0) != 0) {
                        return refused(nowMillis, 10001, "position idx not match position mode");
                    }
                    if (linkId == null || !linkId.matches("[A-Za-z0-9_-]{1,36}")) {
                        return refused(nowMillis, 10001, "orderLinkId is 1-36 letters, digits, _ or -");
                    }
                    SimSpotExchange.Order o = x.placeOrEnd(book, linkId, buy, type, tif.equals("PostOnly") ? "GTC" : tif,
                            new BigDecimal(body.path("qty").asText("0")),
                            body.hasNonNull("price") ? new BigDecimal(body.path("price").asText()) : null, trigger,
                            body.path("reduceOnly").asBoolean(false), now);
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
                    ObjectNode result = JSON.createObjectNode().put("category", "linear").put("nextPageCursor", "");
                    result.set("list", list);
                    return ok(nowMillis, result);
                }
                case "GET /v5/position/list" -> {
                    if (symbol == null && !"USDT".equals(HttpCall.formValue(call.query(), "settleCoin"))) {
                        return refused(nowMillis, 10001, "symbol or settleCoin is required");
                    }
                    ArrayNode list = JSON.createArrayNode();
                    for (java.util.Map.Entry<String, SimSpotExchange.Position> e : x.positions().entrySet()) {
                        if (symbol != null && !symbol.equals(e.getKey())) {
                            continue;
                        }
                        SimSpotExchange.Position p = e.getValue();
                        SimBook b = books.apply(e.getKey());
                        BigDecimal mark = b == null || b.bids().isEmpty() || b.asks().isEmpty() ? p.entry()
                                : b.bids().get(0)[0].add(b.asks().get(0)[0]).divide(BigDecimal.TWO);
                        list.addObject().put("positionIdx", 0).put("symbol", e.getKey()).put("side", p.quantity().signum() > 0 ? "Buy" : "Sell")
                                .put("size", p.quantity().abs().toPlainString()).put("avgPrice", p.entry().toPlainString())
                                .put("positionValue", p.entry().multiply(p.quantity().abs()).toPlainString()).put("markPrice", mark.toPlainString())
                                .put("unrealisedPnl", mark.subtract(p.entry()).multiply(p.quantity()).toPlainString())
                                .put("leverage", Integer.toString(x.leverage())).put("tradeMode", 0).put("positionStatus", "Normal")
                                .put("updatedTime", Long.toString(nowMillis));
                    }
                    ObjectNode result = JSON.createObjectNode().put("category", "linear").put("nextPageCursor", "");
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
                    ObjectNode result = JSON.createObjectNode().put("category", "linear").put("nextPageCursor", "");
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
                case UNKNOWN_SYMBOL -> refused(nowMillis, 10001, "params error: symbol invalid");
                case BAD_QUANTITY -> refused(nowMillis, 10001, "Qty invalid");
                case BAD_PRICE -> refused(nowMillis, 10001, "price invalid");
                case DUPLICATE -> refused(nowMillis, 110072, "OrderLinkedID is duplicate");
                case INSUFFICIENT_BALANCE -> refused(nowMillis, 110007, "ab not enough for new order");
                case WOULD_TAKE -> refused(nowMillis, 10001, r.getMessage()); // an amendment's; a placement is taken and canceled
                case UNKNOWN_ORDER -> refused(nowMillis, 110001, "order not exists or too late to cancel");
                case REDUCE_ONLY -> refused(nowMillis, 110017, "Reduce-only rule not satisfied");
                case BAD_REQUEST -> refused(nowMillis, 10001, r.getMessage());
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
            case "NEW" -> o.triggered ? "New" : "Untriggered";
            case "PARTIALLY_FILLED" -> "PartiallyFilled";
            case "FILLED" -> "Filled";
            default -> filled.signum() > 0 ? "PartiallyFilledCanceled" : "Cancelled";
        };
        BigDecimal avg = filled.signum() == 0 ? null : quote.divide(filled, java.math.MathContext.DECIMAL128).stripTrailingZeros();
        String reject = o.endedOnArrival == SimSpotExchange.Why.WOULD_TAKE ? "EC_PostOnlyWillTakeLiquidity" : "EC_NoError";
        return JSON.createObjectNode().put("orderId", Long.toString(o.id)).put("orderLinkId", o.clientOrderId).put("symbol", o.symbol)
                .put("price", o.price == null ? "0" : o.price.toPlainString()).put("qty", o.quantity.toPlainString())
                .put("side", o.buy ? "Buy" : "Sell").put("orderStatus", status).put("rejectReason", reject).put("positionIdx", 0)
                .put("reduceOnly", o.reduceOnly).put("triggerPrice", o.stopPrice == null ? "" : o.stopPrice.toPlainString())
                .put("triggerDirection", o.stopPrice == null ? 0 : o.buy ? 1 : 2)
                .put("avgPrice", avg == null ? "" : avg.toPlainString()).put("cumExecQty", filled.toPlainString())
                .put("cumExecValue", quote.toPlainString()).put("timeInForce", o.type.equals("LIMIT_MAKER") ? "PostOnly" : o.timeInForce)
                .put("orderType", o.type.equals("MARKET") || o.type.equals("STOP_LOSS") ? "Market" : "Limit")
                .put("createdTime", Long.toString(o.created / 1000)).put("updatedTime", Long.toString(updated / 1000));
    }

    /** An execution as the execution list and the private stream show it. */
    static ObjectNode execution(SimSpotExchange.Trade t) {
        return JSON.createObjectNode().put("symbol", t.order().symbol).put("orderId", Long.toString(t.order().id))
                .put("orderLinkId", t.order().clientOrderId).put("side", t.order().buy ? "Buy" : "Sell")
                .put("execId", Long.toString(t.id())).put("execPrice", t.price().toPlainString())
                .put("execQty", t.quantity().toPlainString()).put("execFee", t.commission().toPlainString())
                .put("feeCurrency", "").put("isMaker", t.maker()).put("execType", "Trade").put("closedSize", "0")
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
