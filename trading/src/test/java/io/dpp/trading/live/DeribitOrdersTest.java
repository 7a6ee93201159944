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

/** Deribit's API v2 for its inverse contracts, read and written in the shapes of its documentation; every refusal with its reason. */
class DeribitOrdersTest {

    private final OrderProtocol p = OrderProtocol.of("deribit");

    private static JsonNode json(String s) throws Exception {
        return BalanceRead.JSON.readTree(s);
    }

    @Test
    void requestsAreTheDocumentedOnes() {
        HttpCall limit = p.place(new LiveOrder("dpp1x2", "BTC-PERPETUAL", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, new BigDecimal("40"),
                new BigDecimal("59000.5"), null, true, false));
        assertThat(limit.method()).isEqualTo("GET");
        assertThat(limit.path()).isEqualTo("/api/v2/private/buy");
        assertThat(limit.query()).isEqualTo("instrument_name=BTC-PERPETUAL&amount=40&type=limit&price=59000.5"
                + "&time_in_force=good_til_cancelled&post_only=true&reject_post_only=true&label=dpp1x2");
        HttpCall stop = p.place(new LiveOrder("s", "ETH-PERPETUAL", Side.SELL, OrderType.STOP, TimeInForce.GTC, BigDecimal.TEN, null,
                new BigDecimal("3000"), false, true));
        assertThat(stop.path()).isEqualTo("/api/v2/private/sell");
        assertThat(stop.query()).isEqualTo("instrument_name=ETH-PERPETUAL&amount=10&type=stop_market&trigger_price=3000&trigger=last_price"
                + "&time_in_force=immediate_or_cancel&reduce_only=true&label=s");
        assertThat(p.byVenueOrderId()).isTrue();
        assertThat(p.cancel("BTC-PERPETUAL", "dpp1x2", "BTC-5702").query()).isEqualTo("order_id=BTC-5702");
        assertThat(p.query("BTC-PERPETUAL", "dpp1x2", null).query()).isEqualTo("currency=BTC&label=dpp1x2");
        assertThat(p.query("BTC-PERPETUAL", "dpp1x2", "BTC-5702").path()).isEqualTo("/api/v2/private/get_order_state");
        assertThat(p.amend("BTC-PERPETUAL", "dpp1x2", "BTC-5702", Side.BUY, new BigDecimal("80"), new BigDecimal("58000"),
                new BigDecimal("40"), new BigDecimal("59000.5")).query()).isEqualTo("order_id=BTC-5702&amount=80&price=58000");
        assertThat(p.fills("BTC-PERPETUAL", 1_700_000_000_000L).query()).startsWith(
                "instrument_name=BTC-PERPETUAL&start_timestamp=1700000000000&end_timestamp=");
        assertThat(p.positions().query()).isEqualTo("currency=any&kind=future");
        assertThatThrownBy(() -> p.place(new LiveOrder("u", "BTC_USDC-PERPETUAL", Side.BUY, OrderType.MARKET, TimeInForce.IOC,
                BigDecimal.ONE, null, null, false, false))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("USDC");
    }

    @Test
    void answersRead() throws Exception {
        assertThat(p.margined()).isTrue();
        JsonNode bought = json("""
                {"jsonrpc":"2.0","id":5275,"result":{"trades":[{"trade_seq":1966056,"trade_id":"ETH-2696083","timestamp":1590483938456,
                 "tick_direction":0,"state":"filled","reduce_only":false,"price":203.3,"post_only":false,"order_type":"market",
                 "order_id":"ETH-584849853","matching_id":null,"mark_price":203.28,"liquidity":"T","label":"market0000234",
                 "instrument_name":"ETH-PERPETUAL","index_price":203.33,"fee_currency":"ETH","fee":0.00014757,"direction":"buy",
                 "amount":40}],"order":{"web":false,"time_in_force":"good_til_cancelled","replaced":false,"reduce_only":false,
                 "price":207.3,"post_only":false,"order_type":"market","order_state":"filled","order_id":"ETH-584849853",
                 "max_show":40,"last_update_timestamp":1590483938456,"label":"market0000234","is_liquidation":false,
                 "instrument_name":"ETH-PERPETUAL","filled_amount":40,"direction":"buy","creation_timestamp":1590483938456,
                 "average_price":203.3,"api":true,"amount":40}},"usIn":1590483938454,"usOut":1590483938458,"usDiff":4}""");
        assertThat(p.reject(200, bought)).isNull();
        VenueOrder o = p.order(bought);
        assertThat(o.status()).isEqualTo(VenueOrder.Status.FILLED);
        assertThat(o.venueOrderId()).isEqualTo("ETH-584849853");
        assertThat(o.clientOrderId()).isEqualTo("market0000234");
        assertThat(o.filled()).isEqualByComparingTo("40");
        assertThat(o.averagePrice()).isEqualByComparingTo("203.3");
        List<VenueFill> fills = p.placeFills(bought);
        assertThat(fills).hasSize(1);
        VenueFill f = fills.get(0);
        assertThat(f.tradeId()).isEqualTo("ETH-2696083");
        assertThat(f.fee()).as("read exactly from a JSON number").isEqualByComparingTo("0.00014757");
        assertThat(f.feeAsset()).isEqualTo("ETH");
        assertThat(f.maker()).isFalse();
        assertThat(f.time()).isEqualTo(1_590_483_938_456_000L);

        JsonNode open = json("""
                {"jsonrpc":"2.0","result":[{"time_in_force":"good_til_cancelled","reduce_only":false,"price":10502.52,"post_only":false,
                 "order_type":"limit","order_state":"open","order_id":"BTC-5702","last_update_timestamp":1550050594882,"label":"dpp1x2",
                 "instrument_name":"BTC-PERPETUAL","filled_amount":0,"direction":"buy","creation_timestamp":1550050594882,
                 "average_price":0,"api":true,"amount":10}]}""");
        assertThat(p.found(open, "dpp1x2").status()).isEqualTo(VenueOrder.Status.NEW);
        assertThat(p.found(open, "other")).isNull();
        assertThat(p.notFound(json("{\"jsonrpc\":\"2.0\",\"result\":[]}"))).isTrue();
        assertThat(p.orders(open)).extracting(VenueOrder::price).containsExactly(new BigDecimal("10502.52"));
        JsonNode market = json("{\"jsonrpc\":\"2.0\",\"result\":{\"price\":\"market_price\",\"order_state\":\"cancelled\",\"order_id\":\"BTC-1\","
                + "\"filled_amount\":0,\"amount\":10,\"direction\":\"sell\",\"instrument_name\":\"BTC-PERPETUAL\",\"average_price\":0}}");
        assertThat(p.canceled(market).price()).as("a market order's price is a word").isNull();
        assertThat(p.canceled(market).status()).isEqualTo(VenueOrder.Status.CANCELED);

        JsonNode trades = json("""
                {"jsonrpc":"2.0","result":{"trades":[{"trade_id":"BTC-2","timestamp":1590480363130,"price":8993.0,"amount":30,
                 "fee":2.0e-7,"fee_currency":"BTC","liquidity":"M","direction":"sell","order_id":"BTC-9","label":"a",
                 "instrument_name":"BTC-PERPETUAL"},{"trade_id":"BTC-1","timestamp":1590480363120,"price":8994.0,"amount":10,
                 "fee":-1.0e-7,"fee_currency":"BTC","liquidity":"M","direction":"sell","order_id":"BTC-9","label":"a",
                 "instrument_name":"BTC-PERPETUAL"}],"has_more":true}}""");
        assertThat(p.fills(trades)).extracting(VenueFill::tradeId).as("oldest first").containsExactly("BTC-1", "BTC-2");
        assertThat(p.fills(trades).get(0).fee()).as("a maker's rebate").isEqualByComparingTo("-0.0000001");
        assertThat(p.nextFills("BTC-PERPETUAL", 1_590_480_000_000L, trades, 2).query()).contains("start_timestamp=1590480363120");
        assertThat(p.positions(json("""
                {"jsonrpc":"2.0","result":[{"size":-200,"instrument_name":"BTC-PERPETUAL","direction":"sell","average_price":8850.5,
                 "kind":"future"},{"size":0,"instrument_name":"ETH-PERPETUAL","direction":"zero","kind":"future"}]}""")))
                .isEqualTo(Map.of("BTC-PERPETUAL", new BigDecimal("-200")));
        assertThat(p.serverTime(json("{\"jsonrpc\":\"2.0\",\"result\":1550147385946}"))).isEqualTo(1550147385946L);
    }

    @Test
    void refusalsHaveTheirReasons() throws Exception {
        assertThat(reason(10009, "not_enough_funds")).isEqualTo(VenueReject.Reason.INSUFFICIENT_BALANCE);
        assertThat(reason(11054, "post_only_reject")).isEqualTo(VenueReject.Reason.POST_ONLY_WOULD_TAKE);
        assertThat(reason(10004, "order_not_found")).isEqualTo(VenueReject.Reason.UNKNOWN_ORDER);
        assertThat(reason(11044, "not_open_order")).isEqualTo(VenueReject.Reason.UNKNOWN_ORDER);
        assertThat(reason(10020, "invalid_or_unsupported_instrument")).isEqualTo(VenueReject.Reason.UNKNOWN_SYMBOL);
        assertThat(reason(10043, "price_wrong_tick")).isEqualTo(VenueReject.Reason.INVALID_ORDER);
        assertThat(reason(10041, "settlement_in_progress")).isEqualTo(VenueReject.Reason.MARKET_CLOSED);
        assertThat(reason(13004, "invalid_credentials")).isEqualTo(VenueReject.Reason.AUTHENTICATION);
        assertThat(reason(10028, "too_many_requests")).isEqualTo(VenueReject.Reason.RATE_LIMITED);
        assertThat(p.reject(400, json("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":10040,\"message\":\"retry\"}}")).stateUnknown()).isTrue();
        assertThat(p.reject(503, json("{\"code\":-1001}")).stateUnknown()).isTrue();
    }

    private VenueReject.Reason reason(int code, String msg) throws Exception {
        VenueReject r = p.reject(400, json("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":" + code + ",\"message\":\"" + msg + "\"},\"usIn\":1}"));
        assertThat(r.code()).isEqualTo(Integer.toString(code));
        return r.reason();
    }
}
