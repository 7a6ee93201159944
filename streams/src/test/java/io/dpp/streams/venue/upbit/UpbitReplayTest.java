package io.dpp.streams.venue.upbit;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
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

class UpbitReplayTest {

    /**
     * Upbit's frames are binary (bytes literals in the capture): every orderbook message replaces the
     * whole book (15 levels a side, prices down to 9.9E-7 held exactly) without counting a resync,
     * and trades take the taker's side from ab.
     */
    @Test
    void everyOrderbookMessageIsTheWholeBook() {
        List<String> trades = new ArrayList<>();
        CaptureReplay.Result result = ReplayHarness.replay("upbit", "upbit/cryptofeed/UPBIT.ws.62.0", new MarketEventListener() {
            @Override
            public void onTrade(Trade t) {
                trades.add(t.instrument().nativeSymbol() + " " + t.id() + " " + t.side() + " " + Decimal64.toString(t.amount()) + "@"
                        + Decimal64.toString(t.price()) + " " + t.exchangeTime());
            }
        });
        FeedStats stats = result.stats();
        assertThat(stats.decodeErrors()).isZero();
        assertThat(stats.crossedBooks()).isZero();
        assertThat(stats.resyncs()).isZero();
        assertThat(stats.snapshots()).isEqualTo(145);
        assertThat(stats.trades()).isEqualTo(304);
        // {"ty":"trade","cd":"KRW-LAMB",...,"ttms":1618678262000,"tp":127.0,"tv":46.48838371,"ab":"BID",...,"sid":1618678262000003}
        assertThat(trades).contains("KRW-LAMB 1618678262000003 " + Side.BUY + " 46.48838371@127.0 1618678262000000");
        int books = 0;
        for (InstrumentBook book : result.decoder().books()) {
            assertThat(book.inSync()).as(book.instrument().toString()).isTrue();
            assertThat(book.book().depth(true)).isEqualTo(15);
            books++;
        }
        assertThat(books).isEqualTo(5);
    }

    @Test
    void aMarketCodeNamesQuoteThenBase() {
        Instrument i = UpbitVenue.instrument("KRW-BTC");
        assertThat(List.of(i.base(), i.quote())).containsExactly("BTC", "KRW");
        assertThat(UpbitVenue.instrument("KRW")).isNull();
        assertThat(UpbitVenue.instrument("A-B-C")).isNull();
    }
}
