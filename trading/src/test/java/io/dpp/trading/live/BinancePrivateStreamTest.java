package io.dpp.trading.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.model.Side;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Binance spot's user data stream on the WebSocket API: the signed subscription as Binance documents it, and its events read into DPP's terms. */
class BinancePrivateStreamTest {

    private final PrivateStream binance = PrivateStream.of("binance");
    private final VenueKey key = new VenueKey("vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A",
            "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j", null);

    private static JsonNode json(String s) throws Exception {
        return BalanceRead.JSON.readTree(s);
    }

    @Test
    void theSignatureIsTheOneBinancesDocumentationComputes() {
        // The WebSocket API's "SIGNED request example (HMAC)": the parameters in the order the request
        // lists them; the payload sorts them by name.
        Map<String, String> params = new LinkedHashMap<>();
        params.put("symbol", "BTCUSDT");
        params.put("side", "SELL");
        params.put("type", "LIMIT");
        params.put("timeInForce", "GTC");
        params.put("quantity", "0.01000000");
        params.put("price", "52000.00");
        params.put("recvWindow", "100");
        params.put("timestamp", "1645423376532");
        params.put("apiKey", key.apiKey());
        assertThat(BinancePrivateStream.payload(params)).isEqualTo("apiKey=" + key.apiKey()
                + "&price=52000.00&quantity=0.01000000&recvWindow=100&side=SELL&symbol=BTCUSDT&timeInForce=GTC&timestamp=1645423376532&type=LIMIT");
        assertThat(BinancePrivateStream.sign(key.secret(), params)).isEqualTo("aa1b5712c094bc4e57c05a1a5c1fd8d88dcd628338ea863fec7b88e59fe2db24");
        params.put("symbol", "１２３４５６");
        params.put("side", "BUY");
        params.put("quantity", "1.00000000");
        params.put("price", "0.10000000");
        params.put("recvWindow", "5000");
        assertThat(BinancePrivateStream.sign(key.secret(), params)).as("UTF-8 symbol")
                .isEqualTo("b33892ae8e687c939f4468c6268ddd4c40ac1af18ad19a064864c47bae0752cd");
    }

