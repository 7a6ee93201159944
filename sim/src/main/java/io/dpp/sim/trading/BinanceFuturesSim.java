package io.dpp.sim.trading;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dpp.trading.live.HttpCall;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Binance USD-M futures' order API as the simulator serves it (the shapes and error codes of
 * Binance's documentation), one-way mode, over a {@link SimSpotExchange} in linear mode per
 * account: {@code POST}, {@code PUT} (amend price and quantity in place), {@code DELETE} and
 * {@code GET /fapi/v1/order}, {@code GET /fapi/v1/openOrders}, {@code GET /fapi/v1/userTrades}
 * (with each trade's realized profit), {@code GET /fapi/v2/positionRisk}, {@code POST
 * /fapi/v1/countdownCancelAll} (a symbol's dead man's switch) and the public
 * {@code GET /fapi/v1/time}. Order types LIMIT (GTC, IOC, FOK, GTX: post-only), MARKET, STOP and
 * STOP_MARKET; {@code reduceOnly}.
 */
final class BinanceFuturesSim {

    static final Set<String> PATHS = Set.of("/fapi/v1/order", "/fapi/v1/openOrders", "/fapi/v1/userTrades", "/fapi/v2/positionRisk",
            "/fapi/v1/countdownCancelAll");
    static final String TIME = "/fapi/v1/time";
    /** The user data stream's listen key (made, kept alive and closed by {@link SimAccounts}, which keeps them). */
    static final String LISTEN_KEY = "/fapi/v1/listenKey";
    /** Binance's default leverage of a USD-M symbol. */
    static final int LEVERAGE = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private BinanceFuturesSim() {
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
                case "POST /fapi/v1/order" -> {
                    String side = required(call, "side");
                    String type = required(call, "type");
                    String tif = param(call, "timeInForce");
                    String simType = switch (type) {
                        case "MARKET" -> "MARKET";
                        case "LIMIT" -> "GTX".equals(tif) ? "LIMIT_MAKER" : "LIMIT";
                        case "STOP" -> "STOP_LOSS_LIMIT";
                        case "STOP_MARKET" -> "STOP_LOSS";
                        default -> null;
                    };
                    if (simType == null) {
                        return error(400, -1116, "Invalid orderType.");
                    }
                    if ((type.equals("LIMIT") || type.equals("STOP")) && tif == null) {
                        return error(400, -1102, "Mandatory parameter 'timeInForce' was not sent, was empty/null, or malformed.");
                    }
                    if (tif != null && !Set.of("GTC", "IOC", "FOK", "GTX").contains(tif)) {
                        return error(400, -1115, "Invalid timeInForce.");
                    }
                    String clientId = param(call, "newClientOrderId");
                    if (clientId == null) {
                        clientId = "x-" + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());
                    }
                    boolean reduceOnly = "true".equals(param(call, "reduceOnly"));
                    SimSpotExchange.Order o;
                    try {
                        String simTif = tif == null ? "IOC" : tif.equals("GTX") ? "GTC" : tif; // a market order is IOC; GTX rests or is refused
                        o = x.place(book, clientId, side.equals("BUY"), simType, simTif, decimal(call, "quantity"), decimal(call, "price"),
                                decimal(call, "stopPrice"), reduceOnly, now);
                    } catch (SimSpotExchange.Refused r) {
                        if (r.why == SimSpotExchange.Why.WOULD_TAKE) {
                            return error(400, -5022, "Due to the order could not be executed as maker, the Post Only order will be rejected.");
                        }
                        throw r;
                    }
                    return new SimAccounts.Answer(200, order(o).toString());
                }
                case "PUT /fapi/v1/order" -> {
                    String orig = required(call, "origClientOrderId");
                    SimSpotExchange.Order o = x.order(orig);
                    if (o != null && !o.symbol.equals(symbol)) {
                        return error(400, -2013, "Order does not exist.");
                    }
                    if (o != null && o.buy != "BUY".equals(required(call, "side"))) {
                        return error(400, -1102, "the side of an order cannot be amended.");
                    }
                    return new SimAccounts.Answer(200, order(x.amend(book, orig, decimal(call, "quantity"), decimal(call, "price"), now)).toString());
                }
                case "DELETE /fapi/v1/order" -> {
                    SimSpotExchange.Order o = x.order(required(call, "origClientOrderId"));
                    if (o == null || !o.symbol.equals(symbol)) {
                        return error(400, -2011, "Unknown order sent.");
                    }
                    return new SimAccounts.Answer(200, order(x.cancel(o.clientOrderId, now)).toString());
                }
                case "GET /fapi/v1/order" -> {
                    SimSpotExchange.Order o = x.order(required(call, "origClientOrderId"));
                    return o == null || !o.symbol.equals(symbol) ? error(400, -2013, "Order does not exist.")
                            : new SimAccounts.Answer(200, order(o).toString());
                }
                case "GET /fapi/v1/openOrders" -> {
                    ArrayNode list = JSON.createArrayNode();
                    x.open(symbol).forEach(o -> list.add(order(o)));
                    return new SimAccounts.Answer(200, list.toString());
                }
                case "GET /fapi/v1/userTrades" -> {
                    required(call, "symbol");
                    String start = param(call, "startTime");
                    ArrayNode list = JSON.createArrayNode();
                    for (SimSpotExchange.Trade t : x.trades(symbol, start == null ? 0 : Long.parseLong(start) * 1000)) {
                        list.addObject().put("buyer", t.order().buy).put("commission", t.commission().toPlainString())
                                .put("commissionAsset", t.commissionAsset()).put("id", t.id()).put("maker", t.maker()).put("orderId", t.order().id)
                                .put("price", t.price().toPlainString()).put("qty", t.quantity().toPlainString())
                                .put("quoteQty", t.price().multiply(t.quantity()).toPlainString()).put("realizedPnl", t.realized().toPlainString())
                                .put("side", t.order().buy ? "BUY" : "SELL").put("positionSide", "BOTH").put("symbol", t.order().symbol)
                                .put("time", t.time() / 1000);
                    }
                    return new SimAccounts.Answer(200, list.toString());
                }
                case "POST /fapi/v1/countdownCancelAll" -> {
                    // The symbol's dead man's switch: its orders canceled when the countdown runs out; 0 disarms it.
                    if (book == null) {
                        return error(400, -1121, "Invalid symbol.");
                    }
                    long countdown = Long.parseLong(required(call, "countdownTime"));
                    x.cancelSymbolAt(symbol, countdown == 0 ? 0 : (nowMillis + countdown) * 1000);
                    return new SimAccounts.Answer(200, JSON.createObjectNode().put("symbol", symbol)
                            .put("countdownTime", Long.toString(countdown)).toString());
                }
                case "GET /fapi/v2/positionRisk" -> {
                    ArrayNode list = JSON.createArrayNode();
                    for (Map.Entry<String, SimSpotExchange.Position> e : x.positions().entrySet()) {
                        if (symbol != null && !symbol.equals(e.getKey())) {
                            continue;
                        }
                        SimBook b = books.apply(e.getKey());
                        BigDecimal mark = b == null || b.bids().isEmpty() || b.asks().isEmpty() ? e.getValue().entry()
                                : b.bids().get(0)[0].add(b.asks().get(0)[0]).divide(BigDecimal.TWO);
                        list.addObject().put("symbol", e.getKey()).put("positionAmt", e.getValue().quantity().toPlainString())
                                .put("entryPrice", e.getValue().entry().toPlainString()).put("markPrice", mark.toPlainString())
                                .put("unRealizedProfit", mark.subtract(e.getValue().entry()).multiply(e.getValue().quantity()).toPlainString())
                                .put("leverage", Integer.toString(x.leverage())).put("marginType", "cross").put("positionSide", "BOTH")
                                .put("updateTime", nowMillis);
                    }
                    return new SimAccounts.Answer(200, list.toString());
                }
                default -> {
                    return error(404, -1100, "Illegal characters found in a parameter.");
                }
            }
        } catch (SimSpotExchange.Refused r) {
            return switch (r.why) {
                case UNKNOWN_SYMBOL -> error(400, -1121, "Invalid symbol.");
                case BAD_QUANTITY -> error(400, -4003, "Quantity less than or equal to zero, or not a multiple of the step size.");
                case BAD_PRICE -> error(400, -4014, "Price not increased by tick size.");
                case DUPLICATE -> error(400, -4116, "ClientOrderId is duplicated.");
                case INSUFFICIENT_BALANCE -> error(400, -2019, "Margin is insufficient.");
                case WOULD_TAKE -> error(400, -5022, "Due to the order could not be executed as maker, the Post Only order will be rejected.");
                case REDUCE_ONLY -> error(400, -2022, "ReduceOnly Order is rejected.");
                case UNKNOWN_ORDER -> error(400, -2011, "Unknown order sent.");
                case BAD_REQUEST -> error(400, -1102, r.getMessage());
            };
        } catch (NumberFormatException e) {
            return error(400, -1100, "Illegal characters found in a parameter.");
        }
    }

    static ObjectNode order(SimSpotExchange.Order o) {
        BigDecimal avg = SimSpotExchange.average(o);
        String type = switch (o.type) {
            case "STOP_LOSS" -> "STOP_MARKET";
            case "STOP_LOSS_LIMIT" -> "STOP";
            case "LIMIT_MAKER" -> "LIMIT";
            default -> o.type;
        };
        return JSON.createObjectNode().put("orderId", o.id).put("symbol", o.symbol).put("status", o.status).put("clientOrderId", o.clientOrderId)
                .put("price", o.price == null ? "0" : o.price.toPlainString()).put("avgPrice", avg == null ? "0" : avg.toPlainString())
                .put("origQty", o.quantity.toPlainString()).put("executedQty", o.filled.toPlainString()).put("cumQuote", o.quote.toPlainString())
                .put("timeInForce", o.type.equals("LIMIT_MAKER") ? "GTX" : o.timeInForce).put("type", type).put("origType", type)
                .put("reduceOnly", o.reduceOnly).put("closePosition", false).put("side", o.buy ? "BUY" : "SELL").put("positionSide", "BOTH")
                .put("stopPrice", o.stopPrice == null ? "0" : o.stopPrice.toPlainString()).put("workingType", "CONTRACT_PRICE")
                .put("priceProtect", false).put("selfTradePreventionMode", "EXPIRE_MAKER").put("goodTillDate", 0)
                .put("time", o.created / 1000).put("updateTime", o.updated / 1000);
    }

    static SimAccounts.Answer error(int status, int code, String msg) {
        return BinanceSpotSim.error(status, code, msg);
    }

    private static String param(HttpCall call, String name) {
        return BinanceSpotSim.param(call, name);
    }

    private static String required(HttpCall call, String name) throws SimSpotExchange.Refused {
        return BinanceSpotSim.required(call, name);
    }

    private static BigDecimal decimal(HttpCall call, String name) {
        return BinanceSpotSim.decimal(call, name);
    }
}
