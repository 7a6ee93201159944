package io.dpp.sim.trading;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The simulator's Bybit private WebSocket over a real socket, spoken to with DPP's own
 * {@link PrivateStream}: the auth checked by Bybit's rules, the order and execution topics pushed
 * as Bybit pushes them (a USDT-margined contract's), executions with the execution list's ids, a
 * post-only order that would take taken and then canceled with Bybit's reject reason.
 */
class BybitPrivateSimTest extends PrivateSimHarness {

    private static final Instrument BTCUSDT = Instrument.builder("bybit", "BTCUSDT").assets("BTC", "USDT").type(InstrumentType.PERPETUAL)
            .tickSize(Decimal64.of(1, 2)).lotSize(Decimal64.of(1, 6)).build();
    private static final SimBook BOOK = new SimBook(BTCUSDT, List.<BigDecimal[]>of(new BigDecimal[] {new BigDecimal("99.99"), new BigDecimal("1")}),
            List.of(new BigDecimal[] {new BigDecimal("100.00"), new BigDecimal("0.4")}, new BigDecimal[] {new BigDecimal("100.01"), new BigDecimal("1")}));

    private final OrderProtocol orders = OrderProtocol.of("bybit");

    BybitPrivateSimTest() {
        super("bybit", new VenueKey("bybit-stream-key-1", "bybit-stream-secret", null), s -> s.equals("BTCUSDT") ? BOOK : null);
    }

    @Override
    String balances() {
        return "{\"USDT\":\"10000\",\"BTC\":\"1\"}";
    }

    @Test
    void executionsArePushedAsBybitPushesThem() throws Exception {
        connect(null);
        ws.sendText(stream.login(new VenueKey(key.apiKey(), "not-the-secret", null), System.currentTimeMillis(), null), true);
        assertThat(stream.loginAnswer(next())).startsWith("10003");
        ws.sendText(stream.login(key, System.currentTimeMillis() - 20_000, null), true);
        assertThat(stream.loginAnswer(next())).as("an expiry already past").startsWith("10002");
        ws.sendText(stream.subscribe().get(0), true);
        assertThat(next().path("success").asBoolean()).as("no subscription before the auth").isFalse();
        ws.sendText(stream.login(key, System.currentTimeMillis(), null), true);
        assertThat(stream.loginAnswer(next())).isNull();
        ws.sendText(stream.subscribe().get(0), true);
        assertThat(stream.subscribed(next())).isTrue();

        // A market buy takes 0.4 at 100.00 and 0.1 at 100.01: the order as accepted, then each execution and the order after it.
        call(orders.place(new LiveOrder("m1", "BTCUSDT", Side.BUY, OrderType.MARKET, TimeInForce.IOC, new BigDecimal("0.5"), null, null,
                false, false)));
        List<VenueFill> pushed = new ArrayList<>();
        VenueOrder last = null;
        for (int i = 0; i < 5; i++) {
            PrivateStream.Update u = stream.read(next());
            pushed.addAll(u.fills());
            last = u.orders().isEmpty() ? last : u.orders().get(0);
        }
        assertThat(pushed).extracting(VenueFill::quantity).containsExactly(new BigDecimal("0.4"), new BigDecimal("0.1"));
        assertThat(pushed).allSatisfy(f -> assertThat(f.feeAsset()).as("a contract's fee in its settle coin").isEqualTo("USDT"));
        assertThat(last.status()).isEqualTo(VenueOrder.Status.FILLED);
        assertThat(last.averagePrice()).isEqualByComparingTo("100.002");
        List<VenueFill> listed = orders.fills(call(orders.fills("BTCUSDT", System.currentTimeMillis() - 60_000)));
        assertThat(pushed).extracting(VenueFill::tradeId).containsExactlyInAnyOrderElementsOf(listed.stream().map(VenueFill::tradeId).toList());
        assertThat(orders.positions(call(orders.positions()))).as("the long the buy opened").containsEntry("BTCUSDT", new BigDecimal("0.5"));

        // A post-only buy at the ask: Bybit takes it (retCode 0) and cancels it with its reject reason.
        call(orders.place(new LiveOrder("p1", "BTCUSDT", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, new BigDecimal("0.1"),
                new BigDecimal("100.01"), null, true, false)));
        VenueOrder took = stream.read(next()).orders().get(0);
        assertThat(took.clientOrderId()).isEqualTo("p1");
        assertThat(took.status()).isEqualTo(VenueOrder.Status.REJECTED);
        assertThat(took.rejection().reason()).isEqualTo(io.dpp.trading.live.VenueReject.Reason.POST_ONLY_WOULD_TAKE);
        assertThat(orders.order(call(orders.query("BTCUSDT", "p1"))).status()).isEqualTo(VenueOrder.Status.REJECTED);

        ws.sendText(stream.ping(), true);
        assertThat(next().path("op").asText()).isEqualTo("pong");
    }
}
