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

    @Test
    void channelsItDoesNotDecodeAreIgnoredNotCountedAsErrors() {
        io.dpp.streams.venue.InstrumentCatalog catalog = new io.dpp.streams.venue.InstrumentCatalog("bitfinex");
        catalog.add(io.dpp.core.instrument.Instrument.builder("bitfinex", "tBTCUSD").assets("BTC", "USD").build());
        FeedStats stats = new FeedStats();
        io.dpp.streams.venue.VenueDecoder decoder = new BitfinexVenue().newDecoder(catalog,
                new io.dpp.streams.feed.FeedOutput("bitfinex", stats, new MarketEventListener() { }));
        for (String m : new String[] {
            "{\"event\":\"subscribed\",\"channel\":\"status\",\"chanId\":7,\"key\":\"deriv:tBTCF0:USTF0\"}",
            "[7,[1596124822000,null,9000.1,9000.2,null,1.2,null,1596124800000]]",
            "{\"event\":\"subscribed\",\"channel\":\"candles\",\"chanId\":8,\"key\":\"trade:1m:tBTCUSD\"}",
            "[8,[[1596124800000,9000,9001,9002,8999,1.5]]]",
        }) {
            byte[] bytes = m.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            decoder.onMessage(bytes, 0, bytes.length, 1L);
        }
        assertThat(stats.decodeErrors()).isZero();
        assertThat(stats.messages()).isEqualTo(4);
    }
}
