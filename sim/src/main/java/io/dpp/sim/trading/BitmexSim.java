package io.dpp.sim.trading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dpp.trading.live.HttpCall;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * BitMEX's REST API v1 for its inverse XBT contracts as the simulator serves it, over a
 * {@link SimSpotExchange} per account in inverse mode (quantities in dollars, the wallet in XBT,
 * fees rounded to whole satoshis as BitMEX charges them): {@code POST}, {@code PUT}, {@code DELETE}
 * and {@code GET /api/v1/order}, {@code GET /api/v1/execution/tradeHistory},
 * {@code GET /api/v1/position}, {@code POST /api/v1/order/cancelAllAfter} (the dead man's switch)
 * and {@code GET /api/v1} (the venue's time), in BitMEX's shapes
 * (JSON bodies, numbers as JSON numbers, fees in satoshis, refusals as
 * {@code {"error":{"message","name"}}}). A post-only order ({@code ParticipateDoNotInitiate}) that
 * would take is taken and canceled, as BitMEX does.
 */
final class BitmexSim {

    static final String ORDER = "/api/v1/order";
    static final String CANCEL_ALL_AFTER = "/api/v1/order/cancelAllAfter";
    static final Set<String> PATHS = Set.of(ORDER, "/api/v1/execution/tradeHistory", "/api/v1/position", CANCEL_ALL_AFTER);
    static final String TIME = "/api/v1";
    /** The leverage the simulator's accounts trade at (cross margin; the simulator's is 10). */
    static final int LEVERAGE = 10;
    static final int MAX_COUNT = 500;

    private BitmexSim() {
    }

    private static JsonNode body(HttpCall call) {
        try {
            return call.body().isEmpty() ? DeribitSim.JSON.createObjectNode() : DeribitSim.JSON.readTree(call.body());
        } catch (java.io.IOException e) {
            return null;
        }
    }

    static SimAccounts.Answer serve(SimSpotExchange x, HttpCall call, Function<String, SimBook> books, long nowMillis) {
        long now = nowMillis * 1000;
        JsonNode b = body(call);
        if (b == null) {
            return error(400, "ValidationError", "the body is not JSON");
        }
        String symbol = call.method().equals("GET") ? HttpCall.formValue(call.query(), "symbol") : b.path("symbol").asText(null);
        SimBook book = symbol == null ? null : books.apply(symbol);
        if (book != null) {
            x.sweep(book, now);
        }
        try {
            switch (call.method() + " " + call.path()) {
                case "POST " + ORDER -> {
                    String clOrdID = b.path("clOrdID").asText("");
                    if (clOrdID.isEmpty() || clOrdID.length() > 36) {
                        return error(400, "ValidationError", "clOrdID is 1-36 characters (the simulator needs one)");
                    }
                    if (book == null) {
                        return error(400, "ValidationError", "Invalid symbol");
                    }
                    String ordType = b.path("ordType").asText("Limit");
                    String inst = b.path("execInst").asText("");
                    boolean postOnly = inst.contains("ParticipateDoNotInitiate");
                    String type = switch (ordType) {
                        case "Market" -> "MARKET";
                        case "Limit" -> postOnly ? "LIMIT_MAKER" : "LIMIT";
                        case "Stop" -> "STOP_LOSS";
                        case "StopLimit" -> "STOP_LOSS_LIMIT";
                        default -> null;
                    };
                    if (type == null) {
                        return error(400, "ValidationError", "Invalid ordType");
                    }
                    String tif = switch (b.path("timeInForce").asText(ordType.equals("Market") ? "ImmediateOrCancel" : "GoodTillCancel")) {
                        case "GoodTillCancel" -> "GTC";
                        case "ImmediateOrCancel" -> "IOC";
                        case "FillOrKill" -> "FOK";
                        default -> null;
                    };
                    if (tif == null) {
                        return error(400, "ValidationError", "Invalid timeInForce");
                    }
                    SimSpotExchange.Order o = x.placeOrEnd(book, clOrdID, "Buy".equals(b.path("side").asText()), type,
                            type.equals("MARKET") ? "IOC" : tif, decimal(b, "orderQty"), decimal(b, "price"), decimal(b, "stopPx"),
                            inst.contains("ReduceOnly"), now);
                    return ok(order(o));
                }
                case "PUT " + ORDER -> {
                    SimSpotExchange.Order o = x.order(b.path("origClOrdID").asText(""));
                    if (o == null) {
                        return error(404, "HTTPError", "Not Found");
                    }
                    return ok(order(x.amend(books.apply(o.symbol), o.clientOrderId, decimal(b, "orderQty"), decimal(b, "price"), now)));
                }
                case "DELETE " + ORDER -> {
                    SimSpotExchange.Order o = x.order(b.path("clOrdID").asText(""));
                    if (o == null) {
                        return error(404, "HTTPError", "Not Found");
                    }
                    ArrayNode list = DeribitSim.JSON.createArrayNode();
                    if (!o.working()) {
                        list.add(order(o).put("error", "Unable to cancel order due to existing state: " + state(o, o.status)));
                    } else {
                        list.add(order(x.cancel(o.clientOrderId, now)));
                    }
                    return ok(list);
                }
                case "GET " + ORDER -> {
                    JsonNode filter = DeribitSim.JSON.readTree(java.util.Objects.requireNonNullElse(HttpCall.formValue(call.query(), "filter"), "{}"));
                    ArrayNode list = DeribitSim.JSON.createArrayNode();
                    if (filter.has("clOrdID")) {
                        SimSpotExchange.Order o = x.order(filter.path("clOrdID").asText());
                        if (o != null && (symbol == null || o.symbol.equals(symbol))) {
                            list.add(order(o));
                        }
                    } else {
                        x.open(symbol).forEach(o -> list.add(order(o)));
                    }
                    return ok(list);
                }
                case "GET /api/v1/execution/tradeHistory" -> {
                    String startTime = HttpCall.formValue(call.query(), "startTime");
                    long since = startTime == null ? 0 : java.time.Instant.parse(startTime).toEpochMilli() * 1000;
                    int start = Integer.parseInt(java.util.Objects.requireNonNullElse(HttpCall.formValue(call.query(), "start"), "0"));
                    int count = Math.min(MAX_COUNT, Integer.parseInt(java.util.Objects.requireNonNullElse(HttpCall.formValue(call.query(), "count"),
                            "100")));
                    if (start < 0 || count < 1) {
                        return error(400, "ValidationError", "start is 0 or more and count 1 to " + MAX_COUNT);
                    }
                    java.util.List<SimSpotExchange.Trade> trades = x.trades(symbol == null ? "" : symbol, since);
                    ArrayNode list = DeribitSim.JSON.createArrayNode();
                    for (int i = start; i < trades.size() && list.size() < count; i++) {
                        list.add(execution(trades.get(i)));
                    }
                    return ok(list);
                }
                case "POST " + CANCEL_ALL_AFTER -> {
                    // The dead man's switch: every order canceled timeout ms from now unless called again; 0 disarms it.
                    long timeout = b.path("timeout").asLong(-1);
                    if (timeout < 0) {
                        return error(400, "ValidationError", "timeout is required (ms; 0 disarms)");
                    }
                    long at = timeout == 0 ? 0 : nowMillis + timeout;
                    x.cancelAllAt(at * 1000);
                    ObjectNode answer = DeribitSim.JSON.createObjectNode().put("now", java.time.Instant.ofEpochMilli(nowMillis).toString());
                    if (at > 0) {
                        answer.put("cancelTime", java.time.Instant.ofEpochMilli(at).toString());
                    }
                    return ok(answer);
                }
                case "GET /api/v1/position" -> {
                    ArrayNode list = DeribitSim.JSON.createArrayNode();
                    for (Map.Entry<String, SimSpotExchange.Position> e : x.positions().entrySet()) {
                        SimSpotExchange.Position p = e.getValue();
                        list.addObject().put("account", 1).put("symbol", e.getKey()).put("currency", "XBt").put("underlying", "XBT")
                                .put("quoteCurrency", "USD").put("leverage", LEVERAGE).put("crossMargin", true).put("currentQty", p.quantity())
                                .put("avgEntryPrice", p.entry()).put("isOpen", true);
                    }
                    return ok(list);
                }
                default -> {
                    return error(404, "HTTPError", "Not Found");
                }
            }
        } catch (SimSpotExchange.Refused r) {
            return switch (r.why) {
                case UNKNOWN_SYMBOL -> error(400, "ValidationError", "Invalid symbol");
                case BAD_QUANTITY -> error(400, "ValidationError", "Invalid orderQty: must be a multiple of the lot size");
                case BAD_PRICE -> error(400, "ValidationError", "Invalid price tickSize");
                case DUPLICATE -> error(400, "ValidationError", "Duplicate clOrdID");
                case INSUFFICIENT_BALANCE -> error(400, "ValidationError", "Account has insufficient Available Balance");
                case WOULD_TAKE -> error(400, "ValidationError", "Invalid price: the order would take");
                case UNKNOWN_ORDER -> error(404, "HTTPError", "Not Found");
                case REDUCE_ONLY -> error(400, "ValidationError", "Order would increase position: ReduceOnly");
                case BAD_REQUEST -> error(400, "ValidationError", r.getMessage());
            };
        } catch (NumberFormatException | java.time.format.DateTimeParseException | java.io.IOException e) {
            return error(400, "ValidationError", "a parameter is not a number, a time or JSON");
        }
    }

    private static BigDecimal decimal(JsonNode b, String name) {
        JsonNode n = b.path(name);
        return n.isMissingNode() || n.isNull() ? null : new BigDecimal(n.asText());
    }

    private static String state(SimSpotExchange.Order o, String status) {
        return switch (status) {
            case "NEW" -> o.stopPrice != null && !o.triggered ? "Untriggered" : "New";
            case "PARTIALLY_FILLED" -> "PartiallyFilled";
            case "FILLED" -> "Filled";
            default -> "Canceled";
        };
    }

    static ObjectNode order(SimSpotExchange.Order o) {
        return order(o, o.status, o.filled, o.quote, o.updated);
    }

    /** An order as BitMEX's order calls show it, as it stood after a change. */
    static ObjectNode order(SimSpotExchange.Order o, String status, BigDecimal filled, BigDecimal quote, long updated) {
        String s = state(o, status);
        ObjectNode n = DeribitSim.JSON.createObjectNode().put("orderID", orderId(o)).put("clOrdID", o.clientOrderId).put("account", 1)
                .put("symbol", o.symbol).put("side", o.buy ? "Buy" : "Sell").put("orderQty", o.quantity).put("currency", "USD")
                .put("settlCurrency", "XBt").put("ordType", switch (o.type) {
                    case "MARKET" -> "Market";
                    case "STOP_LOSS" -> "Stop";
                    case "STOP_LOSS_LIMIT" -> "StopLimit";
                    default -> "Limit";
                }).put("timeInForce", switch (o.timeInForce) {
                    case "IOC" -> "ImmediateOrCancel";
                    case "FOK" -> "FillOrKill";
                    default -> "GoodTillCancel";
                }).put("ordStatus", s).put("workingIndicator", s.equals("New") || s.equals("PartiallyFilled"))
                .put("leavesQty", s.equals("Canceled") || s.equals("Filled") ? BigDecimal.ZERO : o.quantity.subtract(filled))
                .put("cumQty", filled).put("transactTime", java.time.Instant.ofEpochMilli(updated / 1000).toString())
                .put("timestamp", java.time.Instant.ofEpochMilli(updated / 1000).toString());
        if (o.price != null) {
            n.put("price", o.price);
        } else {
            n.putNull("price");
        }
        if (o.stopPrice != null) {
            n.put("stopPx", o.stopPrice);
        }
        if (filled.signum() > 0) {
            n.put("avgPx", quote.divide(filled, java.math.MathContext.DECIMAL64));
        } else {
            n.putNull("avgPx");
        }
        java.util.List<String> inst = new java.util.ArrayList<>();
        if (o.type.equals("LIMIT_MAKER")) {
            inst.add("ParticipateDoNotInitiate");
        }
        if (o.reduceOnly) {
            inst.add("ReduceOnly");
        }
        n.put("execInst", String.join(",", inst));
        n.put("text", o.endedOnArrival == SimSpotExchange.Why.WOULD_TAKE ? "Canceled: Order had execInst of ParticipateDoNotInitiate"
                : "Submitted via API.");
        return n;
    }

    /** The order's id as BitMEX names them (a UUID), the same each time it is shown. */
    static String orderId(SimSpotExchange.Order o) {
        return String.format("00000000-0000-4000-8000-%012x", o.id);
    }

    /** A trade's id as BitMEX names executions (a UUID). */
    static String execId(SimSpotExchange.Trade t) {
        return String.format("00000000-0000-4000-9000-%012x", t.id());
    }

    /** A trade as the trade history and the {@code execution} table show it: the fee in satoshis. */
    static ObjectNode execution(SimSpotExchange.Trade t) {
        SimSpotExchange.Order o = t.order();
        ObjectNode n = order(o, t.quantity().compareTo(o.quantity) >= 0 ? "FILLED" : o.status, o.filled, o.quote, t.time());
        return n.put("execID", execId(t)).put("execType", "Trade")
                .put("lastQty", t.quantity()).put("lastPx", t.price()).put("lastLiquidityInd", t.maker() ? "AddedLiquidity" : "RemovedLiquidity")
                .put("execComm", t.commission().movePointRight(8).setScale(0, java.math.RoundingMode.UNNECESSARY))
                .put("commission", t.maker() ? SimSpotExchange.LINEAR_MAKER_FEE : SimSpotExchange.LINEAR_TAKER_FEE)
                .put("transactTime", java.time.Instant.ofEpochMilli(t.time() / 1000).toString());
    }

    private static SimAccounts.Answer ok(JsonNode body) {
        return new SimAccounts.Answer(200, DeribitSim.write(body));
    }

    static SimAccounts.Answer error(int status, String name, String message) {
        ObjectNode root = DeribitSim.JSON.createObjectNode();
        root.putObject("error").put("message", message).put("name", name);
        return new SimAccounts.Answer(status, DeribitSim.write(root));
    }

    /** {@code GET /api/v1}: the API's name and the venue's time. */
    static SimAccounts.Answer time(long nowMillis) {
        return ok(DeribitSim.JSON.createObjectNode().put("name", "BitMEX API").put("version", "1.2.0").put("timestamp", nowMillis));
    }
}
