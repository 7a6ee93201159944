package io.dpp.streams.venue.coinbase;

import static org.assertj.core.api.Assertions.assertThat;

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

class CoinbaseReplayTest {

    @Test
    void level2BooksNeverCrossAndMatchesNameTheAggressor() {
        List<String> trades = new ArrayList<>();
        CaptureReplay.Result result = ReplayHarness.replay("coinbase", "coinbase/cryptofeed/COINBASE.ws.28.0",
                new MarketEventListener() {
                    @Override
                    public void onTrade(Trade t) {
                        trades.add(t.id() + ":" + t.side());
                    }
                });
        FeedStats stats = result.stats();
        assertThat(stats.crossedBooks()).isZero();
        assertThat(stats.decodeErrors()).isZero();
        assertThat(stats.snapshots()).isEqualTo(6);
        assertThat(stats.bookChanges()).isEqualTo(6 + 4920);
        assertThat(stats.trades()).isEqualTo(66 + 6);
        assertThat(stats.quotes()).isEqualTo(72);
        for (InstrumentBook book : result.decoder().books()) {
            assertThat(book.inSync()).as(book.instrument().toString()).isTrue();
        }
        // {"type":"match","trade_id":1568268,...,"side":"sell",...}: the maker sold, the taker bought.
        assertThat(trades).contains("1568268:" + Side.BUY);
    }
}
