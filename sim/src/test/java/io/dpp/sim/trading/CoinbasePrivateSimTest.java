package io.dpp.sim.trading;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.core.model.Side;
import io.dpp.trading.live.HttpCall;
import io.dpp.trading.live.LiveOrder;
import io.dpp.trading.live.OrderProtocol;
import io.dpp.trading.live.PrivateStream;
import io.dpp.trading.live.VenueFill;
import io.dpp.trading.live.VenueKey;
import io.dpp.trading.live.VenueOrder;
import io.dpp.trading.order.OrderType;
import io.dpp.trading.order.TimeInForce;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The simulator's Coinbase Advanced Trade orders and user channel over a real socket, spoken to with
 * DPP's own {@link OrderProtocol} and {@link PrivateStream}: the JWT checked by Coinbase's rules,
 * orders found, canceled and edited by Coinbase's order id, a client order id used again answered
 * with its order, and every change of the orders pushed with what has filled.
 */
class CoinbasePrivateSimTest extends PrivateSimHarness {

    private static final Instrument BTCUSD = Instrument.builder("coinbase", "BTC-USD").assets("BTC", "USD").type(InstrumentType.SPOT)
            .tickSize(Decimal64.of(1, 2)).lotSize(Decimal64.of(1, 8)).build();
    private static final SimBook BOOK = new SimBook(BTCUSD, List.<BigDecimal[]>of(new BigDecimal[] {new BigDecimal("99.99"), new BigDecimal("1")}),
            List.of(new BigDecimal[] {new BigDecimal("100.00"), new BigDecimal("0.4")}, new BigDecimal[] {new BigDecimal("100.01"), new BigDecimal("1")}));

    private final OrderProtocol orders = OrderProtocol.of("coinbase");

    CoinbasePrivateSimTest() throws Exception {
        super("coinbase", new VenueKey("organizations/sim/apiKeys/stream-1", VenueKey.newCoinbaseSecret(null), null), s -> s.equals("BTC-USD") ? BOOK : null);
    }

    @Override
    String balances() {
        return "{\"USD\":\"10000\",\"BTC\":\"1\"}";
    }

    /** The next push of the user channel, read. */
    private VenueOrder pushed() throws Exception {
        PrivateStream.Update u = stream.read(next());
        assertThat(u.orders()).hasSize(1);
        return u.orders().get(0);
    }

