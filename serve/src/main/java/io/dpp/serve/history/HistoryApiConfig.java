package io.dpp.serve.history;

import io.smallrye.config.ConfigMapping;
import java.util.List;

/**
 * The {@code historical.api} section: limits of the history API. The key stays under
 * {@code historical} where users have always set it; the recorder's keys beside it belong to the
 * recorder's own mapping.
 */
@ConfigMapping(prefix = "historical.api")
public interface HistoryApiConfig {

    /** Most rows one request returns. */
    long maxRows();

    /** Checks that the types do not express. */
    static void check(HistoryApiConfig c, List<String> problems) {
        if (c.maxRows() < 1) {
            problems.add("historical.api.max-rows: must be at least 1, got " + c.maxRows());
        }
    }
}
