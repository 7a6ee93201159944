package io.dpp.trading.portfolio;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.core.model.Side;
import io.dpp.trading.order.Fill;
import io.dpp.trading.order.Liquidity;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Inverse contracts booked in their coin: quantities in dollars, profit {@code q x (1/entry - 1/exit)}
 * coins, the average entry the one that keeps it so, fees and funding in the coin; the figures
 * worked out by hand.
 */
class InverseContractsTest {

    private static final Instrument PERP = Instrument.builder("deribit", "BTC-PERPETUAL").assets("BTC", "USD")
            .type(InstrumentType.PERPETUAL).build();
    private static final Instrument LINEAR = Instrument.builder("deribit", "BTC_USDC-PERPETUAL").assets("BTC", "USDC")
            .type(InstrumentType.PERPETUAL).build();

    private static Fill fill(Instrument i, Side side, String price, String quantity, String fee) {
        return new Fill(1, i, side, new BigDecimal(price), new BigDecimal(quantity), new BigDecimal(fee), Liquidity.TAKER, 0, null);
    }

    private static Instrument contract(String venue, String symbol, String base, String quote) {
        return Instrument.builder(venue, symbol).assets(base, quote).type(InstrumentType.PERPETUAL).build();
    }

    @Test
    void eachVenuesInverseContractsAreKnownByItsNaming() {
        assertThat(Contracts.inverse(PERP)).isTrue();
        assertThat(Contracts.inverse(LINEAR)).isFalse();
        assertThat(Contracts.inverse(contract("bitmex", "XBTUSD", "BTC", "USD"))).isTrue();
        assertThat(Contracts.inverse(contract("bitmex", "ETHUSD", "ETH", "USD"))).as("quanto").isFalse();
        assertThat(Contracts.inverse(contract("bitmex", "XBTUSDT", "BTC", "USDT"))).isFalse();
        assertThat(Contracts.inverse(contract("bybit", "BTCUSD", "BTC", "USD"))).isTrue();
        assertThat(Contracts.inverse(contract("bybit", "BTCUSDT", "BTC", "USDT"))).isFalse();
        assertThat(Contracts.inverse(contract("okx", "BTC-USD-SWAP", "BTC", "USD"))).isTrue();
        assertThat(Contracts.inverse(contract("kraken-futures", "PI_XBTUSD", "BTC", "USD"))).isTrue();
        assertThat(Contracts.inverse(contract("kraken-futures", "PF_XBTUSD", "BTC", "USD"))).as("multi-collateral: linear").isFalse();
        assertThat(Contracts.inverse(Instrument.builder("kraken", "XBT/USD").assets("BTC", "USD").type(InstrumentType.SPOT).build()))
                .isFalse();
        assertThat(Contracts.settlement(PERP)).isEqualTo("BTC");
        assertThat(Contracts.settlement(LINEAR)).isEqualTo("USDC");
    }

