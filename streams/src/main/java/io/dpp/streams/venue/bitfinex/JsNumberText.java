package io.dpp.streams.venue.bitfinex;

import io.dpp.core.decimal.Decimal64;
import io.dpp.book.ChecksumText;

/**
 * Writes a decimal the way JavaScript's {@code Number.prototype.toString} writes the same number:
 * the shortest digits, plain between 1e-7 and 1e21, exponent form ("1.5e-7") outside. Bitfinex
 * computes its book checksum over its prices and amounts formatted so.
 */
final class JsNumberText {

    private final byte[] digits = new byte[20];

    void append(ChecksumText text, long value) {
        long d = Decimal64.stripTrailingZeros(value);
        long m = Decimal64.mantissa(d);
        if (m == 0) {
            text.append('0');
            return;
        }
        if (m < 0) {
            text.append('-');
            m = -m;
        }
        int k = 0;
        for (long t = m; t > 0; t /= 10) {
            digits[19 - k++] = (byte) ('0' + t % 10);
        }
        int first = 20 - k;
        int n = k - Decimal64.scale(d); // value = 0.d1d2...dk x 10^n
        if (n >= k && n <= 21) {
            appendDigits(text, first, k);
            for (int i = k; i < n; i++) {
                text.append('0');
            }
        } else if (n > 0 && n <= 21) {
            appendDigits(text, first, n);
            text.append('.');
            appendDigits(text, first + n, k - n);
        } else if (n > -6 && n <= 0) {
            text.append('0').append('.');
            for (int i = 0; i < -n; i++) {
                text.append('0');
            }
            appendDigits(text, first, k);
        } else {
            text.append((char) digits[first]);
            if (k > 1) {
                text.append('.');
                appendDigits(text, first + 1, k - 1);
            }
            text.append('e').append(n - 1 < 0 ? '-' : '+');
            int exponent = Math.abs(n - 1);
            if (exponent >= 100) {
                text.append((char) ('0' + exponent / 100));
            }
            if (exponent >= 10) {
                text.append((char) ('0' + (exponent / 10) % 10));
            }
            text.append((char) ('0' + exponent % 10));
        }
    }

    private void appendDigits(ChecksumText text, int from, int count) {
        for (int i = 0; i < count; i++) {
            text.append((char) digits[from + i]);
        }
    }
}
