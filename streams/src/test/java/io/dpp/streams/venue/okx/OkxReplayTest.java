package io.dpp.streams.venue.okx;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.model.MarketEventListener;
import io.dpp.streams.Fixtures;
import io.dpp.streams.ReplayHarness;
import io.dpp.streams.feed.FeedStats;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.replay.CaptureReplay;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class OkxReplayTest {

    @Test
    void verifiesEveryChecksumAcrossSpotSwapAndFuture() throws Exception {
        long checksums = Files.readAllLines(Fixtures.file("okx/cryptofeed/OKX.ws.1.0")).stream()
                .filter(l -> l.contains("\"checksum\":")).count();
        CaptureReplay.Result result = ReplayHarness.replay("okx", "okx/cryptofeed/OKX.ws.1.0", new MarketEventListener() { });
        FeedStats stats = result.stats();
        assertThat(stats.checksumsVerified()).isEqualTo(checksums).isEqualTo(290);
        assertThat(stats.checksumFailures()).isZero();
        assertThat(stats.crossedBooks()).isZero();
        assertThat(stats.decodeErrors()).isZero();
        assertThat(stats.snapshots()).isEqualTo(3);
        assertThat(stats.trades()).isPositive();
        assertThat(stats.quotes()).isPositive();
        for (InstrumentBook book : result.decoder().books()) {
            assertThat(book.inSync()).as(book.instrument().toString()).isTrue();
        }
    }

    /** Okcoin runs OKX's v5 stream: every book's checksum verifies, its USD spot books stay in sync. */
    @Test
    void okcoinVerifiesEveryChecksum() throws Exception {
        long checksums = Files.readAllLines(Fixtures.file("okcoin/cryptofeed/OKCOIN.ws.1.0")).stream()
                .filter(l -> l.contains("\"checksum\":")).count();
        CaptureReplay.Result result = ReplayHarness.replay("okcoin", "okcoin/cryptofeed/OKCOIN.ws.1.0", new MarketEventListener() { });
        FeedStats stats = result.stats();
        assertThat(stats.checksumsVerified()).isEqualTo(checksums).isPositive();
        assertThat(stats.checksumFailures()).isZero();
        assertThat(stats.sequenceGaps()).isZero();
        assertThat(stats.crossedBooks()).isZero();
        assertThat(stats.decodeErrors()).isZero();
        assertThat(stats.snapshots()).isEqualTo(4);
        assertThat(stats.trades()).isPositive();
        for (InstrumentBook book : result.decoder().books()) {
            assertThat(book.inSync()).as(book.instrument().toString()).isTrue();
            assertThat(book.instrument().venue()).isEqualTo("okcoin");
        }
    }
}
