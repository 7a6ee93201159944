package io.dpp.core.decimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DecimalPrinterTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "0", "0.0", "0.00000000", "1", "-1", "56218.30000", "0.05005", "0.00000001", "-0.5",
        "6195.00000000", "100", "1.500", "288230376151711743", "-288230376151711743",
        "0.123456789012345678", "-0.000000000000000001", "123456789.123456789",
    })
    void reproducesTheReceivedText(String text) {
        long d = Decimal64.parse(text);
        byte[] out = new byte[DecimalPrinter.MAX_LENGTH + 4];
        int len = DecimalPrinter.print(d, out, 2);
        assertThat(new String(out, 2, len, StandardCharsets.US_ASCII)).isEqualTo(text);
        assertThat(DecimalPrinter.length(d)).isEqualTo(text.length());
        StringBuilder sb = new StringBuilder("x=");
        DecimalPrinter.append(d, sb);
        assertThat(sb).hasToString("x=" + text);
    }

    @Test
    void printsExponentInputInPlainForm() {
        assertThat(Decimal64.toString(Decimal64.parse("1.5e-7"))).isEqualTo("0.00000015");
        assertThat(Decimal64.toString(Decimal64.parse("1E3"))).isEqualTo("1000");
    }

    @Test
    void refusesToPrintSentinels() {
        byte[] out = new byte[32];
        assertThatThrownBy(() -> DecimalPrinter.print(Decimal64.NULL, out, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NULL");
        assertThatThrownBy(() -> DecimalPrinter.print(Decimal64.INVALID, out, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("INVALID");
        assertThat(Decimal64.toString(Decimal64.NULL)).isEqualTo("NULL");
    }

    @Test
    void longestValueFitsMaxLength() {
        long d = Decimal64.of(-Decimal64.MAX_MANTISSA, Decimal64.MAX_SCALE);
        assertThat(DecimalPrinter.length(d)).isLessThanOrEqualTo(DecimalPrinter.MAX_LENGTH);
        long tiny = Decimal64.of(-1, Decimal64.MAX_SCALE);
        assertThat(DecimalPrinter.length(tiny)).isLessThanOrEqualTo(DecimalPrinter.MAX_LENGTH);
    }
}
