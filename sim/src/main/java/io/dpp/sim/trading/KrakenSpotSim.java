package io.dpp.sim.trading;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dpp.trading.live.HttpCall;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Kraken spot's order API as the simulator serves it, over a {@link SimSpotExchange} per account
 * (fees in the quote currency, as Kraken charges them): {@code POST /0/private/AddOrder},
 * {@code AmendOrder} (in place, by {@code cl_ord_id}), {@code CancelOrder}, {@code OpenOrders} and {@code ClosedOrders} (either filtered by
 * {@code cl_ord_id}), {@code TradesHistory} (newest first, 50 a page from {@code ofs}, after the
 * exclusive {@code start} second), {@code CancelAllOrdersAfter} (the dead man's switch) and the
 * public {@code GET /0/public/Time}. Every answer is HTTP 200 with an {@code error} list, as
 * Kraken's are. Pairs are named by their altname ("XBTUSD"); order ids look like Kraken's
 * ("OQCLML-BW3P3-BUCMWZ"), trade ids likewise with a T. Times are seconds with four decimals.
 */
final class KrakenSpotSim {

    static final Set<String> PATHS = Set.of("/0/private/AddOrder", "/0/private/AmendOrder", "/0/private/CancelOrder", "/0/private/OpenOrders",
            "/0/private/ClosedOrders", "/0/private/TradesHistory", "/0/private/CancelAllOrdersAfter");
    static final String TIME = "/0/public/Time";
    /** Gives a private WebSocket token (answered by {@link SimAccounts}, which keeps the tokens). */
    static final String TOKEN = "/0/private/GetWebSocketsToken";
    static final String PLACE = "/0/private/AddOrder";
    private static final int PAGE = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    private KrakenSpotSim() {
    }

    /** A Kraken-looking id of a number: a letter and three dash-separated groups of base-32 digits. */
    static String id(char kind, long n) {
        String digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder sb = new StringBuilder();
        long v = n * 0x9E3779B97F4A7C15L; // spread consecutive numbers, one to one
        for (int i = 0; i < 16; i++) {
            sb.append(digits.charAt((int) (v & 31)));
            v >>>= 5;
        }
        return kind + sb.substring(0, 5) + "-" + sb.substring(5, 10) + "-" + sb.substring(10, 16);
    }

    /** The book of a pair's altname: the instrument whose WebSocket name is it with a slash inside. */
    private static SimBook book(String pair, Function<String, SimBook> books) {
        for (int i = 2; pair != null && i <= pair.length() - 2; i++) {
            SimBook b = books.apply(pair.substring(0, i) + "/" + pair.substring(i));
            if (b != null) {
                return b;
            }
        }
        return null;
    }

    static SimAccounts.Answer serve(SimSpotExchange x, HttpCall call, Function<String, SimBook> books, long nowMillis) {
        long now = nowMillis * 1000;
        // Resting orders fill as the books move, whichever call comes (most name no pair).
        for (String symbol : x.workingSymbols()) {
            x.sweep(books.apply(symbol), now);
        }
        String form = call.body();
        String clientId = HttpCall.formValue(form, "cl_ord_id");
        try {
            switch (call.path()) {
                case "/0/private/AddOrder" -> {
                    String ordertype = required(form, "ordertype");
                    String side = required(form, "type");
                    if (!side.equals("buy") && !side.equals("sell")) {
                        return error("EGeneral:Invalid arguments:type");
                    }
                    String tif = HttpCall.formValue(form, "timeinforce");
                    if (tif != null && !tif.equals("GTC") && !tif.equals("IOC")) {
                        return error("EGeneral:Invalid arguments:timeinforce");
                    }
                    boolean post = String.valueOf(HttpCall.formValue(form, "oflags")).contains("post");
                    BigDecimal price = decimal(form, "price");
                    BigDecimal price2 = decimal(form, "price2");
                    String[] typeAndTif = switch (ordertype) {
                        case "market" -> new String[] {"MARKET", "IOC"};
                        case "limit" -> post ? new String[] {"LIMIT_MAKER", "GTC"} : new String[] {"LIMIT", tif == null ? "GTC" : tif};
                        case "stop-loss" -> new String[] {"STOP_LOSS", "IOC"};
                        case "stop-loss-limit" -> new String[] {"STOP_LOSS_LIMIT", tif == null ? "GTC" : tif};
                        default -> null;
                    };
                    if (typeAndTif == null) {
                        return error("EGeneral:Invalid arguments:ordertype");
                    }
                    if (clientId == null) {
                        clientId = "k" + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());
                    } else if (clientId.isEmpty() || clientId.length() > 18) {
                        return error("EGeneral:Invalid arguments:cl_ord_id");
                    }
                    boolean stop = ordertype.startsWith("stop-loss");
                    SimSpotExchange.Order o = x.place(book(required(form, "pair"), books), clientId, side.equals("buy"), typeAndTif[0],
                            typeAndTif[1], decimal(form, "volume"), stop ? price2 : price, stop ? price : null, now);
                    ObjectNode result = JSON.createObjectNode();
                    result.putObject("descr").put("order", describe(o));
                    result.putArray("txid").add(id('O', o.id));
                    return ok(result);
                }
                case "/0/private/AmendOrder" -> {
                    // In place, its ids kept: a new whole quantity (order_qty), a new limit price, or both.
                    SimSpotExchange.Order target = clientId == null ? null : x.order(clientId);
                    SimSpotExchange.Order o = x.amend(target == null ? null : books.apply(target.symbol), clientId == null ? "" : clientId,
                            decimal(form, "order_qty"), decimal(form, "limit_price"), now);
                    return ok(JSON.createObjectNode().put("amend_id", id('A', o.updated)));
                }
                case "/0/private/CancelOrder" -> {
                    String txid = HttpCall.formValue(form, "txid");
                    String target = clientId;
                    if (target == null && txid != null) {
                        target = x.allOrders().stream().filter(o -> id('O', o.id).equals(txid)).map(o -> o.clientOrderId).findFirst().orElse("");
                    }
                    x.cancel(target == null ? "" : target, now);
                    return ok(JSON.createObjectNode().put("count", 1));
                }
                case "/0/private/OpenOrders", "/0/private/ClosedOrders" -> {
                    boolean open = call.path().endsWith("OpenOrders");
                    Map<Long, BigDecimal> fees = fees(x);
                    ObjectNode result = JSON.createObjectNode();
                    ObjectNode list = result.putObject(open ? "open" : "closed");
                    List<SimSpotExchange.Order> all = x.allOrders();
                    int count = 0;
                    for (int i = all.size() - 1; i >= 0; i--) { // the most recent first
                        SimSpotExchange.Order o = all.get(i);
                        if (o.working() == open && (clientId == null || clientId.equals(o.clientOrderId))) {
                            count++;
                            if (open || list.size() < PAGE) {
                                list.set(id('O', o.id), order(o, fees.getOrDefault(o.id, BigDecimal.ZERO)));
                            }
                        }
                    }
                    if (!open) {
                        result.put("count", count);
                    }
                    return ok(result);
                }
                case "/0/private/TradesHistory" -> {
                    String start = HttpCall.formValue(form, "start");
                    String ofs = HttpCall.formValue(form, "ofs");
                    // Exclusive of the start second's own instant, as Kraken's start is.
                    long from = start == null ? 0 : (Long.parseLong(start) + 1) * 1_000_000;
                    boolean echoing = x.echoesLeft() > 0;
                    List<SimSpotExchange.Trade> trades = x.trades(null, from);
                    if (!echoing) {
                        trades = trades.reversed(); // newest first; an echo (every trade twice) stays out of order
                    }
                    int skip = ofs == null ? 0 : Integer.parseInt(ofs);
                    if (skip < 0) {
                        return error("EGeneral:Invalid arguments:ofs");
                    }
                    ObjectNode result = JSON.createObjectNode();
                    ObjectNode page = result.putObject("trades");
                    for (int i = skip; i < Math.min(trades.size(), skip + PAGE); i++) {
                        SimSpotExchange.Trade t = trades.get(i);
                        BigDecimal cost = t.price().multiply(t.quantity());
                        page.putObject(id('T', t.id())).put("ordertxid", id('O', t.order().id)).put("postxid", id('P', t.id()))
                                .put("pair", altname(t.order().symbol)).put("time", seconds(t.time())).put("type", t.order().buy ? "buy" : "sell")
                                .put("ordertype", ordertype(t.order())).put("price", t.price().toPlainString()).put("cost", cost.toPlainString())
                                .put("fee", t.commission().toPlainString()).put("vol", t.quantity().toPlainString()).put("margin", "0.00000")
                                .put("leverage", "0").put("misc", "").put("trade_id", t.id()).put("maker", t.maker());
                    }
                    result.put("count", trades.size());
                    return ok(result);
                }
                case "/0/private/CancelAllOrdersAfter" -> {
                    int timeout = Integer.parseInt(required(form, "timeout"));
                    if (timeout < 0 || timeout > 86_400) {
                        return error("EGeneral:Invalid arguments:timeout");
                    }
                    long trigger = timeout == 0 ? 0 : nowMillis + timeout * 1000L;
                    x.cancelAllAt(trigger * 1000);
                    return ok(JSON.createObjectNode().put("currentTime", java.time.Instant.ofEpochSecond(nowMillis / 1000).toString())
                            .put("triggerTime", trigger == 0 ? "0" : java.time.Instant.ofEpochSecond(trigger / 1000).toString()));
                }
                default -> {
                    return error("EGeneral:Unknown method");
                }
            }
        } catch (SimSpotExchange.Refused r) {
            return switch (r.why) {
                case UNKNOWN_SYMBOL -> error("EQuery:Unknown asset pair");
                case BAD_QUANTITY -> error("EGeneral:Invalid arguments:volume");
                case BAD_PRICE -> error("EOrder:Invalid price");
                case DUPLICATE -> error("EOrder:Duplicate cl_ord_id");
                case INSUFFICIENT_BALANCE -> error("EOrder:Insufficient funds");
                case WOULD_TAKE -> error("EOrder:Post only order");
                case UNKNOWN_ORDER -> error("EOrder:Unknown order");
                case BAD_REQUEST, REDUCE_ONLY -> error(r.getMessage().startsWith("EGeneral:") ? r.getMessage() : "EGeneral:Invalid arguments");
            };
        } catch (NumberFormatException | ArithmeticException e) {
            return error("EGeneral:Invalid arguments");
        }
    }

    /** The fees charged so far, by order id. */
    private static Map<Long, BigDecimal> fees(SimSpotExchange x) {
        Map<Long, BigDecimal> out = new HashMap<>();
        for (SimSpotExchange.Trade t : x.allTrades()) {
            out.merge(t.order().id, t.commission(), BigDecimal::add);
        }
        return out;
    }

    static String altname(String symbol) {
        return symbol.replace("/", "");
    }

    /** Epoch seconds with four decimals, as Kraken writes its times. */
    static String seconds(long micros) {
        return BigDecimal.valueOf(micros).movePointLeft(6).setScale(4, RoundingMode.DOWN).toPlainString();
    }

    private static String ordertype(SimSpotExchange.Order o) {
        return switch (o.type) {
            case "MARKET" -> "market";
            case "STOP_LOSS" -> "stop-loss";
            case "STOP_LOSS_LIMIT" -> "stop-loss-limit";
            default -> "limit";
        };
    }

    private static String describe(SimSpotExchange.Order o) {
        String pair = altname(o.symbol);
        String side = (o.buy ? "buy " : "sell ") + o.quantity.toPlainString() + " " + pair;
        return switch (o.type) {
            case "MARKET" -> side + " @ market";
            case "STOP_LOSS" -> side + " @ stop loss " + o.stopPrice.toPlainString();
            case "STOP_LOSS_LIMIT" -> side + " @ stop loss " + o.stopPrice.toPlainString() + " -> limit " + o.price.toPlainString();
            default -> side + " @ limit " + o.price.toPlainString();
        };
    }

    static ObjectNode order(SimSpotExchange.Order o, BigDecimal fee) {
        BigDecimal avg = SimSpotExchange.average(o);
        String status = switch (o.status) {
            case "NEW", "PARTIALLY_FILLED" -> "open";
            case "FILLED" -> "closed";
            // An IOC's or market order's rest taken off: closed with what it filled, canceled when nothing.
            case "EXPIRED" -> o.filled.signum() > 0 ? "closed" : "canceled";
            default -> "canceled";
        };
        ObjectNode n = JSON.createObjectNode().putNull("refid").put("userref", 0).put("cl_ord_id", o.clientOrderId).put("status", status);
        if (!o.working()) {
            n.put("reason", o.status.equals("CANCELED") ? "User requested" : o.status.equals("EXPIRED") ? "Insufficient liquidity" : null);
        }
        n.put("opentm", seconds(o.created)).put("closetm", o.working() ? "0" : seconds(o.updated)).put("starttm", 0).put("expiretm", 0);
        boolean stop = o.type.startsWith("STOP");
        n.putObject("descr").put("pair", altname(o.symbol)).put("type", o.buy ? "buy" : "sell").put("ordertype", ordertype(o))
                .put("price", stop ? o.stopPrice.toPlainString() : o.price == null ? "0" : o.price.toPlainString())
                .put("price2", stop && o.price != null ? o.price.toPlainString() : "0").put("leverage", "none").put("order", describe(o))
                .put("close", "");
        n.put("vol", o.quantity.toPlainString()).put("vol_exec", o.filled.toPlainString()).put("cost", o.quote.toPlainString())
                .put("fee", fee.toPlainString()).put("price", avg == null ? "0" : avg.toPlainString())
                .put("stopprice", "0").put("limitprice", "0").put("misc", "")
                .put("oflags", o.type.equals("LIMIT_MAKER") ? "fciq,post" : "fciq");
        return n;
    }

    private static SimAccounts.Answer ok(ObjectNode result) {
        ObjectNode root = JSON.createObjectNode();
        root.putArray("error");
        root.set("result", result);
        return new SimAccounts.Answer(200, root.toString());
    }

    static SimAccounts.Answer error(String error) {
        ObjectNode root = JSON.createObjectNode();
        root.putArray("error").add(error);
        return new SimAccounts.Answer(200, root.toString());
    }

    static SimAccounts.Answer time(long nowMillis) {
        ObjectNode root = JSON.createObjectNode();
        root.putArray("error");
        root.putObject("result").put("unixtime", nowMillis / 1000)
                .put("rfc1123", java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        java.time.Instant.ofEpochMilli(nowMillis).atZone(java.time.ZoneOffset.UTC)));
        return new SimAccounts.Answer(200, root.toString());
    }

    private static String required(String form, String name) throws SimSpotExchange.Refused {
        String v = HttpCall.formValue(form, name);
        if (v == null || v.isEmpty()) {
            throw new SimSpotExchange.Refused(SimSpotExchange.Why.BAD_REQUEST, "EGeneral:Invalid arguments:" + name);
        }
        return v;
    }

    private static BigDecimal decimal(String form, String name) {
        String v = HttpCall.formValue(form, name);
        return v == null ? null : new BigDecimal(v);
    }
}
