package io.dpp.streams.venue.bitstamp;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.streams.BookTimeOrder;
import io.dpp.streams.ReplayHarness;
import io.dpp.streams.feed.FeedStats;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.replay.CaptureReplay;
import org.junit.jupiter.api.Test;

class BitstampReplayTest {

    @Test
    void diffsBridgeOntoRestSnapshotsByMicrotimestamp() {
        BookTimeOrder order = new BookTimeOrder();
        CaptureReplay.Result result = ReplayHarness.replay("bitstamp", "bitstamp/cryptofeed/BITSTAMP.ws.1.0", order);
        FeedStats stats = result.stats();
        assertThat(stats.crossedBooks()).isZero();
        assertThat(stats.decodeErrors()).isZero();
        assertThat(stats.snapshots()).isEqualTo(6);
        assertThat(stats.bookChanges()).isGreaterThan(6);
        assertThat(stats.trades()).isEqualTo(10);
        for (InstrumentBook book : result.decoder().books()) {
            assertThat(book.inSync()).as(book.instrument().toString()).isTrue();
        }
        // Diffs received while the REST snapshot was on its way apply after it, and say so.
        assertThat(order.firstChangesAfterSnapshots).isPositive();
        assertThat(order.backwards).isEmpty();
    }
}
