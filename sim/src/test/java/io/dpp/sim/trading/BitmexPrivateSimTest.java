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
 * The simulator's BitMEX account stream over a real socket, spoken to with DPP's own
 * {@link PrivateStream}: {@code authKeyExpires} checked by BitMEX's rules, the {@code execution}
 * table pushed as BitMEX pushes it (XBTUSD: dollars traded, fees in whole satoshis), trades with the
 * trade history's ids, a post-only order that would take taken and canceled.
 */
class BitmexPrivateSimTest extends PrivateSimHarness {

    private static final Instrument XBTUSD = Instrument.builder("bitmex", "XBTUSD").assets("BTC", "USD").type(InstrumentType.PERPETUAL)
            .tickSize(Decimal64.of(5, 1)).lotSize(Decimal64.of(100, 0)).build();
    private static final SimBook BOOK = new SimBook(XBTUSD, List.<BigDecimal[]>of(new BigDecimal[] {new BigDecimal("39999.5"), new BigDecimal("10000")}),
            List.of(new BigDecimal[] {new BigDecimal("40000.0"), new BigDecimal("200")}, new BigDecimal[] {new BigDecimal("40000.5"),
                new BigDecimal("10000")}));

    private final OrderProtocol orders = OrderProtocol.of("bitmex");

    BitmexPrivateSimTest() {
        super("bitmex", new VenueKey("bitmex-stream-key", "bitmex-stream-secret", null), s -> s.equals("XBTUSD") ? BOOK : null);
    }

    @Override
    String balances() {
        return "{\"BTC\":\"1\"}";
    }

    @Test
    void executionsArePushedAsBitmexPushesThem() throws Exception {
        connect(null);
        ws.sendText(stream.login(new VenueKey(key.apiKey(), "not-the-secret", null), System.currentTimeMillis(), null), true);
        assertThat(stream.loginAnswer(next())).startsWith("401");
        ws.sendText(stream.login(key, System.currentTimeMillis() - 20_000, null), true);
        assertThat(stream.loginAnswer(next())).as("an expiry already past").contains("expiry");
        ws.sendText(stream.subscribe().get(0), true);
        assertThat(stream.subscribed(next())).as("no subscription before the auth").isFalse();
        ws.sendText(stream.login(key, System.currentTimeMillis(), null), true);
        assertThat(stream.loginAnswer(next())).isNull();
        ws.sendText(stream.subscribe().get(0), true);
        assertThat(stream.subscribed(next())).isTrue();
        assertThat(stream.read(next()).orders()).as("the partial: nothing yet").isEmpty();

        // A market buy of 300 dollars takes 200 at 40000.0 and 100 at 40000.5: the order taken, then a Trade row each.
        call(orders.place(new LiveOrder("m1", "XBTUSD", Side.BUY, OrderType.MARKET, TimeInForce.IOC, new BigDecimal("300"), null, null,
                false, false)));
        List<VenueFill> pushed = new ArrayList<>();
        VenueOrder last = null;
        for (int i = 0; i < 3; i++) {
            PrivateStream.Update u = stream.read(next());
            pushed.addAll(u.fills());
            last = u.orders().isEmpty() ? last : u.orders().get(0);
        }
        assertThat(pushed).extracting(VenueFill::quantity).containsExactly(new BigDecimal("200"), new BigDecimal("100"));
        assertThat(pushed).extracting(VenueFill::fee).as("0.05% of 200/40000 and of 100/40000.5 coins, in whole satoshis")
                .usingElementComparator(BigDecimal::compareTo).containsExactly(new BigDecimal("0.0000025"), new BigDecimal("0.00000125"));
        assertThat(pushed).allSatisfy(f -> assertThat(f.feeAsset()).isEqualTo("BTC"));
        assertThat(last.status()).isEqualTo(VenueOrder.Status.FILLED);
        List<VenueFill> listed = orders.fills(call(orders.fills("XBTUSD", System.currentTimeMillis() - 60_000)));
        assertThat(pushed).extracting(VenueFill::tradeId).containsExactlyElementsOf(listed.stream().map(VenueFill::tradeId).toList());
        assertThat(orders.positions(call(orders.positions()))).containsEntry("XBTUSD", new BigDecimal("300"));

        // A post-only buy at the ask: taken, then canceled for its ParticipateDoNotInitiate.
        JsonNode took = call(orders.place(new LiveOrder("p1", "XBTUSD", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, new BigDecimal("100"),
                new BigDecimal("40000.5"), null, true, false)));
        assertThat(orders.order(took).status()).isEqualTo(VenueOrder.Status.REJECTED);
        assertThat(orders.order(took).rejection().reason()).isEqualTo(io.dpp.trading.live.VenueReject.Reason.POST_ONLY_WOULD_TAKE);
        assertThat(stream.read(next()).orders().get(0).status()).isEqualTo(VenueOrder.Status.REJECTED);

        ws.sendText(stream.ping(), true);
        assertThat(nextText()).isEqualTo("pong");
    }
}
