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

    private static void send(io.dpp.streams.venue.VenueDecoder decoder, String message, long time) {
        byte[] b = message.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        decoder.onMessage(b, 0, b.length, time);
    }

    /**
     * USDT-margined perpetuals (perpProductsV2, checked against Phemex's documented messages: the
     * fixtures predate them): listed beside the other products, subscribed on orderbook_p and
     * trade_p, their prices and sizes decimal strings.
     */
    @Test
    void usdtPerpetualsSpeakDecimalsOnTheirOwnChannels() {
        String listing = "{\"code\":0,\"msg\":\"OK\",\"data\":{\"ratioScale\":8,\"currencies\":[{\"currency\":\"USD\",\"valueScale\":4}],"
                + "\"products\":[{\"symbol\":\"BTCUSD\",\"type\":\"Perpetual\",\"contractUnderlyingAssets\":\"USD\",\"settleCurrency\":\"BTC\","
                + "\"quoteCurrency\":\"USD\",\"contractSize\":1,\"lotSize\":1,\"tickSize\":0.5,\"priceScale\":4}],"
                + "\"perpProductsV2\":[{\"symbol\":\"BTCUSDT\",\"type\":\"PerpetualV2\",\"contractUnderlyingAssets\":\"BTC\","
                + "\"settleCurrency\":\"USDT\",\"quoteCurrency\":\"USDT\",\"tickSize\":\"0.1\",\"qtyStepSize\":\"0.001\",\"status\":\"Listed\"}]}}";
        PhemexVenue venue = new PhemexVenue();
        io.dpp.streams.venue.InstrumentCatalog catalog = venue.parseListing(io.dpp.streams.capture.Capture.ofRest("PHEMEX.0", List.of(
                new io.dpp.streams.capture.Capture.RestResponse("https://api.phemex.com/exchange/public/cfg/v2/products", 1,
                        listing.getBytes(java.nio.charset.StandardCharsets.UTF_8)))));
        assertThat(catalog.find("BTCUSDT").quote()).isEqualTo("USDT");
        assertThat(Decimal64.toString(catalog.find("BTCUSDT").lotSize())).isEqualTo("0.001");

        PhemexProtocol protocol = new PhemexProtocol();
        List<io.dpp.streams.venue.Subscription> streams = List.of(new io.dpp.streams.venue.Subscription("orderbook", "BTCUSDT"),
                new io.dpp.streams.venue.Subscription("orderbook", "BTCUSD"), new io.dpp.streams.venue.Subscription("trade", "BTCUSDT"));
        List<String> messages = protocol.plan("wss://ws.phemex.com", streams, catalog).get(0).messages();
        assertThat(messages).containsExactly("{\"id\":1,\"method\":\"orderbook_p.subscribe\",\"params\":[\"BTCUSDT\"]}",
                "{\"id\":1,\"method\":\"orderbook.subscribe\",\"params\":[\"BTCUSD\"]}",
                "{\"id\":1,\"method\":\"trade_p.subscribe\",\"params\":[\"BTCUSDT\"]}");
        assertThat(protocol.parseClient("", messages.get(0)).subscriptions()).containsExactly(streams.get(0));

        FeedStats stats = new FeedStats();
        List<String> trades = new ArrayList<>();
        io.dpp.streams.venue.VenueDecoder decoder = venue.newDecoder(catalog, new io.dpp.streams.feed.FeedOutput("phemex", stats,
                new MarketEventListener() {
                    @Override
                    public void onTrade(Trade t) {
                        trades.add(t.instrument().nativeSymbol() + " " + t.side() + " " + Decimal64.toString(t.amount()) + "@"
                                + Decimal64.toString(t.price()) + " " + t.exchangeTime());
                    }
                }));
        assertThat(protocol.resubscribe(streams.get(0), decoder)).containsExactly(messages.get(0));
        send(decoder, "{\"depth\":30,\"orderbook_p\":{\"asks\":[[\"20702.9\",\"0.718\"],[\"20703.9\",\"0.524\"]],\"bids\":[[\"20700.5\",\"1.622\"],"
                + "[\"20473.7\",\"1.074\"]]},\"sequence\":77668171,\"symbol\":\"BTCUSDT\",\"timestamp\":1666854171101355264,\"type\":\"snapshot\"}", 1);
        send(decoder, "{\"depth\":30,\"orderbook_p\":{\"asks\":[[\"20702.9\",\"0\"]],\"bids\":[[\"20700.5\",\"0\"],[\"20340.5\",\"0.06\"]]},"
                + "\"sequence\":77668209,\"symbol\":\"BTCUSDT\",\"timestamp\":1666854173705089711,\"type\":\"incremental\"}", 2);
        send(decoder, "{\"sequence\":77702250,\"symbol\":\"BTCUSDT\",\"trades_p\":[[1666856076819029800,\"Sell\",\"20700.3\",\"0.649\"]],"
                + "\"type\":\"incremental\"}", 3);
        // Decimals on a contract whose numbers are scaled integers are not read as scaled ones.
        send(decoder, "{\"orderbook_p\":{\"asks\":[],\"bids\":[]},\"sequence\":1,\"symbol\":\"BTCUSD\",\"timestamp\":1,\"type\":\"snapshot\"}", 4);
        assertThat(stats.decodeErrors()).isEqualTo(1);
        InstrumentBook book = decoder.books().iterator().next();
        assertThat(book.inSync()).isTrue();
        assertThat(Decimal64.toString(book.book().bestBid())).isEqualTo("20473.7");
        assertThat(Decimal64.toString(book.book().bestAsk())).isEqualTo("20703.9");
        assertThat(book.book().depth(true)).isEqualTo(2);
        assertThat(trades).containsExactly("BTCUSDT SELL 0.649@20700.3 1666856076819029");
    }
}
