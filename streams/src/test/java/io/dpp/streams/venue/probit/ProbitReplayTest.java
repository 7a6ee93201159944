package io.dpp.streams.venue.probit;

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

class ProbitReplayTest {

    /**
     * Each market's first message (reset) is the whole book and its recent trades, which are history
     * and not published; the next ones change levels and carry new trades with the taker's side.
     */
    @Test
    void theResetIsTheBookAndItsTradesAreHistory() {
        List<String> trades = new ArrayList<>();
        CaptureReplay.Result result = ReplayHarness.replay("probit", "probit/cryptofeed/PROBIT.ws.66.0", new MarketEventListener() {
            @Override
            public void onTrade(Trade t) {
                trades.add(t.instrument().nativeSymbol() + " " + t.id() + " " + t.side() + " " + Decimal64.toString(t.amount()) + "@"
                        + Decimal64.toString(t.price()) + " " + t.exchangeTime());
            }
        });
        FeedStats stats = result.stats();
        assertThat(stats.decodeErrors()).isZero();
        assertThat(stats.crossedBooks()).isZero();
        assertThat(stats.snapshots()).isEqualTo(10);
        assertThat(stats.bookChanges()).isGreaterThan(10);
        // Not the 100 recent trades of each reset: only those after it.
        assertThat(stats.trades()).isLessThan(100);
        // {"id":"ETN-KRW:58413","price":"36.231","quantity":"6749.557","time":"2021-04-17T16:52:33.922Z","side":"buy",...}
        assertThat(trades).contains("ETN-KRW ETN-KRW:58413 " + Side.BUY + " 6749.557@36.231 1618678353922000");
        int books = 0;
        for (InstrumentBook book : result.decoder().books()) {
            assertThat(book.inSync()).as(book.instrument().toString()).isTrue();
            books++;
        }
        assertThat(books).isEqualTo(10);
    }
}
