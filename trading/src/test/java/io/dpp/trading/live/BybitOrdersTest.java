package io.dpp.trading.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.model.Side;
import io.dpp.trading.order.OrderType;
import io.dpp.trading.order.TimeInForce;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bybit's v5 order API for USDT-margined contracts read and written in the shapes of its documentation, every refusal with its reason. */
class BybitOrdersTest {

    private final OrderProtocol p = OrderProtocol.of("bybit");

    private static JsonNode json(String s) throws Exception {
        return BalanceRead.JSON.readTree(s);
    }

    @Test
    void requestsAreTheDocumentedOnes() throws Exception {
        HttpCall limit = p.place(new LiveOrder("test-postonly", "BTCUSDT", Side.BUY, OrderType.LIMIT, TimeInForce.GTC,
                new BigDecimal("0.1"), new BigDecimal("15600"), null, true, false));
        assertThat(limit.path()).isEqualTo("/v5/order/create");
        assertThat(json(limit.body())).isEqualTo(json("{\"category\":\"linear\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\","
                + "\"orderType\":\"Limit\",\"qty\":\"0.1\",\"price\":\"15600\",\"timeInForce\":\"PostOnly\",\"positionIdx\":0,"
                + "\"orderLinkId\":\"test-postonly\"}"));
        JsonNode market = json(p.place(new LiveOrder("m", "BTCUSDT", Side.SELL, OrderType.MARKET, TimeInForce.IOC, new BigDecimal("0.01"),
                null, null, false, true)).body());
        assertThat(market.path("orderType").asText()).isEqualTo("Market");
        assertThat(market.has("marketUnit")).as("contracts are sized in the base coin: no unit to name").isFalse();
        assertThat(market.path("reduceOnly").asBoolean()).isTrue();
        JsonNode stop = json(p.place(new LiveOrder("s", "BTCUSDT", Side.SELL, OrderType.STOP_LIMIT, TimeInForce.GTC, new BigDecimal("0.01"),
                new BigDecimal("15000"), new BigDecimal("15100"), false, false)).body());
        assertThat(stop.path("triggerPrice").asText()).isEqualTo("15100");
        assertThat(stop.path("triggerDirection").asInt()).as("a sell stop triggers as the price falls").isEqualTo(2);
        assertThat(stop.path("price").asText()).isEqualTo("15000");
        assertThat(p.query("BTCUSDT", "x").query()).isEqualTo("category=linear&symbol=BTCUSDT&orderLinkId=x");
        HttpCall amend = p.amend("BTCUSDT", "x", Side.BUY, new BigDecimal("0.2"), new BigDecimal("15600"), new BigDecimal("0.1"), new BigDecimal("15600"));
        assertThat(amend.path()).isEqualTo("/v5/order/amend");
        assertThat(json(amend.body())).as("only what changes")
                .isEqualTo(json("{\"category\":\"linear\",\"symbol\":\"BTCUSDT\",\"orderLinkId\":\"x\",\"qty\":\"0.2\"}"));
        assertThat(p.positions().query()).isEqualTo("category=linear&settleCoin=USDT&limit=200");
        for (String other : new String[] {"BTCUSD", "BTCPERP", "BTC-26DEC25"}) {
            assertThatThrownBy(() -> p.place(new LiveOrder("i", other, Side.BUY, OrderType.MARKET, TimeInForce.IOC, BigDecimal.ONE, null,
                    null, false, false))).as(other).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("USDT-margined");
        }
    }

