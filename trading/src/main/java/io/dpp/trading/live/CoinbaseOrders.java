package io.dpp.trading.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dpp.core.model.Side;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Coinbase Advanced Trade's order API (v3 brokerage), spot: {@code POST /api/v3/brokerage/orders}
 * with an {@code order_configuration} per order type ({@code market_market_ioc},
 * {@code limit_limit_gtc} with {@code post_only}, {@code sor_limit_ioc}, {@code limit_limit_fok},
 * {@code stop_limit_stop_limit_gtc}; sizes in the base asset), {@code POST .../orders/batch_cancel}
 * and {@code POST .../orders/edit} by Coinbase's order id, {@code GET .../orders/historical/{id}},
 * {@code GET .../orders/historical/batch} (the working orders, and the lookup by client order id:
 * Coinbase's API finds an order by its own id only, so an order whose id is not known yet is found
 * among the product's orders listed newest first, page by page), {@code GET
 * .../orders/historical/fills} and the public {@code GET /api/v3/brokerage/time}.
 *
 * <p>A refused order is answered HTTP 200 with {@code success} false and the reason in
 * {@code error_response} ({@code error}, {@code new_order_failure_reason},
 * {@code preview_failure_reason}); a refused cancel with {@code results[].success} false and its
 * {@code failure_reason}; a refused edit with {@code errors[].edit_failure_reason}. A client order id
 * already used is not an error: Coinbase answers with the order of that id, which is how a resend
 * would find it. Fees are charged in the quote currency ({@code commission}).
 */
final class CoinbaseOrders implements OrderProtocol {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String ORDERS = "/api/v3/brokerage/orders";
    static final String CANCEL = ORDERS + "/batch_cancel";
    static final String EDIT = ORDERS + "/edit";
    static final String HISTORICAL = ORDERS + "/historical/";
    static final String LIST = HISTORICAL + "batch";
    static final String FILLS = HISTORICAL + "fills";
    static final String TIME = "/api/v3/brokerage/time";
    /** Orders per page of a lookup by client order id (the newest first). */
    static final int LOOKUP_PAGE = 100;

