package io.dpp.trading.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.model.Side;
import io.dpp.trading.order.OrderType;
import io.dpp.trading.order.TimeInForce;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Bybit's v5 spot order API read and written in the shapes of its documentation, every refusal with its reason. */
class BybitSpotOrdersTest {

    private final OrderProtocol p = OrderProtocol.of("bybit");

    private static JsonNode json(String s) throws Exception {
        return BalanceRead.JSON.readTree(s);
    }

    @Test
    void requestsAreTheDocumentedOnes() throws Exception {
        HttpCall limit = p.place(new LiveOrder("spot-test-postonly", "BTCUSDT", Side.BUY, OrderType.LIMIT, TimeInForce.GTC,
                new BigDecimal("0.1"), new BigDecimal("15600"), null, true, false));
        assertThat(limit.path()).isEqualTo("/v5/order/create");
        assertThat(json(limit.body())).isEqualTo(json("{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Limit\","
                + "\"qty\":\"0.1\",\"price\":\"15600\",\"timeInForce\":\"PostOnly\",\"orderLinkId\":\"spot-test-postonly\"}"));
        JsonNode market = json(p.place(new LiveOrder("m", "BTCUSDT", Side.SELL, OrderType.MARKET, TimeInForce.IOC, new BigDecimal("0.01"),
                null, null, false, false)).body());
        assertThat(market.path("orderType").asText()).isEqualTo("Market");
        assertThat(market.path("marketUnit").asText()).as("sized in the base coin").isEqualTo("baseCoin");
        assertThat(p.query("BTCUSDT", "x").query()).isEqualTo("category=spot&symbol=BTCUSDT&orderLinkId=x");
        HttpCall amend = p.amend("BTCUSDT", "x", Side.BUY, new BigDecimal("0.2"), new BigDecimal("15600"), new BigDecimal("0.1"), new BigDecimal("15600"));
        assertThat(amend.path()).isEqualTo("/v5/order/amend");
        assertThat(json(amend.body())).as("only what changes")
                .isEqualTo(json("{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"orderLinkId\":\"x\",\"qty\":\"0.2\"}"));
    }

    @Test
    void answersRead() throws Exception {
        JsonNode created = json("{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"orderId\":\"1321003749386327552\","
                + "\"orderLinkId\":\"spot-test-postonly\"},\"retExtInfo\":{},\"time\":1672211918471}");
        assertThat(p.reject(200, created)).isNull();
        assertThat(p.order(created).status()).isEqualTo(VenueOrder.Status.NEW);
        assertThat(p.canceled(created).status()).isEqualTo(VenueOrder.Status.CANCELED);
        JsonNode realtime = json("{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"list\":[{\"orderId\":\"1321003749386327552\","
                + "\"orderLinkId\":\"a\",\"symbol\":\"BTCUSDT\",\"price\":\"15600\",\"qty\":\"0.1\",\"side\":\"Buy\","
                + "\"orderStatus\":\"PartiallyFilledCanceled\",\"cumExecQty\":\"0.04\",\"cumExecValue\":\"624\",\"avgPrice\":\"15600\","
                + "\"updatedTime\":\"1672211918471\"}],\"nextPageCursor\":\"\",\"category\":\"spot\"},\"time\":1672211918471}");
        VenueOrder o = p.order(realtime);
        assertThat(o.status()).isEqualTo(VenueOrder.Status.CANCELED);
        assertThat(o.filled()).isEqualByComparingTo("0.04");
        assertThat(o.averagePrice()).isEqualByComparingTo("15600");
        assertThat(p.notFound(realtime)).isFalse();
        assertThat(p.notFound(json("{\"retCode\":0,\"result\":{\"list\":[],\"category\":\"spot\"}}"))).isTrue();
        VenueFill f = p.fills(json("{\"retCode\":0,\"result\":{\"list\":[{\"symbol\":\"BTCUSDT\",\"orderId\":\"1\",\"orderLinkId\":\"a\","
                + "\"side\":\"Buy\",\"execId\":\"2100000000007764263\",\"execPrice\":\"15600\",\"execQty\":\"0.04\",\"execFee\":\"0.00004\","
                + "\"feeCurrency\":\"BTC\",\"isMaker\":false,\"execTime\":\"1672211918471\"}]}}")).get(0);
        assertThat(f.tradeId()).isEqualTo("2100000000007764263");
        assertThat(f.fee()).isEqualByComparingTo("0.00004");
        assertThat(f.feeAsset()).isEqualTo("BTC");
        assertThat(p.serverTime(json("{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"timeSecond\":\"1688639403\","
                + "\"timeNano\":\"1688639403423213947\"},\"time\":1688639403423}"))).isEqualTo(1688639403423L);
    }

    @Test
    void refusalsHaveTheirReasons() throws Exception {
        assertThat(reason(170131, "Balance insufficient")).isEqualTo(VenueReject.Reason.INSUFFICIENT_BALANCE);
        assertThat(reason(170141, "Duplicate clientOrderId")).isEqualTo(VenueReject.Reason.DUPLICATE_CLIENT_ORDER_ID);
        assertThat(reason(170218, "The LIMIT-MAKER order is rejected due to invalid price.")).isEqualTo(VenueReject.Reason.POST_ONLY_WOULD_TAKE);
        assertThat(reason(170213, "Order does not exist.")).isEqualTo(VenueReject.Reason.UNKNOWN_ORDER);
        assertThat(reason(170121, "Invalid symbol.")).isEqualTo(VenueReject.Reason.UNKNOWN_SYMBOL);
        assertThat(reason(170137, "Order volume decimal too long")).isEqualTo(VenueReject.Reason.INVALID_ORDER);
        assertThat(reason(10002, "invalid request, please check your server timestamp or recv_window param"))
                .isEqualTo(VenueReject.Reason.TIMESTAMP);
        assertThat(reason(10004, "error sign!")).isEqualTo(VenueReject.Reason.AUTHENTICATION);
        assertThat(reason(10006, "Too many visits!")).isEqualTo(VenueReject.Reason.RATE_LIMITED);
        assertThat(p.reject(200, json("{\"retCode\":170007,\"retMsg\":\"Timeout waiting for response from backend server.\"}"))
                .stateUnknown()).isTrue();
    }

    private VenueReject.Reason reason(int code, String msg) throws Exception {
        VenueReject r = p.reject(200, json("{\"retCode\":" + code + ",\"retMsg\":\"" + msg + "\",\"result\":{}}"));
        assertThat(r.code()).isEqualTo(Integer.toString(code));
        return r.reason();
    }
}
