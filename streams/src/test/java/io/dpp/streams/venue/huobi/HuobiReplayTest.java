package io.dpp.streams.venue.huobi;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.model.MarketEventListener;
import io.dpp.core.model.Side;
import io.dpp.core.model.Trade;
import io.dpp.streams.ReplayHarness;
import io.dpp.streams.feed.FeedStats;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.replay.CaptureReplay;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HuobiReplayTest {

    private static CaptureReplay.Result replay(String venue, String capture, List<String> trades) {
        return ReplayHarness.replay(venue, capture, new MarketEventListener() {
            @Override
            public void onTrade(Trade t) {
                trades.add(t.instrument().nativeSymbol() + " " + t.id() + " " + t.side() + " " + Decimal64.toString(t.amount()) + "@"
                        + Decimal64.toString(t.price()) + " " + t.exchangeTime());
            }
        });
    }

    private static void everyBookInSync(CaptureReplay.Result result, int books) {
        int n = 0;
        for (InstrumentBook book : result.decoder().books()) {
            assertThat(book.inSync()).as(book.instrument().toString()).isTrue();
            n++;
        }
        assertThat(n).isEqualTo(books);
    }

    /**
     * Spot: gzip frames inflated by the capture reader; each depth.step0 message is the whole book
     * (prices such as 9.121E-7 held exactly); a trade's id is its tradeId (its "id" does not fit 64 bits).
     */
    @Test
    void spotDepthPicturesReplaceTheBookAndTradesTakeTheirTradeId() {
        List<String> trades = new ArrayList<>();
        CaptureReplay.Result result = replay("huobi", "huobi/cryptofeed/HUOBI.ws.44.0", trades);
        FeedStats stats = result.stats();
        assertThat(stats.decodeErrors()).isZero();
        assertThat(stats.crossedBooks()).isZero();
        assertThat(stats.resyncs()).isZero();
        assertThat(stats.snapshots()).isEqualTo(292);
        assertThat(stats.trades()).isGreaterThanOrEqualTo(44);
        // {"id":100182534526255757567432481,"ts":1618678027940,"tradeId":100045088885,"amount":20995.88,"price":9.2E-7,"direction":"buy"}
        assertThat(trades).contains("trioeth 100045088885 " + Side.BUY + " 20995.88@0.00000092 1618678027940000");
        everyBookInSync(result, 10);
    }

    /** Swaps: coin-margined and USDT-margined connections; sizes in contracts, each instrument's contract size listed. */
    @Test
    void swapsOfBothMarginsReplay() {
        for (String capture : List.of("huobi_swap/cryptofeed/HUOBI_SWAP.ws.1.0", "huobi_swap/cryptofeed/HUOBI_SWAP.ws.2.0")) {
            List<String> trades = new ArrayList<>();
            CaptureReplay.Result result = replay("huobi-swap", capture, trades);
            FeedStats stats = result.stats();
            assertThat(stats.decodeErrors()).as(capture).isZero();
            assertThat(stats.crossedBooks()).as(capture).isZero();
            assertThat(stats.snapshots()).as(capture).isGreaterThan(1000);
            assertThat(stats.trades()).as(capture).isPositive();
            everyBookInSync(result, 5);
            for (InstrumentBook book : result.decoder().books()) {
                assertThat(Decimal64.signum(book.instrument().contractSize())).as(book.instrument().toString()).isPositive();
            }
            if (capture.endsWith("1.0")) {
                // {"amount":6,"quantity":2.2569881997133624986364029626731768237,"ts":1645289382216,"id":743774717120000,
                //  "price":26.5841,"direction":"buy"}: six contracts of ATOM-USD
                assertThat(trades).contains("ATOM-USD 743774717120000 " + Side.BUY + " 6@26.5841 1645289382216000");
            }
        }
    }

    @Test
    void theVenuesPingsAreAnsweredWithTheirOwnTime() {
        HuobiProtocol p = new HuobiProtocol(HuobiFlavor.SPOT);
        byte[] ping = "{\"ping\":1618678073643}".getBytes(StandardCharsets.US_ASCII);
        assertThat(p.answer(ping, 0, ping.length)).isEqualTo("{\"pong\":1618678073643}");
        byte[] data = "{\"ch\":\"market.btcusdt.depth.step0\"}".getBytes(StandardCharsets.US_ASCII);
        assertThat(p.answer(data, 0, data.length)).isNull();
        byte[] odd = "{\"ping\":\"x\"}".getBytes(StandardCharsets.US_ASCII);
        assertThat(p.answer(odd, 0, odd.length)).isNull();
    }
}
