package io.dpp.trading.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Bybit's v5 private WebSocket: the auth as its documentation signs it, and its order and execution pushes read into DPP's terms. */
class BybitPrivateStreamTest {

    private final PrivateStream bybit = PrivateStream.of("bybit");

    private static JsonNode json(String s) throws Exception {
        return BalanceRead.JSON.readTree(s);
    }

    @Test
    void theAuthIsSignedAndCheckedByBybitsRules() throws Exception {
        VenueKey key = new VenueKey("XXXXXX", "stream-secret", null);
        long now = 1_662_350_400_000L;
        JsonNode auth = json(bybit.login(key, now, null));
        assertThat(auth.path("op").asText()).isEqualTo("auth");
        long expires = auth.path("args").path(1).asLong();
        assertThat(expires).isGreaterThan(now);
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec("stream-secret".getBytes(), "HmacSHA256"));
        assertThat(auth.path("args").path(2).asText()).isEqualTo(java.util.HexFormat.of().formatHex(mac.doFinal(("GET/realtime" + expires)
                .getBytes())));
        assertThat(bybit.loginKey(auth)).isEqualTo("XXXXXX");
        assertThat(bybit.checkLogin(auth, key, now)).isNull();
        assertThat(bybit.checkLogin(auth, key, expires)).startsWith("10002");
        assertThat(bybit.checkLogin(auth, new VenueKey("XXXXXX", "other", null), now)).startsWith("10003");
        assertThat(bybit.loginAnswer(json("{\"success\":true,\"ret_msg\":\"\",\"op\":\"auth\",\"conn_id\":\"cejreaspqfh3sjdnldmg-p\"}"))).isNull();
        assertThat(bybit.subscribed(json("{\"success\":true,\"ret_msg\":\"\",\"op\":\"subscribe\",\"conn_id\":\"c\"}"))).isTrue();
    }

    @Test
    void pushesReadAsBybitDocumentsThem() throws Exception {
        PrivateStream.Update execution = bybit.read(json("""
                {"id":"592324803b2785-26fa-4214-9963-bdd4727f07be","topic":"execution.linear","creationTime":1672364174455,"data":[{
                 "category":"linear","symbol":"BTCUSDT","execFee":"0.02016","execId":"7e2ae69c-4edf-5800-a352-893d52b446aa",
                 "execPrice":"16800.00","execQty":"0.002","execType":"Trade","execValue":"33.6","isMaker":false,"feeRate":"0.0006",
                 "orderId":"1333","orderLinkId":"dpp1x3","orderPrice":"16800","orderQty":"0.002","orderType":"Limit","side":"Buy",
                 "execTime":"1672364174443","closedSize":"0","seq":4688002127}]}"""));
        VenueFill f = execution.fills().get(0);
        assertThat(f.tradeId()).isEqualTo("7e2ae69c-4edf-5800-a352-893d52b446aa");
        assertThat(f.clientOrderId()).isEqualTo("dpp1x3");
        assertThat(f.fee()).isEqualByComparingTo("0.02016");
        assertThat(f.feeAsset()).as("a linear contract's fee: in its settle coin").isEqualTo("USDT");
        assertThat(f.time()).isEqualTo(1_672_364_174_443_000L);
        assertThat(bybit.read(json("{\"topic\":\"execution.linear\",\"data\":[{\"category\":\"linear\",\"execId\":\"1\","
                + "\"execType\":\"Funding\",\"side\":\"Sell\",\"execQty\":\"0.002\",\"execPrice\":\"16800\",\"execFee\":\"0.0034\"}]}"))
                .fills()).as("a funding settlement: no order's fill").isEmpty();
        assertThat(bybit.read(json("{\"topic\":\"execution\",\"data\":[{\"category\":\"spot\",\"execId\":\"2\",\"execType\":\"Trade\","
                + "\"feeCurrency\":\"BTC\"}]}")).fills()).as("another category's").isEmpty();
        VenueOrder o = bybit.read(json("""
                {"topic":"order.linear","id":"5923240c6880ab-c59f-420b-9adb-3639adc9dd90","creationTime":1672364262474,"data":[{
                 "symbol":"BTCUSDT","orderId":"1333","side":"Buy","orderType":"Limit","price":"16800","qty":"0.002",
                 "timeInForce":"GTC","orderStatus":"Filled","orderLinkId":"dpp1x3","cumExecQty":"0.002","cumExecValue":"33.6",
                 "avgPrice":"16800","rejectReason":"EC_NoError","positionIdx":0,"updatedTime":"1672364262457","category":"linear"}]}""")).orders().get(0);
        assertThat(o.status()).isEqualTo(VenueOrder.Status.FILLED);
        assertThat(o.averagePrice()).isEqualByComparingTo("16800");
        assertThat(o.rejection()).isNull();
        VenueOrder took = bybit.read(json("""
                {"topic":"order.linear","creationTime":1672364262474,"data":[{"symbol":"BTCUSDT","orderId":"1334","side":"Buy",
                 "orderType":"Limit","price":"17000","qty":"0.002","timeInForce":"PostOnly","orderStatus":"Cancelled","orderLinkId":"dpp1x4",
                 "cumExecQty":"0","cumExecValue":"0","avgPrice":"","rejectReason":"EC_PostOnlyWillTakeLiquidity",
                 "updatedTime":"1672364262460","category":"linear"}]}""")).orders().get(0);
        assertThat(took.status()).as("a post-only order that would have taken: taken, then canceled").isEqualTo(VenueOrder.Status.REJECTED);
        assertThat(took.rejection().reason()).isEqualTo(VenueReject.Reason.POST_ONLY_WOULD_TAKE);
        assertThat(bybit.read(json("{\"req_id\":\"\",\"op\":\"pong\",\"args\":[\"1675418560633\"],\"conn_id\":\"c\"}"))).isNull();
    }
}