    @Test
    void aLongAddedToAndClosedRealizesItsProfitInTheCoin() {
        Portfolio p = new Portfolio(Map.of("BTC", BigDecimal.ONE));
        p.apply(fill(PERP, Side.BUY, "40000", "1000", "0"));
        Position pos = p.position(PERP);
        assertThat(pos.quantity()).isEqualByComparingTo("1000");
        assertThat(pos.averagePrice()).isEqualByComparingTo("40000");
        // Marked at 50 000: 1000/40000 - 1000/50000 = 0.025 - 0.02 coins.
        p.mark(PERP, new BigDecimal("50000"));
        assertThat(pos.unrealized()).isEqualByComparingTo("0.005");
        // Worth in dollars: the coin (1) and the profit (0.005) at 50 000.
        assertThat(p.equity()).isEqualByComparingTo("50250");
        assertThat(p.exposure()).as("an inverse contract's quantity is its dollars").isEqualByComparingTo("1000");

        // Another 1000 at 50 000: 0.02 more coins; the average is 2000 / 0.045.
        p.apply(fill(PERP, Side.BUY, "50000", "1000", "0"));
        assertThat(pos.averagePrice().multiply(new BigDecimal("0.045"))).isCloseTo(new BigDecimal("2000"),
                org.assertj.core.data.Offset.offset(new BigDecimal("1e-25")));
        // All of it sold at 50 000: 0.045 - 0.04 coins realized, and the coin balance up by as much.
        p.apply(fill(PERP, Side.SELL, "50000", "2000", "0"));
        assertThat(pos.quantity().signum()).isZero();
        assertThat(pos.realized()).isCloseTo(new BigDecimal("0.005"), org.assertj.core.data.Offset.offset(new BigDecimal("1e-30")));
        assertThat(p.cash("BTC")).isCloseTo(new BigDecimal("1.005"), org.assertj.core.data.Offset.offset(new BigDecimal("1e-30")));
        assertThat(p.cash("USD")).as("nothing is booked in dollars").isZero();
        assertThat(p.turnover()).as("dollars traded").isEqualByComparingTo("4000");
    }

    @Test
    void aShortGainsWhenThePriceFallsAndPaysFeesAndFundingInTheCoin() {
        Portfolio p = new Portfolio(Map.of("BTC", BigDecimal.ONE));
        // Sold 1000 at 50 000 (0.02 coins), a fee of 0.0005 of that.
        BigDecimal fee = Contracts.value(PERP, new BigDecimal("1000"), new BigDecimal("50000")).multiply(new BigDecimal("0.0005"));
        assertThat(fee).isEqualByComparingTo("0.00001");
        p.apply(fill(PERP, Side.SELL, "50000", "1000", fee.toPlainString()));
        assertThat(p.cash("BTC")).isEqualByComparingTo("0.97999");
        // Funding at a mark of 40 000 and a rate of 0.0001: the short receives 1000/40000 x 0.0001 coins.
        BigDecimal funding = Funding.payment(PERP, new BigDecimal("-1000"), new BigDecimal("40000"), new BigDecimal("0.0001"));
        assertThat(funding).isEqualByComparingTo("0.0000025");
        p.funding(PERP, funding);
        // Bought back at 40 000: 1000/40000 - 1000/50000 = 0.005 coins.
        p.apply(fill(PERP, Side.BUY, "40000", "1000", "0"));
        assertThat(p.position(PERP).realized()).isEqualByComparingTo("0.005");
        assertThat(p.cash("BTC")).as("1 - fee + funding + profit").isEqualByComparingTo("1.0049925");
        // What opening it took from the cash, as a margin wallet counts it: a short's coins out, a long's in.
        assertThat(Contracts.paid(PERP, new BigDecimal("-1000"), new BigDecimal("50000"))).isEqualByComparingTo("0.02");
        assertThat(Contracts.paid(PERP, new BigDecimal("1000"), new BigDecimal("50000"))).isEqualByComparingTo("-0.02");
        assertThat(Contracts.paid(LINEAR, new BigDecimal("0.5"), new BigDecimal("50000"))).isEqualByComparingTo("25000");
    }

    @Test
    void aFlipOpensTheOtherSideAtItsPrice() {
        Portfolio p = new Portfolio(Map.of());
        p.apply(fill(PERP, Side.BUY, "40000", "1000", "0"));
        p.apply(fill(PERP, Side.SELL, "50000", "3000", "0"));
        Position pos = p.position(PERP);
        assertThat(pos.quantity()).isEqualByComparingTo("-2000");
        assertThat(pos.averagePrice()).isEqualByComparingTo("50000");
        assertThat(pos.realized()).isEqualByComparingTo("0.005");
        // Cash: +0.025 for the buy, -0.06 for the sale; with the short's value at 50 000 (+0.04) the worth is the profit.
        assertThat(p.cash("BTC").add(pos.value())).isEqualByComparingTo("0.005");
    }
}
