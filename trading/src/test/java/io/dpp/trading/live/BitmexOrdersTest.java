package io.dpp.trading.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.model.Side;
import io.dpp.trading.order.OrderType;
import io.dpp.trading.order.TimeInForce;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** BitMEX's REST API for its inverse XBT contracts, read and written in the shapes of its documentation; every refusal with its reason. */
class BitmexOrdersTest {

    private final OrderProtocol p = OrderProtocol.of("bitmex");

    private static JsonNode json(String s) throws Exception {
        return BalanceRead.JSON.readTree(s);
    }

    @Test
    void requestsAreTheDocumentedOnes() throws Exception {
        HttpCall limit = p.place(new LiveOrder("dpp1x2", "XBTUSD", Side.SELL, OrderType.LIMIT, TimeInForce.GTC, new BigDecimal("100"),
                new BigDecimal("98000.5"), null, true, true));
        assertThat(limit.method()).isEqualTo("POST");
        assertThat(limit.path()).isEqualTo("/api/v1/order");
        assertThat(json(limit.body())).isEqualTo(json("{\"symbol\":\"XBTUSD\",\"side\":\"Sell\",\"orderQty\":100,\"ordType\":\"Limit\","
                + "\"price\":98000.5,\"timeInForce\":\"GoodTillCancel\",\"execInst\":\"ParticipateDoNotInitiate,ReduceOnly\",\"clOrdID\":\"dpp1x2\"}"));
        JsonNode stop = json(p.place(new LiveOrder("s", "XBTUSD", Side.SELL, OrderType.STOP, TimeInForce.GTC, new BigDecimal("1E+2"), null,
                new BigDecimal("90000"), false, false)).body());
        assertThat(stop.path("ordType").asText()).isEqualTo("Stop");
        assertThat(stop.path("stopPx").decimalValue()).isEqualByComparingTo("90000");
        assertThat(stop.path("orderQty").toString()).as("a plain number").isEqualTo("100");
        assertThat(json(p.amend("XBTUSD", "dpp1x2", Side.SELL, new BigDecimal("200"), new BigDecimal("98000.5"), new BigDecimal("100"),
                new BigDecimal("98000.5")).body())).as("only what changes, the quantity whole")
                .isEqualTo(json("{\"origClOrdID\":\"dpp1x2\",\"orderQty\":200}"));
        assertThat(p.cancel("XBTUSD", "dpp1x2").method()).isEqualTo("DELETE");
        assertThat(json(p.cancelAllAfter(60).body())).as("the dead man's switch, in ms").isEqualTo(json("{\"timeout\":60000}"));
        assertThat(URLDecoder.decode(p.query("XBTUSD", "dpp1x2").query(), StandardCharsets.UTF_8))
                .isEqualTo("symbol=XBTUSD&filter={\"clOrdID\":\"dpp1x2\"}&count=1&reverse=true");
        assertThat(URLDecoder.decode(p.fills("XBTUSD", 1_700_000_000_000L).query(), StandardCharsets.UTF_8))
                .isEqualTo("symbol=XBTUSD&startTime=2023-11-14T22:13:20Z&count=500&reverse=false");
        for (String other : new String[] {"XBTUSDT", "ETHUSD"}) {
            assertThatThrownBy(() -> p.place(new LiveOrder("i", other, Side.BUY, OrderType.MARKET, TimeInForce.IOC, BigDecimal.ONE, null,
                    null, false, false))).as(other).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inverse");
        }
    }

