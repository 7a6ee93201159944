package io.dpp.streams.venue.poloniex;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.model.MarketEventListener;
import io.dpp.core.model.Side;
import io.dpp.core.model.Trade;
import io.dpp.streams.ReplayHarness;
import io.dpp.streams.feed.FeedStats;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.replay.CaptureReplay;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoloniexReplayTest {

    /**
     * Each symbol's book starts from its snapshot and every update's lastId is the id before it; the
     * books stay at the top 20 levels Poloniex keeps (it removes what leaves them); trades carry the
     * taker's side and their string ids.
     */
    @Test
    void booksFollowTheLastIdChainFromTheirSnapshots() {
        List<String> trades = new ArrayList<>();
        CaptureReplay.Result result = ReplayHarness.replay("poloniex", "poloniex/cryptofeed/POLONIEX.ws.1.0", new MarketEventListener() {
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
        assertThat(stats.snapshots()).isEqualTo(11);
        assertThat(stats.bookChanges()).isEqualTo(294);
        assertThat(stats.trades()).isEqualTo(6);
        // {"symbol":"BTC_USDT","amount":"248.3516391","quantity":"0.01149","takerSide":"sell","createTime":1661123520381,
        //  "price":"21614.59","id":"60184114",...}
        assertThat(trades).contains("BTC_USDT 60184114 " + Side.SELL + " 0.01149@21614.59 1661123520381000");
        int books = 0;
        for (InstrumentBook book : result.decoder().books()) {
            assertThat(book.inSync()).as(book.instrument().toString()).isTrue();
            assertThat(book.book().depth(true)).isLessThanOrEqualTo(20);
            assertThat(book.book().depth(false)).isLessThanOrEqualTo(20);
            books++;
        }
        assertThat(books).isEqualTo(11);
    }
}
