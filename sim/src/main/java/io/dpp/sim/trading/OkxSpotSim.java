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
 * OKX's order API (v5, spot in cash mode) as the simulator serves it, over a
 * {@link SimSpotExchange} per account: {@code POST /api/v5/trade/order}, {@code /cancel-order} and
 * {@code /cancel-all-after} (the dead man's switch), {@code GET /api/v5/trade/order},
 * {@code /orders-pending}, {@code /fills} and the public
 * {@code GET /api/v5/public/time}, in OKX's shapes: {@code code} "0" on success, "1" with the
 * reason's {@code sCode} in {@code data[0]} for a refused order or cancel.
 */
final class OkxSpotSim {

    static final Set<String> PATHS = Set.of("/api/v5/trade/order", "/api/v5/trade/cancel-order", "/api/v5/trade/amend-order",
            "/api/v5/trade/orders-pending",
            "/api/v5/trade/fills", "/api/v5/trade/cancel-all-after");
    static final String TIME = "/api/v5/public/time";
    private static final ObjectMapper JSON = new ObjectMapper();

    private OkxSpotSim() {
    }

    static SimAccounts.Answer serve(SimSpotExchange x, HttpCall call, Function<String, SimBook> books, long nowMillis) {
        long now = nowMillis * 1000;
        JsonNode body;
        try {
            body = call.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(call.body());
        } catch (java.io.IOException e) {
            return top("50002", "Json data format error");
        }
        String symbol = call.method().equals("GET") ? HttpCall.formValue(call.query(), "instId") : body.path("instId").asText(null);
        SimBook book = symbol == null ? null : books.apply(symbol);
        if (book != null) {
            x.sweep(book, now);
        }
        String clientId = call.method().equals("GET") ? HttpCall.formValue(call.query(), "clOrdId") : body.path("clOrdId").asText(null);
        try {
            switch (call.method() + " " + call.path()) {
                case "POST /api/v5/trade/order" -> {
                    if (!"cash".equals(body.path("tdMode").asText())) {
                        return refused(clientId, "51000", "Parameter tdMode error");
                    }
                    String ordType = body.path("ordType").asText();
                    String[] typeAndTif = switch (ordType) {
                        case "market" -> new String[] {"MARKET", "IOC"};
                        case "limit" -> new String[] {"LIMIT", "GTC"};
                        case "ioc" -> new String[] {"LIMIT", "IOC"};
                        case "fok" -> new String[] {"LIMIT", "FOK"};
                        case "post_only" -> new String[] {"LIMIT_MAKER", "GTC"};
                        default -> null;
                    };
                    if (typeAndTif == null) {
                        return refused(clientId, "51000", "Parameter ordType error");
                    }
                    if (ordType.equals("market") && !"base_ccy".equals(body.path("tgtCcy").asText())) {
                        return refused(clientId, "51000", "Parameter tgtCcy error: the simulator sizes market orders in the base asset");
                    }
                    if (clientId == null || !clientId.matches("[A-Za-z0-9]{1,32}")) {
                        return refused(clientId, "51000", "Parameter clOrdId error");
                    }
                    SimSpotExchange.Order o = x.place(book, clientId, "buy".equals(body.path("side").asText()), typeAndTif[0], typeAndTif[1],
                            new BigDecimal(body.path("sz").asText("0")), body.hasNonNull("px") ? new BigDecimal(body.path("px").asText()) : null,
                            null, now);
                    return ok(JSON.createObjectNode().put("clOrdId", o.clientOrderId).put("ordId", Long.toString(o.id)).put("tag", "")
                            .put("ts", Long.toString(nowMillis)).put("sCode", "0").put("sMsg", "Order placed"));
                }
                case "POST /api/v5/trade/cancel-all-after" -> {
                    // The dead man's switch: 0 disarms it, else 10 to 120 seconds from now.
                    int timeOut = Integer.parseInt(body.path("timeOut").asText("x"));
                    if (timeOut != 0 && (timeOut < 10 || timeOut > 120)) {
                        return top("51000", "Parameter timeOut error");
                    }
                    long trigger = timeOut == 0 ? 0 : nowMillis + timeOut * 1000L;
                    x.cancelAllAt(trigger * 1000);
                    return ok(JSON.createObjectNode().put("triggerTime", Long.toString(trigger)).put("tag", "")
                            .put("ts", Long.toString(nowMillis)));
                }
                case "POST /api/v5/trade/amend-order" -> {
                    // newSz is the whole new quantity, fills included; the order keeps its ids.
                    SimSpotExchange.Order o = x.amend(book, clientId == null ? "" : clientId,
                            body.hasNonNull("newSz") ? new BigDecimal(body.path("newSz").asText()) : null,
                            body.hasNonNull("newPx") ? new BigDecimal(body.path("newPx").asText()) : null, now);
                    return ok(JSON.createObjectNode().put("clOrdId", o.clientOrderId).put("ordId", Long.toString(o.id)).put("reqId", "")
                            .put("ts", Long.toString(nowMillis)).put("sCode", "0").put("sMsg", ""));
                }
                case "POST /api/v5/trade/cancel-order" -> {
                    SimSpotExchange.Order o = x.cancel(clientId == null ? "" : clientId, now);
                    return ok(JSON.createObjectNode().put("clOrdId", o.clientOrderId).put("ordId", Long.toString(o.id))
                            .put("ts", Long.toString(nowMillis)).put("sCode", "0").put("sMsg", ""));
                }
                case "GET /api/v5/trade/order" -> {
                    SimSpotExchange.Order o = clientId == null ? null : x.order(clientId);
                    if (o == null || !o.symbol.equals(symbol)) {
                        return new SimAccounts.Answer(200, JSON.createObjectNode().put("code", "51603").put("msg", "Order does not exist")
                                .set("data", JSON.createArrayNode()).toString());
                    }
                    return ok(order(x, o));
                }
                case "GET /api/v5/trade/orders-pending" -> {
                    ArrayNode list = JSON.createArrayNode();
                    x.open(symbol).forEach(o -> list.add(order(x, o)));
                    return list(list);
                }
                case "GET /api/v5/trade/fills" -> {
                    String begin = HttpCall.formValue(call.query(), "begin");
                    ArrayNode list = JSON.createArrayNode();
                    java.util.List<SimSpotExchange.Trade> trades = x.trades(symbol, begin == null ? 0 : Long.parseLong(begin) * 1000);
                    for (int i = trades.size() - 1; i >= 0; i--) {
                        SimSpotExchange.Trade t = trades.get(i);
                        list.addObject().put("instType", "SPOT").put("instId", t.order().symbol).put("tradeId", Long.toString(t.id()))
                                .put("ordId", Long.toString(t.order().id)).put("clOrdId", t.order().clientOrderId)
                                .put("fillPx", t.price().toPlainString()).put("fillSz", t.quantity().toPlainString())
                                .put("side", t.order().buy ? "buy" : "sell").put("execType", t.maker() ? "M" : "T")
                                .put("fee", t.commission().negate().toPlainString()).put("feeCcy", t.commissionAsset())
                                .put("ts", Long.toString(t.time() / 1000));
                    }
                    return list(list);
                }
                default -> {
                    return new SimAccounts.Answer(404, JSON.createObjectNode().put("code", "404").put("msg", "Not Found").toString());
                }
            }
        } catch (SimSpotExchange.Refused r) {
            return switch (r.why) {
                case UNKNOWN_SYMBOL -> refused(clientId, "51001", "Instrument ID does not exist");
                case BAD_QUANTITY -> refused(clientId, "51121", "Order quantity must be a multiple of the lot size.");
                case BAD_PRICE -> refused(clientId, "51000", "Parameter px error");
                case DUPLICATE -> refused(clientId, "51016", "Duplicated clOrdId");
                case INSUFFICIENT_BALANCE -> refused(clientId, "51008", "Order failed. Insufficient balance in account.");
                case WOULD_TAKE -> refused(clientId, "51019", "Post-only order would take liquidity.");
                case UNKNOWN_ORDER -> refused(clientId, "51400", "Order cancellation failed as the order has been filled, canceled or does not exist");
                case BAD_REQUEST, REDUCE_ONLY -> refused(clientId, "51000", r.getMessage());
            };
        } catch (NumberFormatException e) {
            return refused(clientId, "51000", "Parameter sz or px error");
        }
    }

    static ObjectNode order(SimSpotExchange x, SimSpotExchange.Order o) {
        BigDecimal avg = SimSpotExchange.average(o);
        String state = switch (o.status) {
            case "NEW" -> "live";
            case "PARTIALLY_FILLED" -> "partially_filled";
            case "FILLED" -> "filled";
            default -> "canceled";
        };
        String ordType = switch (o.type) {
            case "MARKET" -> "market";
            case "LIMIT_MAKER" -> "post_only";
            default -> o.timeInForce.equals("IOC") ? "ioc" : o.timeInForce.equals("FOK") ? "fok" : "limit";
        };
        return JSON.createObjectNode().put("instType", "SPOT").put("instId", o.symbol).put("ordId", Long.toString(o.id))
                .put("clOrdId", o.clientOrderId).put("px", o.price == null ? "" : o.price.toPlainString()).put("sz", o.quantity.toPlainString())
                .put("ordType", ordType).put("side", o.buy ? "buy" : "sell").put("tdMode", "cash").put("state", state)
                .put("accFillSz", o.filled.toPlainString()).put("avgPx", avg == null ? "" : avg.toPlainString())
                .put("cTime", Long.toString(o.created / 1000)).put("uTime", Long.toString(o.updated / 1000));
    }

    private static SimAccounts.Answer ok(ObjectNode first) {
        ObjectNode root = JSON.createObjectNode().put("code", "0").put("msg", "");
        root.putArray("data").add(first);
        return new SimAccounts.Answer(200, root.toString());
    }

    private static SimAccounts.Answer list(ArrayNode data) {
        ObjectNode root = JSON.createObjectNode().put("code", "0").put("msg", "");
        root.set("data", data);
        return new SimAccounts.Answer(200, root.toString());
    }

    private static SimAccounts.Answer refused(String clientId, String sCode, String sMsg) {
        ObjectNode root = JSON.createObjectNode().put("code", "1").put("msg", "All operations failed");
        root.putArray("data").addObject().put("clOrdId", clientId == null ? "" : clientId).put("ordId", "").put("sCode", sCode)
                .put("sMsg", sMsg);
        return new SimAccounts.Answer(200, root.toString());
    }

    private static SimAccounts.Answer top(String code, String msg) {
        return new SimAccounts.Answer(400, JSON.createObjectNode().put("code", code).put("msg", msg).set("data", JSON.createArrayNode()).toString());
    }

    static SimAccounts.Answer time(long nowMillis) {
        ObjectNode root = JSON.createObjectNode().put("code", "0").put("msg", "");
        root.putArray("data").addObject().put("ts", Long.toString(nowMillis));
        return new SimAccounts.Answer(200, root.toString());
    }
}
