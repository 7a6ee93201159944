package io.dpp.trading.live;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.model.Side;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Kraken spot's order API (REST, private calls as signed POST forms, see {@link KrakenSigner}):
 * {@code AddOrder} with DPP's client order id as {@code cl_ord_id} (free text, at most 18
 * characters), {@code AmendOrder} (in place), {@code CancelOrder}, {@code OpenOrders} then {@code ClosedOrders} filtered by
 * {@code cl_ord_id} (Kraken keeps working and finished orders apart), {@code TradesHistory} from a
 * time (newest first, 50 a page, paged by {@code ofs}), {@code CancelAllOrdersAfter} (the dead man's
 * switch) and the public {@code GET /0/public/Time}. Pairs are named by their REST altname, the
 * WebSocket name without its slash ("XBT/USD" is "XBTUSD"). Order types: market, limit (post-only
 * through {@code oflags=post}), stop-loss and stop-loss-limit (trigger in {@code price}, limit in
 * {@code price2}); time in force GTC or IOC (Kraken spot has no fill-or-kill). Fees are charged in
 * the quote currency. Every answer is HTTP 200 with an {@code error} list; errors by their text:
 * {@code EOrder:Insufficient funds}, {@code EOrder:Unknown order}, {@code EQuery:Unknown asset pair},
 * {@code EOrder:Post only order}, {@code EAPI:Invalid nonce}, {@code EAPI:Invalid key} and
 * {@code EAPI:Invalid signature}, {@code EAPI:Rate limit exceeded} and {@code EOrder:Rate limit exceeded},
 * {@code EService:Unavailable}, {@code EService:Busy} and {@code EGeneral:Internal error} (the order's
 * state unknown), {@code EService:Market in cancel_only mode} and the other {@code EOrder} and
 * {@code EGeneral:Invalid arguments} refusals of an order's terms.
 */
final class KrakenSpotOrders implements OrderProtocol {

    /** Kraken's longest free-text {@code cl_ord_id}. */
    static final int MAX_CLIENT_ID = 18;
    /** Executions per {@code TradesHistory} page. */
    static final int PAGE = 50;

