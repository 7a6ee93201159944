package io.dpp.trading.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dpp.core.model.Side;
import java.math.BigDecimal;
import java.math.MathContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Bybit's v5 order API for USDT-margined contracts ({@code category=linear}, one-way
 * mode: {@code positionIdx} 0), the contracts DPP's Bybit feeds stream: {@code POST /v5/order/create},
 * {@code /v5/order/amend} and {@code /v5/order/cancel} with JSON bodies and {@code orderLinkId} as
 * the client order id, {@code GET /v5/order/realtime} (one order, or the open ones),
 * {@code GET /v5/execution/list} (trades only: funding settlements are listed there too),
 * {@code GET /v5/position/list} and the public {@code GET /v5/market/time}. Quantities are in the
 * base coin; post-only is {@code timeInForce=PostOnly}, which Bybit takes and then cancels with
 * {@code rejectReason=EC_PostOnlyWillTakeLiquidity} when it would take (read as REJECTED with that
 * reason); a stop is a conditional order ({@code triggerPrice} with {@code triggerDirection} 1 for a
 * buy, triggered on a rise, 2 for a sell); {@code reduceOnly}. Fees are in USDT. Inverse
 * and USDC-margined contracts are refused before sending.
 * Answers carry {@code retCode} 0 on success; refusals by code: 110004, 110006, 110007, 110012,
 * 110044, 110045 (margin), 110072 (duplicate id), 110001, 110008, 110010 (unknown or ended order),
 * 110017 (reduce-only), 10001 with "symbol" (symbol), 110003, 110016, 110020 and other 10001s
 * (invalid order), 10002 (timestamp), 10003-10005 and 10010 (key, signature, permission), 10006,
 * 10018 (rate limit), 10000, 10016, 110079 and HTTP 5xx (state unknown).
 */
final class BybitOrders implements OrderProtocol {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String CATEGORY = "linear";
    /** Bybit's reject reason of a post-only order that would have taken liquidity. */
    static final String POST_ONLY_TOOK = "EC_PostOnlyWillTakeLiquidity";

