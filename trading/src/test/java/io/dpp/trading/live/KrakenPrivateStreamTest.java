package io.dpp.trading.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.model.Side;
import org.junit.jupiter.api.Test;

/** Kraken's private WebSocket v2: the token, the subscription it makes, and execution reports (Kraken's documented examples) read into DPP's terms. */
class KrakenPrivateStreamTest {

    private final PrivateStream kraken = PrivateStream.of("kraken");

    private static JsonNode json(String s) throws Exception {
        return BalanceRead.JSON.readTree(s);
    }

    @Test
    void aTokenFromRestSubscribesTheExecutionsChannel() throws Exception {
        assertThat(kraken.token().path()).isEqualTo("/0/private/GetWebSocketsToken");
        String token = kraken.token(json("{\"error\":[],\"result\":{\"token\":\"1Dwc4lzSwNWOAwkMdqhssNNFhs1ed606d1WcF3XfEMw\",\"expires\":900}}"));
        assertThat(token).isEqualTo("1Dwc4lzSwNWOAwkMdqhssNNFhs1ed606d1WcF3XfEMw");
        assertThatThrownBy(() -> kraken.token(json("{\"error\":[\"EAPI:Invalid key\"]}"))).isInstanceOf(IllegalArgumentException.class);
        JsonNode subscribe = json(kraken.login(new VenueKey("k", "s", null), 0, token));
        assertThat(subscribe.path("method").asText()).isEqualTo("subscribe");
        assertThat(subscribe.path("params").path("channel").asText()).isEqualTo("executions");
        assertThat(kraken.loginKey(subscribe)).isEqualTo(token);
        assertThat(kraken.subscribe()).as("the subscription is the login").isEmpty();
        assertThat(kraken.loginAnswer(json("{\"method\":\"subscribe\",\"result\":{\"channel\":\"executions\",\"maxratecount\":125,"
                + "\"snap_orders\":true,\"snap_trades\":true},\"success\":true,\"time_in\":\"2023-10-16T13:18:35.303171Z\","
                + "\"time_out\":\"2023-10-16T13:18:35.318297Z\"}"))).isNull();
        assertThat(kraken.loginAnswer(json("{\"method\":\"subscribe\",\"error\":\"ESession:Invalid session\",\"success\":false}")))
                .isEqualTo("ESession:Invalid session");
        assertThatThrownBy(() -> kraken.loginAnswer(json("{\"channel\":\"status\",\"type\":\"update\",\"data\":[{\"system\":\"online\"}]}")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void executionReportsReadAsKrakenDocumentsThem() throws Exception {
        // Kraken's documented trade report (its order had a user reference, not a cl_ord_id).
        PrivateStream.Update trade = kraken.read(json("{\"channel\":\"executions\",\"type\":\"update\",\"data\":[{\"order_id\":"
                + "\"OK4GJX-KSTLS-7DZZO5\",\"order_userref\":3,\"exec_id\":\"TGBB7L-HT5LX-J3BZ4A\",\"exec_type\":\"trade\",\"trade_id\":62887576,"
                + "\"symbol\":\"BTC/USD\",\"side\":\"sell\",\"last_qty\":0.005,\"last_price\":26599.9,\"liquidity_ind\":\"t\",\"cost\":132.9995,"
                + "\"order_type\":\"limit\",\"timestamp\":\"2023-09-22T10:33:05.709993Z\",\"order_status\":\"partially_filled\","
                + "\"cum_qty\":0.005,\"cum_cost\":132.9995,\"avg_price\":26599.9,\"fee_usd_equiv\":0.3458,"
                + "\"fees\":[{\"asset\":\"USD\",\"qty\":0.3458}]}],\"sequence\":10}"));
        VenueFill f = trade.fills().get(0);
        assertThat(f.tradeId()).as("the trade's txid, as the trade list names it").isEqualTo("TGBB7L-HT5LX-J3BZ4A");
        assertThat(f.venueOrderId()).isEqualTo("OK4GJX-KSTLS-7DZZO5");
        assertThat(f.symbol()).as("DPP's (WebSocket v1) name").isEqualTo("XBT/USD");
        assertThat(f.side()).isEqualTo(Side.SELL);
        assertThat(f.quantity()).isEqualByComparingTo("0.005");
        assertThat(f.price()).isEqualByComparingTo("26599.9");
        assertThat(f.fee()).isEqualByComparingTo("0.3458");
        assertThat(f.feeAsset()).as("the quote").isNull();
        assertThat(f.maker()).isFalse();
        assertThat(f.time()).isEqualTo(1_695_378_785_709_993L);
        VenueOrder o = trade.orders().get(0);
        assertThat(o.status()).isEqualTo(VenueOrder.Status.PARTIALLY_FILLED);
        assertThat(o.filled()).isEqualByComparingTo("0.005");

        // The documented "new" report names only the order: its state, no fill, nothing else invented.
        PrivateStream.Update accepted = kraken.read(json("{\"channel\":\"executions\",\"type\":\"update\",\"data\":[{\"timestamp\":"
                + "\"2023-09-22T10:33:05.709982Z\",\"order_status\":\"new\",\"exec_type\":\"new\",\"order_userref\":3,"
                + "\"order_id\":\"OK4GJX-KSTLS-7DZZO5\"}],\"sequence\":9}"));
        assertThat(accepted.fills()).isEmpty();
        assertThat(accepted.orders().get(0).status()).isEqualTo(VenueOrder.Status.NEW);
        assertThat(accepted.orders().get(0).symbol()).isNull();
        assertThat(accepted.orders().get(0).filled()).isNull();

        // An end without what the order filled is left to the lookup.
        assertThat(kraken.read(json("{\"channel\":\"executions\",\"type\":\"update\",\"data\":[{\"order_id\":\"O1\","
                + "\"exec_type\":\"canceled\",\"order_status\":\"canceled\"}]}")).orders()).isEmpty();
        assertThat(kraken.read(json("{\"channel\":\"heartbeat\"}"))).isNull();
        assertThat(KrakenAssets.v1Pair("DOGE/USD")).isEqualTo("XDG/USD");
        assertThat(KrakenAssets.v2Pair("XBT/USDT")).isEqualTo("BTC/USDT");
    }
}
