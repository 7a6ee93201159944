package io.dpp.streams.venue.bybit;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.core.model.MarketEventListener;
import io.dpp.streams.Fixtures;
import io.dpp.streams.ReplayHarness;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.feed.FeedStats;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.replay.CaptureReplay;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.VenueDecoder;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

class BybitReplayTest {

    @Test
    void legacyIdKeyedBooksOnBothConnections() {
        for (String capture : new String[] {"bybit/cryptofeed/BYBIT.ws.25.0", "bybit/cryptofeed/BYBIT.ws.26.0"}) {
            CaptureReplay.Result result = ReplayHarness.replay("bybit", capture, new MarketEventListener() { });
            FeedStats stats = result.stats();
            assertThat(stats.crossedBooks()).as(capture).isZero();
            assertThat(stats.decodeErrors()).as(capture).isZero();
            assertThat(stats.snapshots()).as(capture).isPositive();
            assertThat(stats.bookChanges()).as(capture).isGreaterThan(500);
            assertThat(stats.trades()).as(capture).isPositive();
            for (InstrumentBook book : result.decoder().books()) {
                assertThat(book.inSync()).as(book.instrument().toString()).isTrue();
                assertThat(book.book().depth(true)).isLessThanOrEqualTo(25);
            }
        }
    }

    @Test
    void v5SnapshotAndContiguousDeltas() throws Exception {
        InstrumentCatalog catalog = new InstrumentCatalog("bybit");
        catalog.add(Instrument.builder("bybit", "XRPUSDT").assets("XRP", "USDT").type(InstrumentType.PERPETUAL).build());
        FeedStats stats = new FeedStats();
        VenueDecoder decoder = new BybitVenue().newDecoder(catalog, new FeedOutput("bybit", stats, new MarketEventListener() { }));
        try (ZipFile zip = new ZipFile(Fixtures.file("bybit/nautilus/xrpusdt-ob500.data.zip").toFile())) {
            ZipEntry entry = zip.entries().nextElement();
            String text = new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
            long t = 1_733_011_200_000_000L;
            for (String line : text.split("\n")) {
                byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                decoder.onMessage(bytes, 0, bytes.length, t++);
            }
        }
        assertThat(stats.snapshots()).isEqualTo(1);
        assertThat(stats.bookChanges()).isEqualTo(50);
        assertThat(stats.sequenceGaps()).isZero();
        assertThat(stats.crossedBooks()).isZero();
        assertThat(stats.decodeErrors()).isZero();
        InstrumentBook book = decoder.books().iterator().next();
        assertThat(book.inSync()).isTrue();
        assertThat(Decimal64.compare(book.book().bestBid(), book.book().bestAsk())).isNegative();
    }
}
