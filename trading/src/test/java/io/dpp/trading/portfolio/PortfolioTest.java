package io.dpp.trading.portfolio;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.core.model.Side;
import io.dpp.trading.order.Fill;
import io.dpp.trading.order.Liquidity;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PortfolioTest {

    private static final Instrument BTC = Instrument.builder("test", "BTCUSDT").assets("BTC", "USDT").type(InstrumentType.SPOT).build();
    private static final Instrument ETH = Instrument.builder("test", "ETHUSDT").assets("ETH", "USDT").type(InstrumentType.SPOT).build();

    private static Fill fill(Instrument i, Side side, String price, String quantity) {
        return new Fill(1, i, side, new BigDecimal(price), new BigDecimal(quantity), BigDecimal.ZERO, Liquidity.TAKER, 0, null);
    }

    @Test
    void exposedAgreesWithTheExposureSumAsPositionsOpenAndClose() {
        Portfolio p = new Portfolio(Map.of("USDT", new BigDecimal("100000")));
        assertThat(p.exposed()).isFalse();
        p.position(ETH); // a position never traded is flat
        assertThat(p.exposed()).isFalse();
        p.apply(fill(BTC, Side.BUY, "60000", "0.5"));
        assertThat(p.exposed()).isTrue();
        assertThat(p.exposure()).isEqualByComparingTo("30000");
        p.mark(BTC, Decimal64.parse("61000"));
        assertThat(p.exposure()).isEqualByComparingTo("30500");
        p.apply(fill(ETH, Side.SELL, "3000", "2"));
        assertThat(p.exposure()).isEqualByComparingTo("36500");
        p.apply(fill(BTC, Side.SELL, "61000", "0.5"));
        assertThat(p.exposed()).isTrue();
        assertThat(p.exposure()).isEqualByComparingTo("6000");
        p.apply(fill(ETH, Side.BUY, "2900", "2"));
        assertThat(p.exposed()).isFalse();
        assertThat(p.exposure().signum()).isZero();
    }
}
