package io.dpp.streams.venue.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.instrument.Instrument;
import io.dpp.core.model.MarketEventListener;
import io.dpp.core.model.Side;
import io.dpp.core.model.Trade;
import io.dpp.streams.Fixtures;
import io.dpp.streams.ReplayHarness;
import io.dpp.streams.feed.FeedStats;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.replay.CaptureReplay;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeminiReplayTest {

    /**
     * Each subscription's first l2_updates (the one carrying the recent trades) is the snapshot; the
     * recent trades it carries are not published, the trade messages are, with the taker's side.
     */
    @Test
    void booksStartFromTheirFirstUpdateAndTradesAreTheTradeMessages() throws Exception {
        List<String> trades = new ArrayList<>();
        CaptureReplay.Result result = ReplayHarness.replay("gemini", "gemini/cryptofeed/GEMINI.ws.1.0", new MarketEventListener() {
            @Override
            public void onTrade(Trade t) {
                trades.add(t.instrument().nativeSymbol() + " " + t.id() + " " + t.side());
            }
        });
        FeedStats stats = result.stats();
        long tradeMessages = Files.readAllLines(Fixtures.file("gemini/cryptofeed/GEMINI.ws.1.0")).stream()
                .filter(l -> l.contains(": {\"type\":\"trade\"")).count();
        assertThat(stats.decodeErrors()).isZero();
        assertThat(stats.crossedBooks()).isZero();
        assertThat(stats.snapshots()).isEqualTo(10);
        assertThat(stats.bookChanges()).isEqualTo(655);
        assertThat(stats.trades()).isEqualTo(tradeMessages).isEqualTo(16);
        assertThat(trades).contains("ANKRUSD 45465818387 " + Side.BUY);
        for (InstrumentBook book : result.decoder().books()) {
            assertThat(book.inSync()).as(book.instrument().toString()).isTrue();
        }
    }

    @Test
    void theListingsNamesSplitAtTheLongestQuoteCurrency() {
        Instrument gusd = GeminiVenue.instrument("btcgusd");
        assertThat(gusd.nativeSymbol()).isEqualTo("BTCGUSD");
        assertThat(List.of(gusd.base(), gusd.quote())).containsExactly("BTC", "GUSD");
        Instrument usdt = GeminiVenue.instrument("ethusdt");
        assertThat(List.of(usdt.base(), usdt.quote())).containsExactly("ETH", "USDT");
        Instrument dai = GeminiVenue.instrument("daiusd");
        assertThat(List.of(dai.base(), dai.quote())).containsExactly("DAI", "USD");
        assertThat(GeminiVenue.instrument("zecltc").quote()).isEqualTo("LTC");
        assertThat(GeminiVenue.instrument("usd")).as("a quote alone names no pair").isNull();
        assertThat(GeminiVenue.instrument("abcxyz")).as("no known quote").isNull();
    }

    /**
     * An l2_updates message's changes are read where they stand when the type came first (as Gemini
     * sends it), after the pass when it came last; a message of another type with changes (candles,
     * never subscribed) is left alone: every variant gives the same events and no decode error.
     */
    @Test
    void theTypeAfterTheChangesAndCandlesGiveTheSameEvents(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        String capture = "gemini/cryptofeed/GEMINI.ws.1.0";
        String listing = "gemini/cryptofeed/GEMINI.0";
        ReplayHarness.assertSameEventsWhenRewritten("gemini", capture, listing, dir,
                "\\{\"type\":\"l2_updates\",(.*)}$", "{$1,\"type\":\"l2_updates\"}", 600);
        ReplayHarness.assertSameEventsWhenRewritten("gemini", capture, listing, dir,
                "\\{\"type\":\"heartbeat\",.*}$",
                "{\"type\":\"candles_1m_updates\",\"symbol\":\"BTCUSD\",\"changes\":[[1624493640000,1,2,0.5,1.5,10]]}", 6);
    }
}
