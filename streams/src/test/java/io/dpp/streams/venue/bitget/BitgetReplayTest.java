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
import io.dpp.streams.Fixtures;
import io.dpp.streams.capture.CaptureReader;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.venue.ClientRequest;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.VenueDecoder;
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

    /** Instruments the v1 listing named keep speaking v1: spot and futures each on their own socket. */
    @Test
    void v1InstrumentsGoToTheV1Sockets() throws Exception {
        BitgetProtocol p = new BitgetProtocol();
        InstrumentCatalog v1 = new BitgetVenue().parseListing(CaptureReader.read(Fixtures.file("bitget/cryptofeed/BITGET.0")));
        assertThat(v1.find("BTCUSDT_UMCBL")).isNotNull();
        List<ConnectionPlan> plans = p.plan("wss://ws.bitget.com", List.of(new Subscription("books", "EOSUSDT_SPBL"),
                new Subscription("books", "BTCUSDT_UMCBL"), new Subscription("trade", "BTCUSD_DMCBL")), v1);
        assertThat(plans).extracting(ConnectionPlan::url).containsExactly("wss://ws.bitget.com/spot/v1/stream", "wss://ws.bitget.com/mix/v1/stream");
        assertThat(plans.get(0).messages()).containsExactly("{\"op\":\"subscribe\",\"args\":[{\"instType\":\"SP\",\"channel\":\"books\",\"instId\":\"EOSUSDT\"}]}");
        ClientRequest r = p.parseClient("", plans.get(1).messages().get(0));
        assertThat(r.subscriptions()).containsExactly(new Subscription("books", "BTCUSDT_UMCBL"), new Subscription("trade", "BTCUSD_DMCBL"));
        assertThat(p.parseClient("", "ping")).isEqualTo(ClientRequest.PING);
    }

    /** Live instruments (API v2's listing) share one socket, each named by its product type. */
    @Test
    void v2InstrumentsShareOneSocket() {
        BitgetProtocol p = new BitgetProtocol();
        List<ConnectionPlan> plans = p.plan("wss://ws.bitget.com", List.of(new Subscription("books", "BTCUSDT_SPBL"),
                new Subscription("books", "BTCUSDT_UMCBL"), new Subscription("ticker", "BTCUSD_DMCBL")), new InstrumentCatalog("bitget"));
        assertThat(plans).extracting(ConnectionPlan::url).containsExactly("wss://ws.bitget.com/v2/ws/public");
        assertThat(plans.get(0).messages()).containsExactly("{\"op\":\"subscribe\",\"args\":["
                + "{\"instType\":\"SPOT\",\"channel\":\"books\",\"instId\":\"BTCUSDT\"},"
                + "{\"instType\":\"USDT-FUTURES\",\"channel\":\"books\",\"instId\":\"BTCUSDT\"},"
                + "{\"instType\":\"COIN-FUTURES\",\"channel\":\"ticker\",\"instId\":\"BTCUSD\"}]}");
        assertThat(p.parseClient("", plans.get(0).messages().get(0)).subscriptions()).containsExactly(new Subscription("books", "BTCUSDT_SPBL"),
                new Subscription("books", "BTCUSDT_UMCBL"), new Subscription("ticker", "BTCUSD_DMCBL"));
    }

    /**
     * API v2 messages as Bitget documents them: a books snapshot with checksum 0 (none), its update
     * with the checksum of the book it leaves, trade objects with their id, tickers with sizes.
     */
    @Test
    void v2Messages() {
        InstrumentCatalog catalog = new InstrumentCatalog("bitget");
        catalog.add(io.dpp.core.instrument.Instrument.builder("bitget", "BTCUSDT_UMCBL").assets("BTC", "USDT").build());
        catalog.add(io.dpp.core.instrument.Instrument.builder("bitget", "BTCUSDT_SPBL").assets("BTC", "USDT").build());
        FeedStats stats = new FeedStats();
        List<String> events = new ArrayList<>();
        VenueDecoder d = new BitgetVenue().newDecoder(catalog, new FeedOutput("bitget", stats, new MarketEventListener() {
            @Override
            public void onTrade(Trade t) {
                events.add("trade " + t.instrument().nativeSymbol() + " " + t.id() + " " + t.side() + " " + Decimal64.toString(t.amount()) + "@"
                        + Decimal64.toString(t.price()) + " " + t.exchangeTime());
            }

            @Override
            public void onQuote(Quote q) {
                events.add("quote " + q.instrument().nativeSymbol() + " " + Decimal64.toString(q.bidPrice()) + "x" + Decimal64.toString(q.bidSize())
                        + " " + Decimal64.toString(q.askPrice()) + "x" + Decimal64.toString(q.askSize()) + " " + q.exchangeTime());
            }
        }));
        feed(d, "{\"action\":\"snapshot\",\"arg\":{\"instType\":\"USDT-FUTURES\",\"channel\":\"books\",\"instId\":\"BTCUSDT\"},"
                + "\"data\":[{\"asks\":[[\"27000.5\",\"8.760\"],[\"27001.0\",\"0.400\"]],\"bids\":[[\"27000.0\",\"2.710\"],[\"26999.5\",\"1.460\"]],"
                + "\"checksum\":0,\"seq\":123,\"ts\":\"1695716059516\"}],\"ts\":1695716059516}");
        int crc = new io.dpp.streams.venue.okx.OkxChecksum().compute(bookAfter("27000.0", "2.710", "26999.5", "1.460", "27000.5", "0.400"));
        feed(d, "{\"action\":\"update\",\"arg\":{\"instType\":\"USDT-FUTURES\",\"channel\":\"books\",\"instId\":\"BTCUSDT\"},"
                + "\"data\":[{\"asks\":[[\"27000.5\",\"0\"],[\"27001.0\",\"0\"],[\"27000.5\",\"0.400\"]],\"bids\":[],\"checksum\":" + crc
                + ",\"seq\":124,\"ts\":\"1695716059600\"}],\"ts\":1695716059600}");
        feed(d, "{\"action\":\"update\",\"arg\":{\"instType\":\"SPOT\",\"channel\":\"trade\",\"instId\":\"BTCUSDT\"},\"data\":[{\"ts\":"
                + "\"1701910980366\",\"price\":\"43854.01\",\"size\":\"0.0535\",\"side\":\"buy\",\"tradeId\":\"1116461060594286593\"}],\"ts\":1701910980730}");
        feed(d, "{\"action\":\"snapshot\",\"arg\":{\"instType\":\"SPOT\",\"channel\":\"ticker\",\"instId\":\"BTCUSDT\"},\"data\":[{"
                + "\"instId\":\"BTCUSDT\",\"lastPr\":\"43528.19\",\"bidPr\":\"43528\",\"askPr\":\"43528.01\",\"bidSz\":\"0.0334\",\"askSz\":\"0.1917\","
                + "\"ts\":\"1701842994338\"}],\"ts\":1701842994341}");
        assertThat(stats.decodeErrors()).isZero();
        assertThat(stats.checksumFailures()).isZero();
        assertThat(stats.checksumsVerified()).isEqualTo(1);
        assertThat(events).containsExactly("trade BTCUSDT_SPBL 1116461060594286593 BUY 0.0535@43854.01 1701910980366000",
                "quote BTCUSDT_SPBL 43528x0.0334 43528.01x0.1917 1701842994338000");
    }

    private static void feed(VenueDecoder d, String message) {
        byte[] b = message.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        d.onMessage(b, 0, b.length, 1);
    }

    /** A book of one bid, a second bid and one ask, as the update above leaves it. */
    private static io.dpp.book.SortedBook bookAfter(String bid1, String bid1Size, String bid2, String bid2Size, String ask, String askSize) {
        io.dpp.book.SortedBook b = new io.dpp.book.SortedBook();
        b.set(true, Decimal64.parse(bid1), Decimal64.parse(bid1Size));
        b.set(true, Decimal64.parse(bid2), Decimal64.parse(bid2Size));
        b.set(false, Decimal64.parse(ask), Decimal64.parse(askSize));
        return b;
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
