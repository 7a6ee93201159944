package io.dpp.core.decimal;

import java.math.BigDecimal;

/**
 * Exact decimal numbers packed into one {@code long}, so that prices and sizes travel through
 * parsers, books, the bus and the store as primitives: no object per value, no boxing, no binary
 * floating point.
 *
 * <p>Layout: the upper 59 bits hold a signed mantissa, the lower 5 bits the scale (number of
 * digits after the decimal point, 0 to {@value #MAX_SCALE}). The value is
 * {@code mantissa * 10^-scale}. The scale is kept exactly as received ("5541.30000" has scale 5),
 * so that {@link DecimalPrinter} reproduces the venue's text, which checksums such as Kraken's are
 * computed over.
 *
 * <p>Two packed values with the same scale order like their {@code long}s, which lets a book keep
 * its prices at one scale and compare them as plain longs. Values with different scales are
 * compared with {@link #compare(long, long)}, which is exact.
 *
 * <p>Two reserved bit patterns are not numbers: {@link #NULL} marks an absent field (a venue that
 * sends no open interest, an empty book side) and {@link #INVALID} is what the parser returns for
 * text that is not an exactly representable decimal. Neither may be passed to arithmetic or
 * comparison.
 *
 * <p>See docs/decisions/003-exact-decimals.md for why this representation was chosen.
 */
public final class Decimal64 {

    /** Bits used by the scale. */
    public static final int SCALE_BITS = 5;
    /** Largest scale: 10^18 is the largest power of ten a long holds. */
    public static final int MAX_SCALE = 18;
    /** Largest mantissa magnitude, 2^58 - 1 = 288230376151711743 (17 digits always fit). */
    public static final long MAX_MANTISSA = (1L << 58) - 1;
    /** Absent value. */
    public static final long NULL = Long.MIN_VALUE;
    /** Result of parsing text that is not an exactly representable decimal. */
    public static final long INVALID = Long.MIN_VALUE | 1;
    /** The number 0 with scale 0. */
    public static final long ZERO = 0L;

    private static final long SCALE_MASK = (1L << SCALE_BITS) - 1;
    private static final long RESERVED_MANTISSA = -(1L << 58);

    static final long[] POW10 = new long[MAX_SCALE + 1];
    /** MAX_MANTISSA / 10^i: the largest mantissa that scales up by i digits (no division on the hot path). */
    private static final long[] MAX_OVER_POW10 = new long[MAX_SCALE + 1];

    static {
        long p = 1;
        for (int i = 0; i <= MAX_SCALE; i++) {
            POW10[i] = p;
            MAX_OVER_POW10[i] = MAX_MANTISSA / p;
            p *= 10;
        }
    }

    private Decimal64() {
    }

    /**
     * Packs a mantissa and a scale, checking both.
     *
     * @throws IllegalArgumentException if the mantissa or the scale is out of range
     */
    public static long of(long mantissa, int scale) {
        if (scale < 0 || scale > MAX_SCALE) {
            throw new IllegalArgumentException("scale " + scale + " is outside 0.." + MAX_SCALE);
        }
        if (mantissa > MAX_MANTISSA || mantissa < -MAX_MANTISSA) {
            throw new IllegalArgumentException("mantissa " + mantissa + " is outside +-" + MAX_MANTISSA);
        }
        return pack(mantissa, scale);
    }

    /** Packs without checks; callers guarantee the ranges. */
    static long pack(long mantissa, int scale) {
        return (mantissa << SCALE_BITS) | scale;
    }

    /** The signed mantissa of a value. */
    public static long mantissa(long d) {
        return d >> SCALE_BITS;
    }

    /** The scale of a value: digits after the decimal point. */
    public static int scale(long d) {
        return (int) (d & SCALE_MASK);
    }

    /** True for a number, false for {@link #NULL} and {@link #INVALID}. */
    public static boolean isNumber(long d) {
        return mantissa(d) != RESERVED_MANTISSA;
    }

    /** True for {@link #NULL}. */
    public static boolean isNull(long d) {
        return d == NULL;
    }

    /** -1, 0 or 1 as the value is negative, zero or positive. */
    public static int signum(long d) {
        return Long.signum(mantissa(d));
    }

    /** The value with its sign flipped; the scale is kept. */
    public static long negate(long d) {
        return pack(-mantissa(d), scale(d));
    }

    /**
     * Compares two values numerically, whatever their scales: 1.5 equals 1.50. Exact for every
     * pair of numbers (the scaled mantissa is compared in 128 bits).
     */
    public static int compare(long a, long b) {
        int sa = scale(a);
        int sb = scale(b);
        long ma = mantissa(a);
        long mb = mantissa(b);
        if (sa == sb) {
            return Long.compare(ma, mb);
        }
        if (sa < sb) {
            return compareScaled(ma, POW10[sb - sa], mb);
        }
        return -compareScaled(mb, POW10[sa - sb], ma);
    }

    /** True when both are the same number, whatever their scales. */
    public static boolean equalValue(long a, long b) {
        return compare(a, b) == 0;
    }

    // Compares x * p with y exactly, as signed 128-bit integers.
    private static int compareScaled(long x, long p, long y) {
        long hi = Math.multiplyHigh(x, p);
        long lo = x * p;
        long yHi = y >> 63;
        if (hi != yHi) {
            return Long.compare(hi, yHi);
        }
        return Long.compareUnsigned(lo, y);
    }

