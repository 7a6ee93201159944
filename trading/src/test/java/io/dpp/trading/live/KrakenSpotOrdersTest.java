package io.dpp.trading.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.model.Side;
import io.dpp.trading.order.OrderType;
import io.dpp.trading.order.TimeInForce;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Kraken spot's REST order API written and read in the shapes of its documentation, every refusal with its reason. */
class KrakenSpotOrdersTest {

    private final OrderProtocol p = OrderProtocol.of("kraken");

    private static JsonNode json(String s) throws Exception {
        return BalanceRead.JSON.readTree(s);
    }

    @Test
    void requestsAreTheDocumentedForms() {
        HttpCall limit = p.place(new LiveOrder("dpp1x42", "XBT/USD", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, new BigDecimal("1.25"),
                new BigDecimal("27500.0"), null, false, false));
        assertThat(limit.method() + " " + limit.path()).isEqualTo("POST /0/private/AddOrder");
        assertThat(limit.body()).isEqualTo("ordertype=limit&type=buy&volume=1.25&pair=XBTUSD&price=27500.0&timeinforce=GTC&cl_ord_id=dpp1x42");
        assertThat(p.place(new LiveOrder("m", "ETH/USDT", Side.SELL, OrderType.MARKET, TimeInForce.IOC, BigDecimal.ONE, null, null, false,
                false)).body()).isEqualTo("ordertype=market&type=sell&volume=1&pair=ETHUSDT&cl_ord_id=m");
        assertThat(p.place(new LiveOrder("sl", "XBT/USD", Side.SELL, OrderType.STOP_LIMIT, TimeInForce.GTC, BigDecimal.ONE,
                new BigDecimal("24900"), new BigDecimal("25000"), false, false)).body())
                .as("the trigger in price, the limit in price2").contains("ordertype=stop-loss-limit", "&price=25000&price2=24900");
        assertThat(p.place(new LiveOrder("po", "XBT/USD", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, BigDecimal.ONE, BigDecimal.TEN,
                null, true, false)).body()).endsWith("&oflags=post&cl_ord_id=po");
        assertThatThrownBy(() -> p.place(new LiveOrder("dpp123456x1234567890", "XBT/USD", Side.BUY, OrderType.MARKET, TimeInForce.IOC,
                BigDecimal.ONE, null, null, false, false))).hasMessageContaining("at most 18 characters");
        assertThat(p.cancel("XBT/USD", "dpp1x42").body()).isEqualTo("cl_ord_id=dpp1x42");
        HttpCall amend = p.amend("XBT/USD", "dpp1x42", Side.BUY, new BigDecimal("2"), new BigDecimal("27400.0"), new BigDecimal("1.25"),
                new BigDecimal("27500.0"));
        assertThat(amend.path()).isEqualTo("/0/private/AmendOrder");
        assertThat(amend.body()).isEqualTo("cl_ord_id=dpp1x42&order_qty=2&limit_price=27400.0");
        assertThat(p.amend("XBT/USD", "a", Side.BUY, BigDecimal.ONE, BigDecimal.TEN, BigDecimal.ONE, BigDecimal.ONE).body())
                .as("only what changes").isEqualTo("cl_ord_id=a&limit_price=10");
        assertThat(p.query("XBT/USD", "dpp1x42").path()).isEqualTo("/0/private/OpenOrders");
        assertThat(p.queryEnded("XBT/USD", "dpp1x42").path()).isEqualTo("/0/private/ClosedOrders");
        assertThat(p.fills("XBT/USD", 1_688_666_559_897L).body()).as("whole seconds, exclusive").isEqualTo("start=1688666558");
        assertThat(p.cancelAllAfter(60).body()).isEqualTo("timeout=60");
        assertThatThrownBy(() -> p.cancelAllAfter(86_401)).hasMessageContaining("86400");
    }

