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
        int year = digits(b, start, 4);
        int month = digits(b, start + 5, 2);
        int day = digits(b, start + 8, 2);
        int hour = digits(b, start + 11, 2);
        int minute = digits(b, start + 14, 2);
        int second = digits(b, start + 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 60) {
            return -1;
        }
        int i = start + 19;
        long micros = 0;
        int fraction = 0;
        if (i < end && b[i] == '.') {
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
