package io.dpp.trading.live;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.model.Side;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Deribit's API v2 over HTTP for its inverse futures and perpetuals (BTC-PERPETUAL: amounts in US
 * dollars, margin, fees and profit in the coin): JSON-RPC methods as {@code GET /api/v2/<method>}
 * with their parameters in the query. {@code private/buy} and {@code private/sell} with the client
 * order id as {@code label} (unique here: DPP derives it), answered with the order and the trades it
 * made at once; {@code private/cancel} and {@code private/edit} by the venue's {@code order_id} (an
 * order whose id is not known yet is found by its label first); {@code private/get_order_state_by_label},
 * {@code private/get_order_state}, {@code private/get_open_orders_by_instrument},
 * {@code private/get_user_trades_by_instrument_and_time} (oldest first, 1000 a page),
 * {@code private/get_positions} and {@code public/get_time}. Market orders are immediate-or-cancel;
 * post-only is {@code post_only} with {@code reject_post_only} (else Deribit would move the price
 * instead of refusing); stops are {@code stop_market} and {@code stop_limit} triggered on the last
 * price. Refusals by code: 10009 (funds), 11054 (post-only), 10004, 10010, 10029, 11008, 11044
 * (unknown or ended order), 10020 and 13020 (instrument), 10028 and 10047 (rate), 10041, 10012 and
 * 11051 (closed), 13004, 13009, 13021, 10000 and 11042 (key, signature, permission; a timestamp out of
 * its window is {@code timestamp}), 10040, 11094 and HTTP 5xx (state unknown), the other order
 * errors (invalid). USDC-margined instruments (BTC_USDC-PERPETUAL) are refused before sending.
 */
final class DeribitOrders implements OrderProtocol {

    /** Trades asked up to this time (ms, the year 3000): Deribit's trade list needs an end. */
    static final long END_OF_TIME = 32_503_680_000_000L;
    /** Trades a page of the trade list holds at most. */
    static final int PAGE = 1000;

