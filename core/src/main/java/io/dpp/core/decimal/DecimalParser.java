package io.dpp.core.decimal;

import static io.dpp.core.decimal.Decimal64.INVALID;
import static io.dpp.core.decimal.Decimal64.MAX_MANTISSA;
import static io.dpp.core.decimal.Decimal64.MAX_SCALE;
import static io.dpp.core.decimal.Decimal64.POW10;

/**
 * Allocation-free parser from ASCII text to {@link Decimal64}. It runs on every price and size a
 * venue sends, so it neither allocates nor throws: text that is not an exact decimal yields
 * {@link Decimal64#INVALID}, which the caller counts as a decode error.
 *
 * <p>Accepted: an optional '-', digits, optionally '.' followed by digits, optionally an exponent
 * ('e' or 'E', optional sign, up to three digits). That is JSON's number grammar, which is also
 * what venues put inside JSON strings. Rejected: empty text, a lone sign or dot, "1.", ".5", '+'
 * signs, white space, "NaN", "Infinity", commas, and any value that does not fit exactly (more than
 * {@value Decimal64#MAX_SCALE} decimals after trailing zeros are dropped, or a mantissa beyond
 * {@link Decimal64#MAX_MANTISSA}).
 *
 * <p>Trailing zeros after the point are kept in the scale so that the printer reproduces the text
 * ("0.10000000" has scale 8). Only when they do not fit are they dropped, which keeps the value exact.
 * Text with an exponent is held exactly but printed in plain form.
 */
public final class DecimalParser {

    private static final long GUARD = MAX_MANTISSA / 10;
    private static final int GUARD_LAST_DIGIT = (int) (MAX_MANTISSA % 10);

    private DecimalParser() {
    }

    /**
     * Parses {@code len} bytes of {@code text} from {@code offset}.
     *
     * @return the packed value, or {@link Decimal64#INVALID}
     */
    public static long parse(byte[] text, int offset, int len) {
        if (len <= 0 || offset < 0 || offset + len > text.length) {
            return INVALID;
        }
        // Fast path: at most 17 digits cannot overflow the mantissa, so digits are accumulated
        // without checks; anything longer or unusual is parsed again by the careful path.
        int end = offset + len;
        int i = offset;
        boolean negative = text[i] == '-';
        if (negative) {
            i++;
        }
        int intStart = i;
        long m = 0;
        int d;
        while (i < end && (d = text[i] - '0') >= 0 && d <= 9) {
            m = m * 10 + d;
            i++;
        }
        int intDigits = i - intStart;
        int scale = 0;
        if (i < end && text[i] == '.') {
            int fracStart = ++i;
            while (i < end && (d = text[i] - '0') >= 0 && d <= 9) {
                m = m * 10 + d;
                i++;
            }
            scale = i - fracStart;
            if (scale == 0) {
                return INVALID;
            }
        }
        if (intDigits == 0 || intDigits + scale > 17 || scale > MAX_SCALE) {
            return parseCarefully(text, offset, end);
        }
        if (i == end) {
            return Decimal64.pack(negative ? -m : m, scale);
        }
        int c = text[i];
        if (c == 'e' || c == 'E') {
            return withExponent(text, i + 1, end, negative ? -m : m, scale);
        }
        return INVALID;
    }

    // Digit by digit with overflow checks; keeps trailing zeros only while they fit.
    private static long parseCarefully(byte[] text, int offset, int end) {
        int i = offset;
        boolean negative = false;
        if (text[i] == '-') {
            negative = true;
            i++;
        }
        long m = 0;
        int scale = 0;
        int pendingZeros = 0; // zeros after the point not yet multiplied in
        boolean intDigits = false;
        boolean dot = false;
        boolean fracDigits = false;
        for (; i < end; i++) {
            int c = text[i];
            if (c >= '0' && c <= '9') {
                int digit = c - '0';
                if (dot) {
                    fracDigits = true;
                    if (digit == 0) {
                        pendingZeros++;
                        continue;
                    }
                    if (pendingZeros > 0) {
                        if (scale + pendingZeros >= MAX_SCALE || !fitsTimes(m, pendingZeros)) {
                            return INVALID;
                        }
                        m *= POW10[pendingZeros];
                        scale += pendingZeros;
                        pendingZeros = 0;
                    }
                    if (scale == MAX_SCALE) {
                        return INVALID;
                    }
                    scale++;
                } else {
                    intDigits = true;
                }
                if (m >= GUARD && (m > GUARD || digit > GUARD_LAST_DIGIT)) {
                    return INVALID;
                }
                m = m * 10 + digit;
            } else if (c == '.' && !dot && intDigits) {
                dot = true;
            } else if ((c == 'e' || c == 'E') && intDigits && (!dot || fracDigits)) {
                return withExponent(text, i + 1, end, negative ? -m : m, scale);
            } else {
                return INVALID;
            }
        }
        if (!intDigits || (dot && !fracDigits)) {
            return INVALID;
        }
        // Keep as many received trailing zeros as fit, so the printer reproduces the text.
        while (pendingZeros > 0 && scale < MAX_SCALE && m <= GUARD && m >= -GUARD) {
            m *= 10;
            scale++;
            pendingZeros--;
        }
        return Decimal64.pack(negative ? -m : m, scale);
    }

    /** Parses a whole {@link CharSequence}; any non-ASCII character makes it {@link Decimal64#INVALID}. */
    public static long parse(CharSequence text) {
        int len = text.length();
        if (len == 0 || len > 64) {
            return INVALID;
        }
        byte[] bytes = new byte[len];
        for (int i = 0; i < len; i++) {
            char c = text.charAt(i);
            if (c > 0x7f) {
                return INVALID;
            }
            bytes[i] = (byte) c;
        }
        return parse(bytes, 0, len);
    }

    private static boolean fitsTimes(long m, int zeros) {
        return zeros <= MAX_SCALE && m <= MAX_MANTISSA / POW10[zeros];
    }

    private static long withExponent(byte[] text, int i, int end, long m, int scale) {
        if (i == end) {
            return INVALID;
        }
        boolean negative = false;
        if (text[i] == '-' || text[i] == '+') {
            negative = text[i] == '-';
            i++;
        }
        if (i == end || end - i > 3) {
            return INVALID;
        }
        int exponent = 0;
        for (; i < end; i++) {
            int c = text[i];
            if (c < '0' || c > '9') {
                return INVALID;
            }
            exponent = exponent * 10 + (c - '0');
        }
        int newScale = scale + (negative ? exponent : -exponent);
        if (m == 0) {
            return Decimal64.pack(0, Math.max(0, Math.min(newScale, MAX_SCALE)));
        }
        if (newScale < 0) {
            int up = -newScale;
            if (up > MAX_SCALE || m > MAX_MANTISSA / POW10[up] || m < -MAX_MANTISSA / POW10[up]) {
                return INVALID;
            }
            return Decimal64.pack(m * POW10[up], 0);
        }
        while (newScale > MAX_SCALE && m % 10 == 0) {
            m /= 10;
            newScale--;
        }
        if (newScale > MAX_SCALE) {
            return INVALID;
        }
        return Decimal64.pack(m, newScale);
    }
}
