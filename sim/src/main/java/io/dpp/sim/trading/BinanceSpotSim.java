package io.dpp.sim.trading;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dpp.trading.live.HttpCall;
import java.math.BigDecimal;
import java.util.Set;
import java.util.function.Function;

/**
 * Binance spot's order API as the simulator serves it (REST v3, the shapes and error codes of
 * Binance's documentation): {@code POST}, {@code DELETE} and {@code GET /api/v3/order},
 * {@code PUT /api/v3/order/amend/keepPriority} (a quantity lowered in place),
 * {@code GET /api/v3/openOrders}, {@code GET /api/v3/myTrades} and the public {@code GET /api/v3/time},
 * over a {@link SimSpotExchange} per account.
 */
final class BinanceSpotSim {

    static final Set<String> PATHS = Set.of("/api/v3/order", "/api/v3/order/amend/keepPriority", "/api/v3/openOrders", "/api/v3/myTrades");
    static final String TIME = "/api/v3/time";
    private static final ObjectMapper JSON = new ObjectMapper();

    private BinanceSpotSim() {
    }

    static SimAccounts.Answer serve(SimSpotExchange x, HttpCall call, Function<String, SimBook> books, long nowMillis) {
        long now = nowMillis * 1000;
        String symbol = param(call, "symbol");
        SimBook book = symbol == null ? null : books.apply(symbol);
        if (book != null) {
            x.sweep(book, now);
        }
        try {
            switch (call.method() + " " + call.path()) {
                case "POST /api/v3/order" -> {
                    String side = required(call, "side");
                    String type = required(call, "type");
                    if (!Set.of("MARKET", "LIMIT", "LIMIT_MAKER", "STOP_LOSS", "STOP_LOSS_LIMIT").contains(type)) {
                        return error(400, -1116, "Invalid orderType.");
                    }
                    String tif = param(call, "timeInForce");
                    if ((type.equals("LIMIT") || type.equals("STOP_LOSS_LIMIT")) && tif == null) {
                        return error(400, -1102, "Mandatory parameter 'timeInForce' was not sent, was empty/null, or malformed.");
                    }
                    String clientId = param(call, "newClientOrderId");
                    if (clientId == null) {
                        clientId = "x-" + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());
                    }
                    SimSpotExchange.Order o = x.place(book, clientId, side.equals("BUY"), type, tif == null ? (type.equals("LIMIT_MAKER")
                            ? "GTC" : "IOC") : tif, decimal(call, "quantity"), decimal(call, "price"), decimal(call, "stopPrice"), now);
                    ObjectNode answer = order(o).put("transactTime", nowMillis);
                    ArrayNode fills = answer.putArray("fills");
                    for (SimSpotExchange.Trade t : x.trades(o.symbol, now)) {
                        if (t.order() == o) {
                            fills.addObject().put("price", t.price().toPlainString()).put("qty", t.quantity().toPlainString())
                                    .put("commission", t.commission().toPlainString()).put("commissionAsset", t.commissionAsset())
                                    .put("tradeId", t.id());
                        }
                    }
                    return new SimAccounts.Answer(200, answer.toString());
                }
                case "PUT /api/v3/order/amend/keepPriority" -> {
                    // Binance amends a quantity down only, keeping the order's place in the queue.
                    String orig = required(call, "origClientOrderId");
                    String renamed = param(call, "newClientOrderId");
                    if (renamed != null && !renamed.equals(orig)) {
                        return error(400, -1102, "the simulator keeps an amended order's client order id: newClientOrderId must be origClientOrderId");
                    }
                    SimSpotExchange.Order o = x.order(orig);
                    BigDecimal newQty = decimal(call, "newQty");
                    if (o != null && o.working() && newQty != null && newQty.compareTo(o.quantity) >= 0) {
                        return error(400, -2038, "Order amend (quantity increase) is not supported.");
                    }
                    o = x.amend(book, orig, newQty, null, now);
                    ObjectNode answer = JSON.createObjectNode().put("transactTime", nowMillis).put("executionId", nowMillis);
                    answer.set("amendedOrder", order(o));
                    return new SimAccounts.Answer(200, answer.toString());
                }
                case "DELETE /api/v3/order" -> {
                    return new SimAccounts.Answer(200, order(x.cancel(required(call, "origClientOrderId"), now)).toString());
                }
                case "GET /api/v3/order" -> {
                    SimSpotExchange.Order o = x.order(required(call, "origClientOrderId"));
                    return o == null || !o.symbol.equals(symbol) ? error(400, -2013, "Order does not exist.")
                            : new SimAccounts.Answer(200, order(o).toString());
                }
                case "GET /api/v3/openOrders" -> {
                    ArrayNode list = JSON.createArrayNode();
                    x.open(symbol).forEach(o -> list.add(order(o)));
                    return new SimAccounts.Answer(200, list.toString());
                }
                case "GET /api/v3/myTrades" -> {
                    required(call, "symbol");
                    String start = param(call, "startTime");
                    ArrayNode list = JSON.createArrayNode();
                    for (SimSpotExchange.Trade t : x.trades(symbol, start == null ? 0 : Long.parseLong(start) * 1000)) {
                        list.addObject().put("symbol", t.order().symbol).put("id", t.id()).put("orderId", t.order().id).put("orderListId", -1)
                                .put("price", t.price().toPlainString()).put("qty", t.quantity().toPlainString())
                                .put("quoteQty", t.price().multiply(t.quantity()).toPlainString())
                                .put("commission", t.commission().toPlainString()).put("commissionAsset", t.commissionAsset())
                                .put("time", t.time() / 1000).put("isBuyer", t.order().buy).put("isMaker", t.maker()).put("isBestMatch", true);
                    }
                    return new SimAccounts.Answer(200, list.toString());
                }
                default -> {
                    return error(404, -1100, "Illegal characters found in a parameter.");
                }
            }
        } catch (SimSpotExchange.Refused r) {
            return switch (r.why) {
                case UNKNOWN_SYMBOL -> error(400, -1121, r.getMessage());
                case BAD_QUANTITY, BAD_PRICE -> error(400, -1013, r.getMessage());
                case DUPLICATE, INSUFFICIENT_BALANCE, WOULD_TAKE -> error(400, -2010, r.getMessage());
                case UNKNOWN_ORDER -> error(400, -2011, r.getMessage());
                case BAD_REQUEST, REDUCE_ONLY -> error(400, -1102, r.getMessage());
            };
        } catch (NumberFormatException e) {
            return error(400, -1100, "Illegal characters found in a parameter.");
        }
    }

    static ObjectNode order(SimSpotExchange.Order o) {
        BigDecimal avg = SimSpotExchange.average(o);
        return JSON.createObjectNode().put("symbol", o.symbol).put("orderId", o.id).put("orderListId", -1)
                .put("clientOrderId", o.clientOrderId).put("price", o.price == null ? "0" : o.price.toPlainString())
                .put("origQty", o.quantity.toPlainString()).put("executedQty", o.filled.toPlainString())
                .put("cummulativeQuoteQty", o.quote.toPlainString()).put("status", o.status).put("timeInForce", o.timeInForce)
                .put("type", o.type).put("side", o.buy ? "BUY" : "SELL")
                .put("stopPrice", o.stopPrice == null ? "0" : o.stopPrice.toPlainString())
                .put("time", o.created / 1000).put("updateTime", o.updated / 1000).put("isWorking", o.working())
                .put("workingTime", o.created / 1000);
    }

    static SimAccounts.Answer error(int status, int code, String msg) {
        return new SimAccounts.Answer(status, JSON.createObjectNode().put("code", code).put("msg", msg).toString());
    }

    static String param(HttpCall call, String name) {
        String v = HttpCall.formValue(call.query(), name);
        return v != null ? v : HttpCall.formValue(call.body(), name);
    }

    static String required(HttpCall call, String name) throws SimSpotExchange.Refused {
        String v = param(call, name);
        if (v == null || v.isEmpty()) {
            throw new SimSpotExchange.Refused(SimSpotExchange.Why.BAD_REQUEST,
                    "Mandatory parameter '" + name + "' was not sent, was empty/null, or malformed.");
        }
        return v;
    }

    static BigDecimal decimal(HttpCall call, String name) {
        String v = param(call, name);
        return v == null ? null : new BigDecimal(v);
    }
}
