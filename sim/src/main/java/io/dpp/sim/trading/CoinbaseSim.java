package io.dpp.sim.trading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dpp.trading.live.HttpCall;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * Coinbase Advanced Trade's order API (v3 brokerage, spot) as the simulator serves it, over a
 * {@link SimSpotExchange} per account: {@code POST /api/v3/brokerage/orders} (an order configuration
 * per type; a client order id used before answers that order and places nothing, as Coinbase does),
 * {@code POST .../orders/batch_cancel} and {@code .../orders/edit} by Coinbase's order id,
 * {@code GET .../orders/historical/{order_id}}, {@code .../historical/batch} (newest first, paged
 * by {@code cursor}), {@code .../historical/fills} and the public {@code GET /api/v3/brokerage/time}.
 * Order ids are UUIDs, as Coinbase's are. Refusals in Coinbase's shapes: HTTP 200 with
 * {@code success} false and the reason in {@code error_response} for an order, a cancel's
 * {@code results[].failure_reason}, an edit's {@code errors[]}, HTTP 404 {@code NOT_FOUND} for an
 * unknown order id, HTTP 400 {@code INVALID_ARGUMENT} for a malformed request.
 */
final class CoinbaseSim {

    static final String PREFIX = "/api/v3/brokerage/orders";
    static final String TIME = "/api/v3/brokerage/time";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Most orders or fills one page lists. */
    static final int MAX_PAGE = 1000;

    private CoinbaseSim() {
    }

    /** Whether {@code path} is one of the order API's. */
    static boolean handles(String path) {
        return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
    }

    /** Coinbase's id of the simulator's order {@code id}: a UUID whose last group is the number. */
    static String orderId(long id) {
        return String.format("c0ffee00-0000-4000-8000-%012x", id);
    }

    /** The simulator's order number of a Coinbase order id, or -1 when it is not one of its ids. */
    static long number(String orderId) {
        if (orderId == null || !orderId.matches("c0ffee00-0000-4000-8000-[0-9a-f]{12}")) {
            return -1;
        }
        return Long.parseLong(orderId.substring(orderId.lastIndexOf('-') + 1), 16);
    }

