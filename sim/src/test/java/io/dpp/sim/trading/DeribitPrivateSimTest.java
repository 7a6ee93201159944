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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The simulator's Deribit account stream over a real socket, spoken to with DPP's own
 * {@link PrivateStream}: the {@code client_signature} auth checked by Deribit's rules, the
 * {@code user.trades} and {@code user.orders} channels pushed as Deribit pushes them (an inverse
 * perpetual's: dollars traded, fees in the coin), trades with the trade list's ids.
 */
class DeribitPrivateSimTest extends PrivateSimHarness {

    private static final Instrument PERP = Instrument.builder("deribit", "BTC-PERPETUAL").assets("BTC", "USD").type(InstrumentType.PERPETUAL)
            .tickSize(Decimal64.of(5, 1)).lotSize(Decimal64.of(10, 0)).build();
    private static final SimBook BOOK = new SimBook(PERP, List.<BigDecimal[]>of(new BigDecimal[] {new BigDecimal("39999.5"), new BigDecimal("1000")}),
            List.of(new BigDecimal[] {new BigDecimal("40000.0"), new BigDecimal("40")}, new BigDecimal[] {new BigDecimal("40000.5"),
                new BigDecimal("1000")}));

    private final OrderProtocol orders = OrderProtocol.of("deribit");

    DeribitPrivateSimTest() {
        super("deribit", new VenueKey("deribit-stream-key", "deribit-stream-secret", null), s -> s.equals("BTC-PERPETUAL") ? BOOK : null);
    }

    @Override
    String balances() {
        return "{\"BTC\":\"1\"}";
    }

    @Test
    void tradesAndOrdersArePushedAsDeribitPushesThem() throws Exception {
        connect(null);
        ws.sendText(stream.login(new VenueKey(key.apiKey(), "not-the-secret", null), System.currentTimeMillis(), null), true);
        assertThat(stream.loginAnswer(next())).startsWith("13004");
        ws.sendText(stream.login(key, System.currentTimeMillis() - 61_000, null), true);
        assertThat(stream.loginAnswer(next())).as("a timestamp a minute old").startsWith("13009");
        ws.sendText(stream.subscribe().get(0), true);
        assertThat(stream.subscribed(next())).as("no subscription before the auth").isFalse();
        ws.sendText(stream.login(key, System.currentTimeMillis(), null), true);
        assertThat(stream.loginAnswer(next())).isNull();
        ws.sendText(stream.subscribe().get(0), true);
        assertThat(stream.subscribed(next())).isTrue();

        // A market buy of 60 dollars takes 40 at 40000.0 and 20 at 40000.5: the order taken, then each trade and the order after it.
        JsonNode placed = call(orders.place(new LiveOrder("m1", "BTC-PERPETUAL", Side.BUY, OrderType.MARKET, TimeInForce.IOC,
                new BigDecimal("60"), null, null, false, false)));
        assertThat(orders.placeFills(placed)).as("the trades in the placement's answer").hasSize(2);
        List<VenueFill> pushed = new ArrayList<>();
        VenueOrder last = null;
        for (int i = 0; i < 5; i++) {
            PrivateStream.Update u = stream.read(next());
            pushed.addAll(u.fills());
            last = u.orders().isEmpty() ? last : u.orders().get(0);
        }
        assertThat(pushed).extracting(VenueFill::quantity).containsExactly(new BigDecimal("40"), new BigDecimal("20"));
        assertThat(pushed).allSatisfy(f -> assertThat(f.feeAsset()).as("an inverse contract's fee in the coin").isEqualTo("BTC"));
        assertThat(pushed.get(0).fee()).isEqualByComparingTo(new BigDecimal("40").divide(new BigDecimal("40000.0"))
                .multiply(new BigDecimal("0.0005")));
        assertThat(last.status()).isEqualTo(VenueOrder.Status.FILLED);
        List<VenueFill> listed = orders.fills(call(orders.fills("BTC-PERPETUAL", System.currentTimeMillis() - 60_000)));
        assertThat(pushed).extracting(VenueFill::tradeId).containsExactlyElementsOf(listed.stream().map(VenueFill::tradeId).toList());
        assertThat(orders.positions(call(orders.positions()))).as("the long the buy opened, in dollars")
                .containsEntry("BTC-PERPETUAL", new BigDecimal("60"));

        ws.sendText(stream.ping(), true);
        JsonNode pong = next();
        assertThat(pong.path("result").path("version").asText()).isNotEmpty();
        assertThat(stream.read(pong)).as("an answer, not a push").isNull();
    }

    private static LiveOrder bid(String label, String price) {
        return new LiveOrder(label, "BTC-PERPETUAL", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, new BigDecimal("10"), new BigDecimal(price),
                null, false, false);
    }

    /** Logs in on a new connection and arms its cancel-on-disconnect as the EMS does (a heartbeat, then the switch). */
    private void armedConnection() throws Exception {
        connect(null);
        ws.sendText(stream.login(key, System.currentTimeMillis(), null), true);
        assertThat(stream.loginAnswer(next())).isNull();
        for (String m : stream.cancelOnDisconnect(60)) {
            ws.sendText(m, true);
            assertThat(stream.cancelOnDisconnectAnswer(next())).as("the switch armed").isEmpty();
        }
    }

    /** An order sent over the connection, as the EMS sends it; the venue's answer. */
    private JsonNode overSocket(int id, io.dpp.trading.live.HttpCall call) throws Exception {
        ws.sendText(stream.request(id, call), true);
        JsonNode answer = next();
        assertThat(stream.answers(answer)).isEqualTo(id);
        return answer;
    }

    @Test
    void theConnectionsEndCancelsTheOrdersPlacedOverItWhenArmed() throws Exception {
        ws = null;
        connect(null);
        ws.sendText(stream.request(PrivateStream.FIRST_REQUEST_ID, orders.place(bid("early", "39000"))), true);
        assertThat(next().path("error").path("code").asInt()).as("no order before the auth").isEqualTo(13009);

        armedConnection();
        JsonNode placed = overSocket(PrivateStream.FIRST_REQUEST_ID + 1, orders.place(bid("socket-bid", "39000")));
        assertThat(orders.reject(200, placed)).isNull();
        assertThat(orders.order(placed).status()).isEqualTo(VenueOrder.Status.NEW);
        assertThat(orders.order(placed).price()).isEqualByComparingTo("39000");
        JsonNode bad = overSocket(PrivateStream.FIRST_REQUEST_ID + 2, orders.place(new LiveOrder("socket-x", "ETH-PERPETUAL", Side.BUY,
                OrderType.LIMIT, TimeInForce.GTC, new BigDecimal("10"), new BigDecimal("2000"), null, false, false)));
        assertThat(orders.reject(400, bad).reason()).as("a refusal answers with Deribit's code").isEqualTo(io.dpp.trading.live.VenueReject.Reason.UNKNOWN_SYMBOL);
        call(orders.place(bid("rest-bid", "39100")));

        ws.abort(); // the connection ends without a logout: its orders go, the one placed over REST stays
        long end = System.currentTimeMillis() + 10_000;
        VenueOrder socketBid;
        do {
            socketBid = orders.found(call(orders.query("BTC-PERPETUAL", "socket-bid")), "socket-bid");
        } while (socketBid.status() != VenueOrder.Status.CANCELED && System.currentTimeMillis() < end);
        assertThat(socketBid.status()).isEqualTo(VenueOrder.Status.CANCELED);
        assertThat(orders.found(call(orders.query("BTC-PERPETUAL", "rest-bid")), "rest-bid").status()).isEqualTo(VenueOrder.Status.NEW);

        // A logout is a graceful end: nothing is canceled.
        ws = null;
        armedConnection();
        overSocket(PrivateStream.FIRST_REQUEST_ID, orders.place(bid("kept-bid", "39200")));
        ws.sendText("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"private/logout\",\"params\":{}}", true);
        assertThat(closes.poll(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1000);
        assertThat(orders.found(call(orders.query("BTC-PERPETUAL", "kept-bid")), "kept-bid").status()).isEqualTo(VenueOrder.Status.NEW);

        // Unarmed, the connection's end cancels nothing.
        ws = null;
        connect(null);
        ws.sendText(stream.login(key, System.currentTimeMillis(), null), true);
        assertThat(stream.loginAnswer(next())).isNull();
        overSocket(PrivateStream.FIRST_REQUEST_ID, orders.place(bid("unarmed-bid", "39300")));
        ws.sendText("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"public/set_heartbeat\",\"params\":{\"interval\":5}}", true);
        assertThat(next().path("error").path("code").asInt()).as("a heartbeat under Deribit's 10 s").isEqualTo(11029);
        ws.abort();
        JsonNode open = call(orders.openOrders("BTC-PERPETUAL"));
        assertThat(orders.orders(open)).extracting(VenueOrder::clientOrderId).contains("unarmed-bid", "kept-bid", "rest-bid")
                .doesNotContain("socket-bid");
    }
}