    @Test
    void ordersArePushedAsCoinbasePushesThem() throws Exception {
        connect(null);
        ws.sendText(stream.login(new VenueKey(key.apiKey(), VenueKey.newCoinbaseSecret(null), null), System.currentTimeMillis(), null), true);
        assertThat(stream.loginAnswer(next())).as("signed by another key").contains("authentication failure");
        ws.sendText(stream.login(key, System.currentTimeMillis() - 180_000, null), true);
        assertThat(stream.loginAnswer(next())).as("a JWT expired").contains("authentication failure");
        ws.sendText(stream.login(key, System.currentTimeMillis(), null), true);
        assertThat(stream.loginAnswer(next())).isNull();
        assertThat(stream.read(next()).orders()).as("the snapshot: no working order yet").isEmpty();
        ws.sendText(stream.subscribe().get(0), true);
        assertThat(stream.subscribed(next())).isTrue();

        // A resting bid, found by its client order id among the listed orders (its id not known), then by its id.
        JsonNode placed = call(orders.place(new LiveOrder("bid-1", "BTC-USD", Side.BUY, OrderType.LIMIT, TimeInForce.GTC,
                new BigDecimal("0.2"), new BigDecimal("99.50"), null, false, false)));
        assertThat(orders.reject(200, placed)).isNull();
        String id = orders.order(placed).venueOrderId();
        assertThat(pushed().status()).isEqualTo(VenueOrder.Status.NEW);
        VenueOrder listed = orders.found(call(orders.query("BTC-USD", "bid-1", null)), "bid-1");
        assertThat(listed.venueOrderId()).isEqualTo(id);
        assertThat(orders.order(call(orders.query("BTC-USD", "bid-1", id))).price()).isEqualByComparingTo("99.50");
        // The same client order id again: Coinbase answers with that order and places nothing.
        JsonNode again = call(orders.place(new LiveOrder("bid-1", "BTC-USD", Side.BUY, OrderType.LIMIT, TimeInForce.GTC,
                new BigDecimal("0.2"), new BigDecimal("99.50"), null, false, false)));
        assertThat(orders.order(again).venueOrderId()).isEqualTo(id);
        assertThat(orders.orders(call(orders.openOrders("BTC-USD")))).hasSize(1);
        // Edited in place by its id: the whole new size and the new limit.
        JsonNode edited = call(orders.amend("BTC-USD", "bid-1", id, Side.BUY, new BigDecimal("0.3"), new BigDecimal("99.60"),
                new BigDecimal("0.2"), new BigDecimal("99.50")));
        assertThat(orders.reject(200, edited)).isNull();
        VenueOrder amended = pushed();
        assertThat(amended.quantity()).isEqualByComparingTo("0.3");
        assertThat(amended.price()).isEqualByComparingTo("99.60");

        // A market buy takes 0.4 at 100.00 and 0.1 at 100.01: each change pushed with what has filled, no executions.
        call(orders.place(new LiveOrder("m1", "BTC-USD", Side.BUY, OrderType.MARKET, TimeInForce.IOC, new BigDecimal("0.5"), null, null,
                false, false)));
        VenueOrder update = pushed();
        while (update.status() != VenueOrder.Status.FILLED) {
            update = pushed();
        }
        VenueOrder last = update;
        assertThat(last.filled()).isEqualByComparingTo("0.5");
        assertThat(last.averagePrice()).isEqualByComparingTo("100.002");
        List<VenueFill> fills = orders.fills(call(orders.fills("BTC-USD", System.currentTimeMillis() - 60_000)));
        assertThat(fills).extracting(VenueFill::quantity).containsExactlyInAnyOrder(new BigDecimal("0.4"), new BigDecimal("0.1"));
        assertThat(fills).allSatisfy(f -> {
            assertThat(f.venueOrderId()).isEqualTo(last.venueOrderId());
            assertThat(f.fee()).as("0.1% of the notional, in the quote").isEqualByComparingTo(f.price().multiply(f.quantity())
                    .multiply(new BigDecimal("0.001")));
        });

        // Canceled by its id; a second cancel of it is refused as an unknown order.
        JsonNode canceled = call(orders.cancel("BTC-USD", "bid-1", id));
        assertThat(orders.reject(200, canceled)).isNull();
        VenueOrder bid = pushed();
        while (!bid.venueOrderId().equals(id)) {
            bid = pushed(); // the market order's last pushes
        }
        assertThat(bid.status()).isEqualTo(VenueOrder.Status.CANCELED);
        assertThat(orders.reject(200, call(orders.cancel("BTC-USD", "bid-1", id))).reason())
                .isEqualTo(io.dpp.trading.live.VenueReject.Reason.UNKNOWN_ORDER);
        SimAccounts.Answer unknown = answer(orders.query("BTC-USD", "x", "c0ffee00-0000-4000-8000-00000000ffff"));
        assertThat(unknown.status()).isEqualTo(404);
        JsonNode truth = json(sim.truth("coinbase", key.apiKey()).body());
        assertThat(truth.path("placements").path("bid-1").asInt()).as("both placements counted, one order").isEqualTo(2);
        assertThat(truth.path("orders")).hasSize(2);
        assertThat(new BigDecimal(truth.path("balances").path("USD").asText())).as("paid the fills and their fees")
                .isEqualByComparingTo(new BigDecimal("10000").subtract(new BigDecimal("50.001").multiply(new BigDecimal("1.001"))));
        HttpCall time = orders.serverTime();
        assertThat(orders.serverTime(json(sim.serve("coinbase", time, 1_700_000_000_000L, books).body()))).isEqualTo(1_700_000_000_000L);
    }

    private static JsonNode json(String body) throws Exception {
        return io.dpp.trading.live.BalanceRead.JSON.readTree(body);
    }
}