    @Override
    public String venue() {
        return "bybit";
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /**
     * Whether {@code symbol} is a USDT-margined contract ({@code BTCUSDT}, {@code BTCUSDT-26DEC25}),
     * the ones DPP trades: not USDC-margined ({@code BTCPERP}, {@code BTC-26DEC25}) nor inverse
     * ({@code BTCUSD}, {@code BTCUSDZ25}) ones.
     */
    static boolean usdtMargined(String symbol) {
        return symbol.endsWith("USDT") || symbol.contains("USDT-");
    }

    @Override
    public HttpCall place(LiveOrder o) {
        if (!usdtMargined(o.symbol())) {
            throw new IllegalArgumentException(o.symbol() + " is not a USDT-margined contract; DPP trades Bybit's USDT-margined"
                    + " contracts (its USDC-margined and inverse ones are not supported yet)");
        }
        ObjectNode b = JSON.createObjectNode().put("category", CATEGORY).put("symbol", o.symbol())
                .put("side", o.side() == Side.BUY ? "Buy" : "Sell");
        boolean market = o.type() == io.dpp.trading.order.OrderType.MARKET || o.type() == io.dpp.trading.order.OrderType.STOP;
        b.put("orderType", market ? "Market" : "Limit").put("qty", o.quantity().toPlainString());
        if (!market) {
            b.put("price", o.price().toPlainString()).put("timeInForce", o.postOnly() ? "PostOnly" : switch (o.timeInForce()) {
                case GTC -> "GTC";
                case IOC -> "IOC";
                case FOK -> "FOK";
            });
        }
        if (o.stopPrice() != null) {
            // A buy stop triggers when the price rises to it, a sell stop when it falls to it.
            b.put("triggerPrice", o.stopPrice().toPlainString()).put("triggerDirection", o.side() == Side.BUY ? 1 : 2);
        }
        if (o.reduceOnly()) {
            b.put("reduceOnly", true);
        }
        b.put("positionIdx", 0).put("orderLinkId", o.clientOrderId());
        return HttpCall.of("POST", "/v5/order/create", "", b.toString());
    }

    @Override
    public boolean amends() {
        return true;
    }

    /** {@code POST /v5/order/amend}: {@code qty} is the whole new quantity. */
    @Override
    public HttpCall amend(String symbol, String clientOrderId, Side side, BigDecimal quantity, BigDecimal price, BigDecimal wasQuantity,
                          BigDecimal wasPrice) {
        ObjectNode b = JSON.createObjectNode().put("category", CATEGORY).put("symbol", symbol).put("orderLinkId", clientOrderId);
        if (quantity.compareTo(wasQuantity) != 0) {
            b.put("qty", quantity.toPlainString());
        }
        if (price.compareTo(wasPrice) != 0) {
            b.put("price", price.toPlainString());
        }
        return HttpCall.of("POST", "/v5/order/amend", "", b.toString());
    }

    @Override
    public HttpCall cancel(String symbol, String clientOrderId) {
        return HttpCall.of("POST", "/v5/order/cancel", "", JSON.createObjectNode().put("category", CATEGORY).put("symbol", symbol)
                .put("orderLinkId", clientOrderId).toString());
    }

    @Override
    public HttpCall query(String symbol, String clientOrderId) {
        return HttpCall.of("GET", "/v5/order/realtime", "category=" + CATEGORY + "&symbol=" + enc(symbol) + "&orderLinkId=" + enc(clientOrderId), "");
    }

    @Override
    public HttpCall openOrders(String symbol) {
        return HttpCall.of("GET", "/v5/order/realtime", "category=" + CATEGORY + (symbol == null ? "" : "&symbol=" + enc(symbol)) + "&openOnly=0", "");
    }

    @Override
    public HttpCall fills(String symbol, long sinceMillis) {
        return HttpCall.of("GET", "/v5/execution/list", "category=" + CATEGORY + "&symbol=" + enc(symbol) + "&startTime=" + sinceMillis + "&limit=100", "");
    }

    @Override
    public HttpCall serverTime() {
        return HttpCall.of("GET", "/v5/market/time", "", "");
    }

    @Override
    public VenueOrder order(JsonNode answer) {
        JsonNode r = answer.path("result");
        JsonNode a = r.has("list") ? r.path("list").path(0) : r.isMissingNode() ? answer : r;
        if (!a.has("orderStatus")) {
            // create's acknowledgement: the ids only
            return new VenueOrder(a.path("orderId").asText(), a.path("orderLinkId").asText(), null, null, VenueOrder.Status.NEW,
                    null, null, null, null, answer.path("time").asLong(0) * 1000);
        }
        return read(a);
    }

    /** An order as Bybit's order queries and its private stream's {@code order} topic describe it. */
    static VenueOrder read(JsonNode a) {
        if ("Cancelled".equals(a.path("orderStatus").asText()) && POST_ONLY_TOOK.equals(a.path("rejectReason").asText())) {
            BigDecimal px = Decimals.of(a.path("price"));
            return new VenueOrder(a.path("orderId").asText(), a.path("orderLinkId").asText(), a.path("symbol").asText(),
                    "Buy".equals(a.path("side").asText()) ? Side.BUY : Side.SELL, VenueOrder.Status.REJECTED, Decimals.of(a.path("qty")),
                    px.signum() == 0 ? null : px, BigDecimal.ZERO, null, a.path("updatedTime").asLong(0) * 1000,
                    new VenueReject(VenueReject.Reason.POST_ONLY_WOULD_TAKE, POST_ONLY_TOOK,
                            "the post-only order would have taken liquidity: Bybit canceled it", false, false));
        }
        BigDecimal filled = Decimals.of(a.path("cumExecQty"));
        BigDecimal value = Decimals.of(a.path("cumExecValue"));
        BigDecimal px = Decimals.of(a.path("price"));
        VenueOrder.Status status = switch (a.path("orderStatus").asText()) {
            case "New", "Untriggered", "Triggered", "Created" -> filled.signum() > 0 ? VenueOrder.Status.PARTIALLY_FILLED : VenueOrder.Status.NEW;
            case "PartiallyFilled" -> VenueOrder.Status.PARTIALLY_FILLED;
            case "Filled" -> VenueOrder.Status.FILLED;
            case "Cancelled", "PartiallyFilledCanceled", "Deactivated" -> VenueOrder.Status.CANCELED;
            case "Rejected" -> VenueOrder.Status.REJECTED;
            default -> throw new IllegalArgumentException("unknown Bybit order status " + a.path("orderStatus").asText());
        };
        return new VenueOrder(a.path("orderId").asText(), a.path("orderLinkId").asText(), a.path("symbol").asText(),
                "Buy".equals(a.path("side").asText()) ? Side.BUY : Side.SELL, status, Decimals.of(a.path("qty")), px.signum() == 0 ? null : px,
                filled, filled.signum() == 0 ? null : value.divide(filled, MathContext.DECIMAL128).stripTrailingZeros(),
                a.path("updatedTime").asLong(0) * 1000);
    }

    @Override
    public boolean notFound(JsonNode queryAnswer) {
        JsonNode list = queryAnswer.path("result").path("list");
        return list.isArray() && list.isEmpty();
    }

    /** A cancel's acknowledgement names the order only: it is canceled. */
    @Override
    public VenueOrder canceled(JsonNode answer) {
        JsonNode r = answer.path("result");
        return new VenueOrder(r.path("orderId").asText(), r.path("orderLinkId").asText(), null, null, VenueOrder.Status.CANCELED, null,
                null, null, null, answer.path("time").asLong(0) * 1000);
    }

    @Override
    public List<VenueOrder> orders(JsonNode answer) {
        List<VenueOrder> out = new ArrayList<>();
        answer.path("result").path("list").forEach(o -> out.add(read(o)));
        return out;
    }

    @Override
    public List<VenueFill> fills(JsonNode answer) {
        List<VenueFill> out = new ArrayList<>();
        answer.path("result").path("list").forEach(f -> {
            if ("Trade".equals(f.path("execType").asText("Trade"))) {
                out.add(fill(f)); // not Funding, AdlTrade or BustTrade entries: those are no order's fills
            }
        });
        out.sort(java.util.Comparator.comparingLong(VenueFill::time));
        return out;
    }

    /** An execution as Bybit's execution list and its private stream's {@code execution} topic describe it. */
    static VenueFill fill(JsonNode f) {
        return new VenueFill(f.path("execId").asText(), f.path("orderId").asText(), f.path("orderLinkId").asText(null), f.path("symbol").asText(),
                "Buy".equals(f.path("side").asText()) ? Side.BUY : Side.SELL, Decimals.of(f.path("execPrice")), Decimals.of(f.path("execQty")),
                Decimals.of(f.path("execFee")), feeCoin(f), f.path("isMaker").asBoolean(), f.path("execTime").asLong() * 1000);
    }

    /** The coin an execution's fee is in: the one it names, else the contract's settle coin. */
    private static String feeCoin(JsonNode f) {
        String named = f.path("feeCurrency").asText("");
        return named.isEmpty() ? "USDT" : named;
    }

    @Override
    public long serverTime(JsonNode answer) {
        return answer.path("result").path("timeNano").asLong() / 1_000_000;
    }

    @Override
    public VenueReject reject(int status, JsonNode body) {
        if (status == 0) {
            return new VenueReject(VenueReject.Reason.VENUE_UNAVAILABLE, "timeout", "no answer", true, true);
        }
        int code = body == null ? -1 : body.path("retCode").asInt(-1);
        if (status >= 200 && status < 300 && code == 0) {
            return null;
        }
        String c = code == -1 ? "HTTP " + status : Integer.toString(code);
        String msg = body == null ? "" : body.path("retMsg").asText("");
        if (status == 429 || status == 403 && code == -1 || code == 10006 || code == 10018) {
            return new VenueReject(VenueReject.Reason.RATE_LIMITED, c, msg, true, false);
        }
        if (status >= 500 || code == 10000 || code == 10016 || code == 110079) {
            return new VenueReject(VenueReject.Reason.VENUE_UNAVAILABLE, c, msg, true, true);
        }
        VenueReject.Reason reason = switch (code) {
            case 110004, 110006, 110007, 110012, 110044, 110045 -> VenueReject.Reason.INSUFFICIENT_BALANCE;
            case 110072 -> VenueReject.Reason.DUPLICATE_CLIENT_ORDER_ID;
            case 110001, 110008, 110010 -> VenueReject.Reason.UNKNOWN_ORDER;
            case 110017 -> VenueReject.Reason.REDUCE_ONLY_WOULD_INCREASE;
            case 10001 -> msg.toLowerCase(java.util.Locale.ROOT).contains("symbol") ? VenueReject.Reason.UNKNOWN_SYMBOL
                    : VenueReject.Reason.INVALID_ORDER;
            case 10002 -> VenueReject.Reason.TIMESTAMP;
            case 10003, 10004, 10005, 10010 -> VenueReject.Reason.AUTHENTICATION;
            case 110063, 110066 -> VenueReject.Reason.MARKET_CLOSED;
            default -> code >= 110000 && code < 120000 ? VenueReject.Reason.INVALID_ORDER : VenueReject.Reason.OTHER;
        };
        return new VenueReject(reason, c, msg, reason == VenueReject.Reason.TIMESTAMP, false);
    }


    @Override
    public boolean margined() {
        return true;
    }

    /** {@code GET /v5/position/list} of the USDT-settled contracts, one-way mode (200 a page: at most that many positions are read). */
    @Override
    public HttpCall positions() {
        return HttpCall.of("GET", "/v5/position/list", "category=" + CATEGORY + "&settleCoin=USDT&limit=200", "");
    }

    /** Each position's {@code size} (unsigned) signed by its {@code side} (Buy long, Sell short; empty when flat). */
    @Override
    public java.util.Map<String, BigDecimal> positions(JsonNode answer) {
        return Decimals.positions(answer.path("result").path("list"), "symbol", p -> "Sell".equals(p.path("side").asText())
                ? Decimals.of(p.path("size")).negate() : Decimals.of(p.path("size")));
    }

    /** Bybit counts every request of an address alike: 600 per 5 s, market data included. */
    @Override
    public int weight(HttpCall call) {
        return 1;
    }
}
