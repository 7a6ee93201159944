package io.dpp.streams.venue.hitbtc;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.model.MarketEventListener;
import io.dpp.core.model.Quote;
import io.dpp.core.model.Trade;
import io.dpp.streams.ReplayHarness;
import io.dpp.streams.feed.FeedStats;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.replay.CaptureReplay;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.streams.Fixtures;
import io.dpp.streams.capture.Capture;
import io.dpp.streams.capture.CaptureReader;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.venue.ClientRequest;
import io.dpp.streams.venue.ConnectionPlan;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.VenueDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HitbtcReplayTest {

    /**
     * Each book starts from its snapshotOrderbook and follows updates numbered one by one (HitBTC
     * sends each book's snapshot again later, at the sequence the book has reached: nothing
     * changes); tickers become quotes without sizes at their ISO-8601 time.
     */
    @Test
    void hitbtcBooksFollowConsecutiveSequencesAndTickersAreQuotes() {
        List<String> quotes = new ArrayList<>();
        CaptureReplay.Result result = ReplayHarness.replay("hitbtc", "hitbtc/cryptofeed/HITBTC.ws.1.0", new MarketEventListener() {
            @Override
            public void onQuote(Quote q) {
                quotes.add(q.instrument().nativeSymbol() + " " + Decimal64.toString(q.bidPrice()) + "/" + Decimal64.toString(q.askPrice())
                        + " " + q.exchangeTime());
            }
        });
        FeedStats stats = result.stats();
        assertThat(stats.sequenceGaps()).isZero();
        assertThat(stats.crossedBooks()).isZero();
        assertThat(stats.decodeErrors()).isZero();
        assertThat(stats.snapshots()).isEqualTo(10);
        assertThat(stats.quotes()).isEqualTo(203);
        // {"ask":"0.0011393","bid":"0.0007809",...,"timestamp":"2021-07-15T03:06:37.000Z","symbol":"GVTETH"}
        assertThat(quotes).contains("GVTETH 0.0007809/0.0011393 1626318397000000");
        assertAllInSync(result, 10);
    }

    /** Bequant speaks the same; its trades carry the taker's side and the trade's id. */
    @Test
    void bequantBooksAndTrades() {
        List<String> trades = new ArrayList<>();
        CaptureReplay.Result result = ReplayHarness.replay("bequant", "bequant/cryptofeed/BEQUANT.ws.1.0", new MarketEventListener() {
            @Override
            public void onTrade(Trade t) {
                trades.add(t.instrument().nativeSymbol() + " " + t.id() + " " + t.side() + " " + Decimal64.toString(t.amount()) + "@"
                        + Decimal64.toString(t.price()) + " " + t.exchangeTime());
            }
        });
        FeedStats stats = result.stats();
        assertThat(stats.sequenceGaps()).isZero();
        assertThat(stats.crossedBooks()).isZero();
        assertThat(stats.decodeErrors()).isZero();
        assertThat(stats.snapshots()).isEqualTo(10);
        assertThat(stats.trades()).isEqualTo(10);
        // {"id":1307176266,"price":"0.00011574","quantity":"1.57","side":"sell","timestamp":"2021-07-03T00:56:18.293Z"} on EOSBTC
        assertThat(trades).contains("EOSBTC 1307176266 SELL 1.57@0.00011574 1625273778293000");
        assertAllInSync(result, 10);
    }

    /** Instruments the v2 listing named keep speaking v2: one symbol a JSON-RPC request on /api/2/ws/public. */
    @Test
    void v2InstrumentsGoToTheV2Socket() throws Exception {
        HitbtcVenue venue = new HitbtcVenue();
        InstrumentCatalog v2 = venue.parseListing(CaptureReader.read(Fixtures.file("hitbtc/cryptofeed/HITBTC.0")));
        List<ConnectionPlan> plans = venue.protocol().plan("wss://api.hitbtc.com", List.of(new Subscription("Orderbook", "BTCUSD"),
                new Subscription("Trades", "BTCUSD")), v2);
        assertThat(plans).extracting(ConnectionPlan::url).containsExactly("wss://api.hitbtc.com/api/2/ws/public");
        assertThat(plans.get(0).messages()).containsExactly("{\"method\":\"subscribeOrderbook\",\"params\":{\"symbol\":\"BTCUSD\"},\"id\":1}",
                "{\"method\":\"subscribeTrades\",\"params\":{\"symbol\":\"BTCUSD\"},\"id\":1}");
        assertThat(venue.protocol().parseClient("", plans.get(0).messages().get(0)).subscriptions())
                .containsExactly(new Subscription("Orderbook", "BTCUSD"));
    }

    /**
     * API v3's listing (an object keyed by symbol, as HitBTC documents it): spot pairs and
     * perpetuals (no expiry, the underlying as base); their streams go to /api/3/ws/public, many
     * symbols of a channel a request, under v3's channel names; a request reads back as DPP's streams.
     */
    @Test
    void v3ListingAndRequests() {
        HitbtcVenue venue = new HitbtcVenue();
        InstrumentCatalog catalog = venue.parseListing(Capture.ofRest("hitbtc listing", List.of(new Capture.RestResponse(
                "https://api.hitbtc.com/api/3/public/symbol", 0, ("{\"AAVEUSDT_PERP\":{\"type\":\"futures\",\"expiry\":null,"
                        + "\"underlying\":\"AAVE\",\"base_currency\":null,\"quote_currency\":\"USDT\",\"quantity_increment\":\"0.01\","
                        + "\"tick_size\":\"0.001\",\"take_rate\":\"0.0005\",\"make_rate\":\"0.0002\",\"fee_currency\":\"USDT\","
                        + "\"margin_trading\":true,\"max_initial_leverage\":\"50.00\"},\"MANAUSDT\":{\"type\":\"spot\",\"base_currency\":\"MANA\","
                        + "\"quote_currency\":\"USDT\",\"quantity_increment\":\"1\",\"tick_size\":\"0.0000001\",\"take_rate\":\"0.0025\","
                        + "\"make_rate\":\"0.001\",\"fee_currency\":\"USDT\",\"margin_trading\":true,\"max_initial_leverage\":\"5.00\"}}")
                        .getBytes(StandardCharsets.UTF_8)))));
        assertThat(catalog.find("AAVEUSDT_PERP").type()).isEqualTo(InstrumentType.PERPETUAL);
        assertThat(catalog.find("AAVEUSDT_PERP").base()).isEqualTo("AAVE");
        assertThat(Decimal64.toString(catalog.find("MANAUSDT").tickSize())).isEqualTo("0.0000001");
        List<ConnectionPlan> plans = venue.protocol().plan("wss://api.hitbtc.com", List.of(new Subscription("Orderbook", "MANAUSDT"),
                new Subscription("Orderbook", "AAVEUSDT_PERP"), new Subscription("Ticker", "MANAUSDT")), catalog);
        assertThat(plans).extracting(ConnectionPlan::url).containsExactly("wss://api.hitbtc.com/api/3/ws/public");
        assertThat(plans.get(0).messages()).containsExactly(
                "{\"method\":\"subscribe\",\"ch\":\"orderbook/full\",\"params\":{\"symbols\":[\"MANAUSDT\",\"AAVEUSDT_PERP\"]},\"id\":1}",
                "{\"method\":\"subscribe\",\"ch\":\"orderbook/top/100ms\",\"params\":{\"symbols\":[\"MANAUSDT\"]},\"id\":1}");
        ClientRequest r = venue.protocol().parseClient("", plans.get(0).messages().get(0));
        assertThat(r.subscriptions()).containsExactly(new Subscription("Orderbook", "MANAUSDT"), new Subscription("Orderbook", "AAVEUSDT_PERP"));
        VenueDecoder decoder = venue.newDecoder(catalog, new FeedOutput("hitbtc", new FeedStats(), new MarketEventListener() { }));
        assertThat(venue.protocol().resubscribe(new Subscription("Orderbook", "AAVEUSDT_PERP"), decoder)).containsExactly(
                "{\"method\":\"unsubscribe\",\"ch\":\"orderbook/full\",\"params\":{\"symbols\":[\"AAVEUSDT_PERP\"]},\"id\":1}",
                "{\"method\":\"subscribe\",\"ch\":\"orderbook/full\",\"params\":{\"symbols\":[\"AAVEUSDT_PERP\"]},\"id\":1}");
    }

    /**
     * API v3 messages as HitBTC sends them (recorded on its socket by a public probe, 2026-09-23): a
     * full book's snapshot, updates whose {@code s} steps by one (one with an empty side), a gap;
     * the trades' snapshot is history, their update is published with the taker's side; the top of
     * book is a quote with sizes.
     */
    @Test
    void v3Messages() {
        InstrumentCatalog catalog = new InstrumentCatalog("hitbtc");
        catalog.add(io.dpp.core.instrument.Instrument.builder("hitbtc", "BTCUSDT_PERP").assets("BTC", "USDT").build());
        catalog.add(io.dpp.core.instrument.Instrument.builder("hitbtc", "BTCUSDT").assets("BTC", "USDT").build());
        FeedStats stats = new FeedStats();
        List<String> events = new ArrayList<>();
        VenueDecoder d = new HitbtcVenue().newDecoder(catalog, new FeedOutput("hitbtc", stats, new MarketEventListener() {
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
        feed(d, "{\"ch\": \"orderbook/full\", \"snapshot\": {\"BTCUSDT_PERP\": {\"t\": 1790136889500, \"s\": 1328121, \"a\": [[\"86870.57\", "
                + "\"0.0119\"], [\"86874.34\", \"0.0208\"]], \"b\": [[\"86846.97\", \"0.0111\"], [\"86836.26\", \"0.0202\"]]}}}");
        feed(d, "{\"ch\": \"orderbook/full\", \"update\": {\"BTCUSDT_PERP\": {\"t\": 1790136889618, \"s\": 1328122, \"a\": [], "
                + "\"b\": [[\"86837.60\", \"0.0009\"], [\"86836.26\", \"0\"]]}}}");
        InstrumentBook book = d.books().iterator().next();
        assertThat(book.inSync()).isTrue();
        assertThat(book.lastSequence()).isEqualTo(1328122);
        assertThat(Decimal64.toString(book.book().price(true, 1))).isEqualTo("86837.60");
        assertThat(book.book().depth(true)).isEqualTo(2);
        feed(d, "{\"ch\": \"orderbook/full\", \"update\": {\"BTCUSDT_PERP\": {\"t\": 1790136889822, \"s\": 1328124, \"a\": [], \"b\": []}}}");
        assertThat(stats.sequenceGaps()).isEqualTo(1);
        assertThat(book.inSync()).isFalse();
        feed(d, "{\"ch\": \"trades\", \"snapshot\": {\"BTCUSDT\": [{\"t\": 1626861109494, \"i\": 1555634969, \"p\": \"30881.96\", "
                + "\"q\": \"12.66828\", \"s\": \"buy\"}]}}");
        feed(d, "{\"ch\": \"trades\", \"update\": {\"BTCUSDT\": [{\"t\": 1626861123552, \"i\": 1555634970, \"p\": \"30877.68\", "
                + "\"q\": \"0.00006\", \"s\": \"sell\"}]}}");
        feed(d, "{\"ch\": \"orderbook/top/100ms\", \"data\": {\"BTCUSDT_PERP\": {\"t\": 1790136890208, \"a\": \"86870.57\", \"A\": \"0.0119\", "
                + "\"b\": \"86846.97\", \"B\": \"0.0111\"}}}");
        feed(d, "{\"result\": {\"ch\": \"orderbook/full\", \"subscriptions\": [\"BTCUSDT_PERP\"]}, \"id\": 1}");
        feed(d, "{\"error\": {\"code\": 2001, \"message\": \"Symbol not found\"}, \"id\": 2}");
        assertThat(stats.decodeErrors()).isZero();
        assertThat(events).containsExactly("trade BTCUSDT 1555634970 SELL 0.00006@30877.68 1626861123552000",
                "quote BTCUSDT_PERP 86846.97x0.0111 86870.57x0.0119 1790136890208000");
    }

    private static void feed(VenueDecoder d, String message) {
        byte[] b = message.getBytes(StandardCharsets.UTF_8);
        d.onMessage(b, 0, b.length, 1);
    }

    private static void assertAllInSync(CaptureReplay.Result result, int expected) {
        int books = 0;
        for (InstrumentBook book : result.decoder().books()) {
            assertThat(book.inSync()).as(book.instrument().toString()).isTrue();
            books++;
        }
        assertThat(books).isEqualTo(expected);
    }

    /**
     * An API v2 book's or ticker's params are read where they stand when the method came first (as
     * HitBTC sends it), after the pass when it came last: both give the same events.
     */
    @Test
    void paramsBeforeTheirMethodGiveTheSameEvents(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        ReplayHarness.assertSameEventsWhenRewritten("hitbtc", "hitbtc/cryptofeed/HITBTC.ws.1.0", "hitbtc/cryptofeed/HITBTC.0", dir,
                "\\{\"jsonrpc\":\"2.0\",\"method\":(\"[a-zA-Z]*\"),\"params\":(.*)}$",
                "{\"jsonrpc\":\"2.0\",\"params\":$2,\"method\":$1}", 700);
    }
}
