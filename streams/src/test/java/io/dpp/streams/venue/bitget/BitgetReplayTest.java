package io.dpp.streams.venue.bitget;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.model.MarketEventListener;
import io.dpp.core.model.Quote;
import io.dpp.core.model.Trade;
import io.dpp.streams.ReplayHarness;
import io.dpp.streams.feed.FeedStats;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.replay.CaptureReplay;
import io.dpp.streams.venue.ClientRequest;
import io.dpp.streams.venue.ConnectionPlan;
import io.dpp.streams.venue.Subscription;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BitgetReplayTest {

    /**
     * Spot books: a snapshot, then updates, every message's CRC32 of the top 25 levels verified;
     * tickers become quotes without sizes; the trades snapshot on subscribing (history) is not published.
     */
    @Test
    void spotBooksPassEveryChecksum() {
        List<String> quotes = new ArrayList<>();
        CaptureReplay.Result result = ReplayHarness.replay("bitget", "bitget/cryptofeed/BITGET.ws.1.0", new MarketEventListener() {
            @Override
            public void onQuote(Quote q) {
                quotes.add(q.instrument().nativeSymbol() + " " + Decimal64.toString(q.bidPrice()) + " " + Decimal64.toString(q.askPrice())
                        + " " + q.exchangeTime());
            }
        });
        FeedStats stats = result.stats();
        assertThat(stats.decodeErrors()).isZero();
        assertThat(stats.checksumFailures()).isZero();
        assertThat(stats.crossedBooks()).isZero();
        assertThat(stats.snapshots()).isEqualTo(8);
        assertThat(stats.checksumsVerified()).isEqualTo(443); // 8 snapshots and 435 updates
        assertThat(stats.trades()).isEqualTo(30); // the updates; the 8 snapshots of recent trades are history
        assertThat(stats.quotes()).isEqualTo(128);
        // {"action":"snapshot","arg":{"instType":"sp","channel":"ticker","instId":"EOSUSDT"},"data":[{...,"bestBid":"2.436700",
        //  "bestAsk":"2.440900",...,"ts":1649290076034,...}]}
        assertThat(quotes).contains("EOSUSDT_SPBL 2.436700 2.440900 1649290076034000");
        assertInSync(result, 8);
    }

    /** Futures books (instType mc) are the USDT-margined contracts: the same rules, instruments apart from spot's. */
    @Test
    void futuresStreamsNameTheirContracts() {
        List<String> trades = new ArrayList<>();
        CaptureReplay.Result result = ReplayHarness.replay("bitget", "bitget/cryptofeed/BITGET.ws.2.0", new MarketEventListener() {
            @Override
            public void onTrade(Trade t) {
                trades.add(t.instrument().nativeSymbol() + " " + t.side() + " " + Decimal64.toString(t.amount()) + "@"
                        + Decimal64.toString(t.price()) + " " + t.exchangeTime());
            }
        });
        FeedStats stats = result.stats();
        assertThat(stats.decodeErrors()).isZero();
        assertThat(stats.checksumFailures()).isZero();
        assertThat(stats.checksumsVerified()).isEqualTo(194);
        assertThat(stats.trades()).isEqualTo(25);
        // {"action":"update","arg":{"instType":"mc","channel":"trade","instId":"UNIUSDT"},"data":[["1649290078916","9.977","1","sell"]]}
        assertThat(trades).contains("UNIUSDT_UMCBL SELL 1@9.977 1649290078916000");
        assertInSync(result, 2);
    }

    @Test
    void spotAndFuturesGoToTheirOwnSockets() {
        BitgetProtocol p = new BitgetProtocol();
        List<ConnectionPlan> plans = p.plan("wss://ws.bitget.com", List.of(new Subscription("books", "BTCUSDT_SPBL"),
                new Subscription("books", "BTCUSDT_UMCBL"), new Subscription("trade", "BTCUSD_DMCBL")), null);
        assertThat(plans).extracting(ConnectionPlan::url).containsExactly("wss://ws.bitget.com/spot/v1/stream", "wss://ws.bitget.com/mix/v1/stream");
        assertThat(plans.get(0).messages()).containsExactly("{\"op\":\"subscribe\",\"args\":[{\"instType\":\"SP\",\"channel\":\"books\",\"instId\":\"BTCUSDT\"}]}");
        ClientRequest r = p.parseClient("", plans.get(1).messages().get(0));
        assertThat(r.subscriptions()).containsExactly(new Subscription("books", "BTCUSDT_UMCBL"), new Subscription("trade", "BTCUSD_DMCBL"));
        assertThat(p.parseClient("", "ping")).isEqualTo(ClientRequest.PING);
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
