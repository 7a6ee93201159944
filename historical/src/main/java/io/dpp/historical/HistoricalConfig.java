package io.dpp.historical;

import io.dpp.runtime.config.DurationConverter;
import io.smallrye.config.ConfigMapping;
import java.time.Duration;
import java.util.List;

/**
 * The {@code historical} section: the recorder. The history API (serving tier) reads
 * {@code historical.api} through its own mapping; the store has its own section, {@code store}.
 */
@ConfigMapping(prefix = "historical")
public interface HistoricalConfig {

    /** How the recorder writes. */
    Recorder recorder();

    /** The recorder. */
    interface Recorder {

        /** Commit after this many pending rows. */
        int commitRows();

        /** Commit at least this often while rows are pending. */
        Duration commitInterval();

        /** Least time between two full-book checkpoints of an instrument (bounds book-at-time work). */
        Duration checkpointInterval();

        /** How long a commit the store refused is tried again (a store restarting) before its rows are given up. */
        Duration storeRetry();
    }

    /** Checks that the types do not express. */
    static void check(HistoricalConfig c, List<String> problems) {
        if (c.recorder().commitRows() < 1) {
            problems.add("historical.recorder.commit-rows: must be at least 1, got " + c.recorder().commitRows());
        }
        if (c.recorder().commitInterval().isNegative() || c.recorder().commitInterval().isZero()) {
            problems.add("historical.recorder.commit-interval: must be positive, got " + DurationConverter.text(c.recorder().commitInterval()));
        }
        if (c.recorder().storeRetry().isNegative() || c.recorder().storeRetry().compareTo(Duration.ofMinutes(4)) > 0) {
            problems.add("historical.recorder.store-retry: must be from 0s to 4m (below Kafka's max.poll.interval.ms of 5 minutes),"
                    + " got " + DurationConverter.text(c.recorder().storeRetry()));
        }
        if (c.recorder().checkpointInterval().compareTo(Duration.ofSeconds(1)) < 0) {
            problems.add("historical.recorder.checkpoint-interval: must be at least 1s, got " + DurationConverter.text(c.recorder().checkpointInterval()));
        }
    }
}
