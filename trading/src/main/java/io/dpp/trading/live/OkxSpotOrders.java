package io.dpp.trading.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dpp.core.model.Side;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * OKX's order API (v5) for spot in cash mode: {@code POST /api/v5/trade/order} and
 * {@code /cancel-order} with JSON bodies, {@code GET /api/v5/trade/order} by {@code clOrdId},
 * {@code GET /api/v5/trade/orders-pending}, {@code GET /api/v5/trade/fills} and the public
 * {@code GET /api/v5/public/time}. Order types: market (sized in the base asset), limit (GTC),
 * ioc, fok and post_only; OKX's stop orders go through its separate algo-order API, which this
 * adapter does not speak yet (refused before sending). Its dead man's switch is
 * {@code POST /api/v5/trade/cancel-all-after}. Answers carry {@code code} "0" on success;
 * a refused order or cancel has {@code code} "1" and the reason in {@code data[0].sCode}: 51008
 * (balance), 51016 (duplicate clOrdId), 51019 (post-only would take), 51001 (instrument), 51400 and
 * 51603 (unknown order), 51000 and 511xx (invalid order), 50011 and HTTP 429 (rate limit), 50102 and
 * 50112 (timestamp), 50103-50113 (key, passphrase, signature), 50001, 50013 and HTTP 5xx (state unknown).
 */
final class OkxSpotOrders implements OrderProtocol {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String venue() {
        return "okx";
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public HttpCall place(LiveOrder o) {
        ObjectNode b = JSON.createObjectNode().put("instId", o.symbol()).put("tdMode", "cash").put("clOrdId", o.clientOrderId())
                .put("side", o.side() == Side.BUY ? "buy" : "sell");
        switch (o.type()) {
            case MARKET -> b.put("ordType", "market").put("tgtCcy", "base_ccy");
            case LIMIT -> b.put("ordType", o.postOnly() ? "post_only" : switch (o.timeInForce()) {
                case GTC -> "limit";
                case IOC -> "ioc";
                case FOK -> "fok";
            }).put("px", o.price().toPlainString());
            default -> throw new IllegalArgumentException("OKX places stop orders through its algo-order API, which DPP does not speak yet");
        }
        b.put("sz", o.quantity().toPlainString());
        return HttpCall.of("POST", "/api/v5/trade/order", "", b.toString());
    }

    @Override
    public HttpCall cancel(String symbol, String clientOrderId) {
        return HttpCall.of("POST", "/api/v5/trade/cancel-order", "",
                JSON.createObjectNode().put("instId", symbol).put("clOrdId", clientOrderId).toString());
    }

    @Override
    public HttpCall query(String symbol, String clientOrderId) {
        return HttpCall.of("GET", "/api/v5/trade/order", "instId=" + enc(symbol) + "&clOrdId=" + enc(clientOrderId), "");
    }

    @Override
    public HttpCall openOrders(String symbol) {
        return HttpCall.of("GET", "/api/v5/trade/orders-pending", "instType=SPOT" + (symbol == null ? "" : "&instId=" + enc(symbol)), "");
    }

    @Override
    public HttpCall fills(String symbol, long sinceMillis) {
        return HttpCall.of("GET", "/api/v5/trade/fills", "instType=SPOT&instId=" + enc(symbol) + "&begin=" + sinceMillis + "&limit=100", "");
    }

    /** {@code POST /api/v5/trade/cancel-all-after}: OKX takes 0 (off) or 10 to 120 seconds. */
    @Override
    public boolean amends() {
        return true;
    }

    /** {@code POST /api/v5/trade/amend-order}: {@code newSz} is the whole new quantity, what filled included. */
    @Override
    public HttpCall amend(String symbol, String clientOrderId, Side side, BigDecimal quantity, BigDecimal price, BigDecimal wasQuantity,
                          BigDecimal wasPrice) {
        com.fasterxml.jackson.databind.node.ObjectNode b = JSON.createObjectNode().put("instId", symbol).put("clOrdId", clientOrderId);
        if (quantity.compareTo(wasQuantity) != 0) {
            b.put("newSz", quantity.toPlainString());
        }
        if (price.compareTo(wasPrice) != 0) {
            b.put("newPx", price.toPlainString());
        }
        return HttpCall.of("POST", "/api/v5/trade/amend-order", "", b.toString());
    }

    @Override
    public HttpCall cancelAllAfter(int seconds) {
        if (seconds != 0 && (seconds < 10 || seconds > 120)) {
            throw new IllegalArgumentException("OKX's cancel-all-after takes 0 or 10 to 120 seconds, got " + seconds);
        }
        return HttpCall.of("POST", "/api/v5/trade/cancel-all-after", "",
                JSON.createObjectNode().put("timeOut", Integer.toString(seconds)).toString());
    }

    @Override
    public HttpCall serverTime() {
        return HttpCall.of("GET", "/api/v5/public/time", "", "");
    }