    @Override
    public String venue() {
        return "deribit";
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The coin of an inverse instrument: BTC of BTC-PERPETUAL; refused for a USDC-margined one. */
    static String currency(String instrument) {
        int dash = instrument.indexOf('-');
        String head = dash < 0 ? instrument : instrument.substring(0, dash);
        if (head.contains("_")) {
            throw new IllegalArgumentException(instrument + " is USDC-margined; DPP trades Deribit's inverse futures and perpetuals"
                    + " (settled in the coin) so far");
        }
        return head;
    }

    private static HttpCall get(String method, String query) {
        return HttpCall.of("GET", "/api/v2/" + method, query, "");
    }

    @Override
    public HttpCall place(LiveOrder o) {
        currency(o.symbol());
        StringBuilder q = new StringBuilder("instrument_name=").append(enc(o.symbol())).append("&amount=").append(o.quantity().toPlainString())
                .append("&type=").append(switch (o.type()) {
                    case MARKET -> "market";
                    case LIMIT -> "limit";
                    case STOP -> "stop_market";
                    case STOP_LIMIT -> "stop_limit";
                });
        if (o.price() != null && o.type() != io.dpp.trading.order.OrderType.MARKET && o.type() != io.dpp.trading.order.OrderType.STOP) {
            q.append("&price=").append(o.price().toPlainString());
        }
        if (o.stopPrice() != null) {
            q.append("&trigger_price=").append(o.stopPrice().toPlainString()).append("&trigger=last_price");
        }
        boolean market = o.type() == io.dpp.trading.order.OrderType.MARKET || o.type() == io.dpp.trading.order.OrderType.STOP;
        q.append("&time_in_force=").append(market ? "immediate_or_cancel" : switch (o.timeInForce()) {
            case GTC -> "good_til_cancelled";
            case IOC -> "immediate_or_cancel";
            case FOK -> "fill_or_kill";
        });
        if (o.postOnly()) {
            q.append("&post_only=true&reject_post_only=true");
        }
        if (o.reduceOnly()) {
            q.append("&reduce_only=true");
        }
        q.append("&label=").append(enc(o.clientOrderId()));
        return get(o.side() == Side.BUY ? "private/buy" : "private/sell", q.toString());
    }

    @Override
    public boolean byVenueOrderId() {
        return true;
    }

    @Override
    public HttpCall cancel(String symbol, String clientOrderId) {
        throw new IllegalArgumentException("Deribit cancels an order by its own id");
    }

    @Override
    public HttpCall cancel(String symbol, String clientOrderId, String venueOrderId) {
        return get("private/cancel", "order_id=" + enc(venueOrderId));
    }

    @Override
    public HttpCall query(String symbol, String clientOrderId) {
        return get("private/get_order_state_by_label", "currency=" + currency(symbol) + "&label=" + enc(clientOrderId));
    }

    @Override
    public HttpCall query(String symbol, String clientOrderId, String venueOrderId) {
        return venueOrderId == null ? query(symbol, clientOrderId) : get("private/get_order_state", "order_id=" + enc(venueOrderId));
    }

    /** The labelled order: the newest of that label where Deribit lists several (DPP's labels are unique). */
    @Override
    public VenueOrder found(JsonNode answer, String clientOrderId) {
        JsonNode r = answer.path("result");
        if (!r.isArray()) {
            return order(answer);
        }
        JsonNode newest = null;
        for (JsonNode o : r) {
            if (clientOrderId.equals(o.path("label").asText()) && (newest == null
                    || o.path("last_update_timestamp").asLong() >= newest.path("last_update_timestamp").asLong())) {
                newest = o;
            }
        }
        return newest == null ? null : read(newest);
    }

    @Override
    public boolean notFound(JsonNode queryAnswer) {
        JsonNode r = queryAnswer.path("result");
        return r.isArray() && r.isEmpty();
    }

    @Override
    public boolean amends() {
        return true;
    }

    @Override
    public HttpCall amend(String symbol, String clientOrderId, Side side, BigDecimal quantity, BigDecimal price, BigDecimal wasQuantity,
                          BigDecimal wasPrice) {
        throw new IllegalArgumentException("Deribit edits an order by its own id");
    }

    /** {@code private/edit}: the whole new amount and the price (both, as Deribit requires). */
    @Override
    public HttpCall amend(String symbol, String clientOrderId, String venueOrderId, Side side, BigDecimal quantity, BigDecimal price,
                          BigDecimal wasQuantity, BigDecimal wasPrice) {
        return get("private/edit", "order_id=" + enc(venueOrderId) + "&amount=" + quantity.toPlainString() + "&price=" + price.toPlainString());
    }

    @Override
    public HttpCall openOrders(String symbol) {
        return symbol == null ? get("private/get_open_orders", "kind=future")
                : get("private/get_open_orders_by_instrument", "instrument_name=" + enc(symbol));
    }

    @Override
    public HttpCall fills(String symbol, long sinceMillis) {
        return get("private/get_user_trades_by_instrument_and_time", "instrument_name=" + enc(symbol) + "&start_timestamp=" + sinceMillis
                + "&end_timestamp=" + END_OF_TIME + "&count=" + PAGE + "&sorting=asc");
    }

    /** The next page while Deribit says there are more: from the last trade's time (those of that millisecond read again, known by id). */
    @Override
    public HttpCall nextFills(String symbol, long sinceMillis, JsonNode answer, int read) {
        JsonNode trades = answer.path("result").path("trades");
        if (!answer.path("result").path("has_more").asBoolean(false) || trades.isEmpty()) {
            return null;
        }
        long last = trades.get(trades.size() - 1).path("timestamp").asLong();
        return last > sinceMillis ? fills(symbol, last) : null;
    }

    @Override
    public HttpCall serverTime() {
        return get("public/get_time", "");
    }

    /** A placement's or an edit's answer (the order and its trades), a cancel's or a lookup's (the order, or a list of them). */
    @Override
    public VenueOrder order(JsonNode answer) {
        JsonNode r = answer.path("result");
        if (r.has("order")) {
            return read(r.path("order"));
        }
        if (r.isArray()) {
            return r.isEmpty() ? null : read(r.get(r.size() - 1));
        }
        return read(r);
    }

    /** An order as Deribit's answers and its private stream's {@code user.orders} channel describe it. */
    static VenueOrder read(JsonNode o) {
        BigDecimal filled = Decimals.of(o.path("filled_amount"));
        String state = o.path("order_state").asText();
        VenueOrder.Status status = switch (state) {
            case "open", "untriggered", "triggered" -> filled.signum() > 0 ? VenueOrder.Status.PARTIALLY_FILLED : VenueOrder.Status.NEW;
            case "filled" -> VenueOrder.Status.FILLED;
            case "cancelled" -> VenueOrder.Status.CANCELED;
            case "rejected" -> VenueOrder.Status.REJECTED;
            default -> throw new IllegalArgumentException("unknown Deribit order state " + state);
        };
        JsonNode px = o.path("price");
        BigDecimal price = px.isNumber() ? px.decimalValue() : null; // "market_price" for a market order
        BigDecimal avg = Decimals.of(o.path("average_price"));
        return new VenueOrder(o.path("order_id").asText(), o.path("label").asText(null), o.path("instrument_name").asText(),
                "buy".equals(o.path("direction").asText()) ? Side.BUY : Side.SELL, status, Decimals.of(o.path("amount")),
                price == null || price.signum() == 0 ? null : price, filled, filled.signum() == 0 || avg.signum() == 0 ? null : avg,
                o.path("last_update_timestamp").asLong(0) * 1000);
    }

    @Override
    public List<VenueOrder> orders(JsonNode answer) {
        List<VenueOrder> out = new ArrayList<>();
        answer.path("result").forEach(o -> out.add(read(o)));
        return out;
    }

    @Override
    public List<VenueFill> fills(JsonNode answer) {
        List<VenueFill> out = new ArrayList<>();
        answer.path("result").path("trades").forEach(t -> out.add(fill(t)));
        out.sort(Comparator.comparingLong(VenueFill::time));
        return out;
    }

    /** The trades a placement made at once, in its answer. */
    @Override
    public List<VenueFill> placeFills(JsonNode answer) {
        List<VenueFill> out = new ArrayList<>();
        answer.path("result").path("trades").forEach(t -> out.add(fill(t)));
        return out;
    }

    /** A trade as Deribit's trade lists, answers and its {@code user.trades} channel describe it: the fee in its {@code fee_currency}. */
    static VenueFill fill(JsonNode t) {
        return new VenueFill(t.path("trade_id").asText(), t.path("order_id").asText(), t.path("label").asText(null),
                t.path("instrument_name").asText(), "buy".equals(t.path("direction").asText()) ? Side.BUY : Side.SELL,
                Decimals.of(t.path("price")), Decimals.of(t.path("amount")), Decimals.of(t.path("fee")), t.path("fee_currency").asText(""),
                "M".equals(t.path("liquidity").asText()), t.path("timestamp").asLong() * 1000);
    }

    @Override
    public long serverTime(JsonNode answer) {
        return answer.path("result").asLong();
    }

    @Override
    public boolean margined() {
        return true;
    }

    /** {@code private/get_positions} of every coin's futures and perpetuals. */
    @Override
    public HttpCall positions() {
        return get("private/get_positions", "currency=any&kind=future");
    }

    /** Each position's {@code size}: signed dollars (negative short), flat ones left out. */
    @Override
    public java.util.Map<String, BigDecimal> positions(JsonNode answer) {
        return Decimals.positions(answer.path("result"), "instrument_name", p -> Decimals.of(p.path("size")));
    }

    @Override
    public VenueReject reject(int status, JsonNode body) {
        if (status == 0) {
            return new VenueReject(VenueReject.Reason.VENUE_UNAVAILABLE, "timeout", "no answer", true, true);
        }
        JsonNode error = body == null ? null : body.path("error");
        if (error == null || error.isMissingNode()) {
            if (status >= 200 && status < 300 && body != null && body.has("result")) {
                return null;
            }
            if (status == 429) {
                return new VenueReject(VenueReject.Reason.RATE_LIMITED, "HTTP 429", "too many requests", true, false);
            }
            return new VenueReject(VenueReject.Reason.VENUE_UNAVAILABLE, "HTTP " + status, "no JSON-RPC answer", true, status >= 500);
        }
        int code = error.path("code").asInt(-1);
        String c = Integer.toString(code);
        String msg = error.path("message").asText("") + (error.path("data").path("reason").isMissingNode() ? ""
                : ": " + error.path("data").path("reason").asText());
        if (code == 10028 || code == 10047) {
            return new VenueReject(VenueReject.Reason.RATE_LIMITED, c, msg, true, false);
        }
        if (status >= 500 || code == 10040 || code == 11094 || code == 10001) {
            return new VenueReject(VenueReject.Reason.VENUE_UNAVAILABLE, c, msg, true, true);
        }
        VenueReject.Reason reason = switch (code) {
            case 10009 -> VenueReject.Reason.INSUFFICIENT_BALANCE;
            case 11054 -> VenueReject.Reason.POST_ONLY_WOULD_TAKE;
            case 10004, 10010, 10029, 11008, 11044 -> VenueReject.Reason.UNKNOWN_ORDER;
            case 10020, 13020 -> VenueReject.Reason.UNKNOWN_SYMBOL;
            case 10041, 10012, 11051 -> VenueReject.Reason.MARKET_CLOSED;
            case 13004, 13009, 13021, 10000, 11042 -> msg.contains("timestamp") ? VenueReject.Reason.TIMESTAMP : VenueReject.Reason.AUTHENTICATION;
            default -> code >= 10002 && code < 12000 || code == -32602 ? VenueReject.Reason.INVALID_ORDER : VenueReject.Reason.OTHER;
        };
        boolean retry = reason == VenueReject.Reason.TIMESTAMP || reason == VenueReject.Reason.MARKET_CLOSED;
        return new VenueReject(reason, c, msg, retry, false);
    }
}
