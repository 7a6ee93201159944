package io.dpp.trading.live;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.model.Side;
import io.dpp.trading.order.OrderType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Binance USD-M futures' order API (REST {@code /fapi}, one-way position mode), signed as Binance
 * spot ({@link BinanceSigner}): {@code POST /fapi/v1/order} with {@code newOrderRespType=RESULT},
 * {@code PUT /fapi/v1/order} (price and quantity amended in place, side and client order id kept),
 * {@code DELETE} and {@code GET /fapi/v1/order} by {@code origClientOrderId},
 * {@code GET /fapi/v1/openOrders}, {@code GET /fapi/v1/userTrades} and {@code GET /fapi/v1/time}.
 * Order types: MARKET, LIMIT (GTC, IOC, FOK; post-only is {@code timeInForce=GTX}), STOP
 * (stop-limit) and STOP_MARKET; {@code reduceOnly}. Fees and profit are in the margin asset
 * (USDT). Errors by code: -2019 (margin insufficient), -2022 (reduce-only would not reduce), -5022
 * (post-only would take), -4116 (duplicate client order id), -2011 and -2013 (unknown order),
 * -1121 (symbol), -4003, -4014, -4164, -1111, -1013 and -11xx (invalid order), -1021 (timestamp),
 * -1022, -2014 and -2015 (key or signature), -1003, -1015 and HTTP 429/418 (rate limit), -1001,
 * -1006, -1007, -1008 and HTTP 5xx (the order's state unknown), -2010 (the venue's rejection).
 * Its dead man's switch is per symbol ({@code POST /fapi/v1/countdownCancelAll}).
 */
final class BinanceUsdmOrders extends BinanceApi {

    BinanceUsdmOrders() {
        super("/fapi/v1/order", "/fapi/v1/openOrders", "/fapi/v1/userTrades", "/fapi/v1/time");
    }

    @Override
    public String venue() {
        return "binance-futures";
    }

    @Override
    public HttpCall place(LiveOrder o) {
        String type = switch (o.type()) {
            case MARKET -> "MARKET";
            case LIMIT -> "LIMIT";
            case STOP -> "STOP_MARKET";
            case STOP_LIMIT -> "STOP";
        };
        boolean limited = o.type() == OrderType.LIMIT || o.type() == OrderType.STOP_LIMIT;
        return placement(o, type, limited ? (o.postOnly() ? "GTX" : timeInForce(o.timeInForce())) : null,
                o.reduceOnly() ? "&reduceOnly=true" : "", "RESULT");
    }

    @Override
    public boolean amends() {
        return true;
    }

    /** {@code PUT /fapi/v1/order}: a working limit order's price and quantity, both sent; its side repeated, its ids kept. */
    @Override
    public HttpCall amend(String symbol, String clientOrderId, Side side, BigDecimal quantity, BigDecimal price, BigDecimal wasQuantity,
                          BigDecimal wasPrice) {
        return HttpCall.of("PUT", orderPath(), "symbol=" + enc(symbol) + "&origClientOrderId=" + enc(clientOrderId) + "&side="
                + (side == Side.BUY ? "BUY" : "SELL") + "&quantity=" + quantity.toPlainString() + "&price=" + price.toPlainString(), "");
    }

    @Override
    public VenueOrder order(JsonNode a) {
        BigDecimal filled = Decimals.of(a.path("executedQty"));
        BigDecimal average = Decimals.of(a.path("avgPrice"));
        BigDecimal price = Decimals.of(a.path("price"));
        return new VenueOrder(a.path("orderId").asText(), a.path("clientOrderId").asText(), a.path("symbol").asText(),
                "BUY".equals(a.path("side").asText()) ? Side.BUY : Side.SELL, status(a.path("status").asText()), Decimals.of(a.path("origQty")),
                price.signum() == 0 ? null : price, filled, filled.signum() == 0 || average.signum() == 0 ? null : average,
                a.path("updateTime").asLong(0) * 1000);
    }

