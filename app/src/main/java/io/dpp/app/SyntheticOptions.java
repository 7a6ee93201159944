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

    /** Longest synthetic market with an end. */
    static final java.time.Duration MAX_DURATION = java.time.Duration.ofDays(30);

    /** The settings, the markets starting now. */
    SyntheticSettings settings() {
        long now = Timestamps.now();
        long start = now - now % 1_000_000;
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