    @Test
    void answersRead() throws Exception {
        assertThat(p.margined()).isTrue();
        JsonNode created = json("{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"orderId\":\"1321003749386327552\","
                + "\"orderLinkId\":\"test-postonly\"},\"retExtInfo\":{},\"time\":1672211918471}");
        assertThat(p.reject(200, created)).isNull();
        assertThat(p.order(created).status()).isEqualTo(VenueOrder.Status.NEW);
        assertThat(p.canceled(created).status()).isEqualTo(VenueOrder.Status.CANCELED);
        JsonNode realtime = json("{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"list\":[{\"orderId\":\"fd4300ae-7847-404e-b947-b46980a4d140\","
                + "\"orderLinkId\":\"a\",\"symbol\":\"BTCUSDT\",\"price\":\"15600\",\"qty\":\"0.1\",\"side\":\"Buy\",\"positionIdx\":0,"
                + "\"orderStatus\":\"PartiallyFilledCanceled\",\"rejectReason\":\"EC_NoError\",\"cumExecQty\":\"0.04\",\"cumExecValue\":\"624\","
                + "\"avgPrice\":\"15600\",\"updatedTime\":\"1672211918471\"}],\"nextPageCursor\":\"\",\"category\":\"linear\"},"
                + "\"time\":1672211918471}");
        VenueOrder o = p.order(realtime);
        assertThat(o.status()).isEqualTo(VenueOrder.Status.CANCELED);
        assertThat(o.filled()).isEqualByComparingTo("0.04");
        assertThat(o.averagePrice()).isEqualByComparingTo("15600");
        assertThat(p.notFound(realtime)).isFalse();
        assertThat(p.notFound(json("{\"retCode\":0,\"result\":{\"list\":[],\"category\":\"linear\"}}"))).isTrue();
        List<VenueFill> fills = p.fills(json("{\"retCode\":0,\"result\":{\"list\":[{\"symbol\":\"BTCUSDT\",\"orderId\":\"1\","
                + "\"orderLinkId\":\"a\",\"side\":\"Buy\",\"execId\":\"0fd0ee6b-1d73-5a2d-a4f6-0f6d3d3c2fb0\",\"execPrice\":\"15600\","
                + "\"execQty\":\"0.04\",\"execFee\":\"0.3744\",\"feeRate\":\"0.0006\",\"execType\":\"Trade\",\"isMaker\":false,"
                + "\"execTime\":\"1672211918471\"},{\"symbol\":\"BTCUSDT\",\"orderId\":\"\",\"orderLinkId\":\"\",\"side\":\"Sell\","
                + "\"execId\":\"f5c6c1bd-4d80-4d7a-9a0d-0c4c1d1c2b3a\",\"execPrice\":\"15700\",\"execQty\":\"0.04\",\"execFee\":\"0.0628\","
                + "\"execType\":\"Funding\",\"isMaker\":false,\"execTime\":\"1672214400000\"}],\"nextPageCursor\":\"\",\"category\":\"linear\"}}"));
        assertThat(fills).as("the trade, not the funding settlement").hasSize(1);
        VenueFill f = fills.get(0);
        assertThat(f.tradeId()).isEqualTo("0fd0ee6b-1d73-5a2d-a4f6-0f6d3d3c2fb0");
        assertThat(f.fee()).isEqualByComparingTo("0.3744");
        assertThat(f.feeAsset()).isEqualTo("USDT");
        assertThat(p.positions(json("{\"retCode\":0,\"result\":{\"list\":[{\"positionIdx\":0,\"symbol\":\"BTCUSDT\",\"side\":\"Sell\","
                + "\"size\":\"0.05\",\"avgPrice\":\"15700\",\"leverage\":\"10\"},{\"positionIdx\":0,\"symbol\":\"ETHUSDT\",\"side\":\"\","
                + "\"size\":\"0\",\"avgPrice\":\"0\"}],\"nextPageCursor\":\"\",\"category\":\"linear\"}}")))
                .as("signed by side, flat ones left out").isEqualTo(Map.of("BTCUSDT", new BigDecimal("-0.05")));
        assertThat(p.serverTime(json("{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"timeSecond\":\"1688639403\","
                + "\"timeNano\":\"1688639403423213947\"},\"time\":1688639403423}"))).isEqualTo(1688639403423L);
    }

    @Test
    void refusalsHaveTheirReasons() throws Exception {
        assertThat(reason(110007, "ab not enough for new order")).isEqualTo(VenueReject.Reason.INSUFFICIENT_BALANCE);
        assertThat(reason(110072, "OrderLinkedID is duplicate")).isEqualTo(VenueReject.Reason.DUPLICATE_CLIENT_ORDER_ID);
        assertThat(reason(110001, "order not exists or too late to cancel")).isEqualTo(VenueReject.Reason.UNKNOWN_ORDER);
        assertThat(reason(110017, "Reduce-only rule not satisfied")).isEqualTo(VenueReject.Reason.REDUCE_ONLY_WOULD_INCREASE);
        assertThat(reason(10001, "params error: symbol invalid")).isEqualTo(VenueReject.Reason.UNKNOWN_SYMBOL);
        assertThat(reason(10001, "Qty invalid")).isEqualTo(VenueReject.Reason.INVALID_ORDER);
        assertThat(reason(110003, "Order price is out of permissible range")).isEqualTo(VenueReject.Reason.INVALID_ORDER);
        assertThat(reason(10002, "invalid request, please check your server timestamp or recv_window param"))
                .isEqualTo(VenueReject.Reason.TIMESTAMP);
        assertThat(reason(10004, "error sign!")).isEqualTo(VenueReject.Reason.AUTHENTICATION);
        assertThat(reason(10006, "Too many visits!")).isEqualTo(VenueReject.Reason.RATE_LIMITED);
        assertThat(p.reject(200, json("{\"retCode\":10016,\"retMsg\":\"Internal server error.\"}")).stateUnknown()).isTrue();
    }

    private VenueReject.Reason reason(int code, String msg) throws Exception {
        VenueReject r = p.reject(200, json("{\"retCode\":" + code + ",\"retMsg\":\"" + msg + "\",\"result\":{}}"));
        assertThat(r.code()).isEqualTo(Integer.toString(code));
        return r.reason();
    }
}