    static SimAccounts.Answer serve(SimSpotExchange x, HttpCall call, Function<String, SimBook> books, long nowMillis) {
        long now = nowMillis * 1000;
        JsonNode body;
        try {
            body = call.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(call.body());
        } catch (java.io.IOException e) {
            return invalid("the body is not JSON");
        }
        if (body == null || !body.isObject()) {
            return invalid("the body must be a JSON object");
        }
        String route = call.method() + " " + call.path();
        try {
            if (route.equals("POST " + PREFIX)) {
                return place(x, body, books, now);
            }
            if (route.equals("POST " + PREFIX + "/batch_cancel")) {
                ObjectNode root = JSON.createObjectNode();
                ArrayNode results = root.putArray("results");
                JsonNode ids = body.path("order_ids");
                if (!ids.isArray() || ids.isEmpty() || ids.size() > 100) {
                    return invalid("order_ids: from 1 to 100 order ids");
                }
                for (JsonNode id : ids) {
                    SimSpotExchange.Order o = x.orderById(number(id.asText()));
                    ObjectNode r = results.addObject().put("order_id", id.asText());
                    if (o != null) {
                        x.sweep(books.apply(o.symbol), now);
                    }
                    if (o == null || !o.working()) {
                        r.put("success", false).put("failure_reason", "UNKNOWN_CANCEL_ORDER");
                        continue;
                    }
                    x.cancel(o.clientOrderId, now);
                    r.put("success", true).put("failure_reason", "UNKNOWN_CANCEL_FAILURE_REASON");
                }
                return new SimAccounts.Answer(200, root.toString());
            }
            if (route.equals("POST " + PREFIX + "/edit")) {
                return edit(x, body, books, now);
            }
            if (route.equals("GET " + PREFIX + "/historical/batch")) {
                String product = HttpCall.formValue(call.query(), "product_ids");
                String status = HttpCall.formValue(call.query(), "order_status");
                if (product != null) {
                    x.sweep(books.apply(product), now);
                }
                List<SimSpotExchange.Order> all = new java.util.ArrayList<>();
                for (SimSpotExchange.Order o : x.allOrders()) {
                    if ((product == null || o.symbol.equals(product)) && (status == null || status(o).equals(status))) {
                        all.add(o);
                    }
                }
                all.sort((a, b) -> Long.compare(b.id, a.id)); // the newest first
                int[] page = page(call.query(), all.size());
                ArrayNode list = JSON.createArrayNode();
                all.subList(page[0], page[1]).forEach(o -> list.add(order(o)));
                ObjectNode root = JSON.createObjectNode();
                root.set("orders", list);
                return new SimAccounts.Answer(200, root.put("sequence", "0").put("has_next", page[1] < all.size())
                        .put("cursor", page[1] < all.size() ? Integer.toString(page[1]) : "").toString());
            }
            if (route.equals("GET " + PREFIX + "/historical/fills")) {
                String product = HttpCall.formValue(call.query(), "product_ids");
                if (product != null) {
                    x.sweep(books.apply(product), now);
                }
                String start = HttpCall.formValue(call.query(), "start_sequence_timestamp");
                long since = start == null ? 0 : micros(start);
                List<SimSpotExchange.Trade> trades = new java.util.ArrayList<>(x.trades(product, since));
                java.util.Collections.reverse(trades); // the newest first
                int[] page = page(call.query(), trades.size());
                ArrayNode list = JSON.createArrayNode();
                for (SimSpotExchange.Trade t : trades.subList(page[0], page[1])) {
                    list.addObject().put("entry_id", java.util.UUID.nameUUIDFromBytes(Long.toString(t.id()).getBytes()).toString())
                            .put("trade_id", Long.toString(t.id())).put("order_id", orderId(t.order().id)).put("trade_time", iso(t.time()))
                            .put("trade_type", "FILL").put("price", t.price().toPlainString()).put("size", t.quantity().toPlainString())
                            .put("commission", t.commission().toPlainString()).put("product_id", t.order().symbol)
                            .put("sequence_timestamp", iso(t.time())).put("liquidity_indicator", t.maker() ? "MAKER" : "TAKER")
                            .put("size_in_quote", false).put("user_id", "sim").put("side", t.order().buy ? "BUY" : "SELL");
                }
                ObjectNode root = JSON.createObjectNode();
                root.set("fills", list);
                return new SimAccounts.Answer(200, root.put("cursor", page[1] < trades.size() ? Integer.toString(page[1]) : "").toString());
            }
            if (call.method().equals("GET") && call.path().startsWith(PREFIX + "/historical/")) {
                SimSpotExchange.Order o = x.orderById(number(call.path().substring((PREFIX + "/historical/").length())));
                if (o == null) {
                    return new SimAccounts.Answer(404, JSON.createObjectNode().put("error", "NOT_FOUND")
                            .put("error_details", "order with this orderID was not found").put("message", "order with this orderID was not found")
                            .toString());
                }
                x.sweep(books.apply(o.symbol), now);
                ObjectNode root = JSON.createObjectNode();
                root.set("order", order(o));
                return new SimAccounts.Answer(200, root.toString());
            }
            return new SimAccounts.Answer(404, JSON.createObjectNode().put("error", "NOT_FOUND").put("message", "Not Found").toString());
        } catch (NumberFormatException e) {
            return invalid("a size or price is not a decimal");
        } catch (SimSpotExchange.Refused r) {
            return invalid(r.getMessage()); // a cancel of an order that ended meanwhile is answered above
        }
    }

