package io.dpp.trading.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dpp.core.model.Side;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * BitMEX's REST API v1 for its inverse Bitcoin contracts (XBTUSD and the XBT futures: quantities in
 * US dollars, margin, fees and profit in XBT, which BitMEX counts in satoshis, XBt): {@code POST},
 * {@code PUT} (amend: the whole new quantity and the price, by {@code origClOrdID}), {@code DELETE}
 * and {@code GET /api/v1/order} with the client order id as {@code clOrdID} (unique per account);
 * {@code GET /api/v1/execution/tradeHistory} (trades only: funding is listed there too; 500 a page,
 * {@code start} the offset), {@code GET /api/v1/position} and {@code GET /api/v1} (the venue's time).
 * JSON bodies; {@code POST /api/v1/order/cancelAllAfter} is its dead man's switch. Post-only is {@code execInst=ParticipateDoNotInitiate}: an order that would take is
 * taken and canceled (read as REJECTED, {@code post_only_would_take}); reduce-only is
 * {@code ReduceOnly}; stops are {@code Stop} and {@code StopLimit}. BitMEX words its refusals (no
 * codes): "insufficient Available Balance" (balance), "Duplicate clOrdID", "Not Found" and "Unable
 * to cancel" (unknown or ended order), "Invalid symbol" and "Instrument" (symbol), "expires"
 * (timestamp), "Signature not valid", "Invalid API Key" and "Access Denied" (key), HTTP 429 (rate),
 * 503 (overloaded: not processed) and other 5xx (state unknown), the other 400s (invalid). Its linear
 * (XBTUSDT: contracts of 0.000001 XBT) and quanto (ETHUSD) contracts are refused before sending.
 */
final class BitmexOrders implements OrderProtocol {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Rows a page of BitMEX's lists holds at most. */
    static final int PAGE = 500;
    /** BitMEX's text of a post-only order canceled because it would have taken. */
    static final String POST_ONLY_TOOK = "ParticipateDoNotInitiate";

    @Override
    public String venue() {
        return "bitmex";
    }

    /** A decimal as BitMEX reads its JSON numbers: plain, never 1E+2. */
    private static BigDecimal plain(BigDecimal d) {
        return new BigDecimal(d.toPlainString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Whether {@code symbol} is one of BitMEX's inverse Bitcoin contracts (XBTUSD, XBTZ25), the ones DPP trades there. */
    static boolean inverse(String symbol) {
        return symbol.startsWith("XBT") && !symbol.contains("USDT") && !symbol.contains("EUR") && !symbol.contains("_");
    }

    @Override
    public HttpCall place(LiveOrder o) {
        if (!inverse(o.symbol())) {
            throw new IllegalArgumentException(o.symbol() + " is not one of BitMEX's inverse XBT contracts (XBTUSD); its linear and"
                    + " quanto contracts are not supported yet");
        }
        ObjectNode b = JSON.createObjectNode().put("symbol", o.symbol()).put("side", o.side() == Side.BUY ? "Buy" : "Sell")
                .put("orderQty", plain(o.quantity())).put("ordType", switch (o.type()) {
                    case MARKET -> "Market";
                    case LIMIT -> "Limit";
                    case STOP -> "Stop";
                    case STOP_LIMIT -> "StopLimit";
                });
        if (o.price() != null && (o.type() == io.dpp.trading.order.OrderType.LIMIT || o.type() == io.dpp.trading.order.OrderType.STOP_LIMIT)) {
            b.put("price", plain(o.price()));
        }
        if (o.stopPrice() != null) {
            b.put("stopPx", plain(o.stopPrice()));
        }
        boolean market = o.type() == io.dpp.trading.order.OrderType.MARKET || o.type() == io.dpp.trading.order.OrderType.STOP;
        b.put("timeInForce", market ? "ImmediateOrCancel" : switch (o.timeInForce()) {
            case GTC -> "GoodTillCancel";
            case IOC -> "ImmediateOrCancel";
            case FOK -> "FillOrKill";
        });
        List<String> inst = new ArrayList<>();
        if (o.postOnly()) {
            inst.add(POST_ONLY_TOOK);
        }
        if (o.reduceOnly()) {
            inst.add("ReduceOnly");
        }
        if (!inst.isEmpty()) {
            b.put("execInst", String.join(",", inst));
        }
        b.put("clOrdID", o.clientOrderId());
        return HttpCall.of("POST", "/api/v1/order", "", b.toString());
    }

    @Override
    public boolean amends() {
        return true;
    }

    /** {@code PUT /api/v1/order}: the whole new quantity and, when it changes, the price. */
    @Override
    public HttpCall amend(String symbol, String clientOrderId, Side side, BigDecimal quantity, BigDecimal price, BigDecimal wasQuantity,
                          BigDecimal wasPrice) {
        ObjectNode b = JSON.createObjectNode().put("origClOrdID", clientOrderId).put("orderQty", plain(quantity));
        if (price.compareTo(wasPrice) != 0) {
            b.put("price", plain(price));
        }
        return HttpCall.of("PUT", "/api/v1/order", "", b.toString());
    }

    /**
     * BitMEX's dead man's switch, {@code POST /api/v1/order/cancelAllAfter}: every order canceled
     * {@code timeout} ms from now unless called again; 0 disarms it.
     */
    @Override
    public HttpCall cancelAllAfter(int seconds) {
        return HttpCall.of("POST", "/api/v1/order/cancelAllAfter", "", JSON.createObjectNode().put("timeout", seconds * 1000L).toString());
    }

    @Override
    public HttpCall cancel(String symbol, String clientOrderId) {
        return HttpCall.of("DELETE", "/api/v1/order", "", JSON.createObjectNode().put("clOrdID", clientOrderId).toString());
    }

    @Override
    public HttpCall query(String symbol, String clientOrderId) {
        return HttpCall.of("GET", "/api/v1/order", "symbol=" + enc(symbol) + "&filter=" + enc("{\"clOrdID\":\"" + clientOrderId + "\"}")
                + "&count=1&reverse=true", "");
    }

    @Override
    public HttpCall openOrders(String symbol) {
        return HttpCall.of("GET", "/api/v1/order", (symbol == null ? "" : "symbol=" + enc(symbol) + "&") + "filter=" + enc("{\"open\":true}")
                + "&count=" + PAGE, "");
    }

    @Override
    public HttpCall fills(String symbol, long sinceMillis) {
        return HttpCall.of("GET", "/api/v1/execution/tradeHistory", "symbol=" + enc(symbol) + "&startTime="
                + enc(java.time.Instant.ofEpochMilli(sinceMillis).toString()) + "&count=" + PAGE + "&reverse=false", "");
    }

    /** The next page of the trade history while a page comes full: from the offset of the rows read. */
    @Override
    public HttpCall nextFills(String symbol, long sinceMillis, JsonNode answer, int read) {
        if (answer.size() < PAGE) {
            return null;
        }
        HttpCall first = fills(symbol, sinceMillis);
        return HttpCall.of(first.method(), first.path(), first.query() + "&start=" + read, "");
    }

    /** {@code GET /api/v1}: the API's description, with the venue's {@code timestamp}. */
    @Override
    public HttpCall serverTime() {
        return HttpCall.of("GET", "/api/v1", "", "");
    }

    @Override
    public long serverTime(JsonNode answer) {
        return answer.path("timestamp").asLong();
    }

    /** An order answer: the order, or a list of them (a lookup's or a cancel's), the newest last. */
    @Override
    public VenueOrder order(JsonNode answer) {
        if (answer.isArray()) {
            return answer.isEmpty() ? null : read(answer.get(answer.size() - 1));
        }
        return read(answer);
    }

    @Override
    public boolean notFound(JsonNode queryAnswer) {
        return queryAnswer.isArray() && queryAnswer.isEmpty();
    }

    private static long time(JsonNode n) {
        String t = n.asText("");
        return t.isEmpty() ? 0 : java.time.Instant.parse(t).toEpochMilli() * 1000;
    }

    /** An order as BitMEX's order calls and its {@code execution} table describe it. */
    static VenueOrder read(JsonNode o) {
        BigDecimal filled = Decimals.of(o.path("cumQty"));
        String state = o.path("ordStatus").asText();
        String text = o.path("text").asText("");
        VenueReject rejection = null;
        VenueOrder.Status status = switch (state) {
            case "New", "Untriggered", "Triggered" -> filled.signum() > 0 ? VenueOrder.Status.PARTIALLY_FILLED : VenueOrder.Status.NEW;
            case "PartiallyFilled" -> VenueOrder.Status.PARTIALLY_FILLED;
            case "Filled" -> VenueOrder.Status.FILLED;
            case "Canceled" -> filled.signum() == 0 && text.contains(POST_ONLY_TOOK) ? VenueOrder.Status.REJECTED : VenueOrder.Status.CANCELED;
            case "Rejected" -> VenueOrder.Status.REJECTED;
            case "Expired" -> VenueOrder.Status.EXPIRED;
            default -> throw new IllegalArgumentException("unknown BitMEX order status " + state);
        };
        if (status == VenueOrder.Status.REJECTED && text.contains(POST_ONLY_TOOK)) {
            rejection = new VenueReject(VenueReject.Reason.POST_ONLY_WOULD_TAKE, POST_ONLY_TOOK, text, false, false);
        }
        BigDecimal px = Decimals.of(o.path("price"));
        BigDecimal avg = Decimals.of(o.path("avgPx"));
        return new VenueOrder(o.path("orderID").asText(), o.path("clOrdID").asText(null), o.path("symbol").asText(),
                "Buy".equals(o.path("side").asText()) ? Side.BUY : Side.SELL, status, Decimals.of(o.path("orderQty")),
                px.signum() == 0 ? null : px, filled, filled.signum() == 0 || avg.signum() == 0 ? null : avg, time(o.path("timestamp")), rejection);
    }

    @Override
    public List<VenueOrder> orders(JsonNode answer) {
        List<VenueOrder> out = new ArrayList<>();
        answer.forEach(o -> out.add(read(o)));
        return out;
    }

    @Override
    public List<VenueFill> fills(JsonNode answer) {
        List<VenueFill> out = new ArrayList<>();
        answer.forEach(f -> {
            if ("Trade".equals(f.path("execType").asText())) {
                out.add(fill(f)); // not Funding, Settlement or the order's other events
            }
        });
        out.sort(Comparator.comparingLong(VenueFill::time));
        return out;
    }

    /** A trade as BitMEX's trade history and {@code execution} table describe it: the fee ({@code execComm}) in satoshis of XBT. */
    static VenueFill fill(JsonNode f) {
        String settle = f.path("settlCurrency").asText("XBt");
        BigDecimal fee = Decimals.of(f.path("execComm"));
        String asset = switch (settle) {
            case "XBt" -> "BTC";
            case "USDt" -> "USDT";
            default -> settle.toUpperCase(java.util.Locale.ROOT);
        };
        return new VenueFill(f.path("execID").asText(), f.path("orderID").asText(), f.path("clOrdID").asText(null), f.path("symbol").asText(),
                "Buy".equals(f.path("side").asText()) ? Side.BUY : Side.SELL, Decimals.of(f.path("lastPx")), Decimals.of(f.path("lastQty")),
                settle.equals("XBt") ? fee.movePointLeft(8) : settle.equals("USDt") ? fee.movePointLeft(6) : fee, asset,
                "AddedLiquidity".equals(f.path("lastLiquidityInd").asText()), time(f.path("transactTime")));
    }

    @Override
    public boolean margined() {
        return true;
    }

    @Override
    public HttpCall positions() {
        return HttpCall.of("GET", "/api/v1/position", "", "");
    }

    /** Each position's {@code currentQty}: signed dollars, flat ones left out. */
    @Override
    public java.util.Map<String, BigDecimal> positions(JsonNode answer) {
        return Decimals.positions(answer, "symbol", p -> Decimals.of(p.path("currentQty")));
    }

    @Override
    public VenueReject reject(int status, JsonNode body) {
        if (status == 0) {
            return new VenueReject(VenueReject.Reason.VENUE_UNAVAILABLE, "timeout", "no answer", true, true);
        }
        if (status >= 200 && status < 300) {
            // A cancel of an order that has ended is answered with the order and why it was not canceled.
            JsonNode first = body != null && body.isArray() && !body.isEmpty() ? body.get(0) : null;
            if (first != null && first.hasNonNull("error")) {
                return new VenueReject(VenueReject.Reason.UNKNOWN_ORDER, "HTTP " + status, first.path("error").asText(), false, false);
            }
            return null;
        }
        String msg = body == null ? "" : body.path("error").path("message").asText("");
        String c = "HTTP " + status;
        if (status == 429) {
            return new VenueReject(VenueReject.Reason.RATE_LIMITED, c, msg, true, false);
        }
        if (status == 503 && msg.contains("overloaded")) {
            return new VenueReject(VenueReject.Reason.VENUE_UNAVAILABLE, c, msg, true, false); // BitMEX did not process it
        }
        if (status >= 500) {
            return new VenueReject(VenueReject.Reason.VENUE_UNAVAILABLE, c, msg, true, true);
        }
        String m = msg.toLowerCase(java.util.Locale.ROOT);
        VenueReject.Reason reason;
        if (m.contains("insufficient available balance") || m.contains("insufficient")) {
            reason = VenueReject.Reason.INSUFFICIENT_BALANCE;
        } else if (m.contains("duplicate clordid")) {
            reason = VenueReject.Reason.DUPLICATE_CLIENT_ORDER_ID;
        } else if (status == 404 || m.contains("not found") && !m.contains("instrument") || m.contains("unable to cancel")
                || m.contains("invalid origclordid") || m.contains("invalid orderid")) {
            reason = VenueReject.Reason.UNKNOWN_ORDER;
        } else if (m.contains("invalid symbol") || m.contains("instrument")) {
            reason = VenueReject.Reason.UNKNOWN_SYMBOL;
        } else if (m.contains("expires") || m.contains("expired")) {
            reason = VenueReject.Reason.TIMESTAMP;
        } else if (status == 401 || status == 403 || m.contains("signature not valid") || m.contains("invalid api key")
                || m.contains("access denied")) {
            reason = VenueReject.Reason.AUTHENTICATION;
        } else if (m.contains("reduceonly") || m.contains("reduce-only")) {
            reason = VenueReject.Reason.REDUCE_ONLY_WOULD_INCREASE;
        } else {
            reason = status == 400 ? VenueReject.Reason.INVALID_ORDER : VenueReject.Reason.OTHER;
        }
        return new VenueReject(reason, c, msg, reason == VenueReject.Reason.TIMESTAMP, false);
    }
}
