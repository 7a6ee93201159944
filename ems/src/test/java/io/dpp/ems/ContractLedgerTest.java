package io.dpp.ems;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.core.model.Side;
import io.dpp.trading.order.Fill;
import io.dpp.trading.order.Liquidity;
import io.dpp.trading.portfolio.Portfolio;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A margin position learned out of order ends as the venue's, which made its fills in time order. */
class ContractLedgerTest {

    private static final Instrument PERP = Instrument.builder("bybit", "BTCUSDT").assets("BTC", "USDT").type(InstrumentType.PERPETUAL).build();

    private static Fill fill(Side side, String price, String qty, long time) {
        return new Fill(1, PERP, side, new BigDecimal(price), new BigDecimal(qty), new BigDecimal("0.01"), Liquidity.TAKER, time, null);
    }

    @Test
    void aFillThatComesLateIsReplayedInTheVenuesOrder() {
        // At the venue: buy 1 at 100, sell 1 at 120 (flat, 20 realized), buy 1 at 110: long 1 at 110.
        List<Fill> venue = List.of(fill(Side.BUY, "100", "1", 1), fill(Side.SELL, "120", "1", 2), fill(Side.BUY, "110", "1", 3));
        Portfolio truth = new Portfolio(Map.of());
        venue.forEach(truth::apply);
        assertThat(truth.position(PERP).averagePrice()).isEqualByComparingTo("110");
        assertThat(truth.position(PERP).realized()).isEqualByComparingTo("20");

        // DPP learns the sale last (the poll recovers it after a dropped stream).
        Portfolio dpp = new Portfolio(Map.of());
        ContractLedger ledger = new ContractLedger(PERP, dpp.position(PERP));
        boolean late = false;
        for (int k : new int[] {0, 2, 1}) {
            dpp.apply(venue.get(k));
            late |= ledger.add(venue.get(k), k);
        }
        assertThat(late).isTrue();
        assertThat(dpp.position(PERP).averagePrice()).as("booked as it came: the average of both buys").isEqualByComparingTo("105");
        ledger.rebuild(dpp);
        assertThat(dpp.position(PERP).quantity()).isEqualByComparingTo("1");
        assertThat(dpp.position(PERP).averagePrice()).isEqualByComparingTo("110");
        assertThat(dpp.position(PERP).realized()).isEqualByComparingTo("20");
        assertThat(dpp.position(PERP).fees()).isEqualByComparingTo("0.03");
        assertThat(dpp.cash("USDT")).as("the cash never depended on the order").isEqualByComparingTo(truth.cash("USDT"));
    }
}
