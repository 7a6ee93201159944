package io.dpp.streams.venue.kraken;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.model.MarketEventListener;
import io.dpp.streams.Fixtures;
import io.dpp.streams.ReplayHarness;
import io.dpp.streams.feed.FeedStats;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.replay.CaptureReplay;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class KrakenReplayTest {

    private static final MarketEventListener NONE = new MarketEventListener() { };

    @Test
    void verifiesEveryChecksumInTheBookCapture() throws IOException {
        long checksumsInCapture = Files.readAllLines(Fixtures.file("kraken/cryptofeed/KRAKEN.ws.50.0")).stream()
                .filter(l -> l.contains("\"c\":\"")).count();
        CaptureReplay.Result result = ReplayHarness.replay("kraken", "kraken/cryptofeed/KRAKEN.ws.50.0", NONE);
        FeedStats stats = result.stats();
        assertThat(stats.checksumsVerified()).isEqualTo(checksumsInCapture).isEqualTo(2186);
        assertThat(stats.checksumFailures()).isZero();
        assertThat(stats.crossedBooks()).isZero();
        assertThat(stats.decodeErrors()).isZero();
        assertThat(stats.snapshots()).isEqualTo(6);
        for (InstrumentBook book : result.decoder().books()) {
            assertThat(book.inSync()).as(book.instrument().toString()).isTrue();
            assertThat(book.book().depth(true)).isLessThanOrEqualTo(1000);
        }
    }

    @Test
    void decodesTradesAndTickers() {
        FeedStats trades = ReplayHarness.replay("kraken", "kraken/cryptofeed/KRAKEN.ws.48.0", NONE).stats();
        assertThat(trades.trades()).isPositive();
        assertThat(trades.decodeErrors()).isZero();
        FeedStats tickers = ReplayHarness.replay("kraken", "kraken/cryptofeed/KRAKEN.ws.49.0", NONE).stats();
        assertThat(tickers.quotes()).isPositive();
        assertThat(tickers.decodeErrors()).isZero();
    }
}
