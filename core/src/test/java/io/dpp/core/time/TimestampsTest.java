package io.dpp.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimestampsTest {

    private static final DateTimeFormatter ISO_MICROS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void formatsCaptureTimeWithMicroseconds() {
        // Kraken capture line "1618678133.710264: ..."
        assertThat(Timestamps.toIso(1_618_678_133_710_264L)).isEqualTo("2021-04-17T16:48:53.710264Z");
        assertThat(Timestamps.toIso(0)).isEqualTo("1970-01-01T00:00:00.000000Z");
        assertThat(Timestamps.toIso(-1)).isEqualTo("1969-12-31T23:59:59.999999Z");
        assertThat(Timestamps.toIso(Timestamps.UNKNOWN)).isEqualTo("unknown");
    }

    @Test
    void agreesWithJavaTimeAcrossCenturies() {
        Random random = new Random(42);
        long min = Instant.parse("1900-01-01T00:00:00Z").toEpochMilli() * 1000;
        long max = Instant.parse("2200-01-01T00:00:00Z").toEpochMilli() * 1000;
        StringBuilder sb = new StringBuilder(Timestamps.ISO_LENGTH);
        for (int i = 0; i < 100_000; i++) {
            long micros = min + (long) (random.nextDouble() * (max - min));
            Instant instant = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                    Math.floorMod(micros, 1_000_000L) * 1000);
            sb.setLength(0);
            Timestamps.appendIso(micros, sb);
            assertThat(sb.toString()).isEqualTo(ISO_MICROS.format(instant));
        }
        // Leap days.
        long leap = Instant.parse("2024-02-29T23:59:59.999999Z").getEpochSecond() * 1_000_000L + 999_999;
        assertThat(Timestamps.toIso(leap)).isEqualTo("2024-02-29T23:59:59.999999Z");
    }

    @Test
    void convertsUnits() {
        assertThat(Timestamps.ofMillis(1_633_998_512_068L)).isEqualTo(1_633_998_512_068_000L);
        assertThat(Timestamps.ofSeconds(2)).isEqualTo(2_000_000L);
        assertThat(Timestamps.ofNanos(-1)).isEqualTo(-1);
        assertThat(Timestamps.ofNanos(1_999)).isEqualTo(1);
    }

    @Test
    void refusesUnknownWhenAppending() {
        assertThatThrownBy(() -> Timestamps.appendIso(Timestamps.UNKNOWN, new StringBuilder()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
