package io.dpp.streams.venue.phemex;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.model.MarketEventListener;
import io.dpp.core.model.Trade;
import io.dpp.streams.ReplayHarness;
import io.dpp.streams.feed.FeedStats;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.replay.CaptureReplay;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PhemexReplayTest {

    /**
     * Books start from their snapshots and follow incremental changes with growing sequences, kept to
     * the 30 levels Phemex sends; scaled integers become exact decimals by each instrument's scales
     * (contracts: prices 10^-4, whole contracts; spot: both 10^-8); the snapshot's trades are
     * history, the later ones carry the taker's side.
     */
    @Test
    void booksAndTradesReadTheInstrumentsScales() {
        List<String> trades = new ArrayList<>();
        CaptureReplay.Result result = ReplayHarness.replay("phemex", "phemex/cryptofeed/PHEMEX.ws.1.0", new MarketEventListener() {
            @Override
            public void onTrade(Trade t) {
                trades.add(t.instrument().nativeSymbol() + " " + t.side() + " " + Decimal64.toString(t.amount()) + "@"
                        + Decimal64.toString(t.price()) + " " + t.exchangeTime());
            }
        });
        FeedStats stats = result.stats();
        assertThat(stats.decodeErrors()).isZero();
        assertThat(stats.crossedBooks()).isZero();
        assertThat(stats.snapshots()).isEqualTo(10);
        assertThat(stats.bookChanges()).isEqualTo(1334);
        assertThat(stats.trades()).isEqualTo(25);
        // [1625342248051974866,"Sell",67269000,25500000000] on sGRTUSDT (USDT and GRT at 8 places)
        assertThat(trades).contains("sGRTUSDT SELL 255.00000000@0.67269000 1625342248051974");
        // [1625342248626993976,"Sell",30070,38] on XTZUSD (price scale 4, whole contracts)
        assertThat(trades).contains("XTZUSD SELL 38@3.0070 1625342248626993");
        int books = 0;
        for (InstrumentBook book : result.decoder().books()) {
            assertThat(book.inSync()).as(book.instrument().toString()).isTrue();
            assertThat(book.book().depth(true)).isLessThanOrEqualTo(30);
            assertThat(book.book().depth(false)).isLessThanOrEqualTo(30);
            books++;
        }
        assertThat(books).isEqualTo(10);
    }
}
