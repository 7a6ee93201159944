package io.dpp.trading.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.model.Side;
import io.dpp.trading.order.OrderType;
import io.dpp.trading.order.TimeInForce;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Binance spot's order API read and written as its documentation shows it: the requests DPP sends
 * (the documented example order), the answers it reads (the documented FULL order answer, a queried
 * order, a trade list) and every error code's reason.
 */
class BinanceSpotOrdersTest {

    private final OrderProtocol p = OrderProtocol.of("binance");

    private static JsonNode json(String s) throws Exception {
        return BalanceRead.JSON.readTree(s);
    }

    @Test
    void requestsAreTheDocumentedOnes() {
        HttpCall limit = p.place(new LiveOrder("my-1", "LTCBTC", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, new BigDecimal("1"),
                new BigDecimal("0.1"), null, false, false));
        assertThat(limit.method()).isEqualTo("POST");
        assertThat(limit.path()).isEqualTo("/api/v3/order");
        assertThat(limit.query()).isEqualTo("symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1"
                + "&newClientOrderId=my-1&newOrderRespType=FULL");
        assertThat(p.place(new LiveOrder("m", "BTCUSDT", Side.SELL, OrderType.MARKET, TimeInForce.IOC, new BigDecimal("0.00100"),
                null, null, false, false)).query()).isEqualTo("symbol=BTCUSDT&side=SELL&type=MARKET&quantity=0.00100"
                + "&newClientOrderId=m&newOrderRespType=FULL");
        assertThat(p.place(new LiveOrder("pm", "BTCUSDT", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, BigDecimal.ONE,
                new BigDecimal("100"), null, true, false)).query()).contains("type=LIMIT_MAKER").doesNotContain("timeInForce");
        assertThat(p.place(new LiveOrder("sl", "BTCUSDT", Side.SELL, OrderType.STOP_LIMIT, TimeInForce.GTC, BigDecimal.ONE,
                new BigDecimal("90"), new BigDecimal("95"), false, false)).query())
                .contains("type=STOP_LOSS_LIMIT", "timeInForce=GTC", "price=90", "stopPrice=95");
        assertThat(p.cancel("BTCUSDT", "a b").query()).isEqualTo("symbol=BTCUSDT&origClientOrderId=a+b");
        assertThat(p.cancel("BTCUSDT", "x").method()).isEqualTo("DELETE");
        // keepPriority: the quantity lowered in place, the client order id kept; nothing else.
        HttpCall amend = p.amend("BTCUSDT", "x", Side.BUY, new BigDecimal("0.5"), BigDecimal.TEN, BigDecimal.ONE, BigDecimal.TEN);
        assertThat(amend.method() + " " + amend.path()).isEqualTo("PUT /api/v3/order/amend/keepPriority");
        assertThat(amend.query()).isEqualTo("symbol=BTCUSDT&origClientOrderId=x&newClientOrderId=x&newQty=0.5");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.amend("BTCUSDT", "x", Side.BUY, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE,
                BigDecimal.TEN)).hasMessageContaining("only by lowering its quantity");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.amend("BTCUSDT", "x", Side.BUY, BigDecimal.TEN, BigDecimal.TEN, BigDecimal.ONE,
                BigDecimal.TEN)).hasMessageContaining("only by lowering its quantity");
        assertThat(p.fills("BTCUSDT", 1499865549590L).query()).isEqualTo("symbol=BTCUSDT&startTime=1499865549590&limit=1000");
    }

    @Test
    void theDocumentedFullAnswerReads() throws Exception {
        JsonNode a = json("""
                {"symbol":"BTCUSDT","orderId":28,"orderListId":-1,"clientOrderId":"6gCrw2kRUAF9CvJDGP16IP","transactTime":1507725176595,
                 "price":"0.00000000","origQty":"10.00000000","executedQty":"10.00000000","cummulativeQuoteQty":"10.00000000",
                 "status":"FILLED","timeInForce":"GTC","type":"MARKET","side":"SELL","workingTime":1507725176595,
                 "selfTradePreventionMode":"NONE","fills":[
                  {"price":"4000.00000000","qty":"1.00000000","commission":"4.00000000","commissionAsset":"USDT","tradeId":56},
                  {"price":"3999.00000000","qty":"5.00000000","commission":"19.99500000","commissionAsset":"USDT","tradeId":57},
                  {"price":"3998.00000000","qty":"2.00000000","commission":"7.99600000","commissionAsset":"USDT","tradeId":58},
                  {"price":"3997.00000000","qty":"1.00000000","commission":"3.99700000","commissionAsset":"USDT","tradeId":59},
                  {"price":"3995.00000000","qty":"1.00000000","commission":"3.99500000","commissionAsset":"USDT","tradeId":60}]}""");
        assertThat(p.reject(200, a)).isNull();
        VenueOrder o = p.order(a);
        assertThat(o.venueOrderId()).isEqualTo("28");
        assertThat(o.clientOrderId()).isEqualTo("6gCrw2kRUAF9CvJDGP16IP");
        assertThat(o.side()).isEqualTo(Side.SELL);
        assertThat(o.status()).isEqualTo(VenueOrder.Status.FILLED);
        assertThat(o.filled()).isEqualByComparingTo("10");
        assertThat(o.price()).as("a market order has no price").isNull();
        assertThat(o.updated()).isEqualTo(1507725176595000L);
        List<VenueFill> fills = p.placeFills(a);
        assertThat(fills).extracting(VenueFill::tradeId).containsExactly("56", "57", "58", "59", "60");
        assertThat(fills.get(1).price()).isEqualByComparingTo("3999");
        assertThat(fills.get(1).fee()).isEqualTo(new BigDecimal("19.99500000"));
        assertThat(fills).allSatisfy(f -> {
            assertThat(f.clientOrderId()).isEqualTo("6gCrw2kRUAF9CvJDGP16IP");
            assertThat(f.side()).isEqualTo(Side.SELL);
        });
    }

    @Test
    void queriedOrdersAndTradesRead() throws Exception {
        VenueOrder o = p.order(json("""
                {"symbol":"LTCBTC","orderId":1,"orderListId":-1,"clientOrderId":"myOrder1","price":"0.1","origQty":"1.0",
                 "executedQty":"0.4","cummulativeQuoteQty":"0.04","status":"PARTIALLY_FILLED","timeInForce":"GTC","type":"LIMIT",
                 "side":"BUY","stopPrice":"0.0","icebergQty":"0.0","time":1499827319559,"updateTime":1499827319559,"isWorking":true}"""));
        assertThat(o.status()).isEqualTo(VenueOrder.Status.PARTIALLY_FILLED);
        assertThat(o.price()).isEqualByComparingTo("0.1");
        assertThat(o.averagePrice()).isEqualByComparingTo("0.1");
        List<VenueFill> trades = p.fills(json("""
                [{"symbol":"BNBBTC","id":28457,"orderId":100234,"orderListId":-1,"price":"4.00000100","qty":"12.00000000",
                  "quoteQty":"48.000012","commission":"10.10000000","commissionAsset":"BNB","time":1499865549590,"isBuyer":true,
                  "isMaker":false,"isBestMatch":true}]"""));
        assertThat(trades).singleElement().satisfies(t -> {
            assertThat(t.tradeId()).isEqualTo("28457");
            assertThat(t.venueOrderId()).isEqualTo("100234");
            assertThat(t.side()).isEqualTo(Side.BUY);
            assertThat(t.price()).isEqualTo(new BigDecimal("4.00000100"));
            assertThat(t.maker()).isFalse();
            assertThat(t.time()).isEqualTo(1499865549590000L);
        });
        assertThat(p.serverTime(json("{\"serverTime\":1499827319559}"))).isEqualTo(1499827319559L);
    }

    @Test
    void everyErrorHasItsReason() throws Exception {
        assertThat(reason(400, -2010, "Account has insufficient balance for requested action.")).isEqualTo(VenueReject.Reason.INSUFFICIENT_BALANCE);
        assertThat(reason(400, -2010, "Duplicate order sent.")).isEqualTo(VenueReject.Reason.DUPLICATE_CLIENT_ORDER_ID);
        assertThat(reason(400, -2010, "Order would immediately match and take.")).isEqualTo(VenueReject.Reason.POST_ONLY_WOULD_TAKE);
        assertThat(reason(400, -2011, "Unknown order sent.")).isEqualTo(VenueReject.Reason.UNKNOWN_ORDER);
        assertThat(reason(400, -2013, "Order does not exist.")).isEqualTo(VenueReject.Reason.UNKNOWN_ORDER);
        assertThat(reason(400, -1121, "Invalid symbol.")).isEqualTo(VenueReject.Reason.UNKNOWN_SYMBOL);
        assertThat(reason(400, -1013, "Filter failure: LOT_SIZE")).isEqualTo(VenueReject.Reason.INVALID_ORDER);
        assertThat(reason(400, -1021, "Timestamp for this request is outside of the recvWindow.")).isEqualTo(VenueReject.Reason.TIMESTAMP);
        assertThat(reason(401, -2015, "Invalid API-key, IP, or permissions for action.")).isEqualTo(VenueReject.Reason.AUTHENTICATION);
        assertThat(reason(400, -1022, "Signature for this request is not valid.")).isEqualTo(VenueReject.Reason.AUTHENTICATION);
        assertThat(reason(429, -1003, "Too many requests.")).isEqualTo(VenueReject.Reason.RATE_LIMITED);
        assertThat(reason(418, -1003, "Way too many requests; IP banned.")).isEqualTo(VenueReject.Reason.RATE_LIMITED);
        VenueReject unknown = p.reject(503, json("{\"code\":-1007,\"msg\":\"Timeout waiting for response from backend server.\"}"));
        assertThat(unknown.reason()).isEqualTo(VenueReject.Reason.VENUE_UNAVAILABLE);
        assertThat(unknown.stateUnknown()).as("Binance: the execution status is unknown").isTrue();
        assertThat(p.reject(0, null).stateUnknown()).as("no answer at all").isTrue();
        assertThat(p.reject(502, com.fasterxml.jackson.databind.node.MissingNode.getInstance()).stateUnknown()).isTrue();
        assertThat(p.reject(400, json("{\"code\":-2010,\"msg\":\"Insufficient balance\"}")).stateUnknown()).isFalse();
    }

    private VenueReject.Reason reason(int status, int code, String msg) throws Exception {
        VenueReject r = p.reject(status, json("{\"code\":" + code + ",\"msg\":\"" + msg + "\"}"));
        assertThat(r.code()).isEqualTo(Integer.toString(code));
        assertThat(r.message()).isEqualTo(msg);
        return r.reason();
    }
}
