package io.dpp.app;

import io.dpp.core.time.Timestamps;
import io.dpp.sim.SyntheticSettings;
import picocli.CommandLine.Option;

/** The synthetic market's seed, size and rate, shared by {@code dpp sim --synthetic} and {@code dpp up --demo}. */
final class SyntheticOptions {

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Synthetic market: the seed every generated market follows from (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--instruments", paramLabel = "N", defaultValue = "0",
            description = {"Synthetic market: instruments per venue, its usual ones first, then generated ones "
                + "(default 0: each venue's usual instruments)."})
    @Bounded(min = 0, max = SyntheticSettings.MAX_INSTRUMENTS)
    int instruments;

    @Option(names = "--rate", paramLabel = "EVENTS_PER_SEC", defaultValue = "100",
            description = "Synthetic market: book and trade events per second per venue (default ${DEFAULT-VALUE}).")
    @Bounded(min = 1, max = SyntheticSettings.MAX_RATE)
    double rate;

    @Option(names = "--duration", paramLabel = "DURATION",
            description = {"Synthetic market: end after this long (30s, 10m, up to 30d); each venue then shows "
                + "replay_done once everything sent was received. Default: it never ends."})
    String duration;

    @Option(names = "--start", paramLabel = "TIME",
            description = {"Synthetic market: its first moment, ISO-8601 UTC (2026-12-06T12:00:00Z), within the last "
                + "24 hours; default: now. Two simulators with the same seed and start serve the same market, as one "
                + "venue does to two connections (hot-hot feeds, docs/operations.md)."})
    String start;

    /** Longest synthetic market with an end. */
    static final java.time.Duration MAX_DURATION = java.time.Duration.ofDays(30);
    /** Earliest --start before now: a paced market goes through every event from its start to now first. */
    static final java.time.Duration MAX_START_AGE = java.time.Duration.ofDays(1);

    /** The settings, the markets starting now or at --start. */
    SyntheticSettings settings() {
        long now = Timestamps.now();
        long start = now - now % 1_000_000;
        if (this.start != null) {
            java.time.Instant at;
            try {
                at = java.time.Instant.parse(this.start);
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("--start must be an ISO-8601 UTC time such as 2026-12-06T12:00:00Z, got "
                        + this.start);
            }
            long micros = at.getEpochSecond() * 1_000_000 + at.getNano() / 1_000;
            if (micros > now || now - micros > MAX_START_AGE.toNanos() / 1_000) {
                throw new IllegalArgumentException("--start must be within the last 24 hours, got " + this.start);
            }
            start = micros;
        }
        long end = Long.MAX_VALUE;
        if (duration != null) {
            java.time.Duration d;
            try {
                d = new io.dpp.runtime.config.DurationConverter().convert(duration);
            } catch (RuntimeException e) {
                d = null;
            }
            if (d == null || d.isNegative() || d.isZero() || d.compareTo(MAX_DURATION) > 0) {
                throw new IllegalArgumentException("--duration must be a duration from 1ms to 30d such as 30s or 10m, got " + duration);
            }
            end = start + d.toNanos() / 1_000;
        }
        return new SyntheticSettings(seed, instruments, rate, start, end);
    }
}
