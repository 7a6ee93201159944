package io.dpp.streams.venue.krakenfutures;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.model.MarketEventListener;
import io.dpp.streams.ReplayHarness;
import io.dpp.streams.feed.FeedStats;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.replay.CaptureReplay;
import org.junit.jupiter.api.Test;

class KrakenFuturesReplayTest {

    @Test
    void everyBookFollowsItsSeqWithoutAHole() {
        CaptureReplay.Result result = ReplayHarness.replay("kraken-futures",
                "kraken_futures/cryptofeed/KRAKEN_FUTURES.ws.1.0", new MarketEventListener() { });
        FeedStats stats = result.stats();
        assertThat(stats.sequenceGaps()).isZero();
        assertThat(stats.crossedBooks()).isZero();
        assertThat(stats.decodeErrors()).isZero();
        assertThat(stats.snapshots()).isEqualTo(10);
        assertThat(stats.bookChanges()).isEqualTo(10 + 7014); // snapshots + every "book" message
        assertThat(stats.trades()).isEqualTo(1000 + 3); // 10 trade_snapshot messages of 100, 3 trades
        assertThat(stats.quotes()).isEqualTo(107); // ticker_lite
        for (InstrumentBook book : result.decoder().books()) {
            assertThat(book.inSync()).as(book.instrument().toString()).isTrue();
        }
    }
}
