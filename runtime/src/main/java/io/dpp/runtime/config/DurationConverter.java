package io.dpp.runtime.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.config.spi.Converter;

/**
 * Reads durations as people write them in YAML and environment variables: "500ms", "10s", "5m",
 * "2h", "1d", a bare number of seconds, or ISO-8601 ("PT10S").
 */
public final class DurationConverter implements Converter<Duration> {

    @Override
    public Duration convert(String value) {
        String v = value.trim();
        try {
            if (v.isEmpty()) {
                throw new NumberFormatException("empty");
            }
            if (v.startsWith("P") || v.startsWith("p")) {
                return Duration.parse(v);
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
            }
            char unit = v.charAt(v.length() - 1);
            String number = Character.isDigit(unit) ? v : v.substring(0, v.length() - 1).trim();
            long amount = Long.parseLong(number);
            return switch (unit) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                case 'd' -> Duration.ofDays(amount);
                default -> {
                    if (!Character.isDigit(unit)) {
                        throw new NumberFormatException("unit " + unit);
                    }
                    yield Duration.ofSeconds(amount);
                }
            };
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            // An IllegalArgumentException makes SmallRye name the key and the value in its message.
            throw new IllegalArgumentException("expected a duration such as 500ms, 10s, 5m, 2h or PT10S, got \""
                    + (value.length() > 40 ? value.substring(0, 40) + "..." : value) + "\"", e);
        }
    }
}
