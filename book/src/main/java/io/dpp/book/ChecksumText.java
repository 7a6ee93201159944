package io.dpp.book;

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

    /** Appends {@code length} bytes of {@code src} from {@code offset}. */
    public ChecksumText append(byte[] src, int offset, int length) {
        ensure(length);
        System.arraycopy(src, offset, buf, this.length, length);
        this.length += length;
        return this;
    }

    /** Appends another text. */
    public ChecksumText append(ChecksumText other) {
        return append(other.buf, 0, other.length);
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
        ensure(20);
        length += writeMantissaDigits(d, buf, length);
        return this;
    }

    /** Writes the digits of a decimal's mantissa (see {@link #appendMantissaDigits}); returns how many bytes. */
    public static int writeMantissaDigits(long d, byte[] dst, int offset) {
        long m = Decimal64.mantissa(d);
        int start = offset;
        if (m < 0) {
            dst[offset++] = '-';
            m = -m;
        }
        int digits = digitCount(m);
        int pos = offset + digits;
        // Two digits per division: this runs for every level that changed since the last checksum.
        while (m >= 100) {
            int pair = (int) (m % 100) * 2;
            m /= 100;
            dst[--pos] = DIGIT_PAIRS[pair + 1];
            dst[--pos] = DIGIT_PAIRS[pair];
        }
        if (m >= 10) {
            int pair = (int) m * 2;
            dst[--pos] = DIGIT_PAIRS[pair + 1];
            dst[--pos] = DIGIT_PAIRS[pair];
        } else {
            dst[--pos] = (byte) ('0' + m);
        }
        return offset + digits - start;
    }

    private static final byte[] DIGIT_PAIRS = new byte[200];
    private static final long[] POWERS = new long[19];

    static {
        for (int i = 0; i < 100; i++) {
            DIGIT_PAIRS[2 * i] = (byte) ('0' + i / 10);
            DIGIT_PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
        long p = 1;
        for (int i = 0; i < POWERS.length; i++) {
            POWERS[i] = p;
            p *= 10;
        }
    }

    // Decimal digits of a non-negative long: estimated from its bit length (log10(2) ~ 1233/4096),
    // then corrected by one comparison.
    private static int digitCount(long v) {
        int bits = 64 - Long.numberOfLeadingZeros(v | 1);
        int estimate = (bits * 1233) >>> 12;
        return Math.max(1, estimate + (estimate < POWERS.length && v >= POWERS[estimate] ? 1 : 0));
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
