package io.dpp.core.decimal;

import static io.dpp.core.decimal.Decimal64.INVALID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Decimal64Test {

    private static long d(String text) {
        return Decimal64.parseOrThrow(text);
    }

    @Test
    void comparesNumericallyAcrossScales() {
        assertThat(Decimal64.compare(d("1.5"), d("1.50000"))).isZero();
        assertThat(Decimal64.equalValue(d("100"), d("100.000"))).isTrue();
        assertThat(Decimal64.compare(d("0.3"), d("0.29999999999"))).isPositive();
        assertThat(Decimal64.compare(d("-0.3"), d("-0.29999999999"))).isNegative();
        assertThat(Decimal64.compare(d("0"), d("0.000"))).isZero();
        // The scaled mantissa overflows 64 bits; the 128-bit comparison stays exact.
        assertThat(Decimal64.compare(d("288230376151711743"), d("0.000000000000000001"))).isPositive();
        assertThat(Decimal64.compare(d("-288230376151711743"), d("0.1"))).isNegative();
    }

    @Test
    void compareAgreesWithBigDecimal() {
        Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            long a = Decimal64.of(random.nextLong() >> (6 + random.nextInt(55)), random.nextInt(19));
            long b = Decimal64.of(random.nextLong() >> (6 + random.nextInt(55)), random.nextInt(19));
            int expected = Decimal64.toBigDecimal(a).compareTo(Decimal64.toBigDecimal(b));
            assertThat(Integer.signum(Decimal64.compare(a, b))).as("%s vs %s", Decimal64.toString(a),
                    Decimal64.toString(b)).isEqualTo(expected);
        }
    }

    @Test
    void sameScaleValuesOrderLikeTheirLongs() {
        long a = d("100.25");
        long b = d("100.50");
        long c = d("-3.00");
        assertThat(a).isLessThan(b);
        assertThat(c).isLessThan(a);
    }

    @Test
    void rescalesOnlyWhenExact() {
        assertThat(Decimal64.toString(Decimal64.rescale(d("1.5"), 4))).isEqualTo("1.5000");
        assertThat(Decimal64.toString(Decimal64.rescale(d("1.5000"), 1))).isEqualTo("1.5");
        assertThat(Decimal64.rescale(d("1.55"), 1)).isEqualTo(INVALID);
        assertThat(Decimal64.rescale(d("288230376151711743"), 1)).isEqualTo(INVALID);
        assertThat(Decimal64.rescale(d("1"), 19)).isEqualTo(INVALID);
    }

    @Test
    void stripsTrailingZeros() {
        assertThat(Decimal64.toString(Decimal64.stripTrailingZeros(d("36000.0000")))).isEqualTo("36000");
        assertThat(Decimal64.toString(Decimal64.stripTrailingZeros(d("0.0500")))).isEqualTo("0.05");
        assertThat(Decimal64.stripTrailingZeros(d("0.000"))).isEqualTo(Decimal64.ZERO);
    }

    @Test
    void convertsToAndFromBigDecimal() {
        assertThat(Decimal64.toBigDecimal(d("-0.05005"))).isEqualTo(new BigDecimal("-0.05005"));
        assertThat(Decimal64.toString(Decimal64.fromBigDecimal(new BigDecimal("1E+3")))).isEqualTo("1000");
        assertThat(Decimal64.toString(Decimal64.fromBigDecimal(new BigDecimal("0.10000000000000000000"))))
                .isEqualTo("0.100000000000000000");
        assertThat(Decimal64.fromBigDecimal(new BigDecimal("1E-19"))).isEqualTo(INVALID);
        assertThat(Decimal64.fromBigDecimal(new BigDecimal("288230376151711744"))).isEqualTo(INVALID);
    }

    @Test
    void sentinelsAreNotNumbers() {
        assertThat(Decimal64.isNumber(Decimal64.NULL)).isFalse();
        assertThat(Decimal64.isNumber(INVALID)).isFalse();
        assertThat(Decimal64.isNumber(Decimal64.ZERO)).isTrue();
        assertThat(Decimal64.isNumber(Decimal64.of(-Decimal64.MAX_MANTISSA, 18))).isTrue();
        assertThatThrownBy(() -> Decimal64.toBigDecimal(Decimal64.NULL)).hasMessageContaining("NULL");
    }

    @Test
    void ofChecksItsArguments() {
        assertThatThrownBy(() -> Decimal64.of(1, 19)).hasMessageContaining("scale 19");
        assertThatThrownBy(() -> Decimal64.of(Decimal64.MAX_MANTISSA + 1, 0)).hasMessageContaining("mantissa");
        assertThatThrownBy(() -> Decimal64.parseOrThrow("12,5")).isInstanceOf(NumberFormatException.class)
                .hasMessageContaining("\"12,5\"");
    }

    @Test
    void negatesKeepingScale() {
        assertThat(Decimal64.toString(Decimal64.negate(d("0.500")))).isEqualTo("-0.500");
        assertThat(Decimal64.signum(d("-0.001"))).isEqualTo(-1);
        assertThat(Decimal64.signum(d("0.000"))).isZero();
    }

    @Test
    void toDoubleIsTheNearestDoubleAsBigDecimalGivesIt() {
        Random random = new Random(11);
        for (int i = 0; i < 200_000; i++) {
            long mantissa = random.nextInt(4) == 0 ? random.nextLong() % Decimal64.MAX_MANTISSA : random.nextLong() % 100_000_000_000L;
            long d = Decimal64.of(mantissa, random.nextInt(Decimal64.MAX_SCALE + 1));
            assertThat(Decimal64.toDouble(d)).as(Decimal64.toString(d)).isEqualTo(Decimal64.toBigDecimal(d).doubleValue());
        }
        assertThat(Decimal64.toDouble(d("60123.45"))).isEqualTo(60123.45);
        assertThatThrownBy(() -> Decimal64.toDouble(Decimal64.NULL)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Sums are exact at the larger scale, whatever the operands' scales; what does not fit is INVALID, not wrapped. */
    @Test
    void addsAndSubtractsExactly() {
        assertThat(Decimal64.toString(Decimal64.add(d("14.72539"), d("80.0")))).isEqualTo("94.72539");
        assertThat(Decimal64.toString(Decimal64.subtract(d("94.72539"), d("14.72539")))).isEqualTo("80.00000");
        assertThat(Decimal64.signum(Decimal64.subtract(d("0.1"), d("0.10")))).isZero();
        assertThat(Decimal64.toString(Decimal64.add(d("-1.5"), d("0.25")))).isEqualTo("-1.25");
        assertThat(Decimal64.add(Decimal64.of(Decimal64.MAX_MANTISSA, 0), d("1"))).isEqualTo(INVALID);
        // Rescaling 1 to 18 digits does not fit, so the sum cannot be written at that scale.
        assertThat(Decimal64.add(d("1000"), d("0.000000000000000001"))).isEqualTo(INVALID);
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            long a = Decimal64.of(random.nextLong() % 1_000_000_000L, random.nextInt(9));
            long b = Decimal64.of(random.nextLong() % 1_000_000_000L, random.nextInt(9));
            assertThat(Decimal64.toBigDecimal(Decimal64.add(a, b)))
                    .isEqualByComparingTo(Decimal64.toBigDecimal(a).add(Decimal64.toBigDecimal(b)));
        }
    }
}
