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

    private static final Instrument PERP = Instrument.builder("deribit", "BTC-PERPETUAL").assets("BTC", "USD")
            .type(InstrumentType.PERPETUAL).tickSize(Decimal64.of(5, 1)).lotSize(Decimal64.of(10, 0)).build();

    private static SimBook perpBook(String bid, String ask) {
        return new SimBook(PERP, List.<BigDecimal[]>of(new BigDecimal[] {new BigDecimal(bid), new BigDecimal("100000")}),
                List.<BigDecimal[]>of(new BigDecimal[] {new BigDecimal(ask), new BigDecimal("100000")}));
    }

    /**
     * Inverse mode: dollars traded, coins held, charged and realized; the wallet ends where DPP's
     * portfolio, booking the same fills, ends (the figures also worked out by hand).
     */
    @Test
    void anInverseAccountKeepsItsWalletInTheCoin() throws Exception {
        SimSpotExchange x = new SimSpotExchange(Map.of("BTC", BigDecimal.ONE), 1).inverse(10);
        // A limit buy of 1000 dollars at 39 000 holds 1000 / 39000 / 10 coins, rounded up to 8 places.
        x.place(perpBook("39999.5", "40000.5"), "rest", true, "LIMIT", "GTC", new BigDecimal("1000"), new BigDecimal("39000.0"), null, 500);
        assertThat(x.locked().get("BTC")).isEqualByComparingTo("0.00256411");
        x.cancel("rest", 600);
        // A market buy of 1000 at 40 000: 0.025 coins' worth, a taker fee of 0.0005 of it.
        x.place(perpBook("39999.5", "40000.0"), "b", true, "MARKET", "IOC", new BigDecimal("1000"), null, null, 1_000);
        assertThat(x.positions().get("BTC-PERPETUAL").quantity()).isEqualByComparingTo("1000");
        assertThat(x.free().get("BTC")).isEqualByComparingTo("0.9999875");
        // Sold at 50 000: 1000/40000 - 1000/50000 = 0.005 coins realized, a fee of 0.02 x 0.0005.
        x.place(perpBook("50000.0", "50000.5"), "s", false, "MARKET", "IOC", new BigDecimal("1000"), null, null, 2_000);
        assertThat(x.positions()).isEmpty();
        assertThat(x.free().get("BTC")).isEqualByComparingTo("1.0049775");
        List<SimSpotExchange.Trade> trades = x.trades("BTC-PERPETUAL", 0);
        assertThat(trades).extracting(SimSpotExchange.Trade::commissionAsset).containsOnly("BTC");
        assertThat(trades.get(1).realized()).isEqualByComparingTo("0.005");

        io.dpp.trading.portfolio.Portfolio dpp = new io.dpp.trading.portfolio.Portfolio(Map.of("BTC", BigDecimal.ONE));
        for (SimSpotExchange.Trade t : trades) {
            dpp.apply(new io.dpp.trading.order.Fill(1, PERP, t.order().buy ? io.dpp.core.model.Side.BUY : io.dpp.core.model.Side.SELL,
                    t.price(), t.quantity(), t.commission(), io.dpp.trading.order.Liquidity.TAKER, t.time(), null));
        }
        assertThat(dpp.cash("BTC")).as("DPP's count of the same fills").isEqualByComparingTo(x.free().get("BTC"));
    }
}
