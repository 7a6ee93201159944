package io.dpp.streams.venue.bitfinex;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.model.MarketEventListener;
import io.dpp.streams.ReplayHarness;
import io.dpp.streams.feed.FeedStats;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.replay.CaptureReplay;
import org.junit.jupiter.api.Test;

class BitfinexReplayTest {

    @Test
    void booksStayInSyncAlongTheConnectionSequence() {
        CaptureReplay.Result result = ReplayHarness.replay("bitfinex", "bitfinex/cryptofeed/BITFINEX.ws.11.0",
                new MarketEventListener() { });
        FeedStats stats = result.stats();
        assertThat(stats.sequenceGaps()).isZero();
        assertThat(stats.crossedBooks()).isZero();
        assertThat(stats.decodeErrors()).isZero();
        assertThat(stats.snapshots()).isEqualTo(7);
        assertThat(stats.bookChanges()).isGreaterThan(1000);
        assertThat(stats.trades()).isPositive();
        assertThat(stats.quotes()).isPositive();
        for (InstrumentBook book : result.decoder().books()) {
            assertThat(book.inSync()).as(book.instrument().toString()).isTrue();
        }
    }
}
