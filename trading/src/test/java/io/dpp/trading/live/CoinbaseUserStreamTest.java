package io.dpp.trading.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.model.Side;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Coinbase Advanced Trade's user channel: the JWT subscription and its check, and the documented order messages read into DPP's terms. */
class CoinbaseUserStreamTest {

    private final PrivateStream coinbase = PrivateStream.of("coinbase");

    private static JsonNode json(String s) throws Exception {
        return BalanceRead.JSON.readTree(s);
    }

    /** An Ed25519 CDP key, as Coinbase issues it: base64 of the seed and the public key (made for this test). */
    private static VenueKey key() {
        return new VenueKey("organizations/org-1/apiKeys/key-1", VenueKey.newCoinbaseSecret(null), null);
    }

    @Test
    void theSubscriptionCarriesAJwtWithoutUri() throws Exception {
        VenueKey key = key();
        long now = 1_700_000_000_000L;
        JsonNode subscribe = json(coinbase.login(key, now, null));
        assertThat(subscribe.path("type").asText()).isEqualTo("subscribe");
        assertThat(subscribe.path("channel").asText()).isEqualTo("user");
        String claims = new String(Base64.getUrlDecoder().decode(subscribe.path("jwt").asText().split("\\.")[1]), StandardCharsets.UTF_8);
        assertThat(claims).contains("\"iss\":\"cdp\"", "\"sub\":\"organizations/org-1/apiKeys/key-1\"").doesNotContain("uri");
        assertThat(coinbase.loginKey(subscribe)).isEqualTo(key.apiKey());
        assertThat(coinbase.checkLogin(subscribe, key, now + 60_000)).isNull();
        assertThat(coinbase.checkLogin(subscribe, key, now + 121_000)).contains("expired");
        assertThat(coinbase.checkLogin(subscribe, key(), now)).as("another key's signature").contains("invalid signature");
        assertThat(coinbase.loginAnswer(json("{\"channel\":\"subscriptions\",\"client_id\":\"\",\"timestamp\":\"2023-02-09T20:32:37.06Z\","
                + "\"sequence_num\":0,\"events\":[{\"subscriptions\":{\"user\":[\"222-3333-444\"]}}]}"))).isNull();
        assertThat(coinbase.loginAnswer(json("{\"type\":\"error\",\"message\":\"authentication failure\"}"))).contains("authentication failure");
        assertThatThrownBy(() -> coinbase.loginAnswer(json("{\"channel\":\"heartbeats\",\"events\":[]}"))).isInstanceOf(IllegalArgumentException.class);
        // Heartbeats keep a connection open that would be closed after a minute without messages.
        assertThat(json(coinbase.subscribe().get(0)).path("channel").asText()).isEqualTo("heartbeats");
        assertThat(coinbase.subscribed(json("{\"channel\":\"subscriptions\",\"events\":[{\"subscriptions\":{\"heartbeats\":[\"heartbeats\"],"
                + "\"user\":[\"222-3333-444\"]}}]}"))).isTrue();
    }

    @Test
    void ordersReadAsCoinbaseDocumentsThem() throws Exception {
        PrivateStream.Update u = coinbase.read(json("{\"channel\":\"user\",\"client_id\":\"\",\"timestamp\":\"2023-02-09T20:33:57.609931463Z\","
                + "\"sequence_num\":0,\"events\":[{\"type\":\"snapshot\",\"orders\":[{\"order_id\":\"XXX\",\"client_order_id\":\"YYY\","
                + "\"cumulative_quantity\":\"0.0004\",\"leaves_quantity\":\"0.000594\",\"avg_price\":\"21850.5\",\"total_fees\":\"0\","
                + "\"status\":\"OPEN\",\"product_id\":\"BTC-USD\",\"creation_time\":\"2022-12-07T19:42:18.719312Z\",\"order_side\":\"BUY\","
                + "\"order_type\":\"Limit\",\"limit_price\":\"21900\"}]}]}"));
        assertThat(u.fills()).as("the user channel carries no executions").isEmpty();
        VenueOrder o = u.orders().get(0);
        assertThat(o.venueOrderId()).isEqualTo("XXX");
        assertThat(o.clientOrderId()).isEqualTo("YYY");
        assertThat(o.status()).isEqualTo(VenueOrder.Status.PARTIALLY_FILLED);
        assertThat(o.side()).isEqualTo(Side.BUY);
        assertThat(o.quantity()).isEqualByComparingTo("0.000994");
        assertThat(o.filled()).isEqualByComparingTo("0.0004");
        assertThat(o.averagePrice()).isEqualByComparingTo("21850.5");
        assertThat(o.price()).isEqualByComparingTo("21900");
        assertThat(o.updated()).isEqualTo(1675974837609931L);
        VenueOrder done = coinbase.read(json("{\"channel\":\"user\",\"timestamp\":\"2023-02-09T20:33:58Z\",\"sequence_num\":1,\"events\":"
                + "[{\"type\":\"update\",\"orders\":[{\"order_id\":\"XXX\",\"client_order_id\":\"YYY\",\"cumulative_quantity\":\"0\","
                + "\"leaves_quantity\":\"0\",\"avg_price\":\"0\",\"status\":\"CANCELLED\",\"product_id\":\"BTC-USD\",\"order_side\":\"SELL\"}]}]}"))
                .orders().get(0);
        assertThat(done.status()).isEqualTo(VenueOrder.Status.CANCELED);
        assertThat(done.averagePrice()).isNull();
        assertThat(coinbase.read(json("{\"channel\":\"heartbeats\",\"events\":[{\"current_time\":\"2023-06-23 20:31:56\","
                + "\"heartbeat_counter\":\"3049\"}]}"))).isNull();
    }
}
