package io.dpp.book;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.decimal.Decimal64;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class ChecksumTextTest {

    @Test
    void writesMantissaDigitsAsKrakenStripsTheReceivedText() {
        ChecksumText text = new ChecksumText();
        text.appendMantissaDigits(Decimal64.parse("0.05005")).append('|')
                .appendMantissaDigits(Decimal64.parse("56218.30000")).append('|')
                .appendMantissaDigits(Decimal64.parse("0.00000500")).append('|')
                .appendMantissaDigits(Decimal64.parse("0")).append('|')
                .appendMantissaDigits(Decimal64.parse("-1.5"));
        assertThat(text).hasToString("5005|5621830000|500|0|-15");
    }

    @Test
    void digitsAgreeWithLongToStringAcrossMagnitudes() {
        Random random = new Random(3);
        byte[] out = new byte[24];
        for (int i = 0; i < 100_000; i++) {
            long m = random.nextLong() >>> (6 + random.nextInt(58));
            long d = Decimal64.of(m, random.nextInt(10));
            int n = ChecksumText.writeMantissaDigits(d, out, 2);
            assertThat(new String(out, 2, n, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo(Long.toString(m));
        }
        for (long p = 1; p > 0 && p <= Decimal64.MAX_MANTISSA; p *= 10) {
            for (long v : new long[] {p - 1, p, p + 1}) {
                if (v >= 0 && v <= Decimal64.MAX_MANTISSA) {
                    int n = ChecksumText.writeMantissaDigits(Decimal64.of(v, 0), out, 0);
                    assertThat(new String(out, 0, n, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo(Long.toString(v));
                }
            }
        }
    }

    @Test
    void crcIsTheStandardCrc32OfTheText() {
        ChecksumText text = new ChecksumText().appendDecimal(Decimal64.parse("8476.98")).append(':').appendDecimal(Decimal64.parse("415"));
        CRC32 crc = new CRC32();
        crc.update("8476.98:415".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(text.crc32()).isEqualTo(crc.getValue());
    }
}
