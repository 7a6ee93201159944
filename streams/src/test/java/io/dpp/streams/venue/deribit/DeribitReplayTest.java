package io.dpp.streams.venue.deribit;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.model.MarketEventListener;
import io.dpp.streams.ReplayHarness;
import io.dpp.streams.feed.FeedStats;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.replay.CaptureReplay;
import org.junit.jupiter.api.Test;

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
}