    /**
     * The nearest double, as {@code toBigDecimal(d).doubleValue()} gives it, without allocating:
     * a mantissa below 2^53 and a power of ten up to 10^18 are exact doubles, and IEEE division
     * rounds their quotient correctly. For statistics (indicators, graph values), never for orders.
     */
    public static double toDouble(long d) {
        requireNumber(d);
        long m = mantissa(d);
        if (m > (1L << 53) || m < -(1L << 53)) {
            return toBigDecimal(d).doubleValue();
        }
        return m / (double) POW10[scale(d)];
    }

    /**
     * The same number at another scale, or {@link #INVALID} when that is not exact (digits would
     * be lost) or the mantissa would not fit.
     */
    public static long rescale(long d, int newScale) {
        int s = scale(d);
        if (newScale == s) {
            return d;
        }
        if (newScale < 0 || newScale > MAX_SCALE) {
            return INVALID;
        }
        long m = mantissa(d);
        if (newScale > s) {
            long limit = MAX_OVER_POW10[newScale - s];
            if (m > limit || m < -limit) {
                return INVALID;
            }
            return pack(m * POW10[newScale - s], newScale);
        }
        long p = POW10[s - newScale];
        if (m % p != 0) {
            return INVALID;
        }
        return pack(m / p, newScale);
    }

    /**
     * The exact sum of two numbers, at the larger of their scales, or {@link #INVALID} when it does
     * not fit (a mantissa beyond {@link #MAX_MANTISSA} at that scale). Order books that aggregate
     * orders into levels (Independent Reserve) add and take away sizes with it.
     */
    public static long add(long a, long b) {
        int sa = scale(a);
        int sb = scale(b);
        int s = Math.max(sa, sb);
        long x = sa == s ? a : rescale(a, s);
        long y = sb == s ? b : rescale(b, s);
        if (x == INVALID || y == INVALID) {
            return INVALID;
        }
        long m = mantissa(x) + mantissa(y); // both within 2^58: no long overflow
        if (m > MAX_MANTISSA || m < -MAX_MANTISSA) {
            return INVALID;
        }
        return pack(m, s);
    }

    /** The exact difference {@code a - b}, as {@link #add} gives sums. */
    public static long subtract(long a, long b) {
        return add(a, negate(b));
    }

    /** The same number with the smallest scale that represents it: 1.500 becomes 1.5, 10.0 becomes 10. */
    public static long stripTrailingZeros(long d) {
        long m = mantissa(d);
        int s = scale(d);
        if (m == 0) {
            return ZERO;
        }
        while (s > 0 && m % 10 == 0) {
            m /= 10;
            s--;
        }
        return pack(m, s);
    }

    /** Converts to a {@link BigDecimal} with the same unscaled value and scale. Cold path. */
    public static BigDecimal toBigDecimal(long d) {
        requireNumber(d);
        return BigDecimal.valueOf(mantissa(d), scale(d));
    }

    /**
     * Converts from a {@link BigDecimal}, keeping its scale where possible; {@link #INVALID} when
     * the number cannot be held exactly. Cold path.
     */
    public static long fromBigDecimal(BigDecimal value) {
        BigDecimal v = value.scale() < 0 ? value.setScale(0) : value;
        if (v.scale() > MAX_SCALE) {
            if (v.stripTrailingZeros().scale() > MAX_SCALE) {
                return INVALID;
            }
            v = v.setScale(MAX_SCALE); // exact: only trailing zeros go, as in the parser
        }
        if (v.unscaledValue().bitLength() > 58) {
            v = v.stripTrailingZeros();
            v = v.scale() < 0 ? v.setScale(0) : v;
            if (v.unscaledValue().bitLength() > 58) {
                return INVALID;
            }
        }
        return pack(v.unscaledValue().longValue(), v.scale());
    }

    /**
     * Parses text such as "56218.30000", "-0.5" or "1.2e-7". Cold-path convenience; hot paths call
     * {@link DecimalParser#parse(byte[], int, int)} on the bytes they already hold.
     *
     * @return the value, or {@link #INVALID}
     */
    public static long parse(CharSequence text) {
        return DecimalParser.parse(text);
    }

    /**
     * Parses text or throws.
     *
     * @throws NumberFormatException naming the text, when it is not an exactly representable decimal
     */
    public static long parseOrThrow(CharSequence text) {
        long d = DecimalParser.parse(text);
        if (d == INVALID) {
            throw new NumberFormatException("not an exact decimal of at most 17 significant digits and "
                    + MAX_SCALE + " decimals: \"" + text + "\"");
        }
        return d;
    }

    /** Plain text with the value's own scale ("0.05005", "-12", "1.50"); "NULL" and "INVALID" for the sentinels. */
    public static String toString(long d) {
        if (d == NULL) {
            return "NULL";
        }
        if (d == INVALID) {
            return "INVALID";
        }
        StringBuilder sb = new StringBuilder(24);
        DecimalPrinter.append(d, sb);
        return sb.toString();
    }

    static void requireNumber(long d) {
        if (!isNumber(d)) {
            throw new IllegalArgumentException("not a number: " + toString(d));
        }
    }
}
