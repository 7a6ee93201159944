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
 * Deribit's API v2 for its inverse futures and perpetuals as the simulator serves it, over a
 * {@link SimSpotExchange} per account in inverse mode (amounts in dollars, the wallet in the coin):
 * {@code GET /api/v2/private/buy} and {@code sell} (the order and the trades it made), {@code edit},
 * {@code cancel}, {@code get_order_state}, {@code get_order_state_by_label},
 * {@code get_open_orders_by_instrument}, {@code get_open_orders},
 * {@code get_user_trades_by_instrument_and_time}, {@code get_positions} and the public
 * {@code get_time}, in Deribit's JSON-RPC shapes (numbers as JSON numbers; an error as
 * {@code {"error":{"code","message"}}} with HTTP 400). A post-only order that would take is refused
 * 11054 when it asks {@code reject_post_only}, as DPP does.
 */
final class DeribitSim {

    static final String PREFIX = "/api/v2/private/";
    static final Set<String> PATHS = Set.of(PREFIX + "buy", PREFIX + "sell", PREFIX + "edit", PREFIX + "cancel", PREFIX + "get_order_state",
            PREFIX + "get_order_state_by_label", PREFIX + "get_open_orders_by_instrument", PREFIX + "get_open_orders",
            PREFIX + "get_user_trades_by_instrument_and_time", PREFIX + "get_positions");
    static final String TIME = "/api/v2/public/get_time";
    /** The leverage the simulator's accounts trade at (Deribit's cross margin allows up to 50; the simulator's is 10). */
    static final int LEVERAGE = 10;
    /** Trades a page of the trade list holds at most, as Deribit's {@code count} allows. */
    static final int MAX_COUNT = 1000;
    /** Writes decimals as plain JSON numbers, as Deribit does (never 1E+3). */
    static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

    private DeribitSim() {
    }

    private static String param(HttpCall call, String name) {
        return HttpCall.formValue(call.query(), name);
    }

