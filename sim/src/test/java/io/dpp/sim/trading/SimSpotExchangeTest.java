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
