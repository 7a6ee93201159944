package io.dpp.trading.live;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.model.Side;
import io.dpp.trading.order.OrderType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Binance spot's order API (REST v3): {@code POST /api/v3/order} with {@code newOrderRespType=FULL}
 * (the answer carries the fills it made at once), {@code DELETE} and {@code GET /api/v3/order} by
 * {@code origClientOrderId}, {@code GET /api/v3/openOrders}, {@code GET /api/v3/myTrades} and
 * {@code GET /api/v3/time}. Order types: MARKET, LIMIT (LIMIT_MAKER when post-only),
 * STOP_LOSS (stop market) and STOP_LOSS_LIMIT. Errors by code: -2010 (new order rejected: balance,
 * duplicate, post-only), -2011 and -2013 (unknown order), -1013 and -11xx (invalid order),
 * -1121 (symbol), -1021 (timestamp), -1022, -2014 and -2015 (key or signature), -1003 and HTTP
 * 429/418 (rate limit), -1006, -1007 and HTTP 5xx (the order's state unknown).
 */
final class BinanceSpotOrders extends BinanceApi {

    BinanceSpotOrders() {
        super("/api/v3/order", "/api/v3/openOrders", "/api/v3/myTrades", "/api/v3/time");
    }

    @Override
    public String venue() {
        return "binance";
    }

    @Override
    public HttpCall place(LiveOrder o) {
        String type = switch (o.type()) {
            case MARKET -> "MARKET";
            case LIMIT -> o.postOnly() ? "LIMIT_MAKER" : "LIMIT";
            case STOP -> "STOP_LOSS";
            case STOP_LIMIT -> "STOP_LOSS_LIMIT";
        };
        boolean rests = (o.type() == OrderType.LIMIT && !o.postOnly()) || o.type() == OrderType.STOP_LIMIT;
        return placement(o, type, rests ? timeInForce(o.timeInForce()) : null, "", "FULL");
    }

    @Override
    public boolean amends() {
        return true;
    }

    /**
     * {@code PUT /api/v3/order/amend/keepPriority}: Binance spot lowers an order's quantity in place
     * (keeping its place in the queue and, sent as the new one, its client order id); it changes no
     * price and raises no quantity.
     */
    @Override
    public HttpCall amend(String symbol, String clientOrderId, Side side, BigDecimal quantity, BigDecimal price, BigDecimal wasQuantity,
                          BigDecimal wasPrice) {
        if (price.compareTo(wasPrice) != 0 || quantity.compareTo(wasQuantity) >= 0) {
            throw new IllegalArgumentException("Binance spot amends an order only by lowering its quantity (keepPriority); to change its"
                    + " price or raise its quantity, cancel it and submit a new one");
        }
        return HttpCall.of("PUT", "/api/v3/order/amend/keepPriority", "symbol=" + enc(symbol) + "&origClientOrderId=" + enc(clientOrderId)
                + "&newClientOrderId=" + enc(clientOrderId) + "&newQty=" + quantity.toPlainString(), "");
    }

    @Override
    public VenueOrder order(JsonNode a) {
        BigDecimal filled = Decimals.of(a.path("executedQty"));
        BigDecimal quote = Decimals.of(a.path("cummulativeQuoteQty"));
        BigDecimal average = filled.signum() == 0 ? null : quote.divide(filled, java.math.MathContext.DECIMAL128).stripTrailingZeros();
        long updated = a.path("updateTime").asLong(a.path("transactTime").asLong(0)) * 1000;
        BigDecimal price = Decimals.of(a.path("price"));
        return new VenueOrder(a.path("orderId").asText(), a.path("clientOrderId").asText(), a.path("symbol").asText(),
                "BUY".equals(a.path("side").asText()) ? Side.BUY : Side.SELL, status(a.path("status").asText()), Decimals.of(a.path("origQty")),
                price.signum() == 0 ? null : price, filled, average, updated);
    }

    @Override
    public List<VenueFill> fills(JsonNode answer) {
        List<VenueFill> out = new ArrayList<>();
        // myTrades names the order by the venue's id only; the adapter knows which client id it is.
        answer.forEach(t -> out.add(new VenueFill(t.path("id").asText(), t.path("orderId").asText(), null, t.path("symbol").asText(),
                t.path("isBuyer").asBoolean() ? Side.BUY : Side.SELL, Decimals.of(t.path("price")), Decimals.of(t.path("qty")),
                Decimals.of(t.path("commission")), t.path("commissionAsset").asText(), t.path("isMaker").asBoolean(), t.path("time").asLong() * 1000)));
        return out;
    }

    @Override
    public List<VenueFill> placeFills(JsonNode a) {
        List<VenueFill> out = new ArrayList<>();
        Side side = "BUY".equals(a.path("side").asText()) ? Side.BUY : Side.SELL;
        long time = a.path("transactTime").asLong() * 1000;
        a.path("fills").forEach(f -> out.add(new VenueFill(f.path("tradeId").asText(), a.path("orderId").asText(),
                a.path("clientOrderId").asText(), a.path("symbol").asText(), side, Decimals.of(f.path("price")), Decimals.of(f.path("qty")),
                Decimals.of(f.path("commission")), f.path("commissionAsset").asText(), false, time)));
        return out;
    }

    @Override
    boolean stateUnknown(int code) {
        // Binance: "the execution status is UNKNOWN and could have been a success".
        return code == -1006 || code == -1007 || code == -1001;
    }

    @Override
    VenueReject.Reason reason(int code, String msg) {
        return switch (code) {
            case -2010 -> msg.contains("insufficient balance") ? VenueReject.Reason.INSUFFICIENT_BALANCE
                    : msg.contains("Duplicate order") ? VenueReject.Reason.DUPLICATE_CLIENT_ORDER_ID
                    : msg.contains("immediately match and take") ? VenueReject.Reason.POST_ONLY_WOULD_TAKE
                    : msg.contains("not supported for this symbol") || msg.contains("trading is disabled")
                    ? VenueReject.Reason.MARKET_CLOSED : VenueReject.Reason.INVALID_ORDER;
            case -2011, -2013 -> VenueReject.Reason.UNKNOWN_ORDER;
            case -1121 -> VenueReject.Reason.UNKNOWN_SYMBOL;
            case -1021 -> VenueReject.Reason.TIMESTAMP;
            case -1022, -2014, -2015, -1002 -> VenueReject.Reason.AUTHENTICATION;
            case -1013, -1100, -1101, -1102, -1103, -1104, -1105, -1106, -1111, -1112, -1114, -1115, -1116, -1117, -1118, -1120,
                 -1125, -1127, -1128, -1130, -2026, -2038 -> VenueReject.Reason.INVALID_ORDER;
            default -> VenueReject.Reason.OTHER;
        };
    }


    /** Binance's order-entry limits: weight 1 per order, 100 orders per 10 s and 200 000 per day per account (docs/ems.md). */
    static final int ORDERS_PER_10S = 100;

    /**
     * Request weights of the spot API (its documentation's "Weight"): an order placed or canceled 1,
     * asked 4, amended 4, a symbol's open orders 6, its trades 20, the account (balances) 20, the time 1.
     */
    @Override
    public int weight(HttpCall call) {
        return switch (call.method() + " " + call.path()) {
            case "GET /api/v3/order", "PUT /api/v3/order/amend/keepPriority" -> 4;
            case "GET /api/v3/openOrders" -> 6;
            case "GET /api/v3/myTrades", "GET /api/v3/account" -> 20;
            default -> 1;
        };
    }
}
