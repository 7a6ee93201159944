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

    /**
     * A duration as a user writes it, the largest whole unit that states it exactly ("8s", "500ms",
     * "10m", "2h", "1d", "-5s"), for messages: never ISO-8601's "PT8S".
     */
    public static String text(Duration d) {
        if (d.isNegative()) {
            return "-" + text(d.negated());
        }
        long nanos = d.toNanosPart();
        long seconds = d.getSeconds();
        if (nanos == 0) {
            if (seconds == 0) {
                return "0s";
            }
            if (seconds % 86_400 == 0) {
                return seconds / 86_400 + "d";
            }
            if (seconds % 3_600 == 0) {
                return seconds / 3_600 + "h";
            }
            if (seconds % 60 == 0) {
                return seconds / 60 + "m";
            }
            return seconds + "s";
        }
        if (nanos % 1_000_000 == 0) {
            return seconds * 1000 + nanos / 1_000_000 + "ms";
        }
        return d.toString(); // below a millisecond: nothing shorter is exact
    }
}
