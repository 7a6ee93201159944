package io.dpp.sim.trading;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.core.model.Side;
import io.dpp.trading.live.LiveOrder;
import io.dpp.trading.live.OrderProtocol;
import io.dpp.trading.live.PrivateStream;
import io.dpp.trading.live.VenueFill;
import io.dpp.trading.live.VenueKey;
import io.dpp.trading.live.VenueOrder;
import io.dpp.trading.order.OrderType;
import io.dpp.trading.order.TimeInForce;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The simulator's Binance USD-M user data stream over a real socket, spoken to with DPP's own
 * {@link PrivateStream}: a listen key from the REST API opens it (an unknown one is refused), kept
 * alive by its keepalive; executions are pushed as {@code ORDER_TRADE_UPDATE} with the trade list's
 * ids; when the venue forgets its listen keys the connection hears {@code listenKeyExpired}, the
 * keepalive is refused {@code -1125}, and a new key is given.
 */
class BinanceUsdmPrivateSimTest extends PrivateSimHarness {

    private static final Instrument PERP = Instrument.builder("binance-futures", "BTCUSDT").assets("BTC", "USDT")
            .type(InstrumentType.PERPETUAL).tickSize(Decimal64.of(1, 1)).lotSize(Decimal64.of(1, 3)).build();
    private static final SimBook BOOK = new SimBook(PERP, List.<BigDecimal[]>of(new BigDecimal[] {new BigDecimal("99.9"), new BigDecimal("1")}),
            List.of(new BigDecimal[] {new BigDecimal("100.0"), new BigDecimal("0.4")}, new BigDecimal[] {new BigDecimal("100.1"), new BigDecimal("1")}));

    private final OrderProtocol orders = OrderProtocol.of("binance-futures");

    BinanceUsdmPrivateSimTest() {
        super("binance-futures", new VenueKey("usdm-stream-key-1", "usdm-stream-secret", null), s -> s.equals("BTCUSDT") ? BOOK : null);
    }

    @Override
    String balances() {
        return "{\"USDT\":\"10000\"}";
    }

    private static LiveOrder order(String id, Side side, OrderType type, String qty, String price) {
        return new LiveOrder(id, "BTCUSDT", side, type, TimeInForce.GTC, new BigDecimal(qty), price == null ? null : new BigDecimal(price), null,
                false, false);
    }

    @Test
    void executionsArePushedOnTheListenKeysStream() throws Exception {
        connect("not-a-listen-key");
        assertThat(closes.poll(10, TimeUnit.SECONDS)).as("an unknown listen key is refused").isEqualTo(1008);

        String listenKey = stream.token(call(stream.token()));
        assertThat(stream.token(call(stream.token()))).as("an account's active key, given again").isEqualTo(listenKey);
        connect(listenKey);
        awaitServed();
        assertThat(stream.login(key, System.currentTimeMillis(), listenKey)).as("the address carries the key: no login").isNull();

        // A market buy takes 0.4 at 100.0 and 0.1 at 100.1: NEW, then a TRADE report for each, with the trade list's ids.
        call(orders.place(order("m1", Side.BUY, OrderType.MARKET, "0.5", null)));
        List<VenueFill> pushed = new ArrayList<>();
        VenueOrder last = null;
        for (int i = 0; i < 3; i++) {
            PrivateStream.Update u = stream.read(next());
            pushed.addAll(u.fills());
            last = u.orders().get(0);
        }
        assertThat(pushed).extracting(VenueFill::quantity).containsExactly(new BigDecimal("0.4"), new BigDecimal("0.1"));
        assertThat(pushed).allSatisfy(f -> {
            assertThat(f.clientOrderId()).isEqualTo("m1");
            assertThat(f.feeAsset()).isEqualTo("USDT");
        });
        assertThat(last.status()).isEqualTo(VenueOrder.Status.FILLED);
        assertThat(last.averagePrice()).isEqualByComparingTo("100.02");
        List<VenueFill> listed = orders.fills(call(orders.fills("BTCUSDT", System.currentTimeMillis() - 60_000)));
        assertThat(pushed).extracting(VenueFill::tradeId).containsExactlyElementsOf(listed.stream().map(VenueFill::tradeId).toList());

        // A resting bid amended, then canceled: the reports name the order by its own client id.
        call(orders.place(order("b1", Side.BUY, OrderType.LIMIT, "0.2", "90.0")));
        assertThat(stream.read(next()).orders().get(0).status()).isEqualTo(VenueOrder.Status.NEW);
        call(orders.amend("BTCUSDT", "b1", Side.BUY, new BigDecimal("0.1"), new BigDecimal("91.0"), new BigDecimal("0.2"), new BigDecimal("90.0")));
        JsonNode amended = next();
        assertThat(amended.path("o").path("x").asText()).isEqualTo("AMENDMENT");
        assertThat(stream.read(amended).orders().get(0).price()).isEqualByComparingTo("91.0");
        call(orders.cancel("BTCUSDT", "b1"));
        VenueOrder canceled = stream.read(next()).orders().get(0);
        assertThat(canceled.clientOrderId()).isEqualTo("b1");
        assertThat(canceled.status()).isEqualTo(VenueOrder.Status.CANCELED);

        ws.sendPing(ByteBuffer.allocate(0));
        assertThat(pongs.poll(10, TimeUnit.SECONDS)).isEqualTo("pong");
        assertThat(answer(stream.renew(listenKey)).status()).as("kept alive").isEqualTo(200);

        // The venue restarts and forgets its listen keys: the stream says so and falls silent, the
        // keepalive is refused, and the account gets a new key.
        assertThat(sim.forgetStreams("binance-futures")).isEqualTo(1);
        assertThat(stream.ended(next())).contains("listenKeyExpired");
        call(orders.place(order("b2", Side.BUY, OrderType.LIMIT, "0.1", "90.0")));
        SimAccounts.Answer refused = answer(stream.renew(listenKey));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(orders.reject(refused.status(), io.dpp.trading.live.BalanceRead.JSON.readTree(refused.body())).code()).isEqualTo("-1125");
        String fresh = stream.token(call(stream.token()));
        assertThat(fresh).isNotEqualTo(listenKey);
        connect(fresh);
        awaitServed();
        call(orders.cancel("BTCUSDT", "b2"));
        assertThat(stream.read(next()).orders().get(0).clientOrderId()).as("the first push on the new key's stream").isEqualTo("b2");
    }
}