    @Test
    void answersRead() throws Exception {
        // Kraken's documented examples.
        JsonNode added = json("{\"error\":[],\"result\":{\"descr\":{\"order\":\"buy 1.25000000 XBTUSD @ limit 27500.0\"},"
                + "\"txid\":[\"OU22CG-KLAF2-FWUDD7\"]}}");
        assertThat(p.reject(200, added)).isNull();
        assertThat(p.order(added).venueOrderId()).isEqualTo("OU22CG-KLAF2-FWUDD7");
        assertThat(p.order(added).status()).isEqualTo(VenueOrder.Status.NEW);
        JsonNode open = json("{\"error\":[],\"result\":{\"open\":{\"OQCLML-BW3P3-BUCMWZ\":{\"refid\":\"None\",\"userref\":0,"
                + "\"status\":\"open\",\"opentm\":1688666559.8974,\"starttm\":0,\"expiretm\":0,\"descr\":{\"pair\":\"XBTUSD\","
                + "\"type\":\"buy\",\"ordertype\":\"limit\",\"price\":\"30010.0\",\"price2\":\"0\",\"leverage\":\"none\","
                + "\"order\":\"buy 1.25000000 XBTUSD @ limit 30010.0\",\"close\":\"\"},\"vol\":\"1.25000000\",\"vol_exec\":\"0.37500000\","
                + "\"cost\":\"11253.7\",\"fee\":\"0.00000\",\"price\":\"30010.0\",\"stopprice\":\"0.00000\",\"limitprice\":\"0.00000\","
                + "\"misc\":\"\",\"oflags\":\"fciq\",\"trades\":[\"TCCCTY-WE2O6-P3NB37\"]}}}}");
        VenueOrder o = p.order(open);
        assertThat(o.venueOrderId()).isEqualTo("OQCLML-BW3P3-BUCMWZ");
        assertThat(o.status()).isEqualTo(VenueOrder.Status.PARTIALLY_FILLED);
        assertThat(o.filled()).isEqualByComparingTo("0.375");
        assertThat(o.price()).isEqualByComparingTo("30010.0");
        assertThat(o.updated()).isEqualTo(1_688_666_559_897_400L);
        assertThat(p.orders(open)).hasSize(1);
        assertThat(p.notFound(json("{\"error\":[],\"result\":{\"open\":{}}}"))).isTrue();
        assertThat(p.canceled(json("{\"error\":[],\"result\":{\"count\":1}}")).status()).isEqualTo(VenueOrder.Status.CANCELED);
        assertThat(p.order(json("{\"error\":[],\"result\":{\"closed\":{\"O1\":{\"status\":\"closed\",\"vol\":\"1\",\"vol_exec\":\"0.4\","
                + "\"descr\":{\"type\":\"sell\",\"ordertype\":\"limit\",\"price\":\"5\"},\"opentm\":1,\"closetm\":2}},\"count\":1}}")).status())
                .as("closed with part left: its rest taken off").isEqualTo(VenueOrder.Status.CANCELED);
        JsonNode trades = json("{\"error\":[],\"result\":{\"trades\":{\"THVRQM-33VKH-UCI7BS\":{\"ordertxid\":\"OQCLML-BW3P3-BUCMWZ\","
                + "\"postxid\":\"TKH2SE-M7IF5-CFI7LT\",\"pair\":\"XXBTZUSD\",\"time\":1688667796.8802,\"type\":\"buy\",\"ordertype\":\"limit\","
                + "\"price\":\"30010.00000\",\"cost\":\"600.20000\",\"fee\":\"0.00000\",\"vol\":\"0.02000000\",\"margin\":\"0.00000\","
                + "\"misc\":\"\",\"trade_id\":40274859,\"maker\":true}},\"count\":2346}}");
        VenueFill f = p.fills(trades).get(0);
        assertThat(f.venueOrderId()).isEqualTo("OQCLML-BW3P3-BUCMWZ");
        assertThat(f.quantity()).isEqualByComparingTo("0.02");
        assertThat(f.maker()).isTrue();
        assertThat(f.feeAsset()).as("the quote currency").isNull();
        assertThat(HttpCall.formValue(p.nextFills("XBT/USD", 0, trades, 1).body(), "ofs")).isEqualTo("1");
        assertThat(p.serverTime(json("{\"error\":[],\"result\":{\"unixtime\":1688669448,\"rfc1123\":\"Thu, 06 Jul 23 18:50:48 +0000\"}}")))
                .isEqualTo(1_688_669_448_000L);
    }