    /** Executions, oldest first; named by the venue's order id only (the adapter knows which client id it is). */
    @Override
    public List<VenueFill> fills(JsonNode answer) {
        List<VenueFill> out = new ArrayList<>();
        answer.forEach(t -> out.add(new VenueFill(t.path("id").asText(), t.path("orderId").asText(), null, t.path("symbol").asText(),
                "BUY".equals(t.path("side").asText()) ? Side.BUY : Side.SELL, Decimals.of(t.path("price")), Decimals.of(t.path("qty")),
                Decimals.of(t.path("commission")), t.path("commissionAsset").asText(), t.path("maker").asBoolean(), t.path("time").asLong() * 1000)));
        out.sort(java.util.Comparator.comparingLong(VenueFill::time));
        return out;
    }

    /** {@code POST /fapi/v1/countdownCancelAll}: every order of the symbol canceled when the countdown (ms) runs out. */
    @Override
    public HttpCall cancelSymbolAfter(String symbol, int seconds) {
        if (seconds < 0 || seconds > 86_400) {
            throw new IllegalArgumentException("Binance USD-M's countdownCancelAll takes 0 (off) to 86400 seconds, got " + seconds);
        }
        return HttpCall.of("POST", "/fapi/v1/countdownCancelAll", "symbol=" + enc(symbol) + "&countdownTime=" + seconds * 1000L, "");
    }

    @Override
    public boolean margined() {
        return true;
    }

    /** {@code GET /fapi/v2/positionRisk}: every symbol's position in one-way mode ({@code positionSide} BOTH). */
    @Override
    public HttpCall positions() {
        return HttpCall.of("GET", "/fapi/v2/positionRisk", "", "");
    }

    @Override
    public java.util.Map<String, BigDecimal> positions(JsonNode answer) {
        return Decimals.positions(answer, "symbol", p -> Decimals.of(p.path("positionAmt")));
    }

    @Override
    boolean stateUnknown(int code) {
        // The execution status is unknown: the order may exist.
        return code == -1001 || code == -1006 || code == -1007 || code == -1008;
    }

    @Override
    VenueReject.Reason reason(int code, String msg) {
        return switch (code) {
            case -2019 -> VenueReject.Reason.INSUFFICIENT_BALANCE;
            case -4116 -> VenueReject.Reason.DUPLICATE_CLIENT_ORDER_ID;
            case -5022 -> VenueReject.Reason.POST_ONLY_WOULD_TAKE;
            case -2011, -2013 -> VenueReject.Reason.UNKNOWN_ORDER;
            case -1121 -> VenueReject.Reason.UNKNOWN_SYMBOL;
            case -1021 -> VenueReject.Reason.TIMESTAMP;
            case -1022, -2014, -2015, -1002 -> VenueReject.Reason.AUTHENTICATION;
            case -2022, -4003, -4014, -4164, -1013, -1100, -1102, -1111, -1115, -1116, -1117, -2021, -4013, -4015, -4016 ->
                    VenueReject.Reason.INVALID_ORDER;
            default -> VenueReject.Reason.OTHER;
        };
    }

    /**
     * IP request weights of the USD-M API (its documentation's "Weight", the IP part): an order
     * placed or amended 0 (orders count against the account's order limits instead), canceled,
     * asked, a symbol's open orders, the listen key and the time 1, trades, positions and the
     * balances 5, the countdown 10.
     */
    @Override
    public int weight(HttpCall call) {
        return switch (call.method() + " " + call.path()) {
            case "POST /fapi/v1/order", "PUT /fapi/v1/order" -> 0;
            case "GET /fapi/v1/userTrades", "GET /fapi/v2/positionRisk", "GET /fapi/v2/balance", "GET /fapi/v3/balance" -> 5;
            case "POST /fapi/v1/countdownCancelAll" -> 10;
            default -> 1;
        };
    }
}
