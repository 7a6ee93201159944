package io.dpp.trading.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.model.Side;
import io.dpp.trading.order.OrderType;
import io.dpp.trading.order.TimeInForce;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Coinbase Advanced Trade's order API read and written in the shapes of its documentation (the
 * answers below are its reference's examples, trimmed), every refusal with its reason.
 */
class CoinbaseOrdersTest {

    private final OrderProtocol p = OrderProtocol.of("coinbase");

    private static JsonNode json(String s) throws Exception {
        return BalanceRead.JSON.readTree(s);
    }

    private static LiveOrder order(String id, OrderType type, TimeInForce tif, String price, String stop, boolean postOnly) {
        return new LiveOrder(id, "BTC-USD", Side.BUY, type, tif, new BigDecimal("0.001"), price == null ? null : new BigDecimal(price),
                stop == null ? null : new BigDecimal(stop), postOnly, false);
    }

    @Test
    void requestsAreTheDocumentedOnes() throws Exception {
        HttpCall limit = p.place(order("b15", OrderType.LIMIT, TimeInForce.GTC, "10000.00", null, true));
        assertThat(limit.method() + " " + limit.path()).isEqualTo("POST /api/v3/brokerage/orders");
        assertThat(json(limit.body())).isEqualTo(json("{\"client_order_id\":\"b15\",\"product_id\":\"BTC-USD\",\"side\":\"BUY\","
                + "\"order_configuration\":{\"limit_limit_gtc\":{\"base_size\":\"0.001\",\"limit_price\":\"10000.00\",\"post_only\":true}}}"));
        assertThat(json(p.place(order("m1", OrderType.MARKET, TimeInForce.IOC, null, null, false)).body()).path("order_configuration")
                .path("market_market_ioc").path("base_size").asText()).as("sized in the base asset").isEqualTo("0.001");
        assertThat(json(p.place(order("i1", OrderType.LIMIT, TimeInForce.IOC, "1", null, false)).body()).path("order_configuration")
                .has("sor_limit_ioc")).isTrue();
        assertThat(json(p.place(order("f1", OrderType.LIMIT, TimeInForce.FOK, "1", null, false)).body()).path("order_configuration")
                .has("limit_limit_fok")).isTrue();
        JsonNode stop = json(p.place(order("s1", OrderType.STOP_LIMIT, TimeInForce.GTC, "11", "10", false)).body())
                .path("order_configuration").path("stop_limit_stop_limit_gtc");
        assertThat(stop.path("stop_direction").asText()).as("a buy stop triggers as the price rises").isEqualTo("STOP_DIRECTION_STOP_UP");
        assertThat(stop.path("stop_price").asText()).isEqualTo("10");
        assertThatThrownBy(() -> p.place(order("s2", OrderType.STOP, TimeInForce.GTC, null, "10", false))).hasMessageContaining("stop-limit");
        assertThatThrownBy(() -> p.place(order("p2", OrderType.LIMIT, TimeInForce.IOC, "1", null, true))).hasMessageContaining("post-only");

        // Coinbase finds, cancels and edits an order by its own id only.
        assertThat(p.byVenueOrderId()).isTrue();
        assertThatThrownBy(() -> p.cancel("BTC-USD", "b15")).hasMessageContaining("its own order id");
        HttpCall cancel = p.cancel("BTC-USD", "b15", "0000-000000-000000");
        assertThat(cancel.method() + " " + cancel.path()).isEqualTo("POST /api/v3/brokerage/orders/batch_cancel");
        assertThat(json(cancel.body())).isEqualTo(json("{\"order_ids\":[\"0000-000000-000000\"]}"));
        assertThat(p.query("BTC-USD", "b15", "0000-000000-000000").path()).isEqualTo("/api/v3/brokerage/orders/historical/0000-000000-000000");
        HttpCall lookup = p.query("BTC-USD", "b15", null);
        assertThat(lookup.path()).as("no id yet: the product's orders, newest first").isEqualTo("/api/v3/brokerage/orders/historical/batch");
        assertThat(lookup.query()).isEqualTo("product_ids=BTC-USD&limit=100");
        HttpCall edit = p.amend("BTC-USD", "b15", "0000-000000-000000", Side.BUY, new BigDecimal("0.002"), new BigDecimal("9990.00"),
                new BigDecimal("0.001"), new BigDecimal("10000.00"));
        assertThat(edit.method() + " " + edit.path()).isEqualTo("POST /api/v3/brokerage/orders/edit");
        assertThat(json(edit.body())).isEqualTo(json("{\"order_id\":\"0000-000000-000000\",\"price\":\"9990.00\",\"size\":\"0.002\"}"));
        assertThat(p.openOrders("BTC-USD").query()).isEqualTo("order_status=OPEN&product_ids=BTC-USD&limit=1000");
        assertThat(p.fills("BTC-USD", 1_700_000_000_123L).query())
                .isEqualTo("product_ids=BTC-USD&start_sequence_timestamp=2023-11-14T22%3A13%3A20.123Z&limit=100");
        assertThat(p.serverTime().path()).isEqualTo("/api/v3/brokerage/time");
        assertThat(p.cancelAllAfter(60)).as("no dead man's switch on Advanced Trade").isNull();
    }

