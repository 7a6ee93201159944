package io.dpp.streams.venue.binance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpp.core.decimal.Decimal64;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.MarketEventListener;
import io.dpp.streams.BookTimeOrder;
import io.dpp.streams.Fixtures;
import io.dpp.streams.ReplayHarness;
import io.dpp.book.SortedBook;
import io.dpp.streams.feed.FeedStats;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.replay.CaptureReplay;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BinanceReplayTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Rebuilds each book from the published changes and notes its top after every update id. */
    private static final class TopByUpdateId implements MarketEventListener {
        final Map<String, SortedBook> books = new HashMap<>();
        final Map<String, String> tops = new HashMap<>();

        @Override
        public void onBookChange(BookChange c) {
            SortedBook book = books.computeIfAbsent(c.instrument().nativeSymbol(), s -> new SortedBook());
            if (c.snapshot()) {
                book.clear();
            }
            for (int i = 0; i < c.levelCount(); i++) {
                book.set(c.isBid(i), c.price(i), c.size(i));
            }
            tops.put(c.instrument().nativeSymbol() + "@" + c.sequence(), top(book.price(true, 0), book.size(true, 0),
                    book.price(false, 0), book.size(false, 0)));
        }
    }

    private static String top(long bid, long bidSize, long ask, long askSize) {
        return Decimal64.toBigDecimal(bid).stripTrailingZeros() + "x" + Decimal64.toBigDecimal(bidSize).stripTrailingZeros()
                + " / " + Decimal64.toBigDecimal(ask).stripTrailingZeros() + "x" + Decimal64.toBigDecimal(askSize).stripTrailingZeros();
    }

    @Test
    void spotBooksBridgeTheirSnapshotsAndMatchBookTickerWhereTheUpdateIdsMeet() throws Exception {
        TopByUpdateId listener = new TopByUpdateId();
        BookTimeOrder order = new BookTimeOrder();
        CaptureReplay.Result result = ReplayHarness.replay("binance", "binance/cryptofeed/BINANCE.ws.1.0", new MarketEventListener() {
            @Override
            public void onBookChange(BookChange c) {
                listener.onBookChange(c);
                order.onBookChange(c);
            }
        });
        FeedStats stats = result.stats();
        assertThat(stats.sequenceGaps()).isZero();
        assertThat(stats.crossedBooks()).isZero();
        assertThat(stats.decodeErrors()).isZero();
        assertThat(stats.snapshots()).isEqualTo(4);
        assertThat(stats.trades()).isPositive();
        assertThat(stats.candles()).isPositive();
        assertThat(stats.quotes()).isPositive();
        for (InstrumentBook book : result.decoder().books()) {
            assertThat(book.inSync()).as(book.instrument().toString()).isTrue();
        }

        int compared = 0;
        for (String line : Files.readAllLines(Fixtures.file("binance/cryptofeed/BINANCE.ws.1.0"))) {
            if (!line.contains("@bookTicker") || !Character.isDigit(line.charAt(0))) {
                continue;
            }
            JsonNode data = JSON.readTree(line.substring(line.indexOf(": ") + 2)).path("data");
            String key = data.path("s").asText() + "@" + data.path("u").asLong();
            String top = listener.tops.get(key);
            if (top != null) {
                compared++;
                assertThat(top).as(key).isEqualTo(top(Decimal64.parse(data.path("b").asText()), Decimal64.parse(data.path("B").asText()),
                        Decimal64.parse(data.path("a").asText()), Decimal64.parse(data.path("A").asText())));
            }
        }
        assertThat(compared).as("bookTicker messages sharing an update id with a diff").isGreaterThan(10);
        assertThat(order.firstChangesAfterSnapshots).isPositive();
        assertThat(order.backwards).isEmpty();
    }

    @Test
    void futuresBooksFollowThePuChain() {
        BookTimeOrder order = new BookTimeOrder();
        CaptureReplay.Result result = ReplayHarness.replay("binance-futures", "binance_futures/cryptofeed/BINANCE_FUTURES.ws.1.0",
                order);
        FeedStats stats = result.stats();
        assertThat(stats.sequenceGaps()).isZero();
        assertThat(stats.crossedBooks()).isZero();
        assertThat(stats.decodeErrors()).isZero();
        assertThat(stats.snapshots()).isEqualTo(4);
        assertThat(stats.bookChanges()).isGreaterThan(100);
        for (InstrumentBook book : result.decoder().books()) {
            assertThat(book.inSync()).as(book.instrument().toString()).isTrue();
        }
        assertThat(List.of(stats.trades(), stats.quotes(), stats.candles())).allMatch(n -> n > 0);
        // Diffs received while the REST snapshot was on its way apply after it, and say so.
        assertThat(order.firstChangesAfterSnapshots).isPositive();
        assertThat(order.backwards).isEmpty();
    }

    /** Binance.US speaks the spot protocol: its captured books bridge their REST snapshots and follow the U chain. */
    @Test
    void binanceUsBooksBridgeTheirSnapshots() {
        BookTimeOrder order = new BookTimeOrder();
        CaptureReplay.Result result = ReplayHarness.replay("binance-us", "binance_us/cryptofeed/BINANCE_US.ws.1.0", order);
        FeedStats stats = result.stats();
        assertThat(stats.sequenceGaps()).isZero();
        assertThat(stats.crossedBooks()).isZero();
        assertThat(stats.decodeErrors()).isZero();
        assertThat(stats.snapshots()).isEqualTo(4);
        assertThat(stats.bookChanges()).isGreaterThan(50);
        for (InstrumentBook book : result.decoder().books()) {
            assertThat(book.inSync()).as(book.instrument().toString()).isTrue();
        }
        assertThat(List.of(stats.trades(), stats.quotes(), stats.candles())).allMatch(n -> n > 0);
        assertThat(order.backwards).isEmpty();
    }

    /** COIN-M's books follow the pu chain as USD-M's do; its contracts are sized in contracts of 100 or 10 dollars. */
    @Test
    void coinMarginedBooksFollowThePuChain() {
        BookTimeOrder order = new BookTimeOrder();
        CaptureReplay.Result result = ReplayHarness.replay("binance-delivery", "binance_delivery/cryptofeed/BINANCE_DELIVERY.ws.1.0", order);
        FeedStats stats = result.stats();
        assertThat(stats.sequenceGaps()).isZero();
        assertThat(stats.crossedBooks()).isZero();
        assertThat(stats.decodeErrors()).isZero();
        assertThat(stats.snapshots()).isEqualTo(10);
        assertThat(stats.bookChanges()).isGreaterThan(100);
        for (InstrumentBook book : result.decoder().books()) {
            assertThat(book.inSync()).as(book.instrument().toString()).isTrue();
            assertThat(io.dpp.core.decimal.Decimal64.toBigDecimal(book.instrument().contractSize()))
                    .as("a COIN-M contract's size in dollars").isIn(new java.math.BigDecimal("100"), new java.math.BigDecimal("10"));
        }
        assertThat(List.of(stats.trades(), stats.quotes(), stats.candles())).allMatch(n -> n > 0);
        assertThat(order.firstChangesAfterSnapshots).isPositive();
        assertThat(order.backwards).isEmpty();
    }
}