    @Override
    public String venue() {
        return "kraken";
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The REST name of a pair from its WebSocket name ("XBT/USD" is "XBTUSD"). */
    static String pair(String symbol) {
        return symbol.replace("/", "");
    }

    private static String clientId(String clientOrderId) {
        if (clientOrderId.length() > MAX_CLIENT_ID) {
            throw new IllegalArgumentException("Kraken takes client order ids of at most " + MAX_CLIENT_ID + " characters: " + clientOrderId);
        }
        return enc(clientOrderId);
    }

    @Override
    public HttpCall place(LiveOrder o) {
        StringBuilder f = new StringBuilder("ordertype=");
        switch (o.type()) {
            case MARKET -> f.append("market");
            case LIMIT -> f.append("limit");
            case STOP -> f.append("stop-loss");
            case STOP_LIMIT -> f.append("stop-loss-limit");
        }
        f.append("&type=").append(o.side() == Side.BUY ? "buy" : "sell").append("&volume=").append(o.quantity().toPlainString())
                .append("&pair=").append(enc(pair(o.symbol())));
        switch (o.type()) {
            case LIMIT -> f.append("&price=").append(o.price().toPlainString());
            case STOP -> f.append("&price=").append(o.stopPrice().toPlainString());
            case STOP_LIMIT -> f.append("&price=").append(o.stopPrice().toPlainString()).append("&price2=").append(o.price().toPlainString());
            case MARKET -> {
            }
        }
        if (o.type() != io.dpp.trading.order.OrderType.MARKET) {
            f.append("&timeinforce=").append(switch (o.timeInForce()) {
                case GTC -> "GTC";
                case IOC -> "IOC";
                case FOK -> throw new IllegalArgumentException("Kraken spot has no fill-or-kill orders (GTC, IOC or GTD)");
            });
        }
        if (o.postOnly()) {
            f.append("&oflags=post");
        }
        f.append("&cl_ord_id=").append(clientId(o.clientOrderId()));
        return HttpCall.of("POST", "/0/private/AddOrder", "", f.toString());
    }

    @Override
    public boolean amends() {
        return true;
    }

    /** {@code AmendOrder}: in place, its ids and (where it can) its queue priority kept; {@code order_qty} is the whole new quantity. */
    @Override
    public HttpCall amend(String symbol, String clientOrderId, Side side, BigDecimal quantity, BigDecimal price, BigDecimal wasQuantity,
                          BigDecimal wasPrice) {
        StringBuilder f = new StringBuilder("cl_ord_id=").append(clientId(clientOrderId));
        if (quantity.compareTo(wasQuantity) != 0) {
            f.append("&order_qty=").append(quantity.toPlainString());
        }
        if (price.compareTo(wasPrice) != 0) {
            f.append("&limit_price=").append(price.toPlainString());
        }
        return HttpCall.of("POST", "/0/private/AmendOrder", "", f.toString());
    }

    @Override
    public HttpCall cancel(String symbol, String clientOrderId) {
        return HttpCall.of("POST", "/0/private/CancelOrder", "", "cl_ord_id=" + clientId(clientOrderId));
    }

    @Override
    public HttpCall query(String symbol, String clientOrderId) {
        return HttpCall.of("POST", "/0/private/OpenOrders", "", "cl_ord_id=" + clientId(clientOrderId));
    }

    @Override
    public HttpCall queryEnded(String symbol, String clientOrderId) {
        return HttpCall.of("POST", "/0/private/ClosedOrders", "", "cl_ord_id=" + clientId(clientOrderId));
    }

    @Override
    public HttpCall openOrders(String symbol) {
        return HttpCall.of("POST", "/0/private/OpenOrders", "", "");
    }

    @Override
    public HttpCall fills(String symbol, long sinceMillis) {
        return HttpCall.of("POST", "/0/private/TradesHistory", "", "start=" + start(sinceMillis));
    }

    /** Kraken's {@code start} is in whole seconds and exclusive: the second before covers the instant asked. */
    private static long start(long sinceMillis) {
        return Math.max(0, Math.floorDiv(sinceMillis, 1000) - 1);
    }

    @Override
    public HttpCall nextFills(String symbol, long sinceMillis, JsonNode answer, int read) {
        JsonNode result = answer.path("result");
        if (result.path("trades").isEmpty() || read >= result.path("count").asInt(0)) {
            return null;
        }
        return HttpCall.of("POST", "/0/private/TradesHistory", "", "start=" + start(sinceMillis) + "&ofs=" + read);
    }

    @Override
    public HttpCall cancelAllAfter(int seconds) {
        if (seconds < 0 || seconds > 86_400) {
            throw new IllegalArgumentException("Kraken's CancelAllOrdersAfter takes 0 (off) to 86400 seconds, got " + seconds);
        }
        return HttpCall.of("POST", "/0/private/CancelAllOrdersAfter", "", "timeout=" + seconds);
    }

    @Override
    public HttpCall serverTime() {
        return HttpCall.of("GET", "/0/public/Time", "", "");
    }

    /**
     * An order: the acknowledgement of {@code AddOrder} (its {@code txid} only: NEW), the first
     * order of an {@code OpenOrders} or {@code ClosedOrders} answer, or one order's description.
     */
    @Override
    public VenueOrder order(JsonNode answer) {
        JsonNode result = answer.path("result");
        if (result.has("txid")) {
            return new VenueOrder(result.path("txid").path(0).asText(), null, null, null, VenueOrder.Status.NEW, null, null, null, null, 0);
        }
        for (String list : new String[] {"open", "closed"}) {
            if (result.has(list)) {
                Map.Entry<String, JsonNode> first = result.path(list).properties().iterator().next();
                return order(first.getKey(), first.getValue());
            }
        }
        throw new IllegalArgumentException("no order in the answer");
    }

    static VenueOrder order(String txid, JsonNode o) {
        BigDecimal quantity = Decimals.of(o.path("vol"));
        BigDecimal filled = Decimals.of(o.path("vol_exec"));
        VenueOrder.Status status = switch (o.path("status").asText()) {
            case "pending", "open" -> filled.signum() == 0 ? VenueOrder.Status.NEW : VenueOrder.Status.PARTIALLY_FILLED;
            // Closed: executed; one whose rest was taken off (an IOC's) reads as canceled with what it filled.
            case "closed" -> filled.compareTo(quantity) >= 0 ? VenueOrder.Status.FILLED : VenueOrder.Status.CANCELED;
            case "canceled" -> VenueOrder.Status.CANCELED;
            case "expired" -> VenueOrder.Status.EXPIRED;
            default -> throw new IllegalArgumentException("unknown Kraken order status " + o.path("status").asText());
        };
        JsonNode descr = o.path("descr");
        BigDecimal limit = descr.path("ordertype").asText().contains("limit") ? Decimals.of(descr.path(
                descr.path("ordertype").asText().equals("limit") ? "price" : "price2")) : BigDecimal.ZERO;
        BigDecimal average = Decimals.of(o.path("price"));
        String time = o.path("closetm").asText("0").equals("0") ? o.path("opentm").asText("0") : o.path("closetm").asText("0");
        return new VenueOrder(txid, o.path("cl_ord_id").asText(null), descr.path("pair").asText(null),
                "buy".equals(descr.path("type").asText()) ? Side.BUY : Side.SELL, status, quantity, limit.signum() == 0 ? null : limit,
                filled, filled.signum() == 0 || average.signum() == 0 ? null : average, micros(time));
    }

    /** Kraken's times are seconds with a fraction ("1688666559.8974"): epoch micros. */
    static long micros(String seconds) {
        return new BigDecimal(seconds).movePointRight(6).longValue();
    }

    @Override
    public boolean notFound(JsonNode queryAnswer) {
        JsonNode result = queryAnswer.path("result");
        return result.path("open").isEmpty() && result.path("closed").isEmpty();
    }

    /** {@code CancelOrder} answers how many orders it canceled, not the order. */
    @Override
    public VenueOrder canceled(JsonNode answer) {
        if (answer.path("result").path("count").asInt(0) < 1) {
            throw new IllegalArgumentException("Kraken canceled no order");
        }
        return new VenueOrder(null, null, null, null, VenueOrder.Status.CANCELED, null, null, null, null, 0);
    }

    @Override
    public List<VenueOrder> orders(JsonNode answer) {
        List<VenueOrder> out = new ArrayList<>();
        answer.path("result").path("open").properties().forEach(e -> out.add(order(e.getKey(), e.getValue())));
        return out;
    }

    /** Executions, oldest first; the order is named by Kraken's id only, the fee is in the quote currency. */
    @Override
    public List<VenueFill> fills(JsonNode answer) {
        List<VenueFill> out = new ArrayList<>();
        answer.path("result").path("trades").properties().forEach(e -> {
            JsonNode t = e.getValue();
            out.add(new VenueFill(e.getKey(), t.path("ordertxid").asText(), null, t.path("pair").asText(),
                    "buy".equals(t.path("type").asText()) ? Side.BUY : Side.SELL, Decimals.of(t.path("price")), Decimals.of(t.path("vol")),
                    Decimals.of(t.path("fee")), null, t.path("maker").asBoolean(false), micros(t.path("time").asText("0"))));
        });
        // Kraken lists the newest first: reversed, then ordered by time (stable, for executions of one instant).
        java.util.Collections.reverse(out);
        out.sort(Comparator.comparingLong(VenueFill::time));
        return out;
    }

    /** Kraken's trade txids ("TCWJEG-FL4SZ-3FKGH6") are unique across its pairs. */
    @Override
    public boolean tradeIdsUnique() {
        return true;
    }

    @Override
    public long clockResolutionMillis() {
        return 1000;
    }

    @Override
    public long serverTime(JsonNode answer) {
        return answer.path("result").path("unixtime").asLong() * 1000;
    }

    @Override
    public VenueReject reject(int status, JsonNode body) {
        if (status == 0) {
            return new VenueReject(VenueReject.Reason.VENUE_UNAVAILABLE, "timeout", "no answer", true, true);
        }
        JsonNode errors = body == null ? null : body.path("error");
        String error = errors != null && errors.isArray() && !errors.isEmpty() ? errors.get(0).asText() : "";
        if (status >= 200 && status < 300 && error.isEmpty()) {
            return null;
        }
        // The code is the error without its detail ("EGeneral:Invalid arguments:volume" is "EGeneral:Invalid arguments").
        int detail = error.indexOf(':', error.indexOf(':') + 1);
        String code = error.isEmpty() ? "HTTP " + status : detail > 0 ? error.substring(0, detail) : error;
        if (status == 429 || error.endsWith("Rate limit exceeded") || error.equals("EGeneral:Temporary lockout")
                || error.equals("EOrder:Orders limit exceeded")) {
            return new VenueReject(VenueReject.Reason.RATE_LIMITED, code, error, true, false);
        }
        if (status >= 500 || error.equals("EService:Unavailable") || error.equals("EService:Busy") || error.equals("EGeneral:Internal error")
                || error.startsWith("EService:Deadline elapsed")) {
            // Kraken may have acted on a call it answered this way: look the order up before anything is sent again.
            return new VenueReject(VenueReject.Reason.VENUE_UNAVAILABLE, code, error, true, true);
        }
        VenueReject.Reason reason;
        if (error.equals("EOrder:Insufficient funds") || error.equals("EOrder:Margin allowance exceeded")
                || error.equals("EOrder:Insufficient margin")) {
            reason = VenueReject.Reason.INSUFFICIENT_BALANCE;
        } else if (error.equals("EOrder:Unknown order")) {
            reason = VenueReject.Reason.UNKNOWN_ORDER;
        } else if (error.equals("EQuery:Unknown asset pair")) {
            reason = VenueReject.Reason.UNKNOWN_SYMBOL;
        } else if (error.equals("EOrder:Post only order")) {
            reason = VenueReject.Reason.POST_ONLY_WOULD_TAKE;
        } else if (error.contains("Duplicate")) {
            reason = VenueReject.Reason.DUPLICATE_CLIENT_ORDER_ID;
        } else if (error.equals("EAPI:Invalid nonce")) {
            reason = VenueReject.Reason.TIMESTAMP;
        } else if (error.equals("EAPI:Invalid key") || error.equals("EAPI:Invalid signature") || error.equals("EGeneral:Permission denied")
                || error.equals("EAPI:Bad request") && status == 401) {
            reason = VenueReject.Reason.AUTHENTICATION;
        } else if (error.contains("cancel_only mode") || error.contains("post_only mode") || error.contains("limit_only mode")) {
            reason = VenueReject.Reason.MARKET_CLOSED;
        } else if (error.startsWith("EOrder:") || error.startsWith("EGeneral:Invalid arguments")) {
            reason = VenueReject.Reason.INVALID_ORDER;
        } else {
            reason = VenueReject.Reason.OTHER;
        }
        return new VenueReject(reason, code, error, reason == VenueReject.Reason.TIMESTAMP, false);
    }
}
