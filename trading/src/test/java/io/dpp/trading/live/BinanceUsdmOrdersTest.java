package io.dpp.trading.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.model.Side;
import io.dpp.trading.order.OrderType;
import io.dpp.trading.order.TimeInForce;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Binance USD-M's order API as its documentation shows it: the requests DPP sends, the answers it reads, the error codes' reasons. */
class BinanceUsdmOrdersTest {

    private final OrderProtocol p = OrderProtocol.of("binance-futures");

    private static JsonNode json(String s) throws Exception {
        return BalanceRead.JSON.readTree(s);
    }

    @Test
    void requestsAreTheDocumentedOnes() {
        HttpCall limit = p.place(new LiveOrder("my-1", "BTCUSDT", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, new BigDecimal("0.010"),
                new BigDecimal("60000.1"), null, false, false));
        assertThat(limit.method() + " " + limit.path()).isEqualTo("POST /fapi/v1/order");
        assertThat(limit.query()).isEqualTo("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.010&price=60000.1"
                + "&newClientOrderId=my-1&newOrderRespType=RESULT");
        assertThat(p.place(new LiveOrder("po", "BTCUSDT", Side.SELL, OrderType.LIMIT, TimeInForce.GTC, BigDecimal.ONE, new BigDecimal("1"),
                null, true, true)).query()).contains("timeInForce=GTX", "reduceOnly=true");
        assertThat(p.place(new LiveOrder("sm", "BTCUSDT", Side.SELL, OrderType.STOP, TimeInForce.GTC, BigDecimal.ONE, null,
                new BigDecimal("59000"), false, false)).query()).contains("type=STOP_MARKET", "stopPrice=59000").doesNotContain("timeInForce");
        assertThat(p.place(new LiveOrder("sl", "BTCUSDT", Side.SELL, OrderType.STOP_LIMIT, TimeInForce.GTC, BigDecimal.ONE,
                new BigDecimal("58900"), new BigDecimal("59000"), false, false)).query()).contains("type=STOP&", "timeInForce=GTC");
        HttpCall amend = p.amend("BTCUSDT", "my-1", Side.BUY, new BigDecimal("0.020"), new BigDecimal("60000.0"), new BigDecimal("0.010"),
                new BigDecimal("60000.1"));
        assertThat(amend.method() + " " + amend.path()).isEqualTo("PUT /fapi/v1/order");
        assertThat(amend.query()).isEqualTo("symbol=BTCUSDT&origClientOrderId=my-1&side=BUY&quantity=0.020&price=60000.0");
        assertThat(p.fills("BTCUSDT", 1569514978020L).query()).isEqualTo("symbol=BTCUSDT&startTime=1569514978020&limit=1000");
        assertThat(p.tradeIdsUnique()).as("USD-M numbers trades per symbol").isFalse();
        HttpCall countdown = p.cancelSymbolAfter("BTCUSDT", 60);
        assertThat(countdown.method() + " " + countdown.path() + "?" + countdown.query())
                .isEqualTo("POST /fapi/v1/countdownCancelAll?symbol=BTCUSDT&countdownTime=60000");
        assertThat(p.cancelAllAfter(60)).as("no account-wide switch: it is per symbol").isNull();
    }

    @Test
    void theDocumentedAnswersRead() throws Exception {
        VenueOrder o = p.order(json("""
                {"clientOrderId":"testOrder","cumQty":"0","cumQuote":"0","executedQty":"0","orderId":22542179,"avgPrice":"0.00000",
                 "origQty":"10","price":"0","reduceOnly":false,"side":"BUY","positionSide":"SHORT","status":"NEW","stopPrice":"9300",
                 "closePosition":false,"symbol":"BTCUSDT","timeInForce":"GTD","type":"TRAILING_STOP_MARKET","origType":"TRAILING_STOP_MARKET",
                 "activatePrice":"9020","priceRate":"0.3","updateTime":1566818724722,"workingType":"CONTRACT_PRICE","priceProtect":false,
                 "priceMatch":"NONE","selfTradePreventionMode":"NONE","goodTillDate":1693207680000}"""));
        assertThat(o.venueOrderId()).isEqualTo("22542179");
        assertThat(o.clientOrderId()).isEqualTo("testOrder");
        assertThat(o.status()).isEqualTo(VenueOrder.Status.NEW);
        assertThat(o.price()).as("no limit").isNull();
        assertThat(o.averagePrice()).isNull();
        assertThat(o.updated()).isEqualTo(1_566_818_724_722_000L);
        VenueFill f = p.fills(json("""
                [{"buyer":false,"commission":"0.07819010","commissionAsset":"USDT","id":698759,"maker":false,"orderId":25851813,
                  "price":"7819.01","qty":"0.002","quoteQty":"15.63802","realizedPnl":"-0.91539999","side":"SELL","positionSide":"BOTH",
                  "symbol":"BTCUSDT","time":1569514978020}]""")).get(0);
        assertThat(f.tradeId()).isEqualTo("698759");
        assertThat(f.side()).isEqualTo(Side.SELL);
        assertThat(f.fee()).isEqualByComparingTo("0.0781901");
        assertThat(f.feeAsset()).isEqualTo("USDT");
        assertThat(f.time()).isEqualTo(1_569_514_978_020_000L);
    }

    @Test
    void everyErrorCodeHasItsReason() throws Exception {
        assertThat(p.reject(400, json("{\"code\":-2019,\"msg\":\"Margin is insufficient.\"}")).reason())
                .isEqualTo(VenueReject.Reason.INSUFFICIENT_BALANCE);
        assertThat(p.reject(400, json("{\"code\":-2022,\"msg\":\"ReduceOnly Order is rejected.\"}")).reason())
                .isEqualTo(VenueReject.Reason.INVALID_ORDER);
        assertThat(p.reject(400, json("{\"code\":-5022,\"msg\":\"Post Only order will be rejected.\"}")).reason())
                .isEqualTo(VenueReject.Reason.POST_ONLY_WOULD_TAKE);
        assertThat(p.reject(400, json("{\"code\":-4116,\"msg\":\"ClientOrderId is duplicated.\"}")).reason())
                .isEqualTo(VenueReject.Reason.DUPLICATE_CLIENT_ORDER_ID);
        assertThat(p.reject(400, json("{\"code\":-2013,\"msg\":\"Order does not exist.\"}")).reason()).isEqualTo(VenueReject.Reason.UNKNOWN_ORDER);
        assertThat(p.reject(400, json("{\"code\":-1021,\"msg\":\"Timestamp outside of recvWindow.\"}")).retryable()).isTrue();
        VenueReject unknown = p.reject(503, json("{\"code\":-1008,\"msg\":\"Server is currently overloaded.\"}"));
        assertThat(unknown.stateUnknown()).as("the order may exist").isTrue();
        assertThat(p.reject(429, json("{\"code\":-1003,\"msg\":\"Too many requests.\"}")).reason()).isEqualTo(VenueReject.Reason.RATE_LIMITED);
        assertThat(p.reject(0, null).stateUnknown()).isTrue();
    }
}
