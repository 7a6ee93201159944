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
 * The simulator's Binance WebSocket API over a real socket, spoken to with DPP's own
 * {@link PrivateStream}: the signed subscription checked, executions pushed as Binance pushes
 * them (the same trade ids as the trade list), a cancel naming the order in {@code C}, ping frames
 * answered, and a forgotten subscription ended with {@code eventStreamTerminated}.
 */
class BinancePrivateSimTest extends PrivateSimHarness {

    private static final Instrument BTCUSDT = Instrument.builder("binance", "BTCUSDT").assets("BTC", "USDT").type(InstrumentType.SPOT)
            .tickSize(Decimal64.of(1, 2)).lotSize(Decimal64.of(1, 5)).build();
    private static final SimBook BOOK = new SimBook(BTCUSDT, List.<BigDecimal[]>of(new BigDecimal[] {new BigDecimal("99.99"), new BigDecimal("1")}),
            List.of(new BigDecimal[] {new BigDecimal("100.00"), new BigDecimal("0.4")}, new BigDecimal[] {new BigDecimal("100.01"), new BigDecimal("1")}));

    private final OrderProtocol orders = OrderProtocol.of("binance");

    BinancePrivateSimTest() {
        super("binance", new VenueKey("binance-stream-key-1", "binance-stream-secret", null), s -> s.equals("BTCUSDT") ? BOOK : null);
    }

    @Override
    String balances() {
        return "{\"USDT\":\"10000\",\"BTC\":\"1\"}";
    }

    private static LiveOrder order(String id, Side side, OrderType type, String qty, String price) {
        return new LiveOrder(id, "BTCUSDT", side, type, TimeInForce.GTC, new BigDecimal(qty), price == null ? null : new BigDecimal(price), null,
                false, false);
    }

    @Test
    void executionsArePushedAsBinancePushesThem() throws Exception {
        connect(null);
        // A subscription signed with another secret is refused in Binance's words; the right one is taken.
        ws.sendText(stream.login(new VenueKey(key.apiKey(), "not-the-secret", null), System.currentTimeMillis(), null), true);
        assertThat(stream.loginAnswer(next())).isEqualTo("-1022: Signature for this request is not valid.");
        ws.sendText(stream.login(key, System.currentTimeMillis(), null), true);
        assertThat(stream.loginAnswer(next())).isNull();

        // A market buy takes 0.4 at 100.00 and 0.1 at 100.01: NEW, then a TRADE report for each, with the trade list's ids.
        call(orders.place(order("m1", Side.BUY, OrderType.MARKET, "0.5", null)));
        List<VenueFill> pushed = new ArrayList<>();
        VenueOrder last = null;
        for (int i = 0; i < 3; i++) {
            PrivateStream.Update u = stream.read(next());
            pushed.addAll(u.fills());
            last = u.orders().get(0);
        }
        assertThat(pushed).extracting(VenueFill::quantity).containsExactly(new BigDecimal("0.4"), new BigDecimal("0.1"));
        assertThat(pushed).allSatisfy(f -> assertThat(f.clientOrderId()).isEqualTo("m1"));
        assertThat(last.status()).isEqualTo(VenueOrder.Status.FILLED);
        assertThat(last.averagePrice()).isEqualByComparingTo("100.002");
        List<VenueFill> listed = orders.fills(call(orders.fills("BTCUSDT", System.currentTimeMillis() - 60_000)));
        assertThat(pushed).extracting(VenueFill::tradeId).containsExactlyElementsOf(listed.stream().map(VenueFill::tradeId).toList());

        // A resting bid, then its cancel: the report names the order in C, not the cancel.
        call(orders.place(order("b1", Side.BUY, OrderType.LIMIT, "0.1", "90.00")));
        VenueOrder resting = stream.read(next()).orders().get(0);
        assertThat(resting.status()).isEqualTo(VenueOrder.Status.NEW);
        call(orders.cancel("BTCUSDT", "b1"));
        JsonNode report = next();
        assertThat(report.path("event").path("C").asText()).isEqualTo("b1");
        assertThat(report.path("event").path("c").asText()).isNotEqualTo("b1");
        VenueOrder canceled = stream.read(report).orders().get(0);
        assertThat(canceled.clientOrderId()).isEqualTo("b1");
        assertThat(canceled.status()).isEqualTo(VenueOrder.Status.CANCELED);

        // Ping frames are answered.
        ws.sendPing(ByteBuffer.allocate(0));
        assertThat(pongs.poll(10, TimeUnit.SECONDS)).isEqualTo("pong");

        // The venue forgets the subscription: it says so, and pushes nothing more on the open connection.
        assertThat(sim.forgetStreams("binance")).isEqualTo(1);
        assertThat(stream.ended(next())).contains("eventStreamTerminated");
        call(orders.place(order("b2", Side.BUY, OrderType.LIMIT, "0.1", "90.00")));
        ws.sendText("{\"id\":\"p\",\"method\":\"ping\",\"params\":{}}", true);
        assertThat(next().path("id").asText()).as("the ping's answer, no report before it").isEqualTo("p");
        // Subscribing again on the same connection brings the pushes back.
        ws.sendText(stream.login(key, System.currentTimeMillis(), null), true);
        assertThat(stream.loginAnswer(next())).isNull();
        call(orders.cancel("BTCUSDT", "b2"));
        assertThat(stream.read(next()).orders().get(0).clientOrderId()).isEqualTo("b2");
        assertThat(sim.forgetStreams("okx")).as("OKX keeps no subscription apart from its connection").isEqualTo(-1);
    }
}
