package io.dpp.sim.synthetic;

import io.dpp.streams.venue.simulation.TickerState;
import io.dpp.streams.venue.simulation.LevelChanges;
import io.dpp.streams.venue.simulation.MarketSink;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The market model: the same seed, the same market; a book that stays sound; prices on the tick grid. */
class MarketModelTest {

    private static final long START = 1_767_225_600_000_000L;
    private static final Instrument BTC = Instrument.builder("test", "BTCUSDT").assets("BTC", "USDT").type(InstrumentType.PERPETUAL)
            .tickSize(Decimal64.of(1, 1)).lotSize(Decimal64.of(1, 3)).build();

    /** Everything a model tells, as text. */
    private static final class Tape implements MarketSink {
        final List<String> lines = new ArrayList<>();

        @Override
        public void book(long time, boolean snapshot, long firstUpdate, long lastUpdate, LevelChanges changes) {
            StringBuilder sb = new StringBuilder("book " + time + " " + snapshot + " " + firstUpdate + "-" + lastUpdate);
            for (int i = 0; i < changes.count(); i++) {
                sb.append(' ').append(changes.isBid(i) ? 'b' : 'a').append(Decimal64.toString(changes.price(i))).append('x')
                        .append(Decimal64.toString(changes.size(i)));
            }
            lines.add(sb.toString());
        }

        @Override
        public void trade(long time, long id, boolean buy, long price, long size) {
            lines.add("trade " + time + " " + id + " " + buy + " " + Decimal64.toString(price) + " " + Decimal64.toString(size));
        }

        @Override
        public void ticker(long time, TickerState t) {
            lines.add("ticker " + time + " " + Decimal64.toString(t.mark()) + " " + Decimal64.toString(t.fundingRate()));
        }

        @Override
        public void liquidation(long time, long id, boolean buy, long price, long size) {
            lines.add("liquidation " + time + " " + id);
        }
    }

    private static Tape run(long seed, int events) {
        MarketModel m = new MarketModel(BTC, seed, 100, START);
        Tape tape = new Tape();
        m.snapshot(tape);
        for (int i = 0; i < events; i++) {
            m.next(tape);
        }
        return tape;
    }

    @Test
    void theSameSeedGivesTheSameMarketAndAnotherSeedAnother() {
        List<String> a = run(7, 20_000).lines;
        assertEquals(a, run(7, 20_000).lines);
        assertNotEquals(a, run(8, 20_000).lines);
        assertTrue(a.stream().anyMatch(l -> l.startsWith("trade")) && a.stream().anyMatch(l -> l.startsWith("ticker"))
                && a.stream().anyMatch(l -> l.startsWith("liquidation")), "every kind of event");
    }

    @Test
    void aCopyThatSkippedAStretchCarriesOnExactlyLikeOneThatToldEverything() {
        MarketModel told = new MarketModel(BTC, 3, 100, START);
        MarketModel skipped = new MarketModel(BTC, 3, 100, START);
        Tape ignored = new Tape();
        while (told.time() < START + 60_000_000L) {
            told.next(ignored);
        }
        skipped.skipTo(START + 60_000_000L);
        assertEquals(told.time(), skipped.time());
        assertEquals(told.updateId(), skipped.updateId());
        Tape a = new Tape();
        Tape b = new Tape();
        told.snapshot(a);
        skipped.snapshot(b);
        for (int i = 0; i < 5000; i++) {
            told.next(a);
            skipped.next(b);
        }
        assertEquals(a.lines, b.lines);
    }

    @Test
    void theBookNeverCrossesAndEveryPriceIsOnTheTickGrid() {
        MarketModel m = new MarketModel(BTC, 11, 1000, START);
        io.dpp.book.SortedBook book = new io.dpp.book.SortedBook();
        MarketSink check = new MarketSink() {
            @Override
            public void book(long time, boolean snapshot, long firstUpdate, long lastUpdate, LevelChanges changes) {
                if (snapshot) {
                    book.clear();
                }
                for (int i = 0; i < changes.count(); i++) {
                    assertEquals(1, Decimal64.scale(changes.price(i)), "on the 0.1 grid: at the tick's scale");
                    book.set(changes.isBid(i), changes.price(i), changes.size(i));
                }
                assertTrue(!book.crossed(), "crossed at update " + lastUpdate);
                assertTrue(book.depth(true) >= 1 && book.depth(false) >= 1, "both sides hold levels");
            }
        };
        m.snapshot(check);
        for (int i = 0; i < 200_000; i++) {
            m.next(check);
        }
    }
}
