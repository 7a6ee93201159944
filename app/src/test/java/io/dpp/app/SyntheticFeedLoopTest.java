package io.dpp.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.bench.feed.FeedBenchmark;
import io.dpp.sim.SyntheticCaptures;
import io.dpp.sim.SyntheticSettings;
import io.dpp.streams.venue.Venues;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code dpp bench feed --synthetic} runs a venue's synthetic capture through its decoder over and
 * over, each pass a new connection: every venue must rebuild its books on each pass (a REST
 * snapshot taken at the connection's own time follows the connection) and end every pass in sync,
 * or the bench refuses its figure.
 */
class SyntheticFeedLoopTest {

    static List<String> venues() {
        return Venues.ids();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("venues")
    void everyPassEndsWithEveryBookInSync(String venue) {
        SyntheticCaptures.Result r = SyntheticCaptures.generate(venue,
                new SyntheticSettings(1, 4, 20_000, 1_767_225_600_000_000L, Long.MAX_VALUE), 20_000);
        // A millisecond of warm-up runs at least one pass, the measurement at least one more.
        FeedBenchmark.Result result = FeedBenchmark.run(r.venue(), r.catalog(), r.ws(), r.rest(), 0.001, 0);
        assertThat(result.messages()).as(result.json()).isPositive();
        assertThat(result.checks().failed()).as(result.json()).isFalse();
        assertThat(result.checks().booksInSync()).as("every listed instrument's book: " + result.json()).isEqualTo(r.catalog().size());
    }
}
