package io.dpp.core.decimal;

import static io.dpp.core.decimal.Decimal64.INVALID;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DecimalParserTest {

    private static long parse(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return DecimalParser.parse(bytes, 0, bytes.length);
    }

    @ParameterizedTest(name = "{0} -> mantissa {1}, scale {2}")
    @CsvSource({
        "0, 0, 0",
        "0.0, 0, 1",
        "-0, 0, 0",
        "7, 7, 0",
        "-12, -12, 0",
        "56218.30000, 5621830000, 5",
        "0.05005, 5005, 5",
        "0.00000001, 1, 8",
        "6195.00000000, 619500000000, 8",
        "0.10000000, 10000000, 8",
        "100, 100, 0",
        "007.50, 750, 2",
        "288230376151711743, 288230376151711743, 0",
        "-288230376151711743, -288230376151711743, 0",
        "0.123456789012345678, 123456789012345678, 18",
        "123456789.123456789, 123456789123456789, 9",
        "1e3, 1000, 0",
        "1.5E-7, 15, 8",
        "2.50e+2, 250, 0",
        "-3.1e1, -31, 0",
        "0e-5, 0, 5",
    })
    void parsesPlainAndExponentForms(String text, long mantissa, int scale) {
        long d = parse(text);
        assertThat(Decimal64.isNumber(d)).as(text).isTrue();
        assertThat(Decimal64.mantissa(d)).as("mantissa of " + text).isEqualTo(mantissa);
        assertThat(Decimal64.scale(d)).as("scale of " + text).isEqualTo(scale);
    }

    @ParameterizedTest(name = "\"{0}\" is rejected")
    @ValueSource(strings = {
        "", "-", ".", "-.", "1.", ".5", "+1", " 1", "1 ", "1,5", "1.2.3", "abc", "1a", "NaN",
        "Infinity", "-Infinity", "0x10", "1e", "1e+", "1e1000", "e5", "1.e5", "--1", "1-",
        "288230376151711744", "-288230376151711744", "99999999999999999999",
        "0.0000000000000000001", "1.0000000000000000001", "1e-19", "3e17",
        "\"1\"", "1\u0000",
    })
    void rejectsGarbageAndWhatDoesNotFitExactly(String text) {
        assertThat(parse(text)).as("\"%s\"", text).isEqualTo(INVALID);
    }

    @Test
    void rejectsNonAsciiText() {
        assertThat(Decimal64.parse("1\u00b75")).isEqualTo(INVALID);
        byte[] utf8 = "١٢".getBytes(StandardCharsets.UTF_8);
        assertThat(DecimalParser.parse(utf8, 0, utf8.length)).isEqualTo(INVALID);
    }

    @Test
    void dropsTrailingZerosOnlyWhenTheyDoNotFit() {
        // 20 decimals, the last two zeros: value exact, scale capped at 18.
        long d = parse("0.12345678901234567800");
        assertThat(Decimal64.scale(d)).isEqualTo(18);
        assertThat(Decimal64.toBigDecimal(d)).isEqualByComparingTo("0.123456789012345678");
        // A large integer part leaves no room for all the zeros; the value stays exact.
        long big = parse("28823037615171174.300");
        assertThat(Decimal64.toBigDecimal(big)).isEqualByComparingTo("28823037615171174.3");
    }

    @Test
    void parsesWithinALargerBufferWithoutReadingOutside() {
        byte[] json = "{\"p\":\"56218.30000\",\"q\":\"0.15\"}".getBytes(StandardCharsets.US_ASCII);
        long price = DecimalParser.parse(json, 6, 11);
        long qty = DecimalParser.parse(json, 24, 4);
        assertThat(Decimal64.toString(price)).isEqualTo("56218.30000");
        assertThat(Decimal64.toString(qty)).isEqualTo("0.15");
        assertThat(DecimalParser.parse(json, 30, 10)).isEqualTo(INVALID);
        assertThat(DecimalParser.parse(json, -1, 2)).isEqualTo(INVALID);
    }

    @Test
    void agreesWithBigDecimalOnRandomValues() {
        java.util.Random random = new java.util.Random(20261126L);
        for (int i = 0; i < 200_000; i++) {
            long mantissa = random.nextLong() >> (6 + random.nextInt(50));
            int scale = random.nextInt(Decimal64.MAX_SCALE + 1);
            BigDecimal expected = BigDecimal.valueOf(mantissa, scale);
            String text = random.nextInt(8) == 0 ? expected.toString() : expected.toPlainString();
            long d = parse(text);
            assertThat(Decimal64.isNumber(d)).as(text).isTrue();
            assertThat(Decimal64.toBigDecimal(d)).as(text).isEqualByComparingTo(expected);
            if (text.indexOf('E') < 0) {
                assertThat(Decimal64.toString(d)).as("round trip of " + text).isEqualTo(text);
            }
        }
    }
}
