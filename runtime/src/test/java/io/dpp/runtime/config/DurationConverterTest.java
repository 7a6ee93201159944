package io.dpp.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationConverterTest {

    private final DurationConverter converter = new DurationConverter();

    @Test
    void readsUnitsAndIso() {
        assertThat(converter.convert("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(converter.convert("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(converter.convert(" 5m ")).isEqualTo(Duration.ofMinutes(5));
        assertThat(converter.convert("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(converter.convert("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(converter.convert("30")).isEqualTo(Duration.ofSeconds(30));
        assertThat(converter.convert("PT1.5S")).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void rejectsOtherTextWithAnIllegalArgument() {
        for (String bad : new String[] {"", "s", "10x", "ten seconds", "P1Q", "1.5s"}) {
            assertThatThrownBy(() -> converter.convert(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected a duration");
        }
    }

    @Test
    void durationsAreWrittenAsUsersWriteThemAndReadBackTheSame() {
        DurationConverter c = new DurationConverter();
        for (String text : new String[] {"0s", "8s", "90s", "500ms", "1500ms", "10m", "2h", "1d", "36h", "-5s"}) {
            assertThat(DurationConverter.text(c.convert(text))).isEqualTo(text);
        }
        assertThat(DurationConverter.text(java.time.Duration.ofSeconds(120))).isEqualTo("2m");
        assertThat(DurationConverter.text(java.time.Duration.ofHours(48))).isEqualTo("2d");
    }
}