    @Test
    void theSubscriptionIsSignedAndCheckedByBinancesRules() throws Exception {
        long now = 1_747_385_641_636L;
        JsonNode request = json(binance.login(key, now, null));
        assertThat(request.path("method").asText()).isEqualTo("userDataStream.subscribe.signature");
        JsonNode p = request.path("params");
        assertThat(p.path("timestamp").asLong()).isEqualTo(now);
        assertThat(p.path("signature").asText()).isEqualTo(Hmac.sha256Hex(key.secret(), "apiKey=" + key.apiKey() + "&recvWindow=5000&timestamp=" + now));
        assertThat(binance.loginKey(request)).isEqualTo(key.apiKey());
        assertThat(binance.checkLogin(request, key, now + 5_000)).isNull();
        assertThat(binance.checkLogin(request, key, now + 5_001)).as("older than recvWindow").startsWith("-1021");
        assertThat(binance.checkLogin(request, key, now - 1_000)).as("1 s ahead of the venue").startsWith("-1021");
        assertThat(binance.checkLogin(request, new VenueKey(key.apiKey(), "another", null), now)).startsWith("-1022");
        assertThat(binance.subscribe()).as("the signed request is the subscription").isEmpty();
        assertThat(binance.loginAnswer(json("{\"id\":\"dpp-user-data\",\"status\":200,\"result\":{\"subscriptionId\":0}}"))).isNull();
        assertThat(binance.loginAnswer(json("{\"id\":\"dpp-user-data\",\"status\":400,\"error\":{\"code\":-1022,"
                + "\"msg\":\"Signature for this request is not valid.\"}}"))).isEqualTo("-1022: Signature for this request is not valid.");
        assertThatThrownBy(() -> binance.loginAnswer(json("{\"subscriptionId\":0,\"event\":{\"e\":\"outboundAccountPosition\"}}")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(binance.ping()).as("WebSocket ping frames").isNull();
    }

    @Test
    void executionReportsReadAsTheOrderAndItsExecution() throws Exception {
        PrivateStream.Update u = binance.read(json("{\"subscriptionId\":0,\"event\":{\"e\":\"executionReport\",\"E\":1499405658658,"
                + "\"s\":\"BTCUSDT\",\"c\":\"dpp1x7\",\"S\":\"BUY\",\"o\":\"LIMIT\",\"f\":\"GTC\",\"q\":\"0.00200000\",\"p\":\"64000.10\","
                + "\"P\":\"0.00000000\",\"F\":\"0.00000000\",\"g\":-1,\"C\":\"\",\"x\":\"TRADE\",\"X\":\"PARTIALLY_FILLED\",\"r\":\"NONE\","
                + "\"i\":4293153,\"l\":\"0.00100000\",\"z\":\"0.00100000\",\"L\":\"64000.10\",\"n\":\"0.00000100\",\"N\":\"BTC\","
                + "\"T\":1499405658657,\"t\":242589207,\"I\":8641984,\"w\":true,\"m\":true,\"M\":true,\"O\":1499405658600,"
                + "\"Z\":\"64.00010000\",\"Y\":\"64.00010000\",\"Q\":\"0.00000000\",\"W\":1499405658600,\"V\":\"NONE\"}}"));
        VenueOrder o = u.orders().get(0);
        assertThat(o.status()).isEqualTo(VenueOrder.Status.PARTIALLY_FILLED);
        assertThat(o.clientOrderId()).isEqualTo("dpp1x7");
        assertThat(o.venueOrderId()).isEqualTo("4293153");
        assertThat(o.filled()).isEqualByComparingTo("0.001");
        assertThat(o.averagePrice()).isEqualByComparingTo("64000.1");
        assertThat(o.price()).isEqualByComparingTo("64000.1");
        VenueFill f = u.fills().get(0);
        assertThat(f.tradeId()).isEqualTo("242589207");
        assertThat(f.side()).isEqualTo(Side.BUY);
        assertThat(f.price()).isEqualByComparingTo("64000.1");
        assertThat(f.quantity()).isEqualByComparingTo("0.001");
        assertThat(f.fee()).isEqualByComparingTo("0.000001");
        assertThat(f.feeAsset()).isEqualTo("BTC");
        assertThat(f.maker()).isTrue();
        assertThat(f.time()).isEqualTo(1_499_405_658_657_000L);

        // A cancel's report names the cancel request in c and the order in C.
        PrivateStream.Update canceled = binance.read(json("{\"subscriptionId\":0,\"event\":{\"e\":\"executionReport\",\"E\":1,"
                + "\"s\":\"BTCUSDT\",\"c\":\"web_cancel_9\",\"S\":\"SELL\",\"o\":\"LIMIT\",\"q\":\"1\",\"p\":\"70000\",\"C\":\"dpp2\","
                + "\"x\":\"CANCELED\",\"X\":\"CANCELED\",\"i\":7,\"l\":\"0\",\"z\":\"0\",\"L\":\"0\",\"n\":\"0\",\"N\":null,\"T\":2,\"t\":-1,"
                + "\"m\":false,\"Z\":\"0\"}}"));
        assertThat(canceled.orders().get(0).clientOrderId()).isEqualTo("dpp2");
        assertThat(canceled.orders().get(0).status()).isEqualTo(VenueOrder.Status.CANCELED);
        assertThat(canceled.orders().get(0).averagePrice()).isNull();
        assertThat(canceled.fills()).as("no execution in a cancel").isEmpty();

        assertThat(binance.read(json("{\"subscriptionId\":0,\"event\":{\"e\":\"outboundAccountPosition\",\"E\":1,\"u\":1,\"B\":[]}}")))
                .as("balances are read by the EMS's own calls").isNull();
        assertThat(binance.ended(json("{\"subscriptionId\":0,\"event\":{\"e\":\"eventStreamTerminated\",\"E\":1728973001334}}")))
                .contains("eventStreamTerminated");
        assertThat(binance.ended(json("{\"event\":{\"e\":\"serverShutdown\",\"E\":1770123456789}}"))).contains("serverShutdown");
        assertThat(binance.ended(json("{\"subscriptionId\":0,\"event\":{\"e\":\"executionReport\"}}"))).isNull();
    }
}
