package io.dpp.core.instrument;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dpp.core.decimal.Decimal64;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class InstrumentTest {

    @Test
    void namesSpotPairsBaseDashQuote() {
        Instrument i = Instrument.builder("kraken", "XBT/CHF").assets("BTC", "CHF")
                .tickSize(Decimal64.parse("0.1")).build();
        assertThat(i.normalizedSymbol()).isEqualTo("BTC-CHF");
        assertThat(i.pair()).isEqualTo("BTC-CHF");
        assertThat(i.nativeSymbol()).isEqualTo("XBT/CHF");
        assertThat(i.type()).isEqualTo(InstrumentType.SPOT);
        assertThat(i).hasToString("kraken:XBT/CHF (BTC-CHF)");
    }

    @Test
    void suffixesDerivativesSoThatNamesStayUniquePerVenue() {
        Instrument perp = Instrument.builder("okx", "BTC-USDT-SWAP").assets("BTC", "USDT")
                .type(InstrumentType.PERPETUAL).contractSize(Decimal64.parse("0.01")).build();
        Instrument future = Instrument.builder("okx", "BTC-USD-220624").assets("BTC", "USD")
                .type(InstrumentType.FUTURE).expiry(LocalDate.of(2022, 6, 24)).build();
        Instrument option = Instrument.builder("deribit", "BTC-30JUL21-36000-C").assets("BTC", "USD")
                .type(InstrumentType.OPTION).expiry(LocalDate.of(2021, 7, 30))
                .option(Decimal64.parse("36000.00"), OptionKind.CALL).build();
        assertThat(perp.normalizedSymbol()).isEqualTo("BTC-USDT-PERP");
        assertThat(future.normalizedSymbol()).isEqualTo("BTC-USD-20220624");
        assertThat(option.normalizedSymbol()).isEqualTo("BTC-USD-20210730-36000-C");
        assertThat(option.pair()).isEqualTo("BTC-USD");
    }

    @Test
    void rejectsInconsistentListingsNamingTheInstrument() {
        assertThatThrownBy(() -> Instrument.builder("Kraken", "XBT/EUR").assets("BTC", "EUR").build())
                .hasMessageContaining("venue id \"Kraken\"");
        assertThatThrownBy(() -> Instrument.builder("kraken", "XBT/EUR").assets("btc", "EUR").build())
                .hasMessageContaining("kraken instrument XBT/EUR").hasMessageContaining("base asset \"btc\"");
        assertThatThrownBy(() -> Instrument.builder("okx", "BTC-USD-220624").assets("BTC", "USD")
                .type(InstrumentType.FUTURE).build()).hasMessageContaining("needs an expiry");
        assertThatThrownBy(() -> Instrument.builder("binance", "BTCUSDT").assets("BTC", "USDT")
                .expiry(LocalDate.of(2022, 1, 1)).build()).hasMessageContaining("cannot have an expiry");
        assertThatThrownBy(() -> Instrument.builder("deribit", "X").assets("BTC", "USD").type(InstrumentType.OPTION)
                .expiry(LocalDate.of(2021, 7, 30)).build()).hasMessageContaining("needs a positive strike");
        assertThatThrownBy(() -> Instrument.builder("binance", "BTCUSDT").assets("BTC", "USDT")
                .tickSize(Decimal64.parse("0")).build()).hasMessageContaining("tick size must be positive");
        assertThatThrownBy(() -> Instrument.builder("binance", " ").assets("BTC", "USDT").build())
                .hasMessageContaining("blank");
        assertThatThrownBy(() -> Instrument.builder("binance", "BTCUSDT").build())
                .hasMessageContaining("base is required");
    }
}
