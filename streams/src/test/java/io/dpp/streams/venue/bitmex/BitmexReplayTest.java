package io.dpp.streams.venue.bitmex;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.model.MarketEventListener;
import io.dpp.streams.ReplayHarness;
import io.dpp.streams.feed.FeedStats;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.replay.CaptureReplay;
import org.junit.jupiter.api.Test;

class BitmexReplayTest {

    @Test
    void idKeyedBooksResolveUpdatesAndDeletesByLevelId() {
        CaptureReplay.Result result = ReplayHarness.replay("bitmex", "bitmex/cryptofeed/BITMEX.ws.1.0",
                new MarketEventListener() { });
        FeedStats stats = result.stats();
        assertThat(stats.crossedBooks()).isZero();
        assertThat(stats.decodeErrors()).isZero();
        assertThat(stats.snapshots()).isEqualTo(10);
        assertThat(stats.bookChanges()).isGreaterThan(1900);
        assertThat(stats.trades()).isPositive();
        assertThat(stats.quotes()).isPositive();
        for (InstrumentBook book : result.decoder().books()) {
            assertThat(book.inSync()).as(book.instrument().toString()).isTrue();
        }
    }
}