    /**
     * An order: a full order object (query, pending list), or the acknowledgement of a place or
     * cancel ({@code ordId}, {@code clOrdId}, {@code sCode} only), which says NEW or CANCELED.
     */
    @Override
    public VenueOrder order(JsonNode answer) {
        JsonNode a = answer.has("data") ? answer.path("data").path(0) : answer;
        if (!a.has("state")) {
            return ack(a, VenueOrder.Status.NEW);
        }
        BigDecimal filled = Decimals.of(a.path("accFillSz"));
        BigDecimal avg = Decimals.of(a.path("avgPx"));
        BigDecimal px = Decimals.of(a.path("px"));
        VenueOrder.Status status = switch (a.path("state").asText()) {
            case "live" -> VenueOrder.Status.NEW;
            case "partially_filled" -> VenueOrder.Status.PARTIALLY_FILLED;
            case "filled" -> VenueOrder.Status.FILLED;
            case "canceled", "mmp_canceled" -> VenueOrder.Status.CANCELED;
            default -> throw new IllegalArgumentException("unknown OKX order state " + a.path("state").asText());
        };
        return new VenueOrder(a.path("ordId").asText(), a.path("clOrdId").asText(), a.path("instId").asText(),
                "buy".equals(a.path("side").asText()) ? Side.BUY : Side.SELL, status, Decimals.of(a.path("sz")), px.signum() == 0 ? null : px,
                filled, avg.signum() == 0 ? null : avg, a.path("uTime").asLong(0) * 1000);
    }

    /** A cancel's acknowledgement: the order is canceled (its fills before that are read from the fills). */
    @Override
    public VenueOrder canceled(JsonNode answer) {
        JsonNode a = answer.has("data") ? answer.path("data").path(0) : answer;
        return a.has("state") ? order(a) : ack(a, VenueOrder.Status.CANCELED);
    }

    private static VenueOrder ack(JsonNode a, VenueOrder.Status status) {
        return new VenueOrder(a.path("ordId").asText(), a.path("clOrdId").asText(), null, null, status, null, null, null, null,
                a.path("ts").asLong(0) * 1000);
    }

    @Override
    public List<VenueOrder> orders(JsonNode answer) {
        List<VenueOrder> out = new ArrayList<>();
        answer.path("data").forEach(o -> out.add(order(o)));
        return out;
    }

    @Override
    public List<VenueFill> fills(JsonNode answer) {
        List<VenueFill> out = new ArrayList<>();
        // OKX reports a charged fee as a negative number (a rebate as a positive one).
        answer.path("data").forEach(f -> out.add(new VenueFill(f.path("tradeId").asText(), f.path("ordId").asText(),
                f.path("clOrdId").asText(null), f.path("instId").asText(), "buy".equals(f.path("side").asText()) ? Side.BUY : Side.SELL,
                Decimals.of(f.path("fillPx")), Decimals.of(f.path("fillSz")), Decimals.of(f.path("fee")).negate(), f.path("feeCcy").asText(),
                "M".equals(f.path("execType").asText()), f.path("ts").asLong() * 1000)));
        out.sort(java.util.Comparator.comparingLong(VenueFill::time));
        return out;
    }

    @Override
    public long serverTime(JsonNode answer) {
        return answer.path("data").path(0).path("ts").asLong();
    }

    @Override
    public VenueReject reject(int status, JsonNode body) {
        if (status == 0) {
            return new VenueReject(VenueReject.Reason.VENUE_UNAVAILABLE, "timeout", "no answer", true, true);
        }
        String code = body == null ? "" : body.path("code").asText("");
        if (status >= 200 && status < 300 && "0".equals(code)) {
            return null;
        }
        JsonNode first = body == null ? null : body.path("data").path(0);
        String sCode = first == null ? "" : first.path("sCode").asText("");
        String c = !sCode.isEmpty() && !"0".equals(sCode) ? sCode : code.isEmpty() ? "HTTP " + status : code;
        String msg = !sCode.isEmpty() && !"0".equals(sCode) ? first.path("sMsg").asText("") : body == null ? "" : body.path("msg").asText("");
        if (status == 429 || c.equals("50011") || c.equals("50061")) {
            return new VenueReject(VenueReject.Reason.RATE_LIMITED, c, msg, true, false);
        }
        if (status >= 500 || c.equals("50001") || c.equals("50004") || c.equals("50013") || c.equals("50026")) {
            return new VenueReject(VenueReject.Reason.VENUE_UNAVAILABLE, c, msg, true, true);
        }
        VenueReject.Reason reason = switch (c) {
            case "51008", "51131" -> VenueReject.Reason.INSUFFICIENT_BALANCE;
            case "51016" -> VenueReject.Reason.DUPLICATE_CLIENT_ORDER_ID;
            case "51019" -> VenueReject.Reason.POST_ONLY_WOULD_TAKE;
            case "51001" -> VenueReject.Reason.UNKNOWN_SYMBOL;
            case "51400", "51401", "51402", "51503", "51510", "51603" -> VenueReject.Reason.UNKNOWN_ORDER;
            case "50102", "50112" -> VenueReject.Reason.TIMESTAMP;
            case "50103", "50104", "50105", "50111", "50113", "50114" -> VenueReject.Reason.AUTHENTICATION;
            case "51024", "51027" -> VenueReject.Reason.MARKET_CLOSED;
            default -> c.startsWith("51") || c.equals("50014") ? VenueReject.Reason.INVALID_ORDER : VenueReject.Reason.OTHER;
        };
        return new VenueReject(reason, c, msg, reason == VenueReject.Reason.TIMESTAMP, false);
    }

}
