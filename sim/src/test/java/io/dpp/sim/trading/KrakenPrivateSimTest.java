package io.dpp.sim.trading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The simulator's Kraken private WebSocket v2 over a real socket, spoken to with DPP's own
 * {@link PrivateStream}: a token from {@code GetWebSocketsToken} subscribes the executions channel
 * (another is refused), and every change of the account's orders is pushed as Kraken pushes it,
 * executions with the trade list's txids.
 */
class KrakenPrivateSimTest extends PrivateSimHarness {

    private static final Instrument XBTUSD = Instrument.builder("kraken", "XBT/USD").assets("BTC", "USD").type(InstrumentType.SPOT)
            .tickSize(Decimal64.of(1, 1)).lotSize(Decimal64.of(1, 8)).build();
    private static final SimBook BOOK = new SimBook(XBTUSD, List.<BigDecimal[]>of(new BigDecimal[] {new BigDecimal("99.9"), new BigDecimal("1")}),
            List.of(new BigDecimal[] {new BigDecimal("100.0"), new BigDecimal("0.4")}, new BigDecimal[] {new BigDecimal("100.1"), new BigDecimal("1")}));

    private final OrderProtocol orders = OrderProtocol.of("kraken");

    KrakenPrivateSimTest() {
        super("kraken", new VenueKey("kraken-stream-key-1", Base64.getEncoder().encodeToString("kraken-stream-secret-0123456789".getBytes()), null),
                s -> s.equals("XBT/USD") ? BOOK : null);
    }

    @Override
    String balances() {
        return "{\"ZUSD\":\"10000\",\"XXBT\":\"1\"}";
    }

    private static LiveOrder order(String id, Side side, OrderType type, String qty, String price) {
        return new LiveOrder(id, "XBT/USD", side, type, TimeInForce.GTC, new BigDecimal(qty), price == null ? null : new BigDecimal(price), null,
                false, false);
    }

    @Test
    void executionsArePushedAsKrakenPushesThem() throws Exception {
        connect(null);
        JsonNode status = next();
        assertThat(status.path("channel").asText()).as("Kraken greets a connection with its status").isEqualTo("status");
        assertThatThrownBy(() -> stream.loginAnswer(status)).isInstanceOf(IllegalArgumentException.class);

        // A token Kraken never gave is refused; one from GetWebSocketsToken subscribes.
        ws.sendText(stream.login(key, System.currentTimeMillis(), "not-a-token"), true);
        assertThat(stream.loginAnswer(next())).isEqualTo("ESession:Invalid session");
        String token = stream.token(call(stream.token()));
        ws.sendText(stream.login(key, System.currentTimeMillis(), token), true);
        assertThat(stream.loginAnswer(next())).isNull();
        JsonNode snapshot = next();
        assertThat(snapshot.path("type").asText()).isEqualTo("snapshot");
        assertThat(snapshot.path("data")).as("no working order yet").isEmpty();

        // A market buy takes 0.4 at 100.0 and 0.1 at 100.1: new, a trade report for each, filled.
        call(orders.place(order("m1", Side.BUY, OrderType.MARKET, "0.5", null)));
        List<VenueFill> pushed = new ArrayList<>();
        VenueOrder last = null;
        for (int i = 0; i < 4; i++) {
            PrivateStream.Update u = stream.read(next());
            pushed.addAll(u.fills());
            last = u.orders().get(0);
        }
        assertThat(pushed).extracting(VenueFill::quantity).containsExactly(new BigDecimal("0.4"), new BigDecimal("0.1"));
        assertThat(pushed).allSatisfy(f -> {
            assertThat(f.clientOrderId()).isEqualTo("m1");
            assertThat(f.symbol()).as("DPP's name of the pair").isEqualTo("XBT/USD");
            assertThat(f.feeAsset()).as("the quote, as the trade list says it").isNull();
        });
        assertThat(pushed.get(0).fee()).isEqualByComparingTo("0.04");
        assertThat(last.status()).isEqualTo(VenueOrder.Status.FILLED);
        assertThat(last.averagePrice()).isEqualByComparingTo("100.02");
        List<VenueFill> listed = orders.fills(call(orders.fills("XBT/USD", System.currentTimeMillis() - 60_000)));
        assertThat(pushed).extracting(VenueFill::tradeId).containsExactlyElementsOf(listed.stream().map(VenueFill::tradeId).toList());

        // A resting bid amended in place, then canceled.
        call(orders.place(order("b1", Side.BUY, OrderType.LIMIT, "0.2", "90.0")));
        assertThat(stream.read(next()).orders().get(0).status()).isEqualTo(VenueOrder.Status.NEW);
        call(orders.amend("XBT/USD", "b1", Side.BUY, new BigDecimal("0.1"), new BigDecimal("91.0"), new BigDecimal("0.2"), new BigDecimal("90.0")));
        JsonNode amended = next();
        assertThat(amended.path("data").path(0).path("exec_type").asText()).isEqualTo("amended");
        VenueOrder b1 = stream.read(amended).orders().get(0);
        assertThat(b1.quantity()).isEqualByComparingTo("0.1");
        assertThat(b1.price()).isEqualByComparingTo("91.0");
        call(orders.cancel("XBT/USD", "b1"));
        VenueOrder canceled = stream.read(next()).orders().get(0);
        assertThat(canceled.clientOrderId()).isEqualTo("b1");
        assertThat(canceled.status()).isEqualTo(VenueOrder.Status.CANCELED);
        assertThat(canceled.filled()).isEqualByComparingTo("0");

        ws.sendText(stream.ping(), true);
        assertThat(next().path("method").asText()).isEqualTo("pong");
        assertThat(sim.forgetStreams("kraken")).as("a Kraken connection's subscription lasts as long as it does").isEqualTo(-1);
    }
}
