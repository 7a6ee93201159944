package io.dpp.trading.live;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * What Binance's REST order APIs (spot {@code /api/v3}, USD-M {@code /fapi/v1}) share: orders
 * canceled and looked up by {@code origClientOrderId}, the open orders and the trade list of a
 * symbol, the server's time, and errors as {@code {"code":-NNNN,"msg":"..."}} with HTTP 429 and 418
 * for rate limits and 5xx (or an unknown-state code) when the order's fate is unknown.
 */
abstract class BinanceApi implements OrderProtocol {

    private final String order;
    private final String openOrders;
    private final String trades;
    private final String time;

    BinanceApi(String order, String openOrders, String trades, String time) {
        this.order = order;
        this.openOrders = openOrders;
        this.trades = trades;
        this.time = time;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The path orders are placed, amended, canceled and looked up at. */
    final String orderPath() {
        return order;
    }

    /**
     * A new order's request: its type and time in force (null: none sent) in the venue's words,
     * {@code extra} parameters (empty, or starting with &amp;) before the client order id, and the
     * answer's shape ({@code newOrderRespType}).
     */
    final HttpCall placement(LiveOrder o, String type, String timeInForce, String extra, String answer) {
        StringBuilder q = new StringBuilder("symbol=").append(enc(o.symbol())).append("&side=")
                .append(o.side() == io.dpp.core.model.Side.BUY ? "BUY" : "SELL").append("&type=").append(type);
        if (timeInForce != null) {
            q.append("&timeInForce=").append(timeInForce);
        }
        q.append("&quantity=").append(o.quantity().toPlainString());
        if (o.price() != null) {
            q.append("&price=").append(o.price().toPlainString());
        }
        if (o.stopPrice() != null) {
            q.append("&stopPrice=").append(o.stopPrice().toPlainString());
        }
        q.append(extra).append("&newClientOrderId=").append(enc(o.clientOrderId())).append("&newOrderRespType=").append(answer);
        return HttpCall.of("POST", order, q.toString(), "");
    }

    /** A time in force in Binance's words. */
    static String timeInForce(io.dpp.trading.order.TimeInForce t) {
        return switch (t) {
            case GTC -> "GTC";
            case IOC -> "IOC";
            case FOK -> "FOK";
        };
    }

    @Override
    public HttpCall cancel(String symbol, String clientOrderId) {
        return HttpCall.of("DELETE", order, "symbol=" + enc(symbol) + "&origClientOrderId=" + enc(clientOrderId), "");
    }

    @Override
    public HttpCall query(String symbol, String clientOrderId) {
        return HttpCall.of("GET", order, "symbol=" + enc(symbol) + "&origClientOrderId=" + enc(clientOrderId), "");
    }

    @Override
    public HttpCall openOrders(String symbol) {
        return HttpCall.of("GET", openOrders, symbol == null ? "" : "symbol=" + enc(symbol), "");
    }

    @Override
    public HttpCall fills(String symbol, long sinceMillis) {
        return HttpCall.of("GET", trades, "symbol=" + enc(symbol) + "&startTime=" + sinceMillis + "&limit=1000", "");
    }

    @Override
    public HttpCall serverTime() {
        return HttpCall.of("GET", time, "", "");
    }

    @Override
    public long serverTime(JsonNode answer) {
        return answer.path("serverTime").asLong();
    }

    /** An order status of Binance's (spot's and USD-M's). */
    static VenueOrder.Status status(String s) {
        return switch (s) {
            case "NEW", "PENDING_NEW" -> VenueOrder.Status.NEW;
            case "PARTIALLY_FILLED" -> VenueOrder.Status.PARTIALLY_FILLED;
            case "FILLED" -> VenueOrder.Status.FILLED;
            case "CANCELED", "PENDING_CANCEL" -> VenueOrder.Status.CANCELED;
            case "REJECTED" -> VenueOrder.Status.REJECTED;
            case "EXPIRED", "EXPIRED_IN_MATCH" -> VenueOrder.Status.EXPIRED;
            default -> throw new IllegalArgumentException("unknown Binance order status " + s);
        };
    }

    @Override
    public java.util.List<VenueOrder> orders(JsonNode answer) {
        java.util.List<VenueOrder> out = new java.util.ArrayList<>();
        answer.forEach(o -> out.add(order(o)));
        return out;
    }

    /** Whether an error code says the order's state is unknown ("could have been a success"). */
    abstract boolean stateUnknown(int code);

    /** The reason of an error code (and its words) that is neither a rate limit nor an unknown state. */
    abstract VenueReject.Reason reason(int code, String msg);

    @Override
    public final VenueReject reject(int status, JsonNode body) {
        if (status == 0) {
            return new VenueReject(VenueReject.Reason.VENUE_UNAVAILABLE, "timeout", "no answer", true, true);
        }
        if (status >= 200 && status < 300) {
            return null;
        }
        int code = body == null ? 0 : body.path("code").asInt(0);
        String msg = body == null ? "" : body.path("msg").asText("");
        String c = code == 0 ? "HTTP " + status : Integer.toString(code);
        if (status == 429 || status == 418 || code == -1003 || code == -1015) {
            return new VenueReject(VenueReject.Reason.RATE_LIMITED, c, msg, true, false);
        }
        if (status >= 500 || stateUnknown(code)) {
            return new VenueReject(VenueReject.Reason.VENUE_UNAVAILABLE, c, msg, true, true);
        }
        VenueReject.Reason reason = reason(code, msg);
        return new VenueReject(reason, c, msg, reason == VenueReject.Reason.TIMESTAMP, false);
    }
}
