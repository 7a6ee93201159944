package io.dpp.bus;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;
import java.util.List;

/** The {@code bus} section: which bus the process uses and how it is tuned. */
@ConfigMapping(prefix = "bus")
public interface BusConfig {

    /** The kinds of bus this build has; {@code kafka} (split mode) follows the in-process one. */
    List<String> KINDS = List.of("in-process");

    /** {@code in-process}: the LMAX Disruptor ring of a single process. */
    String kind();

    /** Settings of the in-process bus. */
    InProcess inProcess();

    /** The in-process ring. */
    interface InProcess {

        /** Slots in the ring, a power of two. */
        int capacity();

        /** Longest pause between two batch ends a consumer sees. */
        Duration idle();
    }

    /** Checks that the types do not express. */
    static void check(BusConfig bus, List<String> problems) {
        if (!KINDS.contains(bus.kind())) {
            problems.add("bus.kind: must be one of " + KINDS + ", got \"" + bus.kind() + "\"");
        }
        int capacity = bus.inProcess().capacity();
        if (capacity < 64 || Integer.bitCount(capacity) != 1) {
            problems.add("bus.in-process.capacity: must be a power of two of at least 64, got " + capacity);
        }
        if (bus.inProcess().idle().isNegative() || bus.inProcess().idle().isZero()) {
            problems.add("bus.in-process.idle: must be positive, got " + bus.inProcess().idle());
        }
    }
}