    @Test
    void answersRead() throws Exception {
        JsonNode placed = json("{\"success\":true,\"success_response\":{\"order_id\":\"11111-00000-000000\",\"product_id\":\"BTC-USD\","
                + "\"side\":\"BUY\",\"client_order_id\":\"0000-00000-000000\"},\"order_configuration\":{\"limit_limit_gtc\":"
                + "{\"base_size\":\"0.001\",\"limit_price\":\"10000.00\",\"post_only\":false}}}");
        assertThat(p.reject(200, placed)).isNull();
        VenueOrder ack = p.order(placed);
        assertThat(ack.status()).isEqualTo(VenueOrder.Status.NEW);
        assertThat(ack.venueOrderId()).isEqualTo("11111-00000-000000");
        assertThat(ack.clientOrderId()).isEqualTo("0000-00000-000000");

        String listed = "{\"order_id\":\"0000-000000-000001\",\"product_id\":\"BTC-USD\",\"user_id\":\"2222-000000-000000\","
                + "\"order_configuration\":{\"limit_limit_gtc\":{\"base_size\":\"0.01\",\"limit_price\":\"45000.00\",\"post_only\":false}},"
                + "\"side\":\"BUY\",\"client_order_id\":\"11111-000000-000001\",\"status\":\"OPEN\",\"time_in_force\":\"GOOD_UNTIL_CANCELLED\","
                + "\"created_time\":\"2024-01-15T10:00:00Z\",\"completion_percentage\":\"40\",\"filled_size\":\"0.004\","
                + "\"average_filled_price\":\"44990.5\",\"fee\":\"0\",\"number_of_fills\":\"2\",\"filled_value\":\"179.962\","
                + "\"pending_cancel\":false,\"size_in_quote\":false,\"total_fees\":\"1.08\",\"order_type\":\"LIMIT\","
                + "\"last_fill_time\":\"2024-01-15T10:00:01.250Z\",\"product_type\":\"SPOT\"}";
        VenueOrder o = p.order(json("{\"order\":" + listed + "}"));
        assertThat(o.status()).isEqualTo(VenueOrder.Status.PARTIALLY_FILLED);
        assertThat(o.quantity()).isEqualByComparingTo("0.01");
        assertThat(o.price()).isEqualByComparingTo("45000");
        assertThat(o.filled()).isEqualByComparingTo("0.004");
        assertThat(o.averagePrice()).isEqualByComparingTo("44990.5");
        assertThat(o.updated()).as("the last fill's time").isEqualTo(1705312801250000L);
        JsonNode page = json("{\"orders\":[" + listed + "],\"sequence\":\"0\",\"has_next\":true,\"cursor\":\"789100\"}");
        assertThat(p.orders(page)).hasSize(1);
        assertThat(p.found(page, "11111-000000-000001").venueOrderId()).isEqualTo("0000-000000-000001");
        assertThat(p.found(page, "someone-else")).as("not among the listed").isNull();
        assertThat(p.queryNext("BTC-USD", "someone-else", page).query()).isEqualTo("product_ids=BTC-USD&limit=100&cursor=789100");
        assertThat(p.queryNext("BTC-USD", "x", json("{\"orders\":[],\"has_next\":false,\"cursor\":\"\"}"))).isNull();
        assertThat(p.order(json(listed.replace("\"OPEN\"", "\"CANCELLED\""))).status()).isEqualTo(VenueOrder.Status.CANCELED);
        assertThat(p.order(json(listed.replace("\"OPEN\"", "\"FAILED\""))).status()).isEqualTo(VenueOrder.Status.REJECTED);
        assertThat(p.order(json(listed.replace("\"OPEN\"", "\"CANCEL_QUEUED\""))).status()).as("still working until canceled")
                .isEqualTo(VenueOrder.Status.PARTIALLY_FILLED);

        JsonNode canceled = json("{\"results\":[{\"success\":true,\"failure_reason\":\"UNKNOWN_CANCEL_FAILURE_REASON\","
                + "\"order_id\":\"0000-00000\"}]}");
        assertThat(p.reject(200, canceled)).isNull();
        assertThat(p.canceled(canceled).status()).isEqualTo(VenueOrder.Status.CANCELED);
        assertThat(p.canceled(canceled).filled()).as("what filled before is read from the order").isNull();

        JsonNode fills = json("{\"fills\":[{\"entry_id\":\"22222-2222222-22222222\",\"trade_id\":\"1111-11111-111111\","
                + "\"order_id\":\"0000-000000-000000\",\"trade_time\":\"2021-05-31T09:59:59.000Z\",\"trade_type\":\"FILL\","
                + "\"price\":\"10000.00\",\"size\":\"0.001\",\"commission\":\"1.25\",\"product_id\":\"BTC-USD\","
                + "\"sequence_timestamp\":\"2021-05-31T09:58:59.000Z\",\"liquidity_indicator\":\"MAKER\",\"size_in_quote\":false,"
                + "\"user_id\":\"3333-333333-3333333\",\"side\":\"BUY\"}],\"cursor\":\"789100\"}");
        List<VenueFill> read = p.fills(fills);
        assertThat(read).hasSize(1);
        VenueFill f = read.get(0);
        assertThat(f.tradeId()).isEqualTo("1111-11111-111111");
        assertThat(f.venueOrderId()).isEqualTo("0000-000000-000000");
        assertThat(f.clientOrderId()).as("Coinbase's fills name the order by its id only").isNull();
        assertThat(f.fee()).isEqualByComparingTo("1.25");
        assertThat(f.feeAsset()).as("in the quote currency").isNull();
        assertThat(f.maker()).isTrue();
        assertThat(f.time()).isEqualTo(1622455199000000L);
        assertThat(p.nextFills("BTC-USD", 0, fills, 1).query()).endsWith("&cursor=789100");
        assertThat(p.nextFills("BTC-USD", 0, json("{\"fills\":[],\"cursor\":\"\"}"), 1)).isNull();
        assertThat(p.serverTime(json("{\"iso\":\"2023-05-08T11:35:34.112Z\",\"epochSeconds\":\"1683545734\","
                + "\"epochMillis\":\"1683545734112\"}"))).isEqualTo(1683545734112L);
    }

