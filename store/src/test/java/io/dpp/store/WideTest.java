package io.dpp.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.decimal.Decimal64;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class WideTest {

    @Test
    void everyScaleAndSignSurvivesTheRoundTripWithItsScale() {
        String[] texts = {"0", "0.10000", "-0.00000001", "97000.5", "123456789012.123456", "0.000000000000000001",
            "-288230376151711743", "288230376151711743", "0.288230376151711743", "1.00000000000000000"};
        for (String text : texts) {
            long d = Decimal64.parse(text);
            long hi = Wide.high(d);
            long lo = Wide.low(d);
            assertThat(Wide.toBigDecimal(hi, lo, Wide.SCALE)).as(text).isEqualByComparingTo(new BigDecimal(text));
            long back = Wide.toDecimal64(hi, lo, Decimal64.scale(d));
            assertThat(Decimal64.toString(back)).as(text).isEqualTo(text);
        }
    }

    @Test
    void aValueWithMoreDigitsThanTheRecordedScaleIsInvalidNotTruncated() {
        long d = Decimal64.parse("1.25");
        assertThat(Wide.toDecimal64(Wide.high(d), Wide.low(d), 1)).isEqualTo(Decimal64.INVALID);
        assertThat(Wide.toDecimal64(Wide.high(d), Wide.low(d), 19)).isEqualTo(Decimal64.INVALID);
    }

    @Test
    void scalesPackFiveBitsPerField() {
        long packed = Wide.packScale(Wide.packScale(Wide.packScale(0, 0, Decimal64.parse("1.5")), 1,
                Decimal64.parse("0.000000000000000001")), 2, Decimal64.NULL);
        assertThat(Wide.unpackScale(packed, 0)).isEqualTo(1);
        assertThat(Wide.unpackScale(packed, 1)).isEqualTo(18);
        assertThat(Wide.unpackScale(packed, 2)).isZero();
    }
}