    /** {@code limit} and {@code cursor} (an offset here) of a list call, as [from, to) over {@code size} items. */
    private static int[] page(String query, int size) {
        int limit;
        int from;
        try {
            String l = HttpCall.formValue(query, "limit");
            String c = HttpCall.formValue(query, "cursor");
            limit = l == null ? 100 : Math.max(1, Math.min(MAX_PAGE, Integer.parseInt(l)));
            from = c == null || c.isEmpty() ? 0 : Math.max(0, Math.min(size, Integer.parseInt(c)));
        } catch (NumberFormatException e) {
            limit = 100;
            from = 0;
        }
        return new int[] {from, Math.min(size, from + limit)};
    }

    private static SimAccounts.Answer place(SimSpotExchange x, JsonNode body, Function<String, SimBook> books, long now)
            throws SimSpotExchange.Refused {
        String clientId = body.path("client_order_id").asText("");
        String product = body.path("product_id").asText("");
        String side = body.path("side").asText("");
        if (clientId.isEmpty() || clientId.length() > 128 || !(side.equals("BUY") || side.equals("SELL"))) {
            return failed(clientId, "INVALID_ARGUMENT", "client_order_id, product_id and side (BUY or SELL) are required", "UNKNOWN_PREVIEW_FAILURE_REASON");
        }
        SimSpotExchange.Order again = x.repeated(clientId);
        if (again != null) {
            return placed(again); // Coinbase answers a client order id used before with its order
        }
        JsonNode config = body.path("order_configuration");
        if (!config.isObject() || config.size() != 1) {
            return failed(clientId, "UNSUPPORTED_ORDER_CONFIGURATION", "one order configuration is required", "UNKNOWN_PREVIEW_FAILURE_REASON");
        }
        String kind = config.fieldNames().next();
        JsonNode c = config.path(kind);
        String type;
        String tif;
        BigDecimal stop = null;
        switch (kind) {
            case "market_market_ioc" -> {
                if (!c.hasNonNull("base_size")) {
                    return failed(clientId, "UNSUPPORTED_ORDER_CONFIGURATION", "the simulator sizes market orders in the base asset (base_size)",
                            "UNKNOWN_PREVIEW_FAILURE_REASON");
                }
                type = "MARKET";
                tif = "IOC";
            }
            case "limit_limit_gtc" -> {
                type = c.path("post_only").asBoolean() ? "LIMIT_MAKER" : "LIMIT";
                tif = "GTC";
            }
            case "sor_limit_ioc" -> {
                type = "LIMIT";
                tif = "IOC";
            }
            case "limit_limit_fok" -> {
                type = "LIMIT";
                tif = "FOK";
            }
            case "stop_limit_stop_limit_gtc" -> {
                // The simulator triggers a buy stop as the price rises to it and a sell stop as it falls.
                String direction = c.path("stop_direction").asText("");
                if (!direction.equals(side.equals("BUY") ? "STOP_DIRECTION_STOP_UP" : "STOP_DIRECTION_STOP_DOWN")) {
                    return failed(clientId, "UNSUPPORTED_ORDER_CONFIGURATION", "the simulator's buy stops rise and sell stops fall",
                            "PREVIEW_INVALID_STOP_PRICE");
                }
                type = "STOP_LOSS_LIMIT";
                tif = "GTC";
                stop = new BigDecimal(c.path("stop_price").asText("0"));
            }
            default -> {
                return failed(clientId, "UNSUPPORTED_ORDER_CONFIGURATION", "the simulator does not serve " + kind, "UNKNOWN_PREVIEW_FAILURE_REASON");
            }
        }
        SimBook book = books.apply(product);
        if (book != null) {
            x.sweep(book, now);
        }
        try {
            SimSpotExchange.Order o = x.place(book, clientId, side.equals("BUY"), type, tif, new BigDecimal(c.path("base_size").asText("0")),
                    c.hasNonNull("limit_price") ? new BigDecimal(c.path("limit_price").asText()) : null, stop, now);
            return placed(o);
        } catch (SimSpotExchange.Refused r) {
            return switch (r.why) {
                case UNKNOWN_SYMBOL -> failed(clientId, "INVALID_PRODUCT_ID", "Invalid product_id", "PREVIEW_INVALID_PRODUCT_ID");
                case BAD_QUANTITY -> failed(clientId, "INVALID_SIZE_PRECISION", "Invalid order size", "PREVIEW_INVALID_SIZE_PRECISION");
                case BAD_PRICE -> failed(clientId, "INVALID_PRICE_PRECISION", "Invalid price", "PREVIEW_INVALID_PRICE_PRECISION");
                case INSUFFICIENT_BALANCE -> failed(clientId, "INSUFFICIENT_FUND", "Insufficient balance in source account",
                        "PREVIEW_INSUFFICIENT_FUND");
                case WOULD_TAKE -> failed(clientId, "INVALID_LIMIT_PRICE_POST_ONLY", "Limit price would take liquidity on a post-only order",
                        "PREVIEW_INVALID_LIMIT_PRICE_POST_ONLY");
                default -> failed(clientId, "INVALID_REQUEST", r.getMessage(), "UNKNOWN_PREVIEW_FAILURE_REASON");
            };
        }
    }