    @Test
    void refusalsHaveTheirReasons() throws Exception {
        assertThat(placeRefusal("INSUFFICIENT_FUND", "PREVIEW_INSUFFICIENT_FUND")).isEqualTo(VenueReject.Reason.INSUFFICIENT_BALANCE);
        assertThat(placeRefusal("INVALID_LIMIT_PRICE_POST_ONLY", "PREVIEW_INVALID_LIMIT_PRICE_POST_ONLY"))
                .isEqualTo(VenueReject.Reason.POST_ONLY_WOULD_TAKE);
        assertThat(placeRefusal("INVALID_PRODUCT_ID", "UNKNOWN_PREVIEW_FAILURE_REASON")).isEqualTo(VenueReject.Reason.UNKNOWN_SYMBOL);
        assertThat(placeRefusal("INVALID_SIZE_PRECISION", "PREVIEW_INVALID_SIZE_PRECISION")).isEqualTo(VenueReject.Reason.INVALID_ORDER);
        assertThat(placeRefusal("ORDER_ENTRY_DISABLED", "UNKNOWN_PREVIEW_FAILURE_REASON")).isEqualTo(VenueReject.Reason.MARKET_CLOSED);
        assertThat(placeRefusal("UNKNOWN_FAILURE_REASON", "PREVIEW_INSUFFICIENT_FUND")).as("the reason that says something")
                .isEqualTo(VenueReject.Reason.INSUFFICIENT_BALANCE);
        assertThat(placeRefusal("COMMANDER_REJECTED_NEW_ORDER", "UNKNOWN_PREVIEW_FAILURE_REASON")).isEqualTo(VenueReject.Reason.OTHER);

        VenueReject cancel = p.reject(200, json("{\"results\":[{\"success\":false,\"failure_reason\":\"UNKNOWN_CANCEL_ORDER\","
                + "\"order_id\":\"0000\"}]}"));
        assertThat(cancel.reason()).isEqualTo(VenueReject.Reason.UNKNOWN_ORDER);
        VenueReject edit = p.reject(200, json("{\"success\":false,\"errors\":[{\"edit_failure_reason\":\"CANNOT_EDIT_TO_BELOW_FILLED_SIZE\","
                + "\"preview_failure_reason\":\"UNKNOWN_PREVIEW_FAILURE_REASON\"}]}"));
        assertThat(edit.reason()).isEqualTo(VenueReject.Reason.INVALID_ORDER);
        assertThat(edit.code()).isEqualTo("CANNOT_EDIT_TO_BELOW_FILLED_SIZE");
        assertThat(p.reject(404, json("{\"error\":\"NOT_FOUND\",\"error_details\":\"order with this orderID was not found\","
                + "\"message\":\"order with this orderID was not found\"}")).reason()).isEqualTo(VenueReject.Reason.UNKNOWN_ORDER);
        assertThat(p.reject(400, json("{\"error\":\"INVALID_ARGUMENT\",\"message\":\"bad\"}")).reason()).isEqualTo(VenueReject.Reason.INVALID_ORDER);
        assertThat(p.reject(401, json("{\"error\":\"UNAUTHENTICATED\",\"message\":\"Unauthorized\"}")).reason())
                .isEqualTo(VenueReject.Reason.AUTHENTICATION);
        assertThat(p.reject(429, json("{\"error\":\"RESOURCE_EXHAUSTED\",\"message\":\"Too many requests\"}")).reason())
                .isEqualTo(VenueReject.Reason.RATE_LIMITED);
        assertThat(p.reject(503, com.fasterxml.jackson.databind.node.MissingNode.getInstance()).stateUnknown()).isTrue();
        assertThat(p.reject(0, null).stateUnknown()).isTrue();
    }

    private VenueReject.Reason placeRefusal(String error, String preview) throws Exception {
        VenueReject r = p.reject(200, json("{\"success\":false,\"failure_reason\":\"UNKNOWN_FAILURE_REASON\",\"order_id\":\"\","
                + "\"error_response\":{\"error\":\"" + error + "\",\"message\":\"the venue's words\",\"error_details\":\"\","
                + "\"preview_failure_reason\":\"" + preview + "\",\"new_order_failure_reason\":\"" + error + "\"}}"));
        assertThat(r.message()).isEqualTo("the venue's words");
        assertThat(r.stateUnknown()).isFalse();
        return r.reason();
    }
}