    @Override
    public String venue() {
        return "coinbase";
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public boolean byVenueOrderId() {
        return true;
    }

    @Override
    public HttpCall place(LiveOrder o) {
        ObjectNode b = JSON.createObjectNode().put("client_order_id", o.clientOrderId()).put("product_id", o.symbol())
                .put("side", o.side() == Side.BUY ? "BUY" : "SELL");
        ObjectNode config = b.putObject("order_configuration");
        String size = o.quantity().toPlainString();
        if (o.postOnly() && (o.type() != io.dpp.trading.order.OrderType.LIMIT || o.timeInForce() != io.dpp.trading.order.TimeInForce.GTC)) {
            throw new IllegalArgumentException("Coinbase takes post-only on good-till-canceled limit orders only");
        }
        switch (o.type()) {
            case MARKET -> config.putObject("market_market_ioc").put("base_size", size);
            case LIMIT -> {
                String price = o.price().toPlainString();
                switch (o.timeInForce()) {
                    case GTC -> config.putObject("limit_limit_gtc").put("base_size", size).put("limit_price", price).put("post_only", o.postOnly());
                    case IOC -> config.putObject("sor_limit_ioc").put("base_size", size).put("limit_price", price);
                    case FOK -> config.putObject("limit_limit_fok").put("base_size", size).put("limit_price", price);
                }
            }
            case STOP_LIMIT -> config.putObject("stop_limit_stop_limit_gtc").put("base_size", size).put("limit_price", o.price().toPlainString())
                    .put("stop_price", o.stopPrice().toPlainString())
                    // A buy stop triggers as the price rises to it, a sell stop as it falls.
                    .put("stop_direction", o.side() == Side.BUY ? "STOP_DIRECTION_STOP_UP" : "STOP_DIRECTION_STOP_DOWN");
            default -> throw new IllegalArgumentException("Coinbase Advanced Trade has no stop-market order: use a stop-limit order");
        }
        return HttpCall.of("POST", ORDERS, "", b.toString());
    }

    @Override
    public HttpCall cancel(String symbol, String clientOrderId) {
        throw new IllegalArgumentException("Coinbase cancels an order by its own order id: look the order up first");
    }

    @Override
    public HttpCall cancel(String symbol, String clientOrderId, String venueOrderId) {
        if (venueOrderId == null) {
            return cancel(symbol, clientOrderId);
        }
        ObjectNode b = JSON.createObjectNode();
        b.putArray("order_ids").add(venueOrderId);
        return HttpCall.of("POST", CANCEL, "", b.toString());
    }

    /** The lookup by client order id: the product's orders, newest first (read by {@link #found}, paged by {@link #queryNext}). */
    @Override
    public HttpCall query(String symbol, String clientOrderId) {
        return HttpCall.of("GET", LIST, "product_ids=" + enc(symbol) + "&limit=" + LOOKUP_PAGE, "");
    }

    @Override
    public HttpCall query(String symbol, String clientOrderId, String venueOrderId) {
        return venueOrderId == null ? query(symbol, clientOrderId) : HttpCall.of("GET", HISTORICAL + enc(venueOrderId), "", "");
    }

    @Override
    public VenueOrder found(JsonNode answer, String clientOrderId) {
        if (!answer.has("orders")) {
            return order(answer);
        }
        for (JsonNode o : answer.path("orders")) {
            if (clientOrderId.equals(o.path("client_order_id").asText())) {
                return order(o);
            }
        }
        return null;
    }

    @Override
    public HttpCall queryNext(String symbol, String clientOrderId, JsonNode answer) {
        return next(answer, query(symbol, clientOrderId));
    }

    /** The page after {@code answer} of {@code first}'s list (Coinbase's {@code cursor}), or null. */
    private static HttpCall next(JsonNode answer, HttpCall first) {
        String cursor = answer.path("cursor").asText("");
        boolean more = answer.has("has_next") ? answer.path("has_next").asBoolean() : !cursor.isEmpty();
        return more && !cursor.isEmpty() ? first.withQuery(first.query() + "&cursor=" + enc(cursor)) : null;
    }

    @Override
    public HttpCall openOrders(String symbol) {
        return HttpCall.of("GET", LIST, "order_status=OPEN" + (symbol == null ? "" : "&product_ids=" + enc(symbol)) + "&limit=1000", "");
    }

    @Override
    public HttpCall fills(String symbol, long sinceMillis) {
        return HttpCall.of("GET", FILLS, "product_ids=" + enc(symbol) + "&start_sequence_timestamp="
                + enc(Instant.ofEpochMilli(sinceMillis).toString()) + "&limit=100", "");
    }

    @Override
    public HttpCall nextFills(String symbol, long sinceMillis, JsonNode answer, int read) {
        return next(answer, fills(symbol, sinceMillis));
    }

    @Override
    public boolean amends() {
        return true;
    }

    @Override
    public HttpCall amend(String symbol, String clientOrderId, Side side, BigDecimal quantity, BigDecimal price, BigDecimal wasQuantity,
                          BigDecimal wasPrice) {
        throw new IllegalArgumentException("Coinbase edits an order by its own order id: look the order up first");
    }

    /** {@code POST .../orders/edit}: the whole new size (what filled included) and the new limit; good-till-canceled limit orders only. */
    @Override
    public HttpCall amend(String symbol, String clientOrderId, String venueOrderId, Side side, BigDecimal quantity, BigDecimal price,
                          BigDecimal wasQuantity, BigDecimal wasPrice) {
        if (venueOrderId == null) {
            return amend(symbol, clientOrderId, side, quantity, price, wasQuantity, wasPrice);
        }
        return HttpCall.of("POST", EDIT, "", JSON.createObjectNode().put("order_id", venueOrderId).put("price", price.toPlainString())
                .put("size", quantity.toPlainString()).toString());
    }

    @Override
    public HttpCall serverTime() {
        return HttpCall.of("GET", TIME, "", "");
    }

    /**
     * An order: the acknowledgement of a placement ({@code success_response}: NEW), the answer of
     * the order's lookup ({@code order}), or one order of a list.
     */
    @Override
    public VenueOrder order(JsonNode answer) {
        if (answer.has("success_response")) {
            JsonNode r = answer.path("success_response");
            return new VenueOrder(r.path("order_id").asText(), r.path("client_order_id").asText(null), r.path("product_id").asText(null),
                    side(r.path("side")), VenueOrder.Status.NEW, null, null, null, null, 0);
        }
        JsonNode a = answer.has("order") ? answer.path("order") : answer;
        BigDecimal filled = Decimals.of(a.path("filled_size"));
        BigDecimal avg = Decimals.of(a.path("average_filled_price"));
        JsonNode config = a.path("order_configuration");
        JsonNode terms = config.isObject() && config.size() > 0 ? config.elements().next() : JSON.createObjectNode();
        BigDecimal limit = Decimals.of(terms.path("limit_price"));
        VenueOrder.Status s = status(a.path("status").asText(), filled);
        String last = a.path("last_fill_time").asText("");
        return new VenueOrder(a.path("order_id").asText(), a.path("client_order_id").asText(null), a.path("product_id").asText(),
                side(a.path("side")), s, Decimals.of(terms.path("base_size")), limit.signum() == 0 ? null : limit, filled,
                avg.signum() == 0 ? null : avg, micros(last.isEmpty() || last.equals("null") ? a.path("created_time").asText("") : last));
    }

    /** A Coinbase order status (of its REST API and its user channel) in DPP's terms, given what has filled. */
    static VenueOrder.Status status(String status, BigDecimal filled) {
        return switch (status) {
            case "PENDING", "QUEUED", "OPEN", "CANCEL_QUEUED", "EDIT_QUEUED" -> filled.signum() > 0 ? VenueOrder.Status.PARTIALLY_FILLED
                    : VenueOrder.Status.NEW;
            case "FILLED" -> VenueOrder.Status.FILLED;
            case "CANCELLED" -> VenueOrder.Status.CANCELED;
            case "EXPIRED" -> VenueOrder.Status.EXPIRED;
            case "FAILED" -> VenueOrder.Status.REJECTED;
            default -> throw new IllegalArgumentException("unknown Coinbase order status " + status);
        };
    }

    /** A cancel's acknowledgement: canceled, what filled before it read from the order. */
    @Override
    public VenueOrder canceled(JsonNode answer) {
        JsonNode r = answer.path("results").path(0);
        return new VenueOrder(r.path("order_id").asText(), null, null, null, VenueOrder.Status.CANCELED, null, null, null, null, 0);
    }

    private static Side side(JsonNode s) {
        return switch (s.asText()) {
            case "BUY" -> Side.BUY;
            case "SELL" -> Side.SELL;
            default -> null;
        };
    }

    /** An RFC 3339 time as epoch micros, 0 when absent. */
    static long micros(String iso) {
        if (iso == null || iso.isEmpty()) {
            return 0;
        }
        Instant t = Instant.parse(iso);
        return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
    }

    @Override
    public List<VenueOrder> orders(JsonNode answer) {
        List<VenueOrder> out = new ArrayList<>();
        answer.path("orders").forEach(o -> out.add(order(o)));
        return out;
    }

    /** Coinbase's fills name the order by its id only; the fee ({@code commission}) is in the quote currency. */
    @Override
    public List<VenueFill> fills(JsonNode answer) {
        List<VenueFill> out = new ArrayList<>();
        for (JsonNode f : answer.path("fills")) {
            if (!"FILL".equals(f.path("trade_type").asText("FILL"))) {
                continue; // a correction or a reversal names a fill already listed
            }
            out.add(new VenueFill(f.path("trade_id").asText(), f.path("order_id").asText(), null, f.path("product_id").asText(),
                    side(f.path("side")), Decimals.of(f.path("price")), Decimals.of(f.path("size")), Decimals.of(f.path("commission")), null,
                    "MAKER".equals(f.path("liquidity_indicator").asText()), micros(f.path("trade_time").asText())));
        }
        out.sort(java.util.Comparator.comparingLong(VenueFill::time));
        return out;
    }

    @Override
    public long serverTime(JsonNode answer) {
        return answer.path("epochMillis").asLong();
    }

    @Override
    public VenueReject reject(int status, JsonNode body) {
        if (status == 0) {
            return new VenueReject(VenueReject.Reason.VENUE_UNAVAILABLE, "timeout", "no answer", true, true);
        }
        if (status == 429) {
            return new VenueReject(VenueReject.Reason.RATE_LIMITED, "429", message(body), true, false);
        }
        if (status >= 500) {
            return new VenueReject(VenueReject.Reason.VENUE_UNAVAILABLE, "HTTP " + status, message(body), true, true);
        }
        if (status == 401 || status == 403) {
            return new VenueReject(VenueReject.Reason.AUTHENTICATION, body == null ? "HTTP " + status : body.path("error").asText("HTTP " + status),
                    message(body), false, false);
        }
        if (status == 404) {
            return new VenueReject(VenueReject.Reason.UNKNOWN_ORDER, "NOT_FOUND", message(body), false, false);
        }
        if (status < 200 || status >= 300) {
            String code = body == null ? "HTTP " + status : body.path("error").asText("HTTP " + status);
            VenueReject.Reason r = reason(code);
            return new VenueReject(r == VenueReject.Reason.OTHER ? VenueReject.Reason.INVALID_ORDER : r, code, message(body), false, false);
        }
        if (body == null) {
            return null;
        }
        String code = null;
        String msg = "";
        if (body.has("success") && !body.path("success").asBoolean()) {
            JsonNode e = body.path("error_response");
            code = firstKnown(e.path("error"), e.path("new_order_failure_reason"), e.path("preview_failure_reason"),
                    body.path("failure_reason"), body.path("errors").path(0).path("edit_failure_reason"),
                    body.path("errors").path(0).path("preview_failure_reason"));
            msg = e.path("message").asText(e.path("error_details").asText(""));
        } else if (body.has("results") && !body.path("results").path(0).path("success").asBoolean(true)) {
            code = body.path("results").path(0).path("failure_reason").asText("UNKNOWN_CANCEL_FAILURE_REASON");
        }
        if (code == null) {
            return null;
        }
        return new VenueReject(reason(code), code, msg.isEmpty() ? code : msg, false, false);
    }

    /** The first of Coinbase's reasons that says something (not an UNKNOWN_ placeholder), else the first given. */
    private static String firstKnown(JsonNode... reasons) {
        String first = null;
        for (JsonNode r : reasons) {
            String s = r.asText("");
            if (s.isEmpty()) {
                continue;
            }
            if (!s.startsWith("UNKNOWN_")) {
                return s;
            }
            first = first == null ? s : first;
        }
        return first == null ? "UNKNOWN_FAILURE_REASON" : first;
    }

    /** Coinbase's failure reasons (new order, preview, cancel, edit) in DPP's terms. */
    static VenueReject.Reason reason(String code) {
        String c = code.startsWith("PREVIEW_") ? code.substring("PREVIEW_".length()) : code;
        return switch (c) {
            case "INSUFFICIENT_FUND", "INSUFFICIENT_FUNDS", "INVALID_LEDGER_BALANCE" -> VenueReject.Reason.INSUFFICIENT_BALANCE;
            case "INVALID_LIMIT_PRICE_POST_ONLY" -> VenueReject.Reason.POST_ONLY_WOULD_TAKE;
            case "INVALID_PRODUCT_ID", "INELIGIBLE_PAIR" -> VenueReject.Reason.UNKNOWN_SYMBOL;
            case "ORDER_ENTRY_DISABLED", "TRADING_DISABLED" -> VenueReject.Reason.MARKET_CLOSED;
            case "UNKNOWN_CANCEL_ORDER", "ORDER_NOT_FOUND", "NOT_FOUND", "ONLY_OPEN_ORDERS_CAN_BE_EDITED" -> VenueReject.Reason.UNKNOWN_ORDER;
            case "INVALID_ARGUMENT", "INVALID_REQUEST", "UNSUPPORTED_ORDER_CONFIGURATION", "INVALID_SIDE", "INVALID_SIZE_PRECISION",
                 "INVALID_PRICE_PRECISION", "INVALID_LIMIT_PRICE", "INVALID_NO_LIQUIDITY", "INVALID_BASE_SIZE_TOO_SMALL",
                 "INVALID_BASE_SIZE_TOO_LARGE", "INVALID_STOP_PRICE", "CANNOT_EDIT_TO_BELOW_FILLED_SIZE", "ONLY_LIMIT_ORDER_EDITS_SUPPORTED",
                 "INVALID_EDITED_SIZE", "INVALID_EDITED_PRICE", "EDIT_REQUEST_EQUAL_TO_ORIGINAL_REQUEST", "INVALID_CANCEL_REQUEST" ->
                    VenueReject.Reason.INVALID_ORDER;
            default -> VenueReject.Reason.OTHER; // COMMANDER_REJECTED_NEW_ORDER (a refusal of the engine), the UNKNOWN_ ones
        };
    }

    private static String message(JsonNode body) {
        return body == null ? "" : body.path("message").asText(body.path("error_details").asText(""));
    }
}
