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
}
