package io.dpp.streams.json;

/**
 * Allocation-free parsers for the time formats venues send, to epoch microseconds (UTC). Each
 * returns -1 for text that is not in its format.
 */
public final class TimeText {

    private TimeText() {
    }

    /**
     * Epoch seconds with an optional fraction, "1618678117.243818" (Kraken, captures); digits
     * beyond the sixth are truncated.
     */
    public static long epochSeconds(byte[] b, int start, int length) {
        int end = start + length;
        long seconds = 0;
        int i = start;
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            seconds = seconds * 10 + (b[i] - '0');
            i++;
        }
        if (i == start || i - start > 12) {
            return -1;
        }
        long micros = 0;
        int digits = 0;
        if (i < end && b[i] == '.') {
            i++;
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                if (digits < 6) {
                    micros = micros * 10 + (b[i] - '0');
                    digits++;
                }
                i++;
            }
        }
        if (i != end) {
            return -1;
        }
        while (digits < 6) {
            micros *= 10;
            digits++;
        }
        return seconds * 1_000_000L + micros;
    }

    /**
     * ISO-8601, "2021-04-17T16:43:37.078325Z" (Coinbase, BitMEX, Bybit): any number of fraction
     * digits (truncated to microseconds), 'Z' or an offset from UTC ("+00:00"; Independent Reserve's
     * "2023-02-12T10:04:13.0804889+11:00" is 23:04:13.080488 UTC the day before).
     */
    public static long iso(byte[] b, int start, int length) {
        int end = start + length;
        if (length < 20 || b[start + 4] != '-' || b[start + 7] != '-' || (b[start + 10] != 'T' && b[start + 10] != ' ')
                || b[start + 13] != ':' || b[start + 16] != ':') {
            return -1;
        }
        // "YYYY-MM-" and "HH:MM:SS" eight bytes at a time: the separators (checked above) read as
        // zeros, so each word spells one number ("YYYY0MM0", "HH0MM0SS") whose parts divide out.
        long date = (long) LONGS.get(b, start) & ~DATE_SEPARATORS | ZERO_DATE_SEPARATORS;
        long clock = (long) LONGS.get(b, start + 11) & ~CLOCK_SEPARATORS | ZERO_CLOCK_SEPARATORS;
        if (!JsonReader.eightDigits(date) || !JsonReader.eightDigits(clock)) {
            return -1;
        }
        long ymd = JsonReader.eightDigitValue(date);
        long hms = JsonReader.eightDigitValue(clock);
        int year = (int) (ymd / 10_000);
        int month = (int) (ymd % 1000 / 10);
        int day = digits(b, start + 8, 2);
        int hour = (int) (hms / 1_000_000);
        int minute = (int) (hms / 1000 % 1000);
        int second = (int) (hms % 1000);
        if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
            return -1;
        }
        int i = start + 19;
        long micros = 0;
        int fraction = 0;
        if (i + 8 <= end && b[i] == '.' && i + 9 <= b.length) {
            // The usual six fraction digits and one more byte ('Z', '+'): read as "00dddddd".
            long six = (long) LONGS.get(b, i + 1) << 16 | 0x3030L;
            int after = b[i + 7];
            if (JsonReader.eightDigits(six) && (after < '0' || after > '9')) {
                micros = JsonReader.eightDigitValue(six);
                fraction = 6;
                i += 7;
            }
        }
        if (fraction == 0 && i < end && b[i] == '.') {
            i++;
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                if (fraction < 6) {
                    micros = micros * 10 + (b[i] - '0');
                    fraction++;
                }
                i++;
            }
        }
        while (fraction < 6) {
            micros *= 10;
            fraction++;
        }
        long offsetMinutes;
        if (i == end - 1 && b[i] == 'Z') {
            offsetMinutes = 0;
        } else if (i == end - 6 && (b[i] == '+' || b[i] == '-') && b[i + 3] == ':') {
            int h = digits(b, i + 1, 2);
            int m = digits(b, i + 4, 2);
            if (h < 0 || h > 18 || m < 0 || m > 59) {
                return -1;
            }
            offsetMinutes = (b[i] == '-' ? -1 : 1) * (h * 60L + m);
        } else {
            return -1;
        }
        long days = daysFromCivil(year, month, day);
        return ((days * 24 + hour) * 60 + minute - offsetMinutes) * 60_000_000L + second * 1_000_000L + micros;
    }

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    /** The bytes of the '-' at 4 and 7 of "YYYY-MM-", and the same bytes as '0'. */
    private static final long DATE_SEPARATORS = 0xFF0000FF00000000L;
    private static final long ZERO_DATE_SEPARATORS = 0x3000003000000000L;
    /** The bytes of the ':' at 2 and 5 of "HH:MM:SS", and the same bytes as '0'. */
    private static final long CLOCK_SEPARATORS = 0x0000FF0000FF0000L;
    private static final long ZERO_CLOCK_SEPARATORS = 0x0000300000300000L;

    private static int digits(byte[] b, int start, int n) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            int d = b[start + i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    // Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
    private static long daysFromCivil(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }
}
