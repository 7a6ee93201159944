package io.dpp.core.decimal;

/**
 * Allocation-free printer from {@link Decimal64} to plain ASCII text with the value's own scale:
 * mantissa 5005 at scale 5 prints "0.05005", mantissa 1500 at scale 3 prints "1.500". For a value
 * parsed from plain text this reproduces the text exactly (a leading '+' or leading zeros aside,
 * which the parser rejects or drops), which is what venue checksums are computed over.
 */
public final class DecimalPrinter {

    /** Longest text a value can print to: sign, 18 digits, point and a leading "0.". */
    public static final int MAX_LENGTH = 22;

    private DecimalPrinter() {
    }

    /** Number of characters {@link #print} writes for {@code d}. */
    public static int length(long d) {
        requirePrintable(d);
        long m = Decimal64.mantissa(d);
        int scale = Decimal64.scale(d);
        int len = m < 0 ? 1 : 0;
        int digits = digitCount(Math.abs(m));
        if (scale == 0) {
            return len + digits;
        }
        return len + Math.max(digits, scale + 1) + 1;
    }

    /**
     * Writes {@code d} into {@code dst} from {@code offset}.
     *
     * @return the number of bytes written
     * @throws IllegalArgumentException for {@link Decimal64#NULL} and {@link Decimal64#INVALID}
     */
    public static int print(long d, byte[] dst, int offset) {
        int len = length(d);
        long m = Decimal64.mantissa(d);
        int scale = Decimal64.scale(d);
        if (m < 0) {
            dst[offset] = '-';
            m = -m;
        }
        // Right to left, two digits per division: the fraction, the point, the integer part. This
        // runs for every price a checksum or a JSON writer prints.
        int pos = offset + len;
        int fraction = scale;
        while (fraction >= 2) {
            int pair = (int) (m % 100) * 2;
            m /= 100;
            dst[--pos] = DIGIT_PAIRS[pair + 1];
            dst[--pos] = DIGIT_PAIRS[pair];
            fraction -= 2;
        }
        if (fraction == 1) {
            dst[--pos] = (byte) ('0' + m % 10);
            m /= 10;
        }
        if (scale > 0) {
            dst[--pos] = '.';
        }
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
        return len;
    }

    private static final byte[] DIGIT_PAIRS = new byte[200];

    static {
        for (int i = 0; i < 100; i++) {
            DIGIT_PAIRS[2 * i] = (byte) ('0' + i / 10);
            DIGIT_PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    /** Appends {@code d} to {@code sb}; no allocation once {@code sb} has the capacity. */
    public static void append(long d, StringBuilder sb) {
        int start = sb.length();
        int len = length(d);
        for (int i = 0; i < len; i++) {
            sb.append('0');
        }
        long m = Decimal64.mantissa(d);
        int scale = Decimal64.scale(d);
        if (m < 0) {
            sb.setCharAt(start, '-');
            m = -m;
        }
        int pos = start + len - 1;
        int written = 0;
        do {
            if (scale > 0 && written == scale) {
                sb.setCharAt(pos--, '.');
            }
            sb.setCharAt(pos--, (char) ('0' + (m % 10)));
            m /= 10;
            written++;
        } while (m != 0 || written <= scale);
    }

    // Decimal digits of a non-negative long: estimated from its bit length (log10(2) ~ 1233/4096),
    // then corrected by one comparison.
    private static int digitCount(long v) {
        int bits = 64 - Long.numberOfLeadingZeros(v | 1);
        int estimate = (bits * 1233) >>> 12;
        return Math.max(1, estimate + (estimate < POWERS.length && v >= POWERS[estimate] ? 1 : 0));
    }

    private static final long[] POWERS = new long[19];

    static {
        long p = 1;
        for (int i = 0; i < POWERS.length; i++) {
            POWERS[i] = p;
            p *= 10;
        }
    }

    private static void requirePrintable(long d) {
        if (!Decimal64.isNumber(d)) {
            throw new IllegalArgumentException("cannot print " + Decimal64.toString(d));
        }
    }
}
