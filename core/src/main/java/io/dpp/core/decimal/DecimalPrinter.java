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
        int pos = offset + len - 1;
        int written = 0;
        do {
            if (scale > 0 && written == scale) {
                dst[pos--] = '.';
            }
            dst[pos--] = (byte) ('0' + (m % 10));
            m /= 10;
            written++;
        } while (m != 0 || written <= scale);
        return len;
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

    private static int digitCount(long v) {
        int n = 1;
        while (v >= 10) {
            v /= 10;
            n++;
        }
        return n;
    }

    private static void requirePrintable(long d) {
        if (!Decimal64.isNumber(d)) {
            throw new IllegalArgumentException("cannot print " + Decimal64.toString(d));
        }
    }
}