    private static SimAccounts.Answer edit(SimSpotExchange x, JsonNode body, Function<String, SimBook> books, long now) {
        SimSpotExchange.Order o = x.orderById(number(body.path("order_id").asText("")));
        if (o == null || !o.working()) {
            return editFailed("ORDER_NOT_FOUND");
        }
        if (!(o.type.equals("LIMIT") || o.type.equals("LIMIT_MAKER")) || !o.timeInForce.equals("GTC")) {
            return editFailed("ONLY_LIMIT_ORDER_EDITS_SUPPORTED");
        }
        BigDecimal size = new BigDecimal(body.path("size").asText("0"));
        BigDecimal price = new BigDecimal(body.path("price").asText("0"));
        if (size.compareTo(o.filled) <= 0) {
            return editFailed("CANNOT_EDIT_TO_BELOW_FILLED_SIZE");
        }
        if (size.compareTo(o.quantity) == 0 && price.compareTo(o.price) == 0) {
            return editFailed("EDIT_REQUEST_EQUAL_TO_ORIGINAL_REQUEST");
        }
        try {
            x.amend(books.apply(o.symbol), o.clientOrderId, size, price, now);
        } catch (SimSpotExchange.Refused r) {
            return editFailed(switch (r.why) {
                case BAD_QUANTITY -> "INVALID_EDITED_SIZE";
                case BAD_PRICE -> "INVALID_EDITED_PRICE";
                case INSUFFICIENT_BALANCE -> "PREVIEW_INSUFFICIENT_FUND";
                default -> "ORDER_NOT_FOUND";
            });
        }
        ObjectNode root = JSON.createObjectNode().put("success", true);
        root.putArray("errors");
        return new SimAccounts.Answer(200, root.toString());
    }

    private static SimAccounts.Answer editFailed(String reason) {
        ObjectNode root = JSON.createObjectNode().put("success", false);
        ObjectNode e = root.putArray("errors").addObject();
        if (reason.startsWith("PREVIEW_")) {
            e.put("edit_failure_reason", "UNKNOWN_EDIT_ORDER_FAILURE_REASON").put("preview_failure_reason", reason);
        } else {
            e.put("edit_failure_reason", reason).put("preview_failure_reason", "UNKNOWN_PREVIEW_FAILURE_REASON");
        }
        return new SimAccounts.Answer(200, root.toString());
    }

    private static SimAccounts.Answer placed(SimSpotExchange.Order o) {
        ObjectNode root = JSON.createObjectNode().put("success", true);
        root.putObject("success_response").put("order_id", orderId(o.id)).put("product_id", o.symbol).put("side", o.buy ? "BUY" : "SELL")
                .put("client_order_id", o.clientOrderId);
        return new SimAccounts.Answer(200, root.toString());
    }

