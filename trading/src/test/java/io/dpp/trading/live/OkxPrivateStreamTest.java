package io.dpp.trading.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.model.Side;
import org.junit.jupiter.api.Test;

/** OKX's private WebSocket: the login as its documentation signs it, and its orders channel's pushes read into DPP's terms. */
class OkxPrivateStreamTest {

    private final PrivateStream okx = PrivateStream.of("okx");
    private final VenueKey key = new VenueKey("985d5b66-57ce-40fb-b714-afc0b9787083", "stream-test-secret", "Pass-phrase1");

    private static JsonNode json(String s) throws Exception {
        return BalanceRead.JSON.readTree(s);
    }

    @Test
    void theLoginIsSignedAndCheckedByOkxsRules() throws Exception {
        long now = 1_538_054_050_975L;
        JsonNode login = json(okx.login(key, now, null));
        JsonNode arg = login.path("args").path(0);
        assertThat(login.path("op").asText()).isEqualTo("login");
        assertThat(arg.path("timestamp").asText()).as("seconds").isEqualTo("1538054050");
        // base64 HMAC-SHA256 of timestamp + "GET" + "/users/self/verify", computed independently.
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec("stream-test-secret".getBytes(), "HmacSHA256"));
        assertThat(arg.path("sign").asText()).isEqualTo(java.util.Base64.getEncoder().encodeToString(
                mac.doFinal("1538054050GET/users/self/verify".getBytes())));
        assertThat(okx.loginKey(login)).isEqualTo(key.apiKey());
        assertThat(okx.checkLogin(login, key, now + 29_000)).isNull();
        assertThat(okx.checkLogin(login, key, now + 31_000)).startsWith("60006");
        assertThat(okx.checkLogin(login, new VenueKey(key.apiKey(), "another", key.passphrase()), now)).startsWith("60007");
        assertThat(okx.checkLogin(login, new VenueKey(key.apiKey(), key.secret(), "other"), now)).startsWith("60024");
        assertThat(okx.loginAnswer(json("{\"event\":\"login\",\"code\":\"0\",\"msg\":\"\",\"connId\":\"a4d3ae55\"}"))).isNull();
        assertThat(okx.loginAnswer(json("{\"event\":\"error\",\"code\":\"60009\",\"msg\":\"Login failed.\",\"connId\":\"a4d3ae55\"}")))
                .isEqualTo("60009: Login failed.");
        assertThatThrownBy(() -> okx.loginAnswer(json("{\"arg\":{\"channel\":\"orders\"},\"data\":[]}"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(okx.subscribed(json("{\"event\":\"subscribe\",\"arg\":{\"channel\":\"orders\",\"instType\":\"SPOT\"},\"connId\":\"a\"}"))).isTrue();
    }

    @Test
    void aPushReadsAsTheOrderAndItsExecution() throws Exception {
        PrivateStream.Update u = okx.read(json("{\"arg\":{\"channel\":\"orders\",\"instType\":\"SPOT\",\"uid\":\"614488474791936\"},"
                + "\"data\":[{\"instType\":\"SPOT\",\"instId\":\"BTC-USDT\",\"ordId\":\"312269865356374016\",\"clOrdId\":\"dpp1x7\","
                + "\"px\":\"\",\"sz\":\"0.002\",\"ordType\":\"market\",\"side\":\"buy\",\"tdMode\":\"cash\",\"state\":\"partially_filled\","
                + "\"accFillSz\":\"0.001\",\"avgPx\":\"64000.1\",\"fillPx\":\"64000.1\",\"fillSz\":\"0.001\",\"tradeId\":\"242589207\","
                + "\"fillTime\":\"1654084353263\",\"fillFee\":\"-0.000001\",\"fillFeeCcy\":\"BTC\",\"execType\":\"T\","
                + "\"cTime\":\"1654084353262\",\"uTime\":\"1654084353264\"}]}"));
        assertThat(u.orders()).hasSize(1);
        VenueOrder o = u.orders().get(0);
        assertThat(o.status()).isEqualTo(VenueOrder.Status.PARTIALLY_FILLED);
        assertThat(o.clientOrderId()).isEqualTo("dpp1x7");
        assertThat(o.filled()).isEqualByComparingTo("0.001");
        VenueFill f = u.fills().get(0);
        assertThat(f.tradeId()).isEqualTo("242589207");
        assertThat(f.side()).isEqualTo(Side.BUY);
        assertThat(f.fee()).as("charged: positive in DPP").isEqualByComparingTo("0.000001");
        assertThat(f.feeAsset()).isEqualTo("BTC");
        assertThat(f.maker()).isFalse();
        assertThat(f.time()).isEqualTo(1_654_084_353_263_000L);
        PrivateStream.Update accepted = okx.read(json("{\"arg\":{\"channel\":\"orders\",\"instType\":\"SPOT\"},\"data\":[{\"instId\":"
                + "\"BTC-USDT\",\"ordId\":\"1\",\"clOrdId\":\"a\",\"px\":\"60000\",\"sz\":\"1\",\"side\":\"sell\",\"state\":\"live\","
                + "\"accFillSz\":\"0\",\"avgPx\":\"\",\"fillSz\":\"0\",\"tradeId\":\"\",\"uTime\":\"1\"}]}"));
        assertThat(accepted.fills()).as("no execution in an acceptance").isEmpty();
        assertThat(okx.read(json("{\"event\":\"subscribe\",\"arg\":{\"channel\":\"orders\"}}"))).as("not a push").isNull();
        assertThat(PrivateStream.of("bitstamp")).as("none: DPP does not trade there").isNull();
    }
}
