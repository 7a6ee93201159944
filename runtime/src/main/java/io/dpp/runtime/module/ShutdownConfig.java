package io.dpp.runtime.module;

import io.dpp.runtime.config.DurationConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;

/** The {@code shutdown} section: how a process stops on SIGTERM or SIGINT. */
@ConfigMapping(prefix = "shutdown")
public interface ShutdownConfig {

    /** Upper bound for draining and stopping every module. */
    Duration timeout();

    /** How long readiness reports 503 before modules start stopping. */
    @WithName("drain-delay")
    Duration drainDelay();

    /** The delay must leave time to stop the modules. */
    static void check(ShutdownConfig shutdown, List<String> problems) {
        if (shutdown.timeout().isNegative() || shutdown.timeout().isZero()) {
            problems.add("shutdown.timeout: must be positive, got " + DurationConverter.text(shutdown.timeout()));
        }
        if (shutdown.drainDelay().isNegative()) {
            problems.add("shutdown.drain-delay: must not be negative, got " + DurationConverter.text(shutdown.drainDelay()));
        } else if (shutdown.drainDelay().compareTo(shutdown.timeout()) >= 0) {
            problems.add("shutdown.drain-delay: must be shorter than shutdown.timeout (" + DurationConverter.text(shutdown.timeout())
                    + "), got " + DurationConverter.text(shutdown.drainDelay()));
        }
    }
}