    /** A refused order, as Coinbase answers one: HTTP 200, {@code success} false. */
    static SimAccounts.Answer failed(String clientId, String error, String message, String preview) {
        ObjectNode root = JSON.createObjectNode().put("success", false).put("failure_reason", "UNKNOWN_FAILURE_REASON").put("order_id", "");
        root.putObject("error_response").put("error", error).put("message", message).put("error_details", "")
                .put("preview_failure_reason", preview).put("new_order_failure_reason", error);
        return new SimAccounts.Answer(200, root.toString());
    }

    private static SimAccounts.Answer invalid(String message) {
        return new SimAccounts.Answer(400, JSON.createObjectNode().put("error", "INVALID_ARGUMENT").put("error_details", message)
                .put("message", message).toString());
    }

    /** Coinbase's status of an order. */
    static String status(SimSpotExchange.Order o) {
        return switch (o.status) {
            case "NEW", "PARTIALLY_FILLED" -> "OPEN";
            case "FILLED" -> "FILLED";
            case "EXPIRED" -> "EXPIRED";
            case "REJECTED" -> "FAILED";
            default -> "CANCELLED";
        };
    }

    static ObjectNode order(SimSpotExchange.Order o) {
        BigDecimal avg = SimSpotExchange.average(o);
        ObjectNode out = JSON.createObjectNode().put("order_id", orderId(o.id)).put("product_id", o.symbol).put("user_id", "sim");
        ObjectNode config = out.putObject("order_configuration");
        String size = o.quantity.toPlainString();
        switch (o.type) {
            case "MARKET" -> config.putObject("market_market_ioc").put("base_size", size);
            case "STOP_LOSS_LIMIT" -> config.putObject("stop_limit_stop_limit_gtc").put("base_size", size).put("limit_price", o.price.toPlainString())
                    .put("stop_price", o.stopPrice.toPlainString())
                    .put("stop_direction", o.buy ? "STOP_DIRECTION_STOP_UP" : "STOP_DIRECTION_STOP_DOWN");
            default -> {
                String kind = o.timeInForce.equals("IOC") ? "sor_limit_ioc" : o.timeInForce.equals("FOK") ? "limit_limit_fok" : "limit_limit_gtc";
                ObjectNode c = config.putObject(kind).put("base_size", size).put("limit_price", o.price.toPlainString());
                if (kind.equals("limit_limit_gtc")) {
                    c.put("post_only", o.type.equals("LIMIT_MAKER"));
                }
            }
        }
        out.put("side", o.buy ? "BUY" : "SELL").put("client_order_id", o.clientOrderId).put("status", status(o))
                .put("time_in_force", o.timeInForce.equals("GTC") ? "GOOD_UNTIL_CANCELLED" : o.timeInForce.equals("IOC") ? "IMMEDIATE_OR_CANCEL"
                        : "FILL_OR_KILL")
                .put("created_time", iso(o.created)).put("filled_size", o.filled.toPlainString())
                .put("average_filled_price", avg == null ? "0" : avg.toPlainString())
                .put("filled_value", o.quote.toPlainString()).put("pending_cancel", false).put("size_in_quote", false)
                .put("order_type", o.type.equals("MARKET") ? "MARKET" : o.type.equals("STOP_LOSS_LIMIT") ? "STOP_LIMIT" : "LIMIT")
                .put("product_type", "SPOT");
        if (o.filled.signum() > 0) {
            out.put("last_fill_time", iso(o.updated));
        } else {
            out.putNull("last_fill_time");
        }
        return out;
    }

    /** Epoch micros as Coinbase writes times (RFC 3339, UTC, microseconds). */
    static String iso(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1000L).toString();
    }

    private static long micros(String iso) {
        try {
            Instant t = Instant.parse(iso);
            return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
        } catch (java.time.format.DateTimeParseException e) {
            return 0;
        }
    }

    static SimAccounts.Answer time(long nowMillis) {
        return new SimAccounts.Answer(200, JSON.createObjectNode().put("iso", Instant.ofEpochMilli(nowMillis).toString())
                .put("epochSeconds", Long.toString(nowMillis / 1000)).put("epochMillis", Long.toString(nowMillis)).toString());
    }
}
