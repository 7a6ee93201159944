package io.dpp.streams.venue.hitbtc;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.model.MarketEventListener;
import io.dpp.core.model.Quote;
import io.dpp.core.model.Trade;
import io.dpp.streams.ReplayHarness;
import io.dpp.streams.feed.FeedStats;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.replay.CaptureReplay;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HitbtcReplayTest {

    /**
     * Each book starts from its snapshotOrderbook and follows updates numbered one by one (HitBTC
     * sends each book's snapshot again later, at the sequence the book has reached: nothing
     * changes); tickers become quotes without sizes at their ISO-8601 time.
     */
    @Test
    void hitbtcBooksFollowConsecutiveSequencesAndTickersAreQuotes() {
        List<String> quotes = new ArrayList<>();
        CaptureReplay.Result result = ReplayHarness.replay("hitbtc", "hitbtc/cryptofeed/HITBTC.ws.1.0", new MarketEventListener() {
            @Override
            public void onQuote(Quote q) {
                quotes.add(q.instrument().nativeSymbol() + " " + Decimal64.toString(q.bidPrice()) + "/" + Decimal64.toString(q.askPrice())
                        + " " + q.exchangeTime());
            }
        });
        FeedStats stats = result.stats();
        assertThat(stats.sequenceGaps()).isZero();
        assertThat(stats.crossedBooks()).isZero();
        assertThat(stats.decodeErrors()).isZero();
        assertThat(stats.snapshots()).isEqualTo(10);
        assertThat(stats.quotes()).isEqualTo(203);
        // {"ask":"0.0011393","bid":"0.0007809",...,"timestamp":"2021-07-15T03:06:37.000Z","symbol":"GVTETH"}
        assertThat(quotes).contains("GVTETH 0.0007809/0.0011393 1626318397000000");
        assertAllInSync(result, 10);
    }

    /** Bequant speaks the same; its trades carry the taker's side and the trade's id. */
    @Test
    void bequantBooksAndTrades() {
        List<String> trades = new ArrayList<>();
        CaptureReplay.Result result = ReplayHarness.replay("bequant", "bequant/cryptofeed/BEQUANT.ws.1.0", new MarketEventListener() {
            @Override
            public void onTrade(Trade t) {
                trades.add(t.instrument().nativeSymbol() + " " + t.id() + " " + t.side() + " " + Decimal64.toString(t.amount()) + "@"
                        + Decimal64.toString(t.price()) + " " + t.exchangeTime());
            }
        });
        FeedStats stats = result.stats();
        assertThat(stats.sequenceGaps()).isZero();
        assertThat(stats.crossedBooks()).isZero();
        assertThat(stats.decodeErrors()).isZero();
        assertThat(stats.snapshots()).isEqualTo(10);
        assertThat(stats.trades()).isEqualTo(10);
        // {"id":1307176266,"price":"0.00011574","quantity":"1.57","side":"sell","timestamp":"2021-07-03T00:56:18.293Z"} on EOSBTC
        assertThat(trades).contains("EOSBTC 1307176266 SELL 1.57@0.00011574 1625273778293000");
        assertAllInSync(result, 10);
    }

    private static void assertAllInSync(CaptureReplay.Result result, int expected) {
        int books = 0;
        for (InstrumentBook book : result.decoder().books()) {
            assertThat(book.inSync()).as(book.instrument().toString()).isTrue();
            books++;
        }
        assertThat(books).isEqualTo(expected);
    }
}
