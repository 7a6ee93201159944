package io.dpp.streams.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeTextTest {

    private static long iso(String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        return TimeText.iso(b, 0, b.length);
    }

    private static long micros(String instant) {
        Instant i = Instant.parse(instant);
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
    }

    @Test
    void readsUtcAndOffsetTimes() {
        assertThat(iso("2021-04-17T16:43:37.078325Z")).isEqualTo(micros("2021-04-17T16:43:37.078325Z"));
        assertThat(iso("2021-04-17T16:43:37.078325+00:00")).isEqualTo(micros("2021-04-17T16:43:37.078325Z"));
        // Independent Reserve writes Sydney time with seven fraction digits.
        assertThat(iso("2023-02-12T10:04:13.0804889+11:00")).isEqualTo(micros("2023-02-11T23:04:13.080488Z"));
        assertThat(iso("2023-02-12T10:04:13-05:30")).isEqualTo(micros("2023-02-12T15:34:13Z"));
    }

    @Test
    void rejectsWhatIsNotIso() {
        assertThat(iso("2023-02-12T10:04:13.08+1100")).isEqualTo(-1);
        assertThat(iso("2023-02-12T10:04:13.08+25:00")).isEqualTo(-1);
        assertThat(iso("2023-02-12T10:04:13.08")).isEqualTo(-1);
        assertThat(iso("2023-02-12 10:04")).isEqualTo(-1);
    }

    /**
     * Times as they stand inside messages (more bytes after them, so the eight-byte reads apply):
     * random instants from 1970 to 2099, 0 to 9 fraction digits, 'Z' or an offset, each against
     * java.time; then the same text alone in its array (no bytes after it).
     */
    @Test
    void readsTimesInsideMessagesAsJavaTimeDoes() {
        java.util.Random random = new java.util.Random(7);
        for (int n = 0; n < 20_000; n++) {
            long seconds = random.nextLong(0, 4_102_444_800L);
            int digits = random.nextInt(10);
            int nanos = random.nextInt(1_000_000_000);
            String fraction = digits == 0 ? "" : "." + String.format("%09d", nanos).substring(0, digits);
            java.time.ZoneOffset offset = random.nextBoolean() ? java.time.ZoneOffset.UTC
                    : java.time.ZoneOffset.ofTotalSeconds(random.nextInt(-24, 29) * 1800); // -12:00 to +14:00 by half hours
            java.time.OffsetDateTime t = Instant.ofEpochSecond(seconds).atOffset(offset);
            String text = String.format("%04d-%02d-%02dT%02d:%02d:%02d%s%s", t.getYear(), t.getMonthValue(), t.getDayOfMonth(),
                    t.getHour(), t.getMinute(), t.getSecond(), fraction,
                    offset.equals(java.time.ZoneOffset.UTC) ? "Z" : offset.getId());
            long expected = seconds * 1_000_000L + (digits == 0 ? 0 : Long.parseLong(String.format("%09d", nanos).substring(0, Math.min(6, digits)))
                    * (long) Math.pow(10, 6 - Math.min(6, digits)));
            String message = "{\"time\":\"" + text + "\",\"x\":1}";
            byte[] b = message.getBytes(StandardCharsets.US_ASCII);
            assertThat(TimeText.iso(b, 9, text.length())).as(text).isEqualTo(expected);
            assertThat(iso(text)).as(text + " alone").isEqualTo(expected);
        }
    }

    @Test
    void rejectsDigitsWhereTheSeparatorsGoAndLettersWhereTheDigitsGo() {
        for (String bad : new String[] {"2021-04-17T16:43:3x.078325Z", "2021-0a-17T16:43:37.078325Z", "202 -04-17T16:43:37.078325Z",
                "2021-04-17T1/:43:37.078325Z", "2021-13-17T16:43:37.078325Z", "2021-04-17T24:43:37.078325Z",
                "2021-04-17T16:60:37.078325Z", "2021-04-17T16:43:37.0783a5Z", "2021-04-17T16:43:37.078325"}) {
            byte[] b = ("\"" + bad + "\"    ").getBytes(StandardCharsets.US_ASCII);
            assertThat(TimeText.iso(b, 1, bad.length())).as(bad).isEqualTo(-1);
            assertThat(iso(bad)).as(bad + " alone").isEqualTo(-1);
        }
    }
}
