package io.dpp.store;

import io.dpp.core.decimal.Decimal64;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Conversions between {@link Decimal64} values and the store's {@code DECIMAL(38,18)} columns,
 * whose values are 128-bit integers counting 10^-18 units. Writing multiplies the mantissa by
 * 10^(18 - scale); reading divides exactly by the same power, with the scale recorded beside the
 * value, so the text the venue sent ("0.10000") comes back unchanged. Neither direction
 * allocates.
 */
public final class Wide {

    /** Scale of every decimal column of the store. */
    public static final int SCALE = 18;
    /** Column type of every price and amount. */
    public static final String TYPE = "DECIMAL(38,18)";

    private static final long[] POW10 = new long[SCALE + 1];
    /** Inverse of 5^n modulo 2^64, for exact division by 10^n = 2^n * 5^n. */
    private static final long[] INV5 = new long[SCALE + 1];

    static {
        long p = 1;
        long five = 1;
        for (int n = 0; n <= SCALE; n++) {
            POW10[n] = p;
            INV5[n] = inverse(five);
            p *= 10;
            five *= 5;
        }
    }

    private Wide() {
    }

    /** High 64 bits of {@code d} in 10^-18 units. */
    public static long high(long d) {
        return Math.multiplyHigh(Decimal64.mantissa(d), POW10[SCALE - Decimal64.scale(d)]);
    }

    /** Low 64 bits of {@code d} in 10^-18 units. */
    public static long low(long d) {
        return Decimal64.mantissa(d) * POW10[SCALE - Decimal64.scale(d)];
    }

    /**
     * The {@link Decimal64} of the 128-bit value {@code (hi, lo)} in 10^-18 units at {@code scale}
     * digits, or {@link Decimal64#INVALID} when the value has more digits than {@code scale} or
     * does not fit.
     */
    public static long toDecimal64(long hi, long lo, int scale) {
        if (scale < 0 || scale > SCALE) {
            return Decimal64.INVALID;
        }
        int n = SCALE - scale;
        long shifted = n == 0 ? lo : (lo >>> n) | (hi << (64 - n));
        long q = shifted * INV5[n];
        // Exact only if q * 10^n gives back (hi, lo).
        long p = POW10[n];
        if (q * p != lo || Math.multiplyHigh(q, p) != hi || Math.abs(q) > Decimal64.MAX_MANTISSA) {
            return Decimal64.INVALID;
        }
        return Decimal64.of(q, scale);
    }

    /** The 128-bit value {@code (hi, lo)} in 10^-{@code scale} units as a BigDecimal (aggregates). */
    public static BigDecimal toBigDecimal(long hi, long lo, int scale) {
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (hi >>> (56 - 8 * i));
            bytes[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        return new BigDecimal(new BigInteger(bytes), scale);
    }

    /** The scale of {@code d}, or 0 for null: what goes into a row's packed scales. */
    public static int scaleOf(long d) {
        return Decimal64.isNumber(d) ? Decimal64.scale(d) : 0;
    }

    /** Puts a 5-bit scale at field {@code field} of a packed scales word. */
    public static long packScale(long scales, int field, long d) {
        return scales | ((long) scaleOf(d) << (5 * field));
    }

    /** The scale of field {@code field} in a packed scales word. */
    public static int unpackScale(long scales, int field) {
        return (int) (scales >>> (5 * field)) & 31;
    }

    private static long inverse(long odd) {
        long x = odd; // correct to 3 bits; each Newton step doubles the correct bits
        for (int i = 0; i < 5; i++) {
            x *= 2 - odd * x;
        }
        return x;
    }
}
