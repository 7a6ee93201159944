package io.dpp.streams.venue.ascendex;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.model.MarketEventListener;
import io.dpp.core.model.Trade;
import io.dpp.streams.ReplayHarness;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.feed.FeedStats;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.replay.CaptureReplay;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.VenueDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AscendexReplayTest {

    /**
     * Each book starts from the snapshot the client asked for (its seqnum that of the last change it
     * holds) and follows changes numbered one by one; trades take the taker's side from bm.
     */
    @Test
    void spotBooksFollowTheirSnapshotsOnConsecutiveSeqnums() {
        List<String> trades = new ArrayList<>();
        CaptureReplay.Result result = replay("ascendex", "ascendex/cryptofeed/ASCENDEX.ws.1.0", trades);
        FeedStats stats = result.stats();
        assertThat(stats.sequenceGaps()).isZero();
        assertThat(stats.crossedBooks()).isZero();
        assertThat(stats.decodeErrors()).isZero();
        assertThat(stats.snapshots()).isEqualTo(10);
        assertThat(stats.trades()).isEqualTo(4);
        // {"p":"0.624801","q":"10","ts":1618677616732,"bm":true,"seqnum":27772246859}: the buyer made, the taker sold
        assertThat(trades).contains("CHZ/USDT 27772246859 SELL 10@0.624801 1618677616732000");
        assertAllInSync(result, 10);
    }

    /** The perpetuals speak the same on the v2 socket; sizes are in the base asset. */
    @Test
    void futuresBooksFollowTheirSnapshotsOnConsecutiveSeqnums() {
        List<String> trades = new ArrayList<>();
        CaptureReplay.Result result = replay("ascendex-futures", "ascendex_futures/cryptofeed/ASCENDEX_FUTURES.ws.1.0", trades);
        FeedStats stats = result.stats();
        assertThat(stats.sequenceGaps()).isZero();
        assertThat(stats.crossedBooks()).isZero();
        assertThat(stats.decodeErrors()).isZero();
        assertThat(stats.snapshots()).isEqualTo(10);
        assertThat(stats.trades()).isEqualTo(12);
        // {"p":"19.152","q":"79","ts":1650929774384,"bm":false,"seqnum":288230377097259426}: the taker bought
        assertThat(trades).contains("APE-PERP 288230377097259426 BUY 79@19.152 1650929774384000");
        assertAllInSync(result, 10);
    }

    /** A skipped seqnum makes the book stale; changes wait for the asked-for snapshot; an older snapshot is ignored. */
    @Test
    void aSkippedSeqnumMakesTheBookStaleUntilItsNextSnapshot() {
        AscendexVenue venue = new AscendexVenue();
        InstrumentCatalog catalog = new InstrumentCatalog(venue.id());
        catalog.add(io.dpp.core.instrument.Instrument.builder(venue.id(), "BTC/USDT").assets("BTC", "USDT").build());
        FeedStats stats = new FeedStats();
        VenueDecoder d = venue.newDecoder(catalog, new FeedOutput(venue.id(), stats, new MarketEventListener() { }));
        feed(d, "{\"m\":\"depth\",\"symbol\":\"BTC/USDT\",\"data\":{\"ts\":1,\"seqnum\":9,\"asks\":[[\"101\",\"1\"]],\"bids\":[]}}");
        InstrumentBook book = d.books().iterator().next();
        assertThat(book.inSync()).as("a change before any snapshot waits").isFalse();
        feed(d, "{\"m\":\"depth-snapshot\",\"symbol\":\"BTC/USDT\",\"data\":{\"ts\":2,\"seqnum\":10,"
                + "\"asks\":[[\"101\",\"1\"]],\"bids\":[[\"100\",\"2\"]]}}");
        assertThat(book.inSync()).isTrue();
        feed(d, "{\"m\":\"depth\",\"symbol\":\"BTC/USDT\",\"data\":{\"ts\":3,\"seqnum\":11,\"asks\":[],\"bids\":[[\"100\",\"3\"]]}}");
        feed(d, "{\"m\":\"depth-snapshot\",\"symbol\":\"BTC/USDT\",\"data\":{\"ts\":2,\"seqnum\":10,\"asks\":[],\"bids\":[]}}");
        assertThat(Decimal64.toString(book.book().size(true, 0))).as("an older snapshot leaves the book").isEqualTo("3");
        feed(d, "{\"m\":\"depth\",\"symbol\":\"BTC/USDT\",\"data\":{\"ts\":4,\"seqnum\":13,\"asks\":[],\"bids\":[[\"100\",\"4\"]]}}");
        assertThat(stats.sequenceGaps()).isEqualTo(1);
        assertThat(book.inSync()).isFalse();
        feed(d, "{\"m\":\"depth-snapshot\",\"symbol\":\"BTC/USDT\",\"data\":{\"ts\":5,\"seqnum\":13,"
                + "\"asks\":[[\"101\",\"1\"]],\"bids\":[[\"100\",\"4\"]]}}");
        assertThat(book.inSync()).isTrue();
        assertThat(stats.decodeErrors()).isZero();
        assertThat(new AscendexProtocol(AscendexFlavor.SPOT).answer(ping(), 0, ping().length)).isEqualTo("{\"op\":\"pong\"}");
    }

    private static byte[] ping() {
        return "{\"m\":\"ping\",\"hp\":3}".getBytes(StandardCharsets.UTF_8);
    }

    private static CaptureReplay.Result replay(String venue, String capture, List<String> trades) {
        return ReplayHarness.replay(venue, capture, new MarketEventListener() {
            @Override
            public void onTrade(Trade t) {
                trades.add(t.instrument().nativeSymbol() + " " + t.id() + " " + t.side() + " " + Decimal64.toString(t.amount()) + "@"
                        + Decimal64.toString(t.price()) + " " + t.exchangeTime());
            }
        });
    }

    private static void assertAllInSync(CaptureReplay.Result result, int expected) {
        int books = 0;
        for (InstrumentBook book : result.decoder().books()) {
            assertThat(book.inSync()).as(book.instrument().toString()).isTrue();
            books++;
        }
        assertThat(books).isEqualTo(expected);
    }

    private static void feed(VenueDecoder d, String message) {
        byte[] b = message.getBytes(StandardCharsets.UTF_8);
        d.onMessage(b, 0, b.length, 2);
    }
}