    static SimAccounts.Answer serve(SimSpotExchange x, HttpCall call, Function<String, SimBook> books, long nowMillis) {
        long now = nowMillis * 1000;
        String method = call.path().substring(PREFIX.length());
        String instrument = param(call, "instrument_name");
        SimBook book = instrument == null ? null : books.apply(instrument);
        if (book != null) {
            x.sweep(book, now);
        }
        try {
            switch (method) {
                case "buy", "sell" -> {
                    String type = param(call, "type");
                    String tif = param(call, "time_in_force");
                    String label = param(call, "label");
                    if (label == null || label.isEmpty() || label.length() > 64) {
                        return error(11029, "invalid_arguments", "label is 1-64 characters (the simulator needs one)");
                    }
                    String simType = switch (type == null ? "limit" : type) {
                        case "market" -> "MARKET";
                        case "limit" -> "true".equals(param(call, "post_only")) ? "LIMIT_MAKER" : "LIMIT";
                        case "stop_market" -> "STOP_LOSS";
                        case "stop_limit" -> "STOP_LOSS_LIMIT";
                        default -> null;
                    };
                    if (simType == null) {
                        return error(11029, "invalid_arguments", "type " + type);
                    }
                    if (simType.equals("LIMIT_MAKER") && !"true".equals(param(call, "reject_post_only"))) {
                        return error(11029, "invalid_arguments", "the simulator refuses a post-only order that would take (reject_post_only=true);"
                                + " it does not move its price");
                    }
                    String simTif = switch (tif == null ? "good_til_cancelled" : tif) {
                        case "good_til_cancelled" -> "GTC";
                        case "immediate_or_cancel" -> "IOC";
                        case "fill_or_kill" -> "FOK";
                        default -> null;
                    };
                    if (simTif == null) {
                        return error(11029, "invalid_arguments", "time_in_force " + tif);
                    }
                    if (simType.startsWith("STOP") && !"last_price".equals(param(call, "trigger"))) {
                        return error(11029, "invalid_arguments", "the simulator triggers stops on the last price (trigger=last_price)");
                    }
                    int before = x.trades(book == null ? "" : book.instrument().nativeSymbol(), 0).size();
                    SimSpotExchange.Order o = x.place(book, label, method.equals("buy"), simType, simType.equals("MARKET") ? "IOC" : simTif,
                            decimal(call, "amount"), decimal(call, "price"), decimal(call, "trigger_price"), "true".equals(param(call, "reduce_only")),
                            now);
                    ObjectNode result = JSON.createObjectNode();
                    result.set("order", order(o));
                    ArrayNode trades = result.putArray("trades");
                    java.util.List<SimSpotExchange.Trade> all = x.trades(o.symbol, 0);
                    for (SimSpotExchange.Trade t : all.subList(Math.min(before, all.size()), all.size())) {
                        if (t.order() == o) {
                            trades.add(trade(t));
                        }
                    }
                    return ok(result, nowMillis);
                }
                case "edit" -> {
                    SimSpotExchange.Order o = x.orderById(orderId(param(call, "order_id")));
                    if (o == null) {
                        return error(10004, "order_not_found", null);
                    }
                    SimSpotExchange.Order edited = x.amend(books.apply(o.symbol), o.clientOrderId, decimal(call, "amount"), decimal(call, "price"), now);
                    ObjectNode result = JSON.createObjectNode();
                    result.set("order", order(edited));
                    result.putArray("trades");
                    return ok(result, nowMillis);
                }
                case "cancel" -> {
                    SimSpotExchange.Order o = x.orderById(orderId(param(call, "order_id")));
                    if (o == null) {
                        return error(10004, "order_not_found", null);
                    }
                    if (!o.working()) {
                        return error(11044, "not_open_order", null);
                    }
                    return ok(order(x.cancel(o.clientOrderId, now)), nowMillis);
                }
                case "get_order_state" -> {
                    SimSpotExchange.Order o = x.orderById(orderId(param(call, "order_id")));
                    return o == null ? error(10004, "order_not_found", null) : ok(order(o), nowMillis);
                }
                case "get_order_state_by_label" -> {
                    ArrayNode list = JSON.createArrayNode();
                    SimSpotExchange.Order o = x.order(String.valueOf(param(call, "label")));
                    if (o != null && o.base.equals(param(call, "currency"))) {
                        list.add(order(o));
                    }
                    return ok(list, nowMillis);
                }
                case "get_open_orders_by_instrument", "get_open_orders" -> {
                    ArrayNode list = JSON.createArrayNode();
                    x.open(instrument).forEach(o -> list.add(order(o)));
                    return ok(list, nowMillis);
                }
                case "get_user_trades_by_instrument_and_time" -> {
                    long start = Long.parseLong(String.valueOf(param(call, "start_timestamp")));
                    long end = Long.parseLong(String.valueOf(param(call, "end_timestamp")));
                    int count = Math.min(MAX_COUNT, Integer.parseInt(param(call, "count") == null ? "10" : param(call, "count")));
                    if (count < 1) {
                        return error(-32602, "Invalid params", "count is 1 to " + MAX_COUNT);
                    }
                    ArrayNode list = JSON.createArrayNode();
                    java.util.List<SimSpotExchange.Trade> trades = x.trades(instrument == null ? "" : instrument, start * 1000);
                    int n = 0;
                    for (SimSpotExchange.Trade t : trades) {
                        if (t.time() / 1000 > end) {
                            break;
                        }
                        if (n++ == count) {
                            break;
                        }
                        list.add(trade(t));
                    }
                    ObjectNode result = JSON.createObjectNode().put("has_more", n > count);
                    result.set("trades", list);
                    return ok(result, nowMillis);
                }
                case "get_positions" -> {
                    ArrayNode list = JSON.createArrayNode();
                    for (Map.Entry<String, SimSpotExchange.Position> e : x.positions().entrySet()) {
                        SimSpotExchange.Position p = e.getValue();
                        SimBook b = books.apply(e.getKey());
                        BigDecimal mark = b == null || b.bids().isEmpty() || b.asks().isEmpty() ? p.entry()
                                : b.bids().get(0)[0].add(b.asks().get(0)[0]).divide(BigDecimal.TWO);
                        list.addObject().put("instrument_name", e.getKey()).put("kind", "future")
                                .put("direction", p.quantity().signum() > 0 ? "buy" : "sell").put("size", p.quantity())
                                .put("average_price", p.entry()).put("mark_price", mark).put("leverage", LEVERAGE)
                                .put("floating_profit_loss", p.quantity().divide(p.entry(), java.math.MathContext.DECIMAL64)
                                        .subtract(p.quantity().divide(mark, java.math.MathContext.DECIMAL64)));
                    }
                    return ok(list, nowMillis);
                }
                default -> {
                    return error(-32601, "Method not found", null);
                }
            }
        } catch (SimSpotExchange.Refused r) {
            return switch (r.why) {
                case UNKNOWN_SYMBOL -> error(10020, "invalid_or_unsupported_instrument", null);
                case BAD_QUANTITY -> error(10021, "invalid_amount", "must be a multiple of the contract size");
                case BAD_PRICE -> error(10043, "price_wrong_tick", null);
                case DUPLICATE -> error(11029, "invalid_arguments", "the simulator refuses a label of a working order");
                case INSUFFICIENT_BALANCE -> error(10009, "not_enough_funds", null);
                case WOULD_TAKE -> error(11054, "post_only_reject", null);
                case UNKNOWN_ORDER -> error(10004, "order_not_found", null);
                case REDUCE_ONLY -> error(11030, "other_reject", "reduce_only");
                case BAD_REQUEST -> error(11029, "invalid_arguments", r.getMessage());
            };
        } catch (NumberFormatException e) {
            return error(-32602, "Invalid params", "a number is not one");
        }
    }

