package io.dpp.trading.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.model.Side;
import io.dpp.trading.order.OrderType;
import io.dpp.trading.order.TimeInForce;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** OKX's v5 order API read and written in the shapes of its documentation, every refusal with its reason. */
class OkxSpotOrdersTest {

    private final OrderProtocol p = OrderProtocol.of("okx");

    private static JsonNode json(String s) throws Exception {
        return BalanceRead.JSON.readTree(s);
    }

    @Test
    void requestsAreTheDocumentedOnes() throws Exception {
        HttpCall limit = p.place(new LiveOrder("b15", "BTC-USDT", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, new BigDecimal("2"),
                new BigDecimal("2.15"), null, false, false));
        assertThat(limit.path()).isEqualTo("/api/v5/trade/order");
        assertThat(json(limit.body())).isEqualTo(json("{\"instId\":\"BTC-USDT\",\"tdMode\":\"cash\",\"clOrdId\":\"b15\",\"side\":\"buy\","
                + "\"ordType\":\"limit\",\"px\":\"2.15\",\"sz\":\"2\"}"));
        assertThat(json(p.place(new LiveOrder("m1", "BTC-USDT", Side.SELL, OrderType.MARKET, TimeInForce.IOC, new BigDecimal("0.1"),
                null, null, false, false)).body()).path("tgtCcy").asText()).as("sized in the base asset").isEqualTo("base_ccy");
        assertThat(json(p.place(new LiveOrder("p1", "BTC-USDT", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, BigDecimal.ONE,
                BigDecimal.TEN, null, true, false)).body()).path("ordType").asText()).isEqualTo("post_only");
        assertThatThrownBy(() -> p.place(new LiveOrder("s1", "BTC-USDT", Side.SELL, OrderType.STOP, TimeInForce.IOC, BigDecimal.ONE,
                null, BigDecimal.TEN, false, false))).hasMessageContaining("algo-order API");
        assertThat(p.query("BTC-USDT", "b15").query()).isEqualTo("instId=BTC-USDT&clOrdId=b15");
        assertThat(p.cancel("BTC-USDT", "b15").method()).isEqualTo("POST");
        HttpCall amend = p.amend("BTC-USDT", "b15", Side.BUY, new BigDecimal("3"), new BigDecimal("2.10"), new BigDecimal("2"), new BigDecimal("2.15"));
        assertThat(amend.path()).isEqualTo("/api/v5/trade/amend-order");
        assertThat(json(amend.body())).as("newSz is the whole new size")
                .isEqualTo(json("{\"instId\":\"BTC-USDT\",\"clOrdId\":\"b15\",\"newSz\":\"3\",\"newPx\":\"2.10\"}"));
        // The dead man's switch: 0 (off) or 10 to 120 seconds, as a string.
        HttpCall deadMan = p.cancelAllAfter(60);
        assertThat(deadMan.method() + " " + deadMan.path()).isEqualTo("POST /api/v5/trade/cancel-all-after");
        assertThat(json(deadMan.body())).isEqualTo(json("{\"timeOut\":\"60\"}"));
        assertThat(json(p.cancelAllAfter(0).body()).path("timeOut").asText()).isEqualTo("0");
        assertThatThrownBy(() -> p.cancelAllAfter(5)).hasMessageContaining("0 or 10 to 120 seconds");
        assertThat(OrderProtocol.of("binance").cancelAllAfter(60)).as("Binance spot has no dead man's switch over REST").isNull();
    }

