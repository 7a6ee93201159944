package io.dpp.streams.venue.independentreserve;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.book.Orders;
import io.dpp.book.SortedBook;
import io.dpp.core.decimal.Decimal64;
import io.dpp.core.model.MarketEventListener;
import io.dpp.core.model.Trade;
import io.dpp.streams.ReplayHarness;
import io.dpp.streams.capture.Capture;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.feed.FeedStats;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.replay.CaptureReplay;
import io.dpp.streams.venue.ClientRequest;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.VenueDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IndependentReserveReplayTest {

    private static String top(InstrumentBook b) {
        SortedBook book = b.book();
        return b.instrument().nativeSymbol() + " " + Decimal64.toString(book.price(true, 0)) + "x" + Decimal64.toString(book.size(true, 0)) + " "
                + Decimal64.toString(book.price(false, 0)) + "x" + Decimal64.toString(book.size(false, 0)) + " " + book.depth(true) + "/"
                + book.depth(false);
    }

    /**
     * Every pair with a recorded snapshot ends in sync with the book its orders add up to. The
     * expected tops and level counts were computed apart from DPP (a short Python script over the
     * same files: each snapshot's orders, the base's events received before it applied over them,
     * then every later event), so the held-event replay, the per-currency prices and the level
     * sums are checked against an independent reading.
     */
    @Test
    void ordersAddUpToTheBooksOfEveryPairWithASnapshot() {
        CaptureReplay.Result result = ReplayHarness.replay(IndependentReserveVenue.ID,
                "independent_reserve/cryptofeed/INDEPENDENT_RESERVE.ws.1.0", new MarketEventListener() { });
        FeedStats stats = result.stats();
        assertThat(stats.decodeErrors()).isZero();
        assertThat(stats.sequenceGaps()).isZero();
        assertThat(stats.crossedBooks()).isZero();
        assertThat(stats.snapshots()).isEqualTo(5);
        assertThat(stats.bookChanges()).isGreaterThan(1500);
        List<String> tops = new ArrayList<>();
        for (InstrumentBook book : result.decoder().books()) {
            assertThat(book.inSync()).as(book.instrument().toString()).isTrue();
            tops.add(top(book));
        }
        assertThat(tops).containsExactlyInAnyOrder(
                "bch-sgd 511.41x0.59 516.42x6 38/144",
                "dot-nzd 33.5874x27.7 34.1722x80 68/132",
                "eth-aud 4726.35x1.01 4729.7x15 336/351",
                "matic-usd 1.68552x330 1.71021x11020.31311 58/103",
                "pmgt-nzd 2755.07x3.82223 2822.72x10 35/22");
    }

    private static InstrumentCatalog catalog() {
        byte[] primaries = "[\"Xbt\",\"Eth\"]".getBytes(StandardCharsets.UTF_8);
        byte[] secondaries = "[\"Aud\",\"Usd\"]".getBytes(StandardCharsets.UTF_8);
        return new IndependentReserveVenue().parseListing(Capture.ofRest("INDEPENDENT_RESERVE.0", List.of(
                new Capture.RestResponse("https://api.independentreserve.com/Public/GetValidPrimaryCurrencyCodes", 1, primaries),
                new Capture.RestResponse("https://api.independentreserve.com/Public/GetValidSecondaryCurrencyCodes", 1, secondaries))));
    }

    private static void send(VenueDecoder decoder, String message, long time) {
        byte[] b = message.getBytes(StandardCharsets.UTF_8);
        decoder.onMessage(b, 0, b.length, time);
    }

    private static void snapshot(VenueDecoder decoder, String pair, String body, long time) {
        String[] p = pair.split("-");
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        decoder.onRest("https://api.independentreserve.com/Public/GetAllOrders?primaryCurrencyCode=" + p[0] + "&secondaryCurrencyCode=" + p[1],
                b, 0, b.length, time);
    }

    private static String newOrder(long nonce, String guid, String type, String aud, String usd, String volume) {
        return "{\"Channel\":\"orderbook-xbt\",\"Nonce\":" + nonce + ",\"Data\":{\"OrderType\":\"" + type + "\",\"OrderGuid\":\"" + guid
                + "\",\"Price\":{\"aud\":" + aud + ",\"usd\":" + usd + "},\"Volume\":" + volume + "},\"Time\":1649023809209,\"Event\":\"NewOrder\"}";
    }

    private static String event(long nonce, String event, String guid, String type, String volume) {
        return "{\"Channel\":\"orderbook-xbt\",\"Nonce\":" + nonce + ",\"Data\":{\"OrderType\":\"" + type + "\",\"OrderGuid\":\"" + guid + "\""
                + (volume == null ? "" : ",\"Volume\":" + volume) + "},\"Time\":1649023809209,\"Event\":\"" + event + "\"}";
    }

    private static final String A = "199276f3-9316-42b6-a754-e77b05877ebe";
    private static final String B = "c5d49998-081b-475a-a442-9bf319934ab7";
    private static final String C = "5fbe02b1-aad5-4a03-9889-c1f6845baaea";

    /**
     * Events held before a snapshot are applied over it, whether it holds them already or not; one
     * channel serves the books of every currency, each at its own price; a nonce that skips takes
     * every book of the base out of sync and the held events start again after it.
     */
    @Test
    void heldEventsConvergeOverTheSnapshotAndAGapStalesTheBase() {
        FeedStats stats = new FeedStats();
        InstrumentCatalog listed = catalog();
        VenueDecoder decoder = new IndependentReserveVenue().newDecoder(listed, new FeedOutput("independent-reserve", stats,
                new MarketEventListener() { }));
        // The feed asks for the snapshot: the book shows as awaiting it (no event names the pair before).
        decoder.snapshotRequested(listed.find("xbt-aud"));
        assertThat(decoder.books()).singleElement().satisfies(b -> assertThat(b.state()).isEqualTo(io.dpp.streams.feed.BookState.AWAITING_SNAPSHOT));
        send(decoder, newOrder(1, A, "LimitBid", "50000", "36000", "1"), 1);
        send(decoder, newOrder(2, B, "LimitOffer", "50100", "36070", "2"), 2);
        send(decoder, event(3, "OrderCanceled", A, "LimitBid", null), 3);
        // The snapshot was taken after the first two events and before the cancel: A is in it, and
        // C, placed before the connection opened.
        snapshot(decoder, "xbt-aud", "{\"BuyOrders\":[{\"Guid\":\"" + A + "\",\"Price\":50000.0,\"Volume\":1.00000000},"
                + "{\"Guid\":\"" + C + "\",\"Price\":49990,\"Volume\":3}],\"SellOrders\":[{\"Guid\":\"" + B + "\",\"Price\":50100,\"Volume\":2}],"
                + "\"PrimaryCurrencyCode\":\"Xbt\",\"SecondaryCurrencyCode\":\"Aud\",\"CreatedTimestampUtc\":\"2022-04-03T22:10:10.212029Z\"}", 4);
        snapshot(decoder, "xbt-usd", "{\"BuyOrders\":[{\"Guid\":\"" + C + "\",\"Price\":35993,\"Volume\":3}],\"SellOrders\":[],"
                + "\"CreatedTimestampUtc\":\"2022-04-03T22:10:10.212029Z\"}", 5);
        Map<String, InstrumentBook> books = new HashMap<>();
        decoder.books().forEach(b -> books.put(b.instrument().nativeSymbol(), b));
        assertThat(top(books.get("xbt-aud"))).isEqualTo("xbt-aud 49990x3 50100x2 1/1");
        assertThat(top(books.get("xbt-usd"))).isEqualTo("xbt-usd 35993x3 36070x2 1/1");
        // A partial fill, then a fill to nothing.
        send(decoder, event(4, "OrderChanged", B, "LimitOffer", "0.5"), 6);
        assertThat(top(books.get("xbt-aud"))).isEqualTo("xbt-aud 49990x3 50100x0.5 1/1");
        send(decoder, event(5, "OrderChanged", B, "LimitOffer", "0"), 7);
        assertThat(books.get("xbt-usd").book().depth(false)).isZero();
        assertThat(stats.sequenceGaps()).isZero();
        // Nonce 6 is lost.
        send(decoder, event(7, "OrderCanceled", C, "LimitBid", null), 8);
        assertThat(books.get("xbt-aud").inSync()).isFalse();
        assertThat(books.get("xbt-usd").inSync()).isFalse();
        assertThat(stats.sequenceGaps()).isEqualTo(2);
        snapshot(decoder, "xbt-aud", "{\"BuyOrders\":[{\"Guid\":\"" + C + "\",\"Price\":49990,\"Volume\":3}],\"SellOrders\":[]}", 9);
        assertThat(books.get("xbt-aud").inSync()).isTrue();
        assertThat(books.get("xbt-aud").book().depth(true)).as("the cancel after the gap is applied over the new snapshot").isZero();
        assertThat(stats.decodeErrors()).isZero();
    }

    @Test
    void malformedEventsAreDecodeErrors() {
        FeedStats stats = new FeedStats();
        VenueDecoder decoder = new IndependentReserveVenue().newDecoder(catalog(), new FeedOutput("independent-reserve", stats,
                new MarketEventListener() { }));
        send(decoder, newOrder(1, "not-a-guid", "LimitBid", "1", "1", "1"), 1);
        send(decoder, event(2, "OrderChanged", A, "LimitBid", null), 2);
        send(decoder, "{\"Channel\":\"orderbook-doge\",\"Nonce\":1,\"Data\":{},\"Time\":1,\"Event\":\"NewOrder\"}", 3);
        send(decoder, "{\"Data\":\"Invalid subscription\",\"Time\":1,\"Event\":\"Error\"}", 4);
        assertThat(stats.decodeErrors()).isEqualTo(4);
        send(decoder, "{\"Time\":1649023809081,\"Event\":\"Heartbeat\"}", 5);
        assertThat(stats.decodeErrors()).isEqualTo(4);
    }

    /** Trades as recorded (a pair, a price) and as documented today (a price in each currency it is quoted in). */
    @Test
    void tradesComeInEachCurrencyTheyArePricedIn() {
        List<String> trades = new ArrayList<>();
        VenueDecoder decoder = new IndependentReserveVenue().newDecoder(catalog(), new FeedOutput("independent-reserve", new FeedStats(),
                new MarketEventListener() {
                    @Override
                    public void onTrade(Trade t) {
                        trades.add(t.instrument().nativeSymbol() + " " + t.id() + " " + t.side() + " " + Decimal64.toString(t.amount()) + "@"
                                + Decimal64.toString(t.price()) + " " + t.exchangeTime());
                    }
                }));
        send(decoder, "{\"Channel\":\"ticker-xbt-aud\",\"Nonce\":130,\"Data\":{\"TradeGuid\":\"7a669f2a-d564-472b-8493-6ef982eb1e96\","
                + "\"Pair\":\"xbt-aud\",\"TradeDate\":\"2023-02-12T10:04:13.0804889+11:00\",\"Price\":31640,\"Volume\":0.00079029,"
                + "\"BidGuid\":\"ba8a78b5-be69-4d33-92bb-9df0daa6314e\",\"OfferGuid\":\"27d20270-f21f-4c25-9905-152e70b2f6ec\",\"Side\":\"Buy\"},"
                + "\"Time\":1676156653111,\"Event\":\"Trade\"}", 1);
        send(decoder, "{\"Event\":\"Trade\",\"Channel\":\"ticker-xbt\",\"Nonce\":1,\"Time\":1689718320138,\"Data\":{"
                + "\"TradeGuid\":\"c5bde544-d8ae-4e38-9e90-405a3f93b6d6\",\"TradeDate\":\"2009-01-03T18:15:05.9321664+00:00\",\"Volume\":50.0,"
                + "\"Price\":{\"Aud\":3313.59,\"Sgd\":4798.92},\"Side\":\"Sell\"}}", 2);
        assertThat(trades).containsExactly(
                "xbt-aud 7a669f2a-d564-472b-8493-6ef982eb1e96 BUY 0.00079029@31640 1676156653080488",
                // SGD is not in this catalog: the trade is published for the pairs listed.
                "xbt-aud c5bde544-d8ae-4e38-9e90-405a3f93b6d6 SELL 50.0@3313.59 1231006505932166");
    }

    /** The simulator's snapshot lists the orders under their ids, and reads back to the same book. */
    @Test
    void theSimulatorsSnapshotReadsBack() {
        InstrumentCatalog catalog = catalog();
        Orders orders = new Orders();
        orders.put(0x199276f3931642b6L, 0xa754e77b05877ebeL, true, Decimal64.parseOrThrow("33.6331"), Decimal64.parseOrThrow("28.21327000"));
        orders.put(1, 2, true, Decimal64.parseOrThrow("33.6331"), Decimal64.parseOrThrow("1"));
        orders.put(3, 4, false, Decimal64.parseOrThrow("34.1"), Decimal64.parseOrThrow("80"));
        String body = IndependentReserveSim.snapshot(catalog.find("eth-aud"), orders, 1_649_023_810_212_029L);
        assertThat(body).contains("{\"Guid\":\"199276f3-9316-42b6-a754-e77b05877ebe\",\"Price\":33.6331,\"Volume\":28.21327000}")
                .contains("\"PrimaryCurrencyCode\":\"Eth\"").contains("\"CreatedTimestampUtc\":\"2022-04-03T22:10:10.212029Z\"");
        VenueDecoder decoder = new IndependentReserveVenue().newDecoder(catalog, new FeedOutput("independent-reserve", new FeedStats(),
                new MarketEventListener() { }));
        snapshot(decoder, "eth-aud", body, 1);
        InstrumentBook book = decoder.books().iterator().next();
        assertThat(top(book)).isEqualTo("eth-aud 33.6331x29.21327 34.1x80 1/1");
        assertThat(((IndependentReserveDecoder) decoder).orders(book.instrument()).size()).isEqualTo(3);
    }

    @Test
    void aBaseChannelNamesEveryPairOfTheBase() {
        IndependentReserveProtocol p = new IndependentReserveProtocol();
        InstrumentCatalog catalog = catalog();
        ClientRequest r = p.parseClient("", "{\"Event\":\"Subscribe\",\"Data\":[\"orderbook-xbt\",\"ticker-eth-usd\",\"ticker-eth\"]}", catalog);
        assertThat(r.subscriptions()).containsExactly(new Subscription("orderbook", "xbt-aud"), new Subscription("orderbook", "xbt-usd"),
                new Subscription("ticker", "eth-usd"), new Subscription("ticker", "eth-aud"));
        assertThat(p.parseClient("wss://websockets.independentreserve.com/?subscribe=orderbook-eth,ticker-xbt-aud", null, catalog).subscriptions())
                .containsExactly(new Subscription("orderbook", "eth-aud"), new Subscription("orderbook", "eth-usd"),
                        new Subscription("ticker", "xbt-aud"));
        assertThat(p.plan("wss://websockets.independentreserve.com", List.of(new Subscription("orderbook", "xbt-aud"),
                new Subscription("orderbook", "xbt-usd"), new Subscription("ticker", "xbt-aud")), catalog).get(0).messages())
                .containsExactly("{\"Event\":\"Subscribe\",\"Data\":[\"orderbook-xbt\",\"ticker-xbt-aud\"]}");
        assertThat(p.snapshotPath(catalog.find("xbt-aud"))).isEqualTo("/Public/GetAllOrders?primaryCurrencyCode=xbt&secondaryCurrencyCode=aud");
    }
}
