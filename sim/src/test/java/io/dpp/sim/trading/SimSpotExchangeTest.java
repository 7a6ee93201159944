package io.dpp.sim.trading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulated spot account's ground truth and its duplicated-executions fault. */
class SimSpotExchangeTest {

    private static final Instrument BTC = Instrument.builder("binance", "BTCUSDT").assets("BTC", "USDT").type(InstrumentType.SPOT)
            .tickSize(Decimal64.of(1, 2)).lotSize(Decimal64.of(1, 5)).build();
    private static final SimBook BOOK = new SimBook(BTC,
            List.<BigDecimal[]>of(new BigDecimal[] {new BigDecimal("99.99"), new BigDecimal("1")}),
            List.of(new BigDecimal[] {new BigDecimal("100.00"), new BigDecimal("0.4")},
                    new BigDecimal[] {new BigDecimal("100.01"), new BigDecimal("1")}));

    @Test
    void echoedTradeListsRepeatEveryTradeOutOfOrderForAsManyListsAsArmed() throws Exception {
        SimSpotExchange x = new SimSpotExchange(Map.of("USDT", new BigDecimal("1000")), 1);
        x.place(BOOK, "a", true, "MARKET", "IOC", new BigDecimal("0.5"), null, null, 1_000);
        List<SimSpotExchange.Trade> truth = x.trades("BTCUSDT", 0);
        assertThat(truth).extracting(SimSpotExchange.Trade::quantity).containsExactly(new BigDecimal("0.4"), new BigDecimal("0.1"));

        x.echo(1);
        List<SimSpotExchange.Trade> echoed = x.trades("BTCUSDT", 0);
        assertThat(echoed).extracting(SimSpotExchange.Trade::id)
                .containsExactly(truth.get(1).id(), truth.get(0).id(), truth.get(0).id(), truth.get(1).id());
        assertThat(x.trades("BTCUSDT", 0)).as("the fault spent").isEqualTo(truth);
        assertThat(x.allTrades()).isEqualTo(truth);
    }

    @Test
    void anAmendedOrderKeepsItsIdsHoldsForItsNewTermsAndTradesWhenItCrosses() throws Exception {
        SimSpotExchange x = new SimSpotExchange(Map.of("USDT", new BigDecimal("1000")), 1);
        SimSpotExchange.Order o = x.place(BOOK, "a", true, "LIMIT", "GTC", new BigDecimal("1"), new BigDecimal("90.00"), null, 1_000);
        assertThat(x.locked().get("USDT")).isEqualByComparingTo("90.00");
        x.amend(BOOK, "a", new BigDecimal("2"), new BigDecimal("95.00"), 2_000);
        assertThat(x.order("a")).isSameAs(o);
        assertThat(o.quantity).isEqualByComparingTo("2");
        assertThat(o.price).isEqualByComparingTo("95.00");
        assertThat(x.locked().get("USDT")).isEqualByComparingTo("190.00");
        assertThat(x.free().get("USDT")).isEqualByComparingTo("810.00");
        assertThatThrownBy(() -> x.amend(BOOK, "a", new BigDecimal("20"), null, 3_000)).isInstanceOf(SimSpotExchange.Refused.class)
                .hasMessageContaining("insufficient balance");
        assertThatThrownBy(() -> x.amend(BOOK, "a", null, new BigDecimal("95.005"), 3_000)).hasMessageContaining("PRICE_FILTER");
        // Amended to cross the asks (0.4 at 100.00): it takes them at once and rests with the rest.
        x.amend(BOOK, "a", null, new BigDecimal("100.00"), 4_000);
        assertThat(o.filled).isEqualByComparingTo("0.4");
        assertThat(o.status).isEqualTo("PARTIALLY_FILLED");
        assertThatThrownBy(() -> x.amend(BOOK, "a", new BigDecimal("0.4"), null, 5_000)).as("not above what filled")
                .hasMessageContaining("LOT_SIZE");
        x.cancel("a", 6_000);
        assertThatThrownBy(() -> x.amend(BOOK, "a", new BigDecimal("1"), null, 7_000)).hasMessageContaining("cannot be amended");
        assertThat(x.locked()).isEmpty();
    }

    @Test
    void theDeadMansSwitchCancelsEveryWorkingOrderOnceItRunsOut() throws Exception {
        SimSpotExchange x = new SimSpotExchange(Map.of("USDT", new BigDecimal("1000")), 1);
        x.place(BOOK, "rest", true, "LIMIT", "GTC", new BigDecimal("1"), new BigDecimal("90.00"), null, 1_000);
        x.cancelAllAt(10_000);
        assertThat(x.deadMan(9_999)).isZero();
        assertThat(x.order("rest").status).isEqualTo("NEW");
        x.cancelAllAt(20_000); // renewed in time
        assertThat(x.deadMan(15_000)).isZero();
        assertThat(x.deadMan(20_000)).isEqualTo(1);
        assertThat(x.order("rest").status).isEqualTo("CANCELED");
        assertThat(x.order("rest").updated).isEqualTo(20_000);
        assertThat(x.free()).containsEntry("USDT", new BigDecimal("1000.00"));
        // Fired once, it is disarmed until armed again.
        x.place(BOOK, "later", true, "LIMIT", "GTC", new BigDecimal("1"), new BigDecimal("90.00"), null, 30_000);
        assertThat(x.deadMan(40_000)).isZero();
    }

    @Test
    void everyPlacementIsCountedByClientOrderIdRefusalsIncluded() throws Exception {
        SimSpotExchange x = new SimSpotExchange(Map.of("USDT", new BigDecimal("1000")), 1);
        x.place(BOOK, "rest", true, "LIMIT", "GTC", new BigDecimal("0.1"), new BigDecimal("90.00"), null, 1_000);
        assertThatThrownBy(() -> x.place(BOOK, "rest", true, "LIMIT", "GTC", new BigDecimal("0.1"), new BigDecimal("90.00"), null, 2_000))
                .isInstanceOfSatisfying(SimSpotExchange.Refused.class, r -> assertThat(r.why).isEqualTo(SimSpotExchange.Why.DUPLICATE));
        assertThatThrownBy(() -> x.place(BOOK, "poor", true, "LIMIT", "GTC", new BigDecimal("100"), new BigDecimal("90.00"), null, 3_000))
                .isInstanceOf(SimSpotExchange.Refused.class);
        assertThat(x.placements()).containsExactly(Map.entry("rest", 2), Map.entry("poor", 1));
        assertThat(x.allOrders()).extracting(o -> o.clientOrderId).containsExactly("rest");
    }
}