    @Test
    void answersRead() throws Exception {
        JsonNode placed = json("{\"code\":\"0\",\"msg\":\"\",\"data\":[{\"clOrdId\":\"oktswap6\",\"ordId\":\"312269865356374016\","
                + "\"tag\":\"\",\"ts\":\"1695190491421\",\"sCode\":\"0\",\"sMsg\":\"\"}],\"inTime\":\"1695190491421339\","
                + "\"outTime\":\"1695190491423240\"}");
        assertThat(p.reject(200, placed)).isNull();
        assertThat(p.order(placed).status()).isEqualTo(VenueOrder.Status.NEW);
        assertThat(p.order(placed).venueOrderId()).isEqualTo("312269865356374016");
        assertThat(p.canceled(placed).status()).isEqualTo(VenueOrder.Status.CANCELED);
        VenueOrder o = p.order(json("{\"code\":\"0\",\"data\":[{\"instId\":\"BTC-USDT\",\"ordId\":\"312269865356374016\","
                + "\"clOrdId\":\"b1\",\"px\":\"2.15\",\"sz\":\"2\",\"ordType\":\"limit\",\"side\":\"buy\",\"state\":\"partially_filled\","
                + "\"accFillSz\":\"0.5\",\"avgPx\":\"2.1\",\"cTime\":\"1597026383085\",\"uTime\":\"1597026383086\"}]}"));
        assertThat(o.status()).isEqualTo(VenueOrder.Status.PARTIALLY_FILLED);
        assertThat(o.filled()).isEqualByComparingTo("0.5");
        assertThat(o.averagePrice()).isEqualByComparingTo("2.1");
        assertThat(o.updated()).isEqualTo(1597026383086000L);
        VenueFill f = p.fills(json("{\"code\":\"0\",\"data\":[{\"instType\":\"SPOT\",\"instId\":\"BTC-USDT\",\"tradeId\":\"123\","
                + "\"ordId\":\"312269865356374016\",\"clOrdId\":\"b1\",\"billId\":\"1\",\"fillPx\":\"2.1\",\"fillSz\":\"0.5\","
                + "\"side\":\"buy\",\"execType\":\"M\",\"feeCcy\":\"BTC\",\"fee\":\"-0.0005\",\"ts\":\"1597026383085\"}]}")).get(0);
        assertThat(f.fee()).as("a charged fee, positive in DPP").isEqualByComparingTo("0.0005");
        assertThat(f.maker()).isTrue();
        assertThat(p.serverTime(json("{\"code\":\"0\",\"msg\":\"\",\"data\":[{\"ts\":\"1597026383085\"}]}"))).isEqualTo(1597026383085L);
    }

    @Test
    void refusalsHaveTheirReasons() throws Exception {
        assertThat(reason("51008", "Order failed. Insufficient USDT balance in account.")).isEqualTo(VenueReject.Reason.INSUFFICIENT_BALANCE);
        assertThat(reason("51016", "Duplicated clOrdId")).isEqualTo(VenueReject.Reason.DUPLICATE_CLIENT_ORDER_ID);
        assertThat(reason("51019", "post only")).isEqualTo(VenueReject.Reason.POST_ONLY_WOULD_TAKE);
        assertThat(reason("51400", "Order cancellation failed")).isEqualTo(VenueReject.Reason.UNKNOWN_ORDER);
        assertThat(reason("51121", "Order quantity must be a multiple of the lot size.")).isEqualTo(VenueReject.Reason.INVALID_ORDER);
        assertThat(reason("51001", "Instrument ID does not exist")).isEqualTo(VenueReject.Reason.UNKNOWN_SYMBOL);
        VenueReject missing = p.reject(200, json("{\"code\":\"51603\",\"msg\":\"Order does not exist\",\"data\":[]}"));
        assertThat(missing.reason()).isEqualTo(VenueReject.Reason.UNKNOWN_ORDER);
        assertThat(p.reject(401, json("{\"code\":\"50113\",\"msg\":\"Invalid Sign\"}")).reason()).isEqualTo(VenueReject.Reason.AUTHENTICATION);
        assertThat(p.reject(401, json("{\"code\":\"50102\",\"msg\":\"Timestamp request expired\"}")).reason())
                .isEqualTo(VenueReject.Reason.TIMESTAMP);
        assertThat(p.reject(429, json("{\"code\":\"50011\",\"msg\":\"Too Many Requests\"}")).reason()).isEqualTo(VenueReject.Reason.RATE_LIMITED);
        assertThat(p.reject(200, json("{\"code\":\"50013\",\"msg\":\"Systems are busy. Please try again later.\"}")).stateUnknown()).isTrue();
        assertThat(p.reject(503, com.fasterxml.jackson.databind.node.MissingNode.getInstance()).stateUnknown()).isTrue();
    }

    private VenueReject.Reason reason(String sCode, String sMsg) throws Exception {
        VenueReject r = p.reject(200, json("{\"code\":\"1\",\"msg\":\"All operations failed\",\"data\":[{\"clOrdId\":\"x\",\"ordId\":\"\","
                + "\"sCode\":\"" + sCode + "\",\"sMsg\":\"" + sMsg + "\"}]}"));
        assertThat(r.code()).isEqualTo(sCode);
        assertThat(r.message()).isEqualTo(sMsg);
        return r.reason();
    }
}
