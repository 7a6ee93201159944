package io.dpp.app;

import io.dpp.sim.FaultSpec;
import picocli.CommandLine.Option;

/** The replay pace and faults shared by {@code dpp sim} and {@code dpp up --replay}. */
final class SimOptions {

    @Option(names = "--speed", paramLabel = "N|max", defaultValue = "1",
            description = {"Replay pace: 1 (default) is the recorded pace, 10 ten times faster, max as fast as the "
                + "client reads."})
    String speed;

    @Option(names = "--faults", paramLabel = "SPEC",
            description = {"Faults to inject, e.g. 'drop@kraken:n=500;close:every=3s;rest-429@binance:count=2'.",
                "Kinds: drop, duplicate, reorder, corrupt, close, stall, rest-5xx, rest-429 (docs/simulator.md)."})
    String faults;

    @Option(names = "--venues", paramLabel = "ID,...", split = ",",
            description = {"Replay only these venues (ids such as kraken,binance); default: every venue with a capture."})
    java.util.List<String> venues = new java.util.ArrayList<>();

    /** Slowest and fastest paced replay. */
    static final double MIN_SPEED = 0.01;
    static final double MAX_SPEED = 1_000_000;

    /** The venues to replay; empty for all. */
    java.util.Set<String> venues() {
        return new java.util.LinkedHashSet<>(venues);
    }

    /** The speed as a number; infinity for max. */
    double speed() {
        if (speed.equalsIgnoreCase("max")) {
            return Double.POSITIVE_INFINITY;
        }
        try {
            double s = Double.parseDouble(speed);
            if (s >= MIN_SPEED && s <= MAX_SPEED) {
                return s;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--speed must be a number from " + MIN_SPEED + " to " + (long) MAX_SPEED + ", or max, got "
                + speed);
    }

    FaultSpec faultSpec() {
        return FaultSpec.parse(faults);
    }
}
