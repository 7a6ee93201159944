package io.dpp.streams.venue.gateio;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.model.MarketEventListener;
import io.dpp.core.model.Quote;
import io.dpp.core.model.Side;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GateioFuturesReplayTest {

    /**
     * Every contract's book bridges its REST snapshot ({"p","s"} levels, sizes in contracts) and
     * follows the U chain; where the capture has a book_ticker for a contract, its last one is the
     * book's top at the end, sizes included.
     */
    @Test
    void booksBridgeTheirSnapshotsAndEndAtTheLastBookTicker() {
        Map<String, String> lastQuote = new HashMap<>();
        CaptureReplay.Result result = ReplayHarness.replay("gateio-futures", "gateio_futures/cryptofeed/GATEIO_FUTURES.ws.1.0",
                new MarketEventListener() {
                    @Override
                    public void onQuote(Quote q) {
                        lastQuote.put(q.instrument().nativeSymbol(), top(q.bidPrice(), q.bidSize(), q.askPrice(), q.askSize()));
                    }
                });
        FeedStats stats = result.stats();
        assertThat(stats.sequenceGaps()).isZero();
        assertThat(stats.crossedBooks()).isZero();
        assertThat(stats.decodeErrors()).isZero();
        assertThat(stats.snapshots()).isEqualTo(10);
        assertThat(stats.bookChanges()).isEqualTo(326);
        assertThat(stats.quotes()).isEqualTo(75);
        assertThat(lastQuote).hasSize(5);
        int books = 0;
        for (InstrumentBook book : result.decoder().books()) {
            assertThat(book.inSync()).as(book.instrument().toString()).isTrue();
            String quote = lastQuote.get(book.instrument().nativeSymbol());
            if (quote != null) {
                var b = book.book();
                assertThat(top(b.price(true, 0), b.size(true, 0), b.price(false, 0), b.size(false, 0)))
                        .as(book.instrument().nativeSymbol()).isEqualTo(quote);
            }
            books++;
        }
        assertThat(books).isEqualTo(10);
        // Sizes are contracts; each contract's size in its base asset is the listing's quanto_multiplier.
        for (InstrumentBook book : result.decoder().books()) {
            assertThat(Decimal64.signum(book.instrument().contractSize())).as(book.instrument().toString()).isPositive();
        }
    }

    /** The capture has no trade: Gate.io's documented futures.trades shape, the size signed by the taker's side. */
    @Test
    void futuresTradesCarryTheTakersSideInTheSignOfTheirSize() {
        GateioVenue venue = GateioVenue.futures();
        InstrumentCatalog catalog = new InstrumentCatalog(venue.id());
        catalog.add(io.dpp.core.instrument.Instrument.builder(venue.id(), "BTC_USDT").assets("BTC", "USDT").build());
        List<String> trades = new ArrayList<>();
        FeedStats stats = new FeedStats();
        VenueDecoder decoder = venue.newDecoder(catalog, new FeedOutput(venue.id(), stats, new MarketEventListener() {
            @Override
            public void onTrade(Trade t) {
                trades.add(t.id() + " " + t.side() + " " + Decimal64.toString(t.amount()) + "@" + Decimal64.toString(t.price()) + " "
                        + t.exchangeTime());
            }
        }));
        byte[] m = ("{\"time\":1684930200,\"time_ms\":1684930200123,\"channel\":\"futures.trades\",\"event\":\"update\",\"result\":["
                + "{\"size\":-108,\"id\":27753479,\"create_time\":1684930200,\"create_time_ms\":1684930200120,\"price\":\"26810.1\","
                + "\"contract\":\"BTC_USDT\"},{\"size\":3,\"id\":27753480,\"create_time\":1684930200,\"create_time_ms\":1684930200121,"
                + "\"price\":\"26810.2\",\"contract\":\"BTC_USDT\"}]}").getBytes(StandardCharsets.UTF_8);
        decoder.onMessage(m, 0, m.length, 1_684_930_200_200_000L);
        assertThat(stats.decodeErrors()).isZero();
        assertThat(trades).containsExactly("27753479 " + Side.SELL + " 108@26810.1 1684930200120000",
                "27753480 " + Side.BUY + " 3@26810.2 1684930200121000");
    }

    private static String top(long bid, long bidSize, long ask, long askSize) {
        return Decimal64.toString(bid) + "x" + Decimal64.toString(bidSize) + " " + Decimal64.toString(ask) + "x" + Decimal64.toString(askSize);
    }
}
