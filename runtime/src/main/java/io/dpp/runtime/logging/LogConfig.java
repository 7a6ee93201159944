package io.dpp.runtime.logging;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The {@code log} section. */
@ConfigMapping(prefix = "log")
public interface LogConfig {

    /** Output format of the log lines. */
    enum Format {
        /** Readable lines for a terminal. */
        TEXT,
        /** One JSON object per line for EFK: timestamp, level, logger, message, module, mdc. */
        JSON
    }

    Format format();

    /** Root level: trace, debug, info, warn or error. */
    String level();

    /** Checks the level name. */
    static void check(LogConfig log, List<String> problems) {
        Set<String> levels = Set.of("trace", "debug", "info", "warn", "error", "off");
        if (!levels.contains(log.level().toLowerCase(Locale.ROOT))) {
            problems.add("log.level: must be one of trace, debug, info, warn, error, off; got \"" + log.level() + "\"");
        }
    }
}
