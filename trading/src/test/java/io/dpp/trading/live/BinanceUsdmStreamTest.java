package io.dpp.trading.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.model.Side;
import org.junit.jupiter.api.Test;

/** Binance USD-M's user data stream: the listen key's calls (the API key alone), its address, and its events read into DPP's terms. */
class BinanceUsdmStreamTest {

    private final PrivateStream usdm = PrivateStream.of("binance-futures");

    private static JsonNode json(String s) throws Exception {
        return BalanceRead.JSON.readTree(s);
    }

    @Test
    void aListenKeyOpensTheStream() throws Exception {
        VenueKey key = new VenueKey("vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A", "secret", null);
        VenueSigner signer = VenueSigner.of("binance-futures");
        HttpCall post = signer.sign(usdm.token(), key, 1_700_000_000_000L);
        assertThat(post.method() + " " + post.path()).isEqualTo("POST /fapi/v1/listenKey");
        assertThat(post.query()).as("USER_STREAM: the key only, no timestamp or signature").isEmpty();
        assertThat(post.header("X-MBX-APIKEY")).isEqualTo(key.apiKey());
        assertThat(signer.check(post, key, 1_700_000_000_000L)).isNull();
        assertThat(usdm.renew("k").method()).isEqualTo("PUT");
        String listenKey = usdm.token(json("{\"listenKey\":\"pqia91ma19a5s61cv6a81va65sdf19v8a65a1a5s61cv6a81va65sdf19v8a65a1\"}"));
        assertThat(usdm.url(listenKey)).isEqualTo("wss://fstream.binance.com/private/ws/" + listenKey);
        assertThat(usdm.path(listenKey)).isEqualTo("/private/ws/" + listenKey);
        assertThat(usdm.login(key, 0, listenKey)).as("nothing to send").isNull();
        assertThat(usdm.ended(json("{\"e\":\"listenKeyExpired\",\"E\":1736996475556,\"listenKey\":\"" + listenKey + "\"}")))
                .contains("listenKeyExpired");
    }

    @Test
    void orderTradeUpdatesReadAsBinanceDocumentsThem() throws Exception {
        PrivateStream.Update u = usdm.read(json("""
                {"e":"ORDER_TRADE_UPDATE","E":1568879465651,"T":1568879465650,"o":{"s":"BTCUSDT","c":"TEST","S":"SELL",
                 "o":"LIMIT","f":"GTC","q":"0.002","p":"7103.04","ap":"7103.04","sp":"0","x":"TRADE","X":"PARTIALLY_FILLED",
                 "i":8886774,"l":"0.001","z":"0.001","L":"7103.04","N":"USDT","n":"0.00355152","T":1568879465650,"t":4242,
                 "b":"0","a":"9.91","m":true,"R":false,"wt":"CONTRACT_PRICE","ot":"LIMIT","ps":"BOTH","cp":false,"rp":"0.5",
                 "pP":false,"si":0,"ss":0,"V":"EXPIRE_TAKER","pm":"NONE","gtd":0}}"""));
        VenueOrder o = u.orders().get(0);
        assertThat(o.clientOrderId()).isEqualTo("TEST");
        assertThat(o.status()).isEqualTo(VenueOrder.Status.PARTIALLY_FILLED);
        assertThat(o.filled()).isEqualByComparingTo("0.001");
        VenueFill f = u.fills().get(0);
        assertThat(f.tradeId()).isEqualTo("4242");
        assertThat(f.side()).isEqualTo(Side.SELL);
        assertThat(f.price()).isEqualByComparingTo("7103.04");
        assertThat(f.fee()).isEqualByComparingTo("0.00355152");
        assertThat(f.feeAsset()).isEqualTo("USDT");
        assertThat(f.maker()).isTrue();
        assertThat(f.time()).isEqualTo(1_568_879_465_650_000L);
        PrivateStream.Update placed = usdm.read(json("""
                {"e":"ORDER_TRADE_UPDATE","E":1,"T":1,"o":{"s":"BTCUSDT","c":"N1","S":"BUY","o":"LIMIT","q":"1","p":"1","ap":"0",
                 "x":"NEW","X":"NEW","i":1,"l":"0","z":"0","L":"0","n":"0","T":1,"t":0,"m":false}}"""));
        assertThat(placed.fills()).isEmpty();
        assertThat(placed.orders().get(0).averagePrice()).isNull();
        assertThat(usdm.read(json("{\"e\":\"ACCOUNT_UPDATE\",\"E\":1,\"T\":1,\"a\":{}}"))).isNull();
    }
}