    @Test
    void refusalsHaveTheirReasons() throws Exception {
        assertThat(reason("EOrder:Insufficient funds")).isEqualTo(VenueReject.Reason.INSUFFICIENT_BALANCE);
        assertThat(reason("EOrder:Unknown order")).isEqualTo(VenueReject.Reason.UNKNOWN_ORDER);
        assertThat(reason("EQuery:Unknown asset pair")).isEqualTo(VenueReject.Reason.UNKNOWN_SYMBOL);
        assertThat(reason("EOrder:Post only order")).isEqualTo(VenueReject.Reason.POST_ONLY_WOULD_TAKE);
        assertThat(reason("EAPI:Invalid signature")).isEqualTo(VenueReject.Reason.AUTHENTICATION);
        assertThat(reason("EAPI:Invalid nonce")).isEqualTo(VenueReject.Reason.TIMESTAMP);
        assertThat(reason("EService:Market in cancel_only mode")).isEqualTo(VenueReject.Reason.MARKET_CLOSED);
        assertThat(reason("EOrder:Order minimum not met")).isEqualTo(VenueReject.Reason.INVALID_ORDER);
        VenueReject args = p.reject(200, json("{\"error\":[\"EGeneral:Invalid arguments:volume\"]}"));
        assertThat(args.reason()).isEqualTo(VenueReject.Reason.INVALID_ORDER);
        assertThat(args.code()).isEqualTo("EGeneral:Invalid arguments");
        VenueReject limited = p.reject(200, json("{\"error\":[\"EOrder:Rate limit exceeded\"]}"));
        assertThat(limited.reason()).isEqualTo(VenueReject.Reason.RATE_LIMITED);
        assertThat(limited.retryable()).isTrue();
        VenueReject busy = p.reject(200, json("{\"error\":[\"EService:Busy\"]}"));
        assertThat(busy.stateUnknown()).as("Kraken may have acted on it").isTrue();
        assertThat(p.reject(503, json("{}")).stateUnknown()).isTrue();
        assertThat(p.reject(0, null).stateUnknown()).isTrue();
    }

    private VenueReject.Reason reason(String error) throws Exception {
        return p.reject(200, json("{\"error\":[\"" + error + "\"]}")).reason();
    }

    @Test
    void krakensLegacyAssetCodesReadAsTheUsualNames() throws Exception {
        assertThat(BalanceRead.parse("kraken", 200, json("{\"error\":[],\"result\":{\"XXBT\":\"0.5\",\"ZUSD\":\"10.1\",\"USDT\":\"3\","
                + "\"XETH\":\"0\",\"XXDG\":\"7\"}}"))).containsOnlyKeys("BTC", "USD", "USDT", "DOGE");
        assertThat(KrakenAssets.kraken("BTC")).isEqualTo("XXBT");
        assertThat(KrakenAssets.kraken("SOL")).isEqualTo("SOL");
        assertThat(KrakenAssets.dpp(KrakenAssets.kraken("EUR"))).isEqualTo("EUR");
    }

    @Test
    void aTradeIsKnownByItsTxidHoweverAnAnswerNamesItsPair() {
        // The trade list names the pair "XXBTZUSD" or "XBTUSD", the WebSocket "BTC/USD", DPP "XBT/USD": the same trade.
        assertThat(OrderProtocol.tradeKey("kraken", "XBTUSD", "TGBB7L-HT5LX-J3BZ4A"))
                .isEqualTo(OrderProtocol.tradeKey("kraken", "XBT/USD", "TGBB7L-HT5LX-J3BZ4A"));
        // Binance numbers trades per symbol: the symbol is part of a trade's identity.
        assertThat(OrderProtocol.tradeKey("binance", "BTCUSDT", "1")).isNotEqualTo(OrderProtocol.tradeKey("binance", "ETHUSDT", "1"));
    }
}