    @Test
    void answersRead() throws Exception {
        assertThat(p.margined()).isTrue();
        JsonNode order = json("""
                {"orderID":"550e8400-e29b-41d4-a716-446655440001","clOrdID":"dpp1x2","account":1234567,"symbol":"XBTUSD",
                 "side":"Buy","orderQty":100,"price":98000,"stopPx":null,"currency":"USD","settlCurrency":"XBt","ordType":"Limit",
                 "timeInForce":"GoodTillCancel","execInst":"","ordStatus":"PartiallyFilled","workingIndicator":true,"leavesQty":60,
                 "cumQty":40,"avgPx":97999.5,"text":"Submitted via API.","transactTime":"2024-11-25T10:30:00.000Z",
                 "timestamp":"2024-11-25T10:30:00.123Z"}""");
        assertThat(p.reject(200, order)).isNull();
        VenueOrder o = p.order(order);
        assertThat(o.status()).isEqualTo(VenueOrder.Status.PARTIALLY_FILLED);
        assertThat(o.filled()).isEqualByComparingTo("40");
        assertThat(o.averagePrice()).isEqualByComparingTo("97999.5");
        assertThat(o.updated()).isEqualTo(1_732_530_600_123_000L);
        VenueOrder took = p.order(json("[{\"orderID\":\"x\",\"clOrdID\":\"p\",\"symbol\":\"XBTUSD\",\"side\":\"Buy\",\"orderQty\":100,"
                + "\"ordStatus\":\"Canceled\",\"cumQty\":0,\"text\":\"Canceled: Order had execInst of ParticipateDoNotInitiate\","
                + "\"timestamp\":\"2024-11-25T10:30:00.123Z\"}]"));
        assertThat(took.status()).isEqualTo(VenueOrder.Status.REJECTED);
        assertThat(took.rejection().reason()).isEqualTo(VenueReject.Reason.POST_ONLY_WOULD_TAKE);
        assertThat(p.notFound(json("[]"))).isTrue();

        List<VenueFill> fills = p.fills(json("""
                [{"execID":"e2","orderID":"o1","clOrdID":"dpp1x2","symbol":"XBTUSD","side":"Buy","lastQty":40,"lastPx":97999.5,
                  "execType":"Trade","lastLiquidityInd":"RemovedLiquidity","execComm":20,"settlCurrency":"XBt",
                  "transactTime":"2024-11-25T10:30:01.000Z"},
                 {"execID":"e3","orderID":"","clOrdID":"","symbol":"XBTUSD","side":"","lastQty":100,"lastPx":98000,
                  "execType":"Funding","execComm":-5,"settlCurrency":"XBt","transactTime":"2024-11-25T12:00:00.000Z"}]"""));
        assertThat(fills).as("the trade, not the funding").hasSize(1);
        assertThat(fills.get(0).fee()).as("20 satoshis").isEqualByComparingTo("0.0000002");
        assertThat(fills.get(0).feeAsset()).isEqualTo("BTC");
        assertThat(fills.get(0).maker()).isFalse();
        assertThat(p.positions(json("[{\"symbol\":\"XBTUSD\",\"currentQty\":-300},{\"symbol\":\"XBTZ25\",\"currentQty\":0}]")))
                .isEqualTo(Map.of("XBTUSD", new BigDecimal("-300")));
        assertThat(p.serverTime(json("{\"name\":\"BitMEX API\",\"version\":\"1.2.0\",\"timestamp\":1732530600123}"))).isEqualTo(1732530600123L);
    }

    @Test
    void refusalsHaveTheirReasons() throws Exception {
        assertThat(reason(400, "Account has insufficient Available Balance, 2060 XBt required")).isEqualTo(VenueReject.Reason.INSUFFICIENT_BALANCE);
        assertThat(reason(400, "Duplicate clOrdID")).isEqualTo(VenueReject.Reason.DUPLICATE_CLIENT_ORDER_ID);
        assertThat(reason(404, "Not Found")).isEqualTo(VenueReject.Reason.UNKNOWN_ORDER);
        assertThat(reason(400, "Invalid symbol")).isEqualTo(VenueReject.Reason.UNKNOWN_SYMBOL);
        assertThat(reason(401, "This request has expired - `expires` is in the past.")).isEqualTo(VenueReject.Reason.TIMESTAMP);
        assertThat(reason(401, "Signature not valid.")).isEqualTo(VenueReject.Reason.AUTHENTICATION);
        assertThat(reason(400, "Invalid price tickSize")).isEqualTo(VenueReject.Reason.INVALID_ORDER);
        assertThat(reason(429, "Rate limit exceeded, retry in 1 seconds.")).isEqualTo(VenueReject.Reason.RATE_LIMITED);
        assertThat(p.reject(503, json("{\"error\":{\"message\":\"The system is currently overloaded. Please try again later.\","
                + "\"name\":\"HTTPError\"}}")).stateUnknown()).as("overloaded: not processed").isFalse();
        assertThat(p.reject(502, json("{}")).stateUnknown()).isTrue();
        assertThat(p.reject(200, json("[{\"orderID\":\"o\",\"ordStatus\":\"Filled\",\"error\":\"Unable to cancel order due to existing state: Filled\"}]"))
                .reason()).as("a cancel of an order that has ended").isEqualTo(VenueReject.Reason.UNKNOWN_ORDER);
    }

    private VenueReject.Reason reason(int status, String msg) throws Exception {
        return p.reject(status, json("{\"error\":{\"message\":\"" + msg + "\",\"name\":\"HTTPError\"}}")).reason();
    }
}
