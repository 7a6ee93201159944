package io.dpp.streams.book;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.decimal.DecimalPrinter;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * A reusable byte buffer for building the text a venue checksum is computed over, and its CRC32.
 * Appending never allocates once the buffer has grown to the checksum's size.
 */
public final class ChecksumText {

    private final CRC32 crc = new CRC32();
    private byte[] buf = new byte[1024];
    private int length;

    /** Empties the text. */
    public ChecksumText clear() {
        length = 0;
        return this;
    }

    /** Appends one byte. */
    public ChecksumText append(char c) {
        ensure(1);
        buf[length++] = (byte) c;
        return this;
    }

    /** Appends a decimal as the venue sent it ("0.05005"), see {@link DecimalPrinter}. */
    public ChecksumText appendDecimal(long d) {
        ensure(DecimalPrinter.MAX_LENGTH);
        length += DecimalPrinter.print(d, buf, length);
        return this;
    }

    /**
     * Appends the digits of a decimal's mantissa: the received text without its point and leading
     * zeros ("0.05005" gives "5005", "56218.30000" gives "5621830000"). A negative value keeps its sign.
     */
    public ChecksumText appendMantissaDigits(long d) {
        long m = Decimal64.mantissa(d);
        ensure(20);
        if (m < 0) {
            buf[length++] = '-';
            m = -m;
        }
        int digits = 1;
        for (long t = m; t >= 10; t /= 10) {
            digits++;
        }
        int pos = length + digits - 1;
        do {
            buf[pos--] = (byte) ('0' + m % 10);
            m /= 10;
        } while (m != 0);
        length += digits;
        return this;
    }

    /** CRC32 of the text, as an unsigned 32-bit value. */
    public long crc32() {
        crc.reset();
        crc.update(buf, 0, length);
        return crc.getValue();
    }

    /** The text, for tests and error messages. */
    @Override
    public String toString() {
        return new String(buf, 0, length, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private void ensure(int more) {
        if (length + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, length + more));
        }
    }
}
