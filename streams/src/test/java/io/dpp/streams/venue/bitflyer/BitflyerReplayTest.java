package io.dpp.streams.venue.bitflyer;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.core.model.MarketEventListener;
import io.dpp.core.model.Side;
import io.dpp.core.model.Trade;
import io.dpp.streams.ReplayHarness;
import io.dpp.streams.feed.FeedStats;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.replay.CaptureReplay;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BitflyerReplayTest {

    /**
     * Board snapshots (about every five seconds a product) replace the book, board changes between
     * them change it; executions carry the taker's side and their time to the microsecond of
     * exec_date; tickers are quotes with sizes.
     */
    @Test
    void boardsAndExecutionsAndTickers() {
        List<String> trades = new ArrayList<>();
        CaptureReplay.Result result = ReplayHarness.replay("bitflyer", "bitflyer/cryptofeed/BITFLYER.ws.1.0", new MarketEventListener() {
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
        assertThat(stats.snapshots()).isEqualTo(60);
        assertThat(stats.trades()).isEqualTo(162);
        assertThat(stats.quotes()).isEqualTo(249);
        // {"id":2284079807,"side":"BUY","price":5860832.0,"size":0.01,"exec_date":"2021-12-12T23:05:29.9692063Z",...}
        assertThat(trades).contains("FX_BTC_JPY 2284079807 " + Side.BUY + " 0.01@5860832.0 1639350329969206");
        int books = 0;
        for (InstrumentBook book : result.decoder().books()) {
            assertThat(book.inSync()).as(book.instrument().toString()).isTrue();
            books++;
        }
        assertThat(books).isEqualTo(10);
    }

    /**
     * A book is subscribed by its snapshot channel; the changes channel, which the feed subscribes
     * to next, asks for nothing a simulator should answer (on the venue it brings no snapshot).
     */
    @Test
    void theSnapshotChannelSubscribesABookAndItsChangesChannelAsksForNothing() {
        BitflyerProtocol protocol = new BitflyerProtocol();
        io.dpp.streams.venue.Subscription book = new io.dpp.streams.venue.Subscription("lightning_board", "BTC_JPY");
        List<String> messages = protocol.resubscribe(book, null);
        assertThat(messages).hasSize(4);
        assertThat(protocol.parseClient("", messages.get(2))).isEqualTo(io.dpp.streams.venue.ClientRequest.OTHER);
        assertThat(protocol.parseClient("", messages.get(3)).type()).isEqualTo(io.dpp.streams.venue.ClientRequest.Type.SUBSCRIBE);
        assertThat(protocol.parseClient("", messages.get(3)).subscriptions()).containsExactly(book);
        assertThat(protocol.parseClient("", messages.get(0)).type()).isEqualTo(io.dpp.streams.venue.ClientRequest.Type.UNSUBSCRIBE);
        assertThat(protocol.parseClient("", "{\"method\":\"subscribe\",\"params\":{\"channel\":\"lightning_executions_BTC_JPY\"}}")
                .subscriptions()).containsExactly(new io.dpp.streams.venue.Subscription("lightning_executions", "BTC_JPY"));
    }

    @Test
    void productCodesNameSpotTheCfdAndFutures() {
        Instrument spot = BitflyerVenue.instrument("BTC_JPY");
        assertThat(List.of(spot.base(), spot.quote(), spot.type())).containsExactly("BTC", "JPY", InstrumentType.SPOT);
        Instrument cfd = BitflyerVenue.instrument("FX_BTC_JPY");
        assertThat(List.of(cfd.base(), cfd.quote(), cfd.type())).containsExactly("BTC", "JPY", InstrumentType.PERPETUAL);
        Instrument future = BitflyerVenue.instrument("BTCJPY24DEC2021");
        assertThat(future.type()).isEqualTo(InstrumentType.FUTURE);
        assertThat(future.expiry()).isEqualTo(LocalDate.of(2021, 12, 24));
        assertThat(BitflyerVenue.instrument("BTCJPY_MAT1WK")).isNull();
    }

    /**
     * The decoder reads a board's or a ticker's message where it stands when the method comes before
     * the params and the channel before the message (as bitFlyer sends them), and after the pass
     * otherwise: every order gives the same events.
     */
    @Test
    void membersInAnotherOrderGiveTheSameEvents(@TempDir Path dir) throws Exception {
        String capture = "bitflyer/cryptofeed/BITFLYER.ws.1.0";
        String listing = "bitflyer/cryptofeed/BITFLYER.0";
        // the channel after the message
        ReplayHarness.assertSameEventsWhenRewritten("bitflyer", capture, listing, dir,
                "\\{\"channel\":(\"[^\"]*\"),\"message\":(.*)}}$", "{\"message\":$2,\"channel\":$1}}", 1000);
        // the params before the method
        ReplayHarness.assertSameEventsWhenRewritten("bitflyer", capture, listing, dir,
                "\\{\"jsonrpc\":\"2.0\",\"method\":\"channelMessage\",\"params\":(.*)}$",
                "{\"jsonrpc\":\"2.0\",\"params\":$1,\"method\":\"channelMessage\"}", 1000);
    }
}
