package io.dpp.core.time;

/**
 * Timestamps in DPP are {@code long} microseconds since 1970-01-01T00:00:00Z (UTC). Every event
 * carries two of them, kept apart: the venue's own time and the local receive time. Microseconds
 * are what QuestDB's TIMESTAMP holds and finer than any venue's clock we ingest.
 *
 * <p>See docs/decisions/006-time-and-instruments.md.
 */
public final class Timestamps {

    /** The venue sent no time for this event. */
    public static final long UNKNOWN = Long.MIN_VALUE;

    /** Length of {@link #appendIso} output: "2021-04-17T16:48:52.385815Z". */
    public static final int ISO_LENGTH = 27;

    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long MICROS_PER_DAY = 86_400L * MICROS_PER_SECOND;

    private Timestamps() {
    }

    /** The current UTC time in epoch microseconds (the system clock, microsecond resolution where the OS gives it). */
    public static long now() {
        java.time.Instant i = java.time.Instant.now();
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
    }

    /** How far back a receive time is taken as this process's own receipt of a live message: an hour. */
    public static final long LIVE_RECEIPT_WINDOW = 3_600_000_000L;

    /**
     * Microseconds from {@code receiveTime} to {@code now} when the receive time is a receipt of the
     * last hour, else -1. A message replayed from a recording keeps the receive time it was recorded
     * with, and how long ago that was says nothing about this process's delays.
     */
    public static long sinceReceipt(long receiveTime, long now) {
        long d = now - receiveTime;
        return receiveTime > 0 && d < LIVE_RECEIPT_WINDOW ? Math.max(0, d) : -1;
    }

    /** Microseconds from epoch milliseconds. */
    public static long ofMillis(long epochMillis) {
        return epochMillis * 1_000L;
    }

    /** Microseconds from epoch seconds. */
    public static long ofSeconds(long epochSeconds) {
        return epochSeconds * MICROS_PER_SECOND;
    }

    /** Microseconds from epoch nanoseconds, truncated toward the past. */
    public static long ofNanos(long epochNanos) {
        return Math.floorDiv(epochNanos, 1_000L);
    }

    /**
     * Appends the ISO-8601 UTC form with six fractional digits, e.g. "2021-04-17T16:48:52.385815Z".
     * Cold path (it allocates a small buffer); hot paths use {@link #printIso}.
     *
     * @throws IllegalArgumentException for {@link #UNKNOWN}
     */
    public static void appendIso(long micros, StringBuilder sb) {
        byte[] text = new byte[ISO_LENGTH];
        printIso(micros, text, 0);
        for (byte b : text) {
            sb.append((char) b);
        }
    }

    /**
     * Writes the ISO-8601 UTC form ({@value #ISO_LENGTH} bytes) into {@code dst} at {@code offset},
     * without allocating. Years 0000 to 9999.
     *
     * @throws IllegalArgumentException for {@link #UNKNOWN} or a year outside 0000-9999
     */
    public static int printIso(long micros, byte[] dst, int offset) {
        if (micros == UNKNOWN) {
            throw new IllegalArgumentException("unknown timestamp");
        }
        long days = Math.floorDiv(micros, MICROS_PER_DAY);
        long microOfDay = Math.floorMod(micros, MICROS_PER_DAY);
        // Civil date from days since epoch (H. Hinnant, "chrono-compatible low-level date algorithms").
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long year = yoe + era * 400;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long day = doy - (153 * mp + 2) / 5 + 1;
        long month = mp < 10 ? mp + 3 : mp - 9;
        if (month <= 2) {
            year++;
        }
        if (year < 0 || year > 9999) {
            throw new IllegalArgumentException("year " + year + " does not fit four digits");
        }
        long secondOfDay = microOfDay / MICROS_PER_SECOND;
        int p = offset;
        p = digits(dst, p, year, 4);
        dst[p++] = '-';
        p = digits(dst, p, month, 2);
        dst[p++] = '-';
        p = digits(dst, p, day, 2);
        dst[p++] = 'T';
        p = digits(dst, p, secondOfDay / 3600, 2);
        dst[p++] = ':';
        p = digits(dst, p, (secondOfDay / 60) % 60, 2);
        dst[p++] = ':';
        p = digits(dst, p, secondOfDay % 60, 2);
        dst[p++] = '.';
        p = digits(dst, p, microOfDay % MICROS_PER_SECOND, 6);
        dst[p] = 'Z';
        return ISO_LENGTH;
    }

    /** The ISO-8601 UTC form, or "unknown". Cold path. */
    public static String toIso(long micros) {
        if (micros == UNKNOWN) {
            return "unknown";
        }
        StringBuilder sb = new StringBuilder(ISO_LENGTH);
        appendIso(micros, sb);
        return sb.toString();
    }

    /**
     * Epoch microseconds of an ISO-8601 time with an offset ({@code 2024-05-01T12:00:00.123456Z},
     * {@code ...+02:00}) or of a date (UTC midnight). Cold path.
     *
     * @throws java.time.DateTimeException when the text is neither
     * @throws ArithmeticException when the time lies beyond what epoch microseconds hold
     */
    public static long parseTimeOrDate(String text) {
        if (text.length() == 10) {
            return Math.multiplyExact(java.time.LocalDate.parse(text).atStartOfDay(java.time.ZoneOffset.UTC).toEpochSecond(),
                    MICROS_PER_SECOND);
        }
        java.time.Instant i = java.time.OffsetDateTime.parse(text).toInstant();
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), MICROS_PER_SECOND), i.getNano() / 1_000);
    }

    private static int digits(byte[] dst, int offset, long value, int width) {
        long v = value;
        for (int i = width - 1; i >= 0; i--) {
            dst[offset + i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return offset + width;
    }
}