    /** The exchange's numeric id of a Deribit order id ({@code BTC-123}), or -1. */
    private static long orderId(String id) {
        if (id == null) {
            return -1;
        }
        try {
            return Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static BigDecimal decimal(HttpCall call, String name) {
        String v = param(call, name);
        return v == null ? null : new BigDecimal(v);
    }

    /** An order as Deribit's answers and its {@code user.orders} channel show it. */
    static ObjectNode order(SimSpotExchange.Order o) {
        return order(o, o.status, o.filled, o.quote, o.updated);
    }

    /** An order as it stood after a change. */
    static ObjectNode order(SimSpotExchange.Order o, String state, BigDecimal filled, BigDecimal quote, long updated) {
        String s = switch (state) {
            case "NEW", "PARTIALLY_FILLED" -> o.stopPrice != null && !o.triggered ? "untriggered" : "open";
            case "FILLED" -> "filled";
            default -> "cancelled";
        };
        ObjectNode n = JSON.createObjectNode().put("order_id", o.base + "-" + o.id).put("label", o.clientOrderId)
                .put("instrument_name", o.symbol).put("direction", o.buy ? "buy" : "sell").put("order_state", s)
                .put("amount", o.quantity).put("filled_amount", filled)
                .put("average_price", filled.signum() == 0 ? BigDecimal.ZERO : quote.divide(filled, java.math.MathContext.DECIMAL64))
                .put("order_type", switch (o.type) {
                    case "MARKET" -> "market";
                    case "STOP_LOSS" -> "stop_market";
                    case "STOP_LOSS_LIMIT" -> "stop_limit";
                    default -> "limit";
                }).put("time_in_force", switch (o.timeInForce) {
                    case "IOC" -> "immediate_or_cancel";
                    case "FOK" -> "fill_or_kill";
                    default -> "good_til_cancelled";
                }).put("post_only", o.type.equals("LIMIT_MAKER")).put("reduce_only", o.reduceOnly)
                .put("creation_timestamp", o.created / 1000).put("last_update_timestamp", updated / 1000).put("api", true);
        if (o.price == null) {
            n.put("price", "market_price");
        } else {
            n.put("price", o.price);
        }
        if (o.stopPrice != null) {
            n.put("trigger_price", o.stopPrice).put("trigger", "last_price");
        }
        if (s.equals("cancelled")) {
            n.put("cancel_reason", o.status.equals("EXPIRED") ? "immediate_or_cancel" : "user_request");
        }
        return n;
    }

    /** A trade's id as Deribit names them: its currency and a number. */
    static String tradeId(SimSpotExchange.Trade t) {
        return t.order().base + "-" + t.id();
    }

    /** A trade as Deribit's trade lists, answers and {@code user.trades} channel show it: the fee in the coin. */
    static ObjectNode trade(SimSpotExchange.Trade t) {
        SimSpotExchange.Order o = t.order();
        return JSON.createObjectNode().put("trade_id", tradeId(t)).put("trade_seq", t.id()).put("order_id", o.base + "-" + o.id)
                .put("label", o.clientOrderId).put("instrument_name", o.symbol).put("direction", o.buy ? "buy" : "sell")
                .put("price", t.price()).put("amount", t.quantity()).put("fee", t.commission()).put("fee_currency", t.commissionAsset())
                .put("liquidity", t.maker() ? "M" : "T").put("timestamp", t.time() / 1000).put("order_type", switch (o.type) {
                    case "MARKET" -> "market";
                    case "STOP_LOSS" -> "stop_market";
                    case "STOP_LOSS_LIMIT" -> "stop_limit";
                    default -> "limit";
                }).put("state", o.status.equals("FILLED") ? "filled" : "open").put("profit_loss", t.realized());
    }

    private static SimAccounts.Answer ok(com.fasterxml.jackson.databind.JsonNode result, long nowMillis) {
        ObjectNode root = JSON.createObjectNode().put("jsonrpc", "2.0");
        root.set("result", result);
        root.put("usIn", nowMillis * 1000).put("usOut", nowMillis * 1000).put("usDiff", 0).put("testnet", false);
        return new SimAccounts.Answer(200, write(root));
    }

    static SimAccounts.Answer error(int code, String message, String reason) {
        ObjectNode root = JSON.createObjectNode().put("jsonrpc", "2.0");
        ObjectNode e = root.putObject("error").put("code", code).put("message", message);
        if (reason != null) {
            e.putObject("data").put("reason", reason);
        }
        return new SimAccounts.Answer(400, write(root));
    }

    /** {@code node} as JSON, decimals plain. */
    static String write(com.fasterxml.jackson.databind.JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static SimAccounts.Answer time(long nowMillis) {
        return ok(JSON.getNodeFactory().numberNode(nowMillis), nowMillis);
    }
}
