package io.dpp.streams.venue.gateio;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.model.MarketEventListener;
import io.dpp.core.model.Trade;
import io.dpp.streams.ReplayHarness;
import io.dpp.streams.feed.FeedStats;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.replay.CaptureReplay;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GateioReplayTest {

    /**
     * Every book bridges its REST snapshot (U <= id+1 <= u) and follows the U chain after it; trades
     * carry the taker's side and their time to the microsecond of create_time_ms.
     */
    @Test
    void booksBridgeTheirSnapshotsAndFollowTheChain() {
        List<String> trades = new ArrayList<>();
        CaptureReplay.Result result = ReplayHarness.replay("gateio", "gateio/cryptofeed/GATEIO.ws.1.0", new MarketEventListener() {
            @Override
            public void onTrade(Trade t) {
                trades.add(t.instrument().nativeSymbol() + " " + t.id() + " " + t.side() + " " + t.exchangeTime());
            }
        });
        FeedStats stats = result.stats();
        assertThat(stats.sequenceGaps()).isZero();
        assertThat(stats.crossedBooks()).isZero();
        assertThat(stats.decodeErrors()).isZero();
        assertThat(stats.snapshots()).isEqualTo(10);
        assertThat(stats.bookChanges()).isGreaterThan(150);
        assertThat(stats.quotes()).isEqualTo(22);
        assertThat(stats.trades()).isEqualTo(9);
        // {"id":816995772,"create_time_ms":"1619093543708.2642","side":"sell","currency_pair":"DIS_USDT",...}
        assertThat(trades).contains("DIS_USDT 816995772 SELL 1619093543708264");
        for (InstrumentBook book : result.decoder().books()) {
            assertThat(book.inSync()).as(book.instrument().toString()).isTrue();
        }
    }
}
