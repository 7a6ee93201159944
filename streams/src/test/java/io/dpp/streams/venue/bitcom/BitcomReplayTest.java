package io.dpp.streams.venue.bitcom;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.model.MarketEventListener;
import io.dpp.core.model.Quote;
import io.dpp.core.model.Trade;
import io.dpp.streams.Fixtures;
import io.dpp.streams.ReplayHarness;
import io.dpp.streams.feed.FeedStats;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.replay.CaptureDirectory;
import io.dpp.streams.replay.CaptureReplay;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BitcomReplayTest {

    /**
     * Spot: each depth subscription starts with its snapshot (some books empty) and every update
     * names the sequence before it; trades keep their id and the taker's side.
     */
    @Test
    void spotUpdatesFollowTheirSnapshots() {
        List<String> trades = new ArrayList<>();
        CaptureReplay.Result result = ReplayHarness.replay("bitcom", "bitcom/cryptofeed/BIT.COM.ws.1.0", new MarketEventListener() {
            @Override
            public void onTrade(Trade t) {
                trades.add(t.instrument().nativeSymbol() + " " + t.id() + " " + t.side() + " " + Decimal64.toString(t.amount()) + "@"
                        + Decimal64.toString(t.price()) + " " + t.exchangeTime());
            }
        });
        FeedStats stats = result.stats();
        assertThat(stats.decodeErrors()).isZero();
        assertThat(stats.sequenceGaps()).isZero();
        assertThat(stats.crossedBooks()).isZero();
        assertThat(stats.snapshots()).isEqualTo(9);
        assertThat(stats.bookChanges()).isEqualTo(325); // 9 snapshots and 316 updates
        assertThat(stats.trades()).isEqualTo(6);
        // {"created_at":1704643986034,"trade_id":"229061540","pair":"YFI-USDT","price":"7611.690000000000","qty":"0.003070000000","side":"sell",...}
        assertThat(trades).contains("YFI-USDT 229061540 SELL 0.003070000000@7611.690000000000 1704643986034000");
        assertInSync(result, 9);
    }

    /** Linear perpetuals: a second snapshot in the stream replaces the book, and tickers carry sizes. */
    @Test
    void linearBooksAndTickers() {
        List<String> quotes = new ArrayList<>();
        CaptureReplay.Result result = ReplayHarness.replay("bitcom-linear", "bitcom/cryptofeed/BIT.COM.ws.2.0", new MarketEventListener() {
            @Override
            public void onQuote(Quote q) {
                quotes.add(q.instrument().nativeSymbol() + " " + Decimal64.toString(q.bidPrice()) + "x" + Decimal64.toString(q.bidSize()) + " "
                        + Decimal64.toString(q.askPrice()) + "x" + Decimal64.toString(q.askSize()) + " " + q.exchangeTime());
            }
        });
        FeedStats stats = result.stats();
        assertThat(stats.decodeErrors()).isZero();
        assertThat(stats.sequenceGaps()).isZero();
        assertThat(stats.snapshots()).isEqualTo(2);
        assertThat(stats.bookChanges()).isEqualTo(717);
        assertThat(stats.quotes()).isEqualTo(65);
        assertThat(quotes).contains("NEAR-USDT-PERPETUAL 3.35100000x110.00000000 3.35800000x370.00000000 1704643983429000");
        assertInSync(result, 1);
    }

    /** cryptofeed names both markets' captures BIT.COM: each connection goes to the venue of its host, the listing to both. */
    @Test
    void sharedCapturePrefixSplitsByHost() {
        Map<String, CaptureDirectory.VenueCaptures> scan = CaptureDirectory.scan(Fixtures.dir().resolve("bitcom"));
        assertThat(scan).containsOnlyKeys("bitcom", "bitcom-linear");
        assertThat(scan.get("bitcom").websocket()).extracting(p -> p.getFileName().toString()).containsExactly("BIT.COM.ws.1.0");
        assertThat(scan.get("bitcom-linear").websocket()).extracting(p -> p.getFileName().toString()).containsExactly("BIT.COM.ws.2.0");
        assertThat(scan.get("bitcom").listing()).isEqualTo(scan.get("bitcom-linear").listing());
    }

    private static void assertInSync(CaptureReplay.Result result, int expected) {
        int books = 0;
        for (InstrumentBook book : result.decoder().books()) {
            assertThat(book.inSync()).as(book.instrument().toString()).isTrue();
            books++;
        }
        assertThat(books).isEqualTo(expected);
    }
}
