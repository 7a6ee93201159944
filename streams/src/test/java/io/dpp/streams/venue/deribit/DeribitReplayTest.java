package io.dpp.streams.venue.deribit;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.model.MarketEventListener;
import io.dpp.streams.ReplayHarness;
import io.dpp.streams.feed.FeedStats;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.replay.CaptureReplay;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeribitReplayTest {

    @Test
    void optionBooksChainTheirChangeIds() {
        CaptureReplay.Result result = ReplayHarness.replay("deribit", "deribit/cryptofeed/DERIBIT.ws.1.0",
                new MarketEventListener() { });
        FeedStats stats = result.stats();
        assertThat(stats.sequenceGaps()).isZero();
        assertThat(stats.crossedBooks()).isZero();
        assertThat(stats.decodeErrors()).isZero();
        assertThat(stats.snapshots()).isPositive();
        assertThat(stats.bookChanges()).isEqualTo(46);
        assertThat(stats.quotes()).isEqualTo(89);
        assertThat(stats.tickers()).isEqualTo(89);
        for (InstrumentBook book : result.decoder().books()) {
            assertThat(book.inSync()).as(book.instrument().toString()).isTrue();
        }
    }

    /**
     * The decoder reads a book's or a ticker's data where it stands when the channel came first (as
     * Deribit sends it) and after the whole message when it came last: both give the same events.
     */
    @Test
    void aChannelNamedAfterItsDataGivesTheSameEvents(@TempDir Path dir) throws Exception {
        ReplayHarness.assertSameEventsWhenRewritten("deribit", "deribit/cryptofeed/DERIBIT.ws.1.0", "deribit/cryptofeed/DERIBIT.0",
                dir, "\\{\"channel\":(\"[^\"]*\"),\"data\":(.*)}}$", "{\"data\":$2,\"channel\":$1}}", 100);
    }
}
